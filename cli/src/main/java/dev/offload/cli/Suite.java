package dev.offload.cli;

import dev.offload.Device;

import java.util.List;

/** One workload family of the comparison: knows its cases and measures them through a {@link Runner}. */
interface Suite {
    /**
     * The workload's name.
     *
     * @return the name used by {@code --workloads}
     */
    String name();

    /**
     * How many cases {@link #run} will measure (for the progress bar).
     *
     * @param s the settings
     * @return the number of cases
     */
    int cases(Settings s);

    /**
     * Measures every case, adding rows to the runner.
     *
     * @param s      the settings
     * @param runner checks and times each case
     * @throws Exception when the workload cannot even set up (its input does not fit, a device fails to open)
     */
    void run(Settings s, Runner runner) throws Exception;

    /**
     * What a comparison was asked to do.
     *
     * @param sizes       int counts for the numeric workloads
     * @param textBytes   text sizes in bytes for the word workloads
     * @param repeat      timed repetitions of the numeric and text cases
     * @param sleepMillis how long each sleeping task sleeps
     * @param tasks       number of sleeping tasks ({@code 0..tasks-1})
     * @param sleepRepeat timed repetitions of the sleeping tasks
     * @param devices     the devices to run kernels on, the sequential Java baseline first
     * @param seed        seed of the random ints and the text
     * @param pools       whether the text workload also runs through the task pools
     * @param grid        width and height in pixels of the Java kernels' Mandelbrot grid
     */
    record Settings(List<Long> sizes, List<Long> textBytes, int repeat, long sleepMillis, int tasks, int sleepRepeat,
                    List<Device> devices, long seed, boolean pools,
                    int grid) {
    }
}
