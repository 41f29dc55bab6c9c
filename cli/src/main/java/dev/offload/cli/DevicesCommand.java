package dev.offload.cli;

import dev.offload.Device;
import dev.offload.Offload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code offload devices}: every OpenCL platform and device, then the Java backends. */
@Command(name = "devices", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Lists every OpenCL platform and device (type, compute units, global memory, largest buffer, "
                + "OpenCL C version, driver) and the Java backends, with the id to pass to --device.",
                "Says so, and how to get one, when no OpenCL runtime is installed."})
final class DevicesCommand implements Callable<Integer> {
    /** How to get an OpenCL runtime, printed when there is none. */
    static final String HOW_TO_GET_OPENCL = """
            To get one:
              CPU (any x86/ARM machine, Debian/Ubuntu): sudo apt-get install pocl-opencl-icd ocl-icd-libopencl1
                                                       (or: bash ci/install-opencl.sh)
              NVIDIA GPU: the NVIDIA driver ships libnvidia-opencl.so.1; the ICD loader (ocl-icd-libopencl1) finds it
                          through /etc/OpenCL/vendors/nvidia.icd, or set OCL_ICD_VENDORS to a folder holding such a file
              AMD / Intel GPU: install ROCm's OpenCL runtime / intel-opencl-icd
              Check with: clinfo -l""";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Device> devices = Offload.devices();
        Map<String, List<Device>> byPlatform = new LinkedHashMap<>();
        for (Device d : devices) {
            if (d.isOpenCl()) {
                byPlatform.computeIfAbsent(d.platform(), p -> new java.util.ArrayList<>()).add(d);
            }
        }
        if (byPlatform.isEmpty()) {
            String why = Offload.openClUnavailableReason();
            out.println("No OpenCL runtime: " + (why == null ? "no OpenCL device found" : why) + ".");
            out.println("offload runs everything on the Java backends below.");
            out.println(HOW_TO_GET_OPENCL);
        } else {
            long count = byPlatform.values().stream().mapToLong(List::size).sum();
            out.println("OpenCL: " + byPlatform.size() + " platform(s), " + count + " device(s)");
            for (Map.Entry<String, List<Device>> e : byPlatform.entrySet()) {
                out.println("  platform: " + e.getKey());
                TextTable t = new TextTable("ID", "TYPE", "NAME", ">COMPUTE UNITS", ">GLOBAL MEMORY",
                        ">LARGEST BUFFER", "OPENCL VERSION", "DRIVER");
                for (Device d : e.getValue()) {
                    t.add(d.id(), d.kind().name(), d.name(), Integer.toString(d.computeUnits()),
                            Units.bytes(d.globalMemory()), Units.bytes(d.maxAllocation()), d.version(), d.driver());
                }
                out.print(t.render("    "));
            }
        }
        out.println();
        out.println("Java backends:");
        TextTable t = new TextTable("ID", "TYPE", "NAME", ">THREADS", ">MAX HEAP", ">LARGEST ARRAY", "RUNTIME");
        for (Device d : devices) {
            if (!d.isOpenCl()) {
                t.add(d.id(), d.kind().name(), d.name(), Integer.toString(d.computeUnits()),
                        Units.bytes(d.globalMemory()), Units.bytes(d.maxAllocation()), d.platform());
            }
        }
        out.print(t.render("    "));
        out.println();
        out.println("Default (--device auto): " + autoChoice());
        out.flush();
        return 0;
    }

    private static String autoChoice() {
        try (Offload off = Offload.open("auto")) {
            String why = off.fallbackReason();
            return off.device().describe() + (why == null ? "" : ": " + why);
        }
    }
}
