/**
 * The {@code offload} command line: {@code devices} lists every OpenCL device and Java backend, {@code compare} (the
 * default) runs the same jobs sequentially, through task pools and on every device, checks each result against a
 * plain-Java oracle, then times it and prints a table, CSV or JSON and an optional chart. Internal: nothing here is
 * API; the only entry point is {@link dev.offload.cli.Main#main(String[])}.
 */
package dev.offload.cli;
