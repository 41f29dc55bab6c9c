package dev.offload.pool;

import dev.offload.OffloadException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of a worker-process pool ({@link TaskPool#processes(int, ProcessOptions)}), immutable; each method returns
 * a changed copy.
 *
 * <pre>{@code
 * TaskPool.processes(4, ProcessOptions.defaults()
 *         .taskTimeout(Duration.ofSeconds(30))   // kill and replace a worker whose task runs longer
 *         .maxTasksPerWorker(1000)               // replace each worker after that many dispatches
 *         .allowClasses(Point.class)             // let results of this type through the filter
 *         .jvmOptions("-Xmx512m"));
 * }</pre>
 *
 * <h2>Deserialization allow list</h2>
 * Both sides read objects through an {@link java.io.ObjectInputFilter} that admits: the pool's own protocol types;
 * common JDK value types (boxed primitives, {@code String}, {@code BigInteger}/{@code BigDecimal},
 * {@code java.time}, the {@code java.util} lists, sets, maps and immutable collections, {@code UUID}, arrays of
 * admitted types, and exceptions in {@code java.*}); every class that was serialized in the task and its items,
 * and classes nested in the same top-level class; and the classes and packages added here. Anything else is
 * refused: a result with an {@link OffloadException} that names the class and this option, a task exception with a
 * {@link RemoteTaskException}.
 *
 * <h2>Class path of the workers</h2>
 * By default a worker's class path is offload's own jar (or classes folder), the entries of this JVM's
 * {@code java.class.path}, and the jars and folders of the class loaders of the calling thread and of the classes
 * named with {@link #allowClasses(Class[])}; each task then brings the location of its own classes (the code source of
 * every class serialized with it, and the {@link java.net.URLClassLoader} entries of their loaders), which the worker
 * adds when it first sees them. So tasks defined under {@code mvn exec:java}, in a plugin's class loader or an
 * application server run without settings. {@link #classPath(Path...)} replaces the defaults, for launchers that hide
 * their class path some other way.
 *
 * @param taskTimeout       per-dispatch time limit after which the worker is killed, or {@code null} for none
 * @param maxTasksPerWorker dispatches after which a worker is replaced, 0 for no limit
 * @param allowedClasses    binary names of extra classes the filter admits
 * @param allowedPackages   extra packages whose classes the filter admits (not sub-packages); {@code ""} is the
 *                          unnamed package
 * @param jvmOptions        extra options for the worker JVMs, before the class path
 * @param classPath         the worker JVMs' class path (offload's own jar is added), or empty for the default
 * @param archiveDir        where the workers' class-data archive is kept (see {@link #archiveDir(Path)}), or
 *                          {@code null} for none
 */
public record ProcessOptions(Duration taskTimeout, int maxTasksPerWorker, Set<String> allowedClasses,
                             Set<String> allowedPackages, List<String> jvmOptions, List<Path> classPath,
                             Path archiveDir) {

    /**
     * Checks and copies the arguments.
     *
     * @param taskTimeout       per-dispatch time limit, or {@code null} for none
     * @param maxTasksPerWorker dispatches after which a worker is replaced, 0 for no limit
     * @param allowedClasses    binary names of extra classes the filter admits
     * @param allowedPackages   extra packages whose classes the filter admits
     * @param jvmOptions        extra options for the worker JVMs
     * @param classPath         the workers' class path, or empty for the default
     * @param archiveDir        where the workers' class-data archive is kept, or {@code null} for none
     */
    public ProcessOptions {
        if (taskTimeout != null && (taskTimeout.isNegative() || taskTimeout.isZero())) {
            throw new IllegalArgumentException("taskTimeout must be positive, got " + taskTimeout);
        }
        if (maxTasksPerWorker < 0) {
            throw new IllegalArgumentException("maxTasksPerWorker must be >= 0 (0: no limit), got "
                    + maxTasksPerWorker);
        }
        allowedClasses = Set.copyOf(allowedClasses);
        allowedPackages = Set.copyOf(allowedPackages);
        jvmOptions = List.copyOf(jvmOptions);
        classPath = List.copyOf(classPath);
    }

    /**
     * No timeout, no task limit, nothing extra allowed, no extra JVM options, the default class path, the class-data
     * archive in the user's cache folder.
     *
     * @return the default options
     */
    public static ProcessOptions defaults() {
        return new ProcessOptions(null, 0, Set.of(), Set.of(), List.of(), List.of(), WorkerArchive.defaultDir());
    }

    /**
     * A copy with a per-dispatch timeout; the worker of a task that runs longer is killed and replaced.
     *
     * @param timeout the limit, positive
     * @return the changed copy
     */
    public ProcessOptions taskTimeout(Duration timeout) {
        return new ProcessOptions(Objects.requireNonNull(timeout, "timeout"), maxTasksPerWorker, allowedClasses,
                allowedPackages, jvmOptions, classPath, archiveDir);
    }

    /**
     * A copy that replaces each worker after {@code n} dispatches, like Python's {@code maxtasksperchild}.
     *
     * @param n dispatches per worker, 0 for no limit
     * @return the changed copy
     */
    public ProcessOptions maxTasksPerWorker(int n) {
        return new ProcessOptions(taskTimeout, n, allowedClasses, allowedPackages, jvmOptions, classPath, archiveDir);
    }

    /**
     * A copy whose filter also admits these classes.
     *
     * @param classes the classes to admit
     * @return the changed copy
     */
    public ProcessOptions allowClasses(Class<?>... classes) {
        Set<String> s = new LinkedHashSet<>(allowedClasses);
        for (Class<?> c : classes) {
            s.add(Objects.requireNonNull(c, "class").getName());
        }
        return new ProcessOptions(taskTimeout, maxTasksPerWorker, s, allowedPackages, jvmOptions, classPath,
                archiveDir);
    }

    /**
     * A copy whose filter also admits every class of these packages (not their sub-packages).
     *
     * @param packages package names such as {@code "com.example.model"}, or {@code ""} for the unnamed package
     * @return the changed copy
     * @throws IllegalArgumentException for a name with blanks, a trailing dot or a wildcard, naming it
     */
    public ProcessOptions allowPackages(String... packages) {
        Set<String> s = new LinkedHashSet<>(allowedPackages);
        for (String p : packages) {
            Objects.requireNonNull(p, "package");
            if (!p.isEmpty() && (p.isBlank() || p.endsWith(".") || p.startsWith(".") || p.contains("*")
                    || p.chars().anyMatch(Character::isWhitespace))) {
                throw new IllegalArgumentException("a package name like com.example.model (or \"\" for the unnamed"
                        + " package), got '" + p + "'");
            }
            s.add(p);
        }
        return new ProcessOptions(taskTimeout, maxTasksPerWorker, allowedClasses, s, jvmOptions, classPath, archiveDir);
    }

    /**
     * A copy with extra options for the worker JVMs, e.g. {@code "-Xmx512m"}.
     *
     * @param options the options, added after the pool's own
     * @return the changed copy
     */
    public ProcessOptions jvmOptions(String... options) {
        List<String> l = new ArrayList<>(jvmOptions);
        l.addAll(Arrays.asList(options));
        l.forEach(o -> Objects.requireNonNull(o, "JVM option"));
        return new ProcessOptions(taskTimeout, maxTasksPerWorker, allowedClasses, allowedPackages, l, classPath,
                archiveDir);
    }

    /**
     * A copy whose workers run with exactly this class path (plus offload's own jar) instead of the default, for
     * launchers whose class loaders the defaults cannot see into.
     *
     * @param entries jars and class folders
     * @return the changed copy
     */
    public ProcessOptions classPath(Path... entries) {
        List<Path> l = new ArrayList<>(Arrays.asList(entries));
        l.forEach(e -> Objects.requireNonNull(e, "class path entry"));
        return new ProcessOptions(taskTimeout, maxTasksPerWorker, allowedClasses, allowedPackages, jvmOptions, l,
                archiveDir);
    }

    /**
     * A copy that keeps the workers' class-data archive in {@code dir}. Worker JVMs start about 30 % sooner with it
     * (an AOT cache on JDK 25+, a CDS archive on JDK 19-24): the first pool that lacks it makes it in the background,
     * later pools, in this JVM or another, use it. It is made only when offload is loaded from a jar. The default is
     * {@code $XDG_CACHE_HOME/offload/workers}, or {@code ~/.cache/offload/workers}.
     *
     * @param dir a folder (created when needed) that only this user can write
     * @return the changed copy
     */
    public ProcessOptions archiveDir(Path dir) {
        return new ProcessOptions(taskTimeout, maxTasksPerWorker, allowedClasses, allowedPackages, jvmOptions,
                classPath, Objects.requireNonNull(dir, "dir"));
    }

    /**
     * A copy whose workers use no class-data archive and make none.
     *
     * @return the changed copy
     */
    public ProcessOptions noArchive() {
        return new ProcessOptions(taskTimeout, maxTasksPerWorker, allowedClasses, allowedPackages, jvmOptions,
                classPath, null);
    }
}
