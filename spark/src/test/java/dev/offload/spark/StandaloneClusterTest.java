package dev.offload.spark;

import dev.offload.Device;
import dev.offload.DeviceKind;
import dev.offload.Offload;
import dev.offload.demo.LoremText;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real standalone cluster, all from the test's class path: a Master and two Workers started as separate JVMs (the
 * recipe of {@code /work/shared/SPARK.md}), each Worker with one "GPU" whose address a discovery script reports —
 * {@code 0} on one, {@code 7} on the other. Executors are separate JVMs, so closures, results and summary rows
 * really cross process boundaries. {@code spark.offload.gpuDeviceKind=CPU} makes the addresses index OpenCL CPU
 * devices, so that on a machine without a GPU address 0 maps to a real OpenCL device (PoCL) and address 7 to none:
 * its tasks run in Java and say why. Every process is stopped by PID at the end, whatever happens.
 */
class StandaloneClusterTest {
    private static final String LOOPBACK = "127.0.0.1";
    /** Five short-lived JVMs on a small machine: the first JIT tier and one GC thread are plenty. */
    private static final List<String> LIGHT_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    @Test
    void standaloneCluster_twoWorkersWithGpuAddresses_resultsMatchAndPlacementIsReported(@TempDir Path tmp)
            throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> opens = Arrays.asList(System.getProperty("offload.spark.opens").trim().split("\\s+"));
        Path home = sparkHome(tmp, cp);
        int masterPort = freePort();
        String master = "spark://" + LOOPBACK + ":" + masterPort;
        List<Process> processes = new ArrayList<>();
        try {
            processes.add(start(tmp, "master", java, opens, cp, home, List.of(), List.of(
                    "org.apache.spark.deploy.master.Master", "--host", LOOPBACK, "--port", "" + masterPort,
                    "--webui-port", "" + freePort())));
            waitForPort(masterPort, processes.get(0), tmp.resolve("master.log"));
            for (String address : List.of("0", "7")) {
                Path script = tmp.resolve("gpu" + address + ".sh");
                Files.writeString(script, "#!/bin/sh\necho '{\"name\": \"gpu\", \"addresses\": [\"" + address
                        + "\"]}'\n");
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
                processes.add(start(tmp, "worker" + address, java, opens, cp, home, List.of(
                        "-Dspark.worker.resource.gpu.amount=1",
                        "-Dspark.worker.resource.gpu.discoveryScript=" + script), List.of(
                        "org.apache.spark.deploy.worker.Worker", "--host", LOOPBACK, "--cores", "1", "--memory",
                        "1g", "--webui-port", "" + freePort(), "--work-dir", tmp.resolve("work" + address).toString(),
                        master)));
            }
            runJobs(master, cp, opens);
            // The executor log says once per JVM and device where offload runs.
            List<Path> stderr;
            try (Stream<Path> files = Files.walk(tmp)) {
                stderr = files.filter(f -> f.getFileName().toString().equals("stderr")).toList();
            }
            assertEquals(2, stderr.size(), "executor logs: " + stderr);
            for (Path log : stderr) {
                long opened = Files.readAllLines(log).stream().filter(l -> l.contains("offload-spark: executor")
                        && l.contains(" opened ")).count();
                assertEquals(1, opened, log + ":\n" + Files.readString(log));
            }
        } finally {
            for (Process p : processes) {
                stop(p);
            }
            try (Stream<Path> links = Files.walk(tmp.resolve("spark-home"))) {
                for (Path link : links.filter(Files::isSymbolicLink).toList()) {
                    Files.delete(link);             // JUnit would warn about every link into ~/.m2
                }
            }
        }
    }

    private static void runJobs(String master, String cp, List<String> opens) throws IOException {
        SparkSession spark = SparkSession.builder().master(master).appName("StandaloneClusterTest")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", LOOPBACK)
                .config("spark.driver.bindAddress", LOOPBACK)
                .config("spark.executor.extraClassPath", cp)
                .config("spark.executor.extraJavaOptions", String.join(" ", opens)
                        + " --enable-native-access=ALL-UNNAMED " + String.join(" ", LIGHT_JVM))
                .config("spark.executor.cores", "1")
                .config("spark.executor.memory", "512m")
                .config("spark.cores.max", "2")
                .config("spark.executor.resource.gpu.amount", "1")
                .config("spark.task.resource.gpu.amount", "1")
                .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
                .config("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s")
                .config(Settings.GPU_KIND_KEY, "CPU")
                .getOrCreate();
        try (Offload oracle = Offload.open("java-seq")) {
            spark.sparkContext().setLogLevel("WARN");
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            String text = LoremText.paragraphs(2000, 5);
            JavaRDD<String> lines = jsc.parallelize(Arrays.asList(text.split("\n", -1)), 8);

            long[] hist = OffloadSpark.wordLengthHistogram(lines);
            assertArrayEquals(oracle.wordLengthHistogram(text.getBytes(StandardCharsets.UTF_8)), hist);
            JobSummary s = OffloadSpark.lastJobSummary();
            System.out.println(s);
            checkPlacement(s, 8);

            // A lambda written here, with a captured value, runs in the executors' JVMs.
            int offset = 1000;
            JavaRDD<Long> shifted = OffloadSpark.mapPartitions(jsc.parallelize(List.of(1, 2, 3, 4, 5, 6), 4),
                    (off, part) -> {
                        List<Integer> xs = new ArrayList<>();
                        part.forEachRemaining(xs::add);
                        return Arrays.stream(off.squares(xs.stream().mapToInt(Integer::intValue).toArray()))
                                .map(x -> x + offset).boxed().iterator();
                    });
            assertEquals(List.of(1001L, 1004L, 1009L, 1016L, 1025L, 1036L), shifted.collect());
            checkPlacement(OffloadSpark.lastJobSummary(), 4);

            // A Java kernel written here runs unchanged in the executors: on the OpenCL device behind address 0
            // (translated to OpenCL C there) and in Java behind address 7.
            dev.offload.LongTerm term = i -> (long) i * i % 7;
            List<Long> sums = OffloadSpark.mapPartitions(jsc.parallelize(List.of(10, 1000, 100_000, 7), 4),
                    (off, part) -> {
                        List<Long> out = new ArrayList<>();
                        part.forEachRemaining(n -> out.add(off.sumLong(n, term)));
                        return out.iterator();
                    }).collect();
            assertEquals(List.of(10, 1000, 100_000, 7).stream().map(n -> oracle.sumLong(n, term)).toList(), sums);
            checkPlacement(OffloadSpark.lastJobSummary(), 4);

            assertEquals(oracle.sumOfSquares(new int[] {-3, 46341, Integer.MIN_VALUE}),
                    OffloadSpark.sumOfSquares(jsc.parallelize(List.of(-3, 46341, Integer.MIN_VALUE), 3)));
        } finally {
            spark.stop();
        }
    }

    /** Executors in other JVMs, both addresses seen, address 0 on the OpenCL CPU device if any, 7 in Java. */
    private static void checkPlacement(JobSummary s, int partitions) {
        assertEquals(partitions, s.partitions().size(), s::toString);
        Set<Long> pids = s.partitions().stream().map(PartitionRun::pid).collect(Collectors.toSet());
        assertFalse(pids.contains(ProcessHandle.current().pid()), "ran in the driver: " + s);
        Map<String, List<PartitionRun>> byAddress = s.partitions().stream()
                .collect(Collectors.groupingBy(r -> String.valueOf(r.gpuAddress())));
        assertEquals(Set.of("0", "7"), byAddress.keySet(), s::toString);
        assertEquals(2, pids.size(), s::toString);
        Device cpu = Offload.devices().stream().filter(d -> d.isOpenCl() && d.kind() == DeviceKind.CPU).findFirst()
                .orElse(null);
        for (PartitionRun r : byAddress.get("0")) {
            if (cpu != null) {
                assertEquals(cpu.describe(), r.device(), s::toString);
                assertNull(r.fallbackReason(), s::toString);
            } else {
                assertTrue(r.fallbackReason().contains("address 0"), s::toString);
            }
        }
        for (PartitionRun r : byAddress.get("7")) {
            assertTrue(r.device().startsWith("JAVA "), s::toString);
            assertTrue(r.fallbackReason().contains("address 7"), s::toString);
        }
    }

    // ---------------------------------------------------------------- processes

    /** A folder standing in for a Spark installation: {@code jars/} links every jar of the class path. */
    private static Path sparkHome(Path tmp, String cp) throws IOException {
        Path home = tmp.resolve("spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        Files.createFile(home.resolve("RELEASE"));
        Set<String> names = new HashSet<>();
        for (String entry : cp.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p) && names.add(p.getFileName().toString())) {
                Files.createSymbolicLink(jars.resolve(p.getFileName()), p.toAbsolutePath());
            }
        }
        return home;
    }

    private static Process start(Path tmp, String name, String java, List<String> opens, String cp, Path home,
                                 List<String> props, List<String> mainAndArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(opens);
        cmd.add("-Xmx512m");
        cmd.addAll(LIGHT_JVM);
        cmd.addAll(props);
        cmd.add("-cp");
        cmd.add(cp);
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return pb.start();
    }

    /** Kills a process and its descendants (a Worker's executors) by PID and waits for them to be gone. */
    private static void stop(Process p) throws InterruptedException {
        List<ProcessHandle> all = Stream.concat(p.descendants(), Stream.of(p.toHandle())).toList();
        for (ProcessHandle h : all) {
            h.destroyForcibly();
        }
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("process " + h.pid() + " did not exit: " + e);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the Master exited: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(LOOPBACK, port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the Master did not listen on " + port + " within 90 s: "
                + Files.readString(log));
    }
}
