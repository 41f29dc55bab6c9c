package dev.offload.pool;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where worker JVMs find classes. The JVM's own {@code java.class.path} is not enough under launchers that load the
 * application in a class loader of their own ({@code mvn exec:java} runs with {@code plexus-classworlds.jar} alone
 * on it, and workers started with that died with {@code ClassNotFoundException: dev.offload.pool.WorkerMain}), so
 * the class path is built from code sources: offload's own, those of the task's classes, and the entries of any
 * {@link URLClassLoader} they were loaded by.
 */
final class WorkerClassPath {
    private static final ClassValue<List<String>> LOCATIONS = new ClassValue<>() {
        @Override
        protected List<String> computeValue(Class<?> c) {
            Set<String> out = new LinkedHashSet<>();
            try {
                CodeSource cs = c.getProtectionDomain().getCodeSource();
                if (cs != null && cs.getLocation() != null) {
                    addUrl(out, cs.getLocation());
                }
            } catch (SecurityException e) {
                // no location to add
            }
            out.addAll(loaderEntries(c.getClassLoader()));
            return List.copyOf(out);
        }
    };

    private WorkerClassPath() {
    }

    /** The class path a pool's workers start with: see {@link ProcessOptions} ("Class path of the workers"). */
    static List<String> forWorkers(ProcessOptions options) {
        Set<String> cp = new LinkedHashSet<>(locations(WorkerMain.class));
        if (!options.classPath().isEmpty()) {
            for (Path p : options.classPath()) {
                cp.add(p.toAbsolutePath().toString());
            }
            return List.copyOf(cp);
        }
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                cp.add(e);
            }
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        cp.addAll(loaderEntries(context));
        for (String name : options.allowedClasses()) {
            try {
                cp.addAll(locations(Class.forName(name, false, context)));
            } catch (ClassNotFoundException | LinkageError e) {
                // a class the caller named but no loader of ours sees: the task's own locations may still bring it
            }
        }
        return List.copyOf(cp);
    }

    /** Jars and folders that hold {@code c}: its code source and the entries of URL class loaders above it. */
    static List<String> locations(Class<?> c) {
        return c.getClassLoader() == null ? List.of() : LOCATIONS.get(c);
    }

    /** The file entries of every {@link URLClassLoader} from {@code loader} up to the bootstrap loader. */
    private static List<String> loaderEntries(ClassLoader loader) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    addUrl(seen, url);
                }
            }
        }
        out.addAll(seen);
        return out;
    }

    private static void addUrl(Set<String> out, URL url) {
        if ("file".equals(url.getProtocol())) {
            try {
                out.add(Path.of(url.toURI()).toString());
            } catch (URISyntaxException | IllegalArgumentException e) {
                // not a plain file: a worker could not use it either
            }
        }
    }
}
