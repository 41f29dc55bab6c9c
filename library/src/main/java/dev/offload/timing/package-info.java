/**
 * CPU clocks behind {@link dev.offload.Timing}: this process's user and system CPU time from the kernel's
 * per-process accounting ({@code /proc/self/stat} on Linux) and the CPU time of other processes (worker JVMs), with
 * a fallback to {@code com.sun.management.OperatingSystemMXBean} where {@code /proc} is absent. Not a public API.
 */
package dev.offload.timing;
