package dev.offload;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test run over the device matrix, in the manner of Caffeine's {@code @CacheSpec}: once per backend of
 * {@link TestBackend} (all of them unless {@link #backends()} narrows it), times each element type of
 * {@link #types()} if any, times each case of {@link #cases()} if any. The test's first parameter is the cell's
 * {@link BackendContext}; the case's values follow.
 *
 * <pre>{@code
 * @BackendMatrix(types = {ElementType.I32, ElementType.F64}, cases = "sizes")
 * void sum_random_matchesPlainJava(BackendContext cell, int n) { ... cell.off().sum(...) ... }
 * }</pre>
 *
 * <p>Cells are ordered backend by backend, so a suite runs on one backend, then the next, as a class per backend
 * did. Each test class opens each backend once ({@link BackendContext#off()}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ParameterizedTest(name = "[{index}] {arguments}")
@ArgumentsSource(BackendMatrixProvider.class)
public @interface BackendMatrix {
    /** The backends; empty means every one of {@link TestBackend}. */
    TestBackend[] backends() default {};

    /** The element-type axis; empty means the test has none. */
    dev.offload.ElementType[] types() default {};

    /**
     * The name of a method of the test class, without parameters, giving the test's own cases: a {@code Stream},
     * {@code IntStream}, {@code Iterable} or array of {@link org.junit.jupiter.params.provider.Arguments} (spread
     * into parameters) or of single values. Empty: no case axis.
     */
    String cases() default "";
}
