package dev.offload;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the built library and its run-time dependencies are, for tests that compile or inspect against them as a
 * user would: found from the classes' code sources, so it holds under any runner.
 */
final class BuiltLibrary {
    private BuiltLibrary() {
    }

    /** The library's classes folder (or jar). */
    static Path classes() {
        return location(Offload.class);
    }

    /** JOCL and the ASM jars, as the library's module-info requires them. */
    static List<Path> dependencies() {
        return Stream.of(org.jocl.CL.class, org.objectweb.asm.ClassReader.class,
                org.objectweb.asm.tree.ClassNode.class, org.objectweb.asm.tree.analysis.Analyzer.class)
                .map(BuiltLibrary::location).distinct().toList();
    }

    /** The library and its dependencies, as one path string. */
    static String path(Path... before) {
        return Stream.concat(Stream.of(before), Stream.concat(Stream.of(classes()), dependencies().stream()))
                .map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    private static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the code source of " + c.getName(), e);
        }
    }
}
