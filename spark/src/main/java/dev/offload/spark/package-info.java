/**
 * offload on Apache Spark: {@link dev.offload.spark.OffloadSpark} runs offload's kernels inside Spark executors,
 * one partition at a time, with one {@link dev.offload.Offload} per executor JVM and device, and reports where every
 * partition ran ({@link dev.offload.spark.JobSummary}). {@link dev.offload.spark.SparkMain} is the
 * {@code offload spark} command line. Spark itself is not a dependency of this artifact at run time: the cluster
 * (or {@code spark-submit}) provides it.
 */
package dev.offload.spark;
