package dev.offload.cli;

/**
 * What a row will describe, before it is measured.
 *
 * @param workload the operation's name
 * @param strategy how it runs
 * @param device   where it runs
 * @param size     items processed
 * @param unit     what {@code size} counts
 * @param baseline whether this is the sequential reference of its workload and size
 */
record Case(String workload, String strategy, String device, long size, String unit, boolean baseline) {

    /**
     * One line for the progress bar.
     *
     * @return workload, strategy and device
     */
    String describe() {
        return workload + " " + strategy + " " + device;
    }
}
