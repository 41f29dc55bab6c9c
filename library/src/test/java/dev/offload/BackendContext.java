package dev.offload;

import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Objects;

/**
 * One cell of the device matrix, handed to a {@link BackendMatrix} test as its first argument (Caffeine's
 * {@code CacheContext}): the backend under test, the element type when the test has a type axis, and the opened
 * {@link Offload}. The instance is opened on first use, once per test class and backend, and closed when the class
 * is done (the class's JUnit store closes it), so the cells of one class share it as a per-class field would.
 * Opening lazily, inside the test, makes a missing OpenCL device fail (in CI) or abort that cell alone.
 */
public final class BackendContext {
    private static final ExtensionContext.Namespace OPENED = ExtensionContext.Namespace.create(BackendContext.class);
    private static final String ORACLE = "oracle";

    private final TestBackend backend;
    private final ElementType type;
    private final ExtensionContext.Store store;

    BackendContext(TestBackend backend, ElementType type, ExtensionContext classContext) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.type = type;
        this.store = classContext.getStore(OPENED);
    }

    /** The backend under test. */
    public TestBackend backend() {
        return backend;
    }

    /**
     * The element type of this cell.
     *
     * @throws IllegalStateException when the test declared no {@link BackendMatrix#types()}
     */
    public ElementType type() {
        if (type == null) {
            throw new IllegalStateException("this test has no type axis: list its types in @BackendMatrix(types=...)");
        }
        return type;
    }

    /** The instance under test, shared by the test class's cells on this backend. */
    public Offload off() {
        return store.getOrComputeIfAbsent(backend, TestBackend::open, Offload.class);
    }

    /** The sequential Java backend with default options: the reference answers. */
    public Offload oracle() {
        return store.getOrComputeIfAbsent(ORACLE, k -> Offload.open("java-seq"), Offload.class);
    }

    /** A new instance on the backend under test, for tests that close it; the caller closes it. */
    public Offload openAnother() {
        return backend.open();
    }

    @Override
    public String toString() {
        return type == null ? backend.label() : backend.label() + " " + type.tag();
    }
}
