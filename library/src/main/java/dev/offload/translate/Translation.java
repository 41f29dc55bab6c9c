package dev.offload.translate;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of translating one kernel: its options, its fault sites, the C functions emitted so far (callees before
 * callers) and the methods on the call stack (to refuse recursion). One per {@link KernelTranslator} call; not
 * shared between threads.
 */
final class Translation {
    /** What a translated method does to its array parameters, for its callers' {@code read}/{@code written}. */
    record Summary(String cName, boolean[] read, boolean[] written) {
    }

    /**
     * A kernel body's copy without the checks its loop makes redundant: {@code cName} is correct whenever the index
     * parameter is in {@code [0, length)} of every array parameter {@code k} with {@code arrays[k]}.
     */
    record InRange(String cName, boolean[] arrays) {
    }

    final TranslationOptions options;
    final ClassLoader loader;
    private final List<String> sites = new ArrayList<>();
    private final Map<String, Integer> siteIds = new HashMap<>();
    private final Map<String, Summary> functions = new HashMap<>();
    private final Set<String> inProgress = new LinkedHashSet<>();
    private final Map<String, ClassNode> classes = new HashMap<>();
    final StringBuilder code = new StringBuilder();
    boolean usesDoubles;

    Translation(TranslationOptions options, ClassLoader loader) {
        this.options = options;
        this.loader = loader;
    }

    /** The id of fault site {@code fileAndLine}, written into {@code faults[3]}. */
    int site(String fileAndLine) {
        return siteIds.computeIfAbsent(fileAndLine, s -> {
            sites.add(s);
            return sites.size() - 1;
        });
    }

    List<String> sites() {
        return List.copyOf(sites);
    }

    /** The parsed class {@code internalName}, read through the kernel's class loader. */
    ClassNode classNode(String internalName) {
        ClassNode cached = classes.get(internalName);
        if (cached != null) {
            return cached;
        }
        ClassLoader l = loader != null ? loader : ClassLoader.getSystemClassLoader();
        try (InputStream in = l.getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                return null;
            }
            ClassNode node = new ClassNode();
            new ClassReader(in.readAllBytes()).accept(node, ClassReader.SKIP_FRAMES);
            classes.put(internalName, node);
            return node;
        } catch (IOException e) {
            throw new TranslationFailure("cannot read the bytecode of " + internalName.replace('/', '.')
                    + ": " + e);
        }
    }

    static MethodNode method(ClassNode owner, String name, String descriptor) {
        for (MethodNode m : owner.methods) {
            if (m.name.equals(name) && m.desc.equals(descriptor)) {
                return m;
            }
        }
        return null;
    }

    /**
     * A second translation of the kernel body {@code owner.method} (already translated by {@link #function}) that
     * leaves out the bounds check of every access {@code a[i]} where {@code a} is an array parameter and {@code i}
     * the {@code int} parameter in local {@code indexLocal}, never reassigned. A launch whose index range lies
     * within every such array (the skeleton tests {@code n <= len} once per work-item) runs this copy; any other
     * runs the checked body, so faults are reported exactly as before. Callees are shared with the checked body.
     * Null when no check could be left out, or the translation is unchecked anyway.
     */
    InRange inRange(ClassNode owner, MethodNode method, boolean[] globalParams, int indexLocal) {
        if (!options.checks()) {
            return null;
        }
        String name = "f" + functions.size() + "_" + Names.sanitize(Names.simple(owner.name) + "_" + method.name)
                + "_inrange";
        MethodTranslator t = new MethodTranslator(this, owner, method, globalParams, name, indexLocal);
        Summary s = t.translate();
        boolean[] arrays = t.inRangeArrays();
        for (boolean a : arrays) {
            if (a) {
                return new InRange(s.cName(), arrays);
            }
        }
        return null;
    }

    /**
     * The summary of {@code owner.method} specialised for the address spaces of its array parameters
     * ({@code globalParams[k]}), translating it (and its callees) first if needed.
     */
    Summary function(ClassNode owner, MethodNode method, boolean[] globalParams, String callSite) {
        StringBuilder key = new StringBuilder(owner.name).append('.').append(method.name).append(method.desc).append('#');
        for (boolean g : globalParams) {
            key.append(g ? 'G' : 'P');
        }
        String k = key.toString();
        Summary done = functions.get(k);
        if (done != null) {
            return done;
        }
        if (!inProgress.add(k)) {
            throw new TranslationFailure(callSite + ": calls " + MethodTranslator.javaName(owner.name,
                    method.name, method.desc) + " recursively; a kernel may not recurse (the device has no call stack)");
        }
        try {
            MethodTranslator t = new MethodTranslator(this, owner, method, globalParams,
                    "f" + functions.size() + "_" + Names.sanitize(Names.simple(owner.name) + "_" + method.name));
            Summary s = t.translate();
            functions.put(k, s);
            return s;
        } finally {
            inProgress.remove(k);
        }
    }
}
