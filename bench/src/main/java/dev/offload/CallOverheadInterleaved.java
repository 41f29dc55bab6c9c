package dev.offload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * {@link CallOverheadBenchmark}'s calls timed interleaved, call by call, in one JVM, on one or more builds of the
 * library at once: the same-run before/after of a change on a machine whose load moves by the second. Each library
 * given (a jar or a classes folder) gets its own class loader that loads {@code dev.offload} classes from it first
 * (JOCL and the JDK are shared), with its own copy of {@link CallOverheadSide}; with none, this class path's library
 * runs alone. Prints, per library and call, medians over the rounds of the caller's wall time, of the profile's
 * kernel time and of the cost above it, and the profile's coverage: the phases (everything but {@code host}) over
 * the profile's wall, and the profile's wall over the caller's.
 * Run: {@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so java --enable-native-access=ALL-UNNAMED -cp
 * bench/target/benchmarks.jar dev.offload.CallOverheadInterleaved [rounds] [log2n] [device] [library...]}.
 */
public final class CallOverheadInterleaved {
    private CallOverheadInterleaved() {
    }

    /**
     * Times every call of {@link CallOverheadSide#CALLS} for {@code rounds} rounds after as many warm-up rounds.
     *
     * @param args rounds (default 300), log2n (default 3), device (default {@code opencl}), libraries
     * @throws Exception when a library cannot be loaded
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int log2n = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String device = args.length > 2 ? args[2] : "opencl";
        List<String> names = new ArrayList<>();
        List<Object> sides = new ArrayList<>();
        try {
            if (args.length <= 3) {
                names.add("this class path");
                sides.add(new CallOverheadSide(device, log2n));
            }
            for (int i = 3; i < args.length; i++) {
                ClassLoader loader = new LibraryLoader(Path.of(args[i]).toUri().toURL(),
                        CallOverheadInterleaved.class.getClassLoader());
                names.add(args[i]);
                sides.add(Class.forName(CallOverheadSide.class.getName(), true, loader)
                        .getConstructor(String.class, int.class).newInstance(device, log2n));
            }
            run(names, sides, rounds);
        } finally {
            for (Object s : sides) {
                ((AutoCloseable) s).close();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void run(List<String> names, List<Object> sides, int rounds) {
        List<String> calls = CallOverheadSide.CALLS;
        // [side][call][round]: caller wall, profile wall, kernel, phases
        long[][][][] t = new long[sides.size()][calls.size()][4][rounds];
        for (int r = -rounds; r < rounds; r++) {
            for (int c = 0; c < calls.size(); c++) {
                for (int k = 0; k < sides.size(); k++) {
                    // Every other round in reverse: a call right after another library's same call finds the caches
                    // and the runtime's threads in another state than the first one (2^20 squares: 5-15% apart).
                    int s = (r & 1) == 0 ? k : sides.size() - 1 - k;
                    long wall = ((ToLongFunction<String>) sides.get(s)).applyAsLong(calls.get(c));
                    long[] p = ((Supplier<long[]>) sides.get(s)).get();
                    if (r >= 0) {
                        t[s][c][0][r] = wall;
                        t[s][c][1][r] = p[0];
                        t[s][c][2][r] = p[1];
                        t[s][c][3][r] = p[2];
                    }
                }
            }
        }
        System.out.printf("%-22s %-26s %9s %9s %9s %9s %9s %8s %8s%n", "call", "library", "wall us", "p25", "p75",
                "kernel", "above", "phases", "profile");
        for (int c = 0; c < calls.size(); c++) {
            for (int s = 0; s < sides.size(); s++) {
                long[][] v = t[s][c];
                long[] above = new long[rounds];
                double[] phases = new double[rounds];
                double[] covered = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    above[r] = v[1][r] - v[2][r];
                    phases[r] = 100.0 * v[3][r] / Math.max(1, v[1][r]);
                    covered[r] = 100.0 * v[1][r] / Math.max(1, v[0][r]);
                }
                String lib = names.get(s);
                lib = lib.length() > 26 ? "..." + lib.substring(lib.length() - 23) : lib;
                System.out.printf("%-22s %-26s %9.1f %9.1f %9.1f %9.1f %9.1f %7.1f%% %7.1f%%%n", calls.get(c), lib,
                        median(v[0]) / 1e3, quantile(v[0], 0.25) / 1e3, quantile(v[0], 0.75) / 1e3,
                        median(v[2]) / 1e3, median(above) / 1e3, median(phases), median(covered));
            }
        }
    }

    private static double median(long[] v) {
        return quantile(v, 0.5);
    }

    private static double quantile(long[] v, double q) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[(int) (q * (s.length - 1))];
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /**
     * Loads {@code dev.offload} classes and every resource from one library first; a {@code dev.offload} class it
     * lacks ({@link CallOverheadSide}) is defined again from the parent's class file, so that it links against this
     * library. Everything else (JOCL, whose native library loads once per JVM, ASM, the JDK) comes from the parent.
     */
    static final class LibraryLoader extends URLClassLoader {
        LibraryLoader(URL library, ClassLoader parent) throws MalformedURLException {
            super(new URL[] {library}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("dev.offload.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException e) {
                        c = defineFromParent(name);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        private Class<?> defineFromParent(String name) throws ClassNotFoundException {
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public URL getResource(String name) {
            URL own = findResource(name);
            return own != null ? own : super.getResource(name);
        }
    }
}
