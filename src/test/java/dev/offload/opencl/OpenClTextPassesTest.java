package dev.offload.opencl;

import dev.offload.MalformedUtf8Exception;
import dev.offload.backend.Phases;
import dev.offload.text.JavaWordLengths;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;
import org.jocl.cl_queue_properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The text passes on the first OpenCL device through raw JOCL (no backend around them), with text split into chunks
 * of chosen sizes, against the Java oracle. Fails rather than skips in CI (env CI=true) when there is no device.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenClTextPassesTest {
    private cl_context context;
    private cl_command_queue queue;
    private cl_device_id device;
    private final List<cl_program> programs = new ArrayList<>();

    @BeforeAll
    void openDevice() {
        CL.setExceptionsEnabled(true);
        int[] n = new int[1];
        try {
            CL.clGetPlatformIDs(0, null, n);
        } catch (Throwable e) {
            noDevice("no OpenCL platform: " + e);
            return;
        }
        if (n[0] == 0) {
            noDevice("no OpenCL platform");
            return;
        }
        cl_platform_id[] platforms = new cl_platform_id[n[0]];
        CL.clGetPlatformIDs(n[0], platforms, null);
        cl_device_id[] devices = new cl_device_id[1];
        CL.clGetDeviceIDs(platforms[0], CL.CL_DEVICE_TYPE_ALL, 1, devices, null);
        device = devices[0];
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL.CL_CONTEXT_PLATFORM, platforms[0]);
        context = CL.clCreateContext(props, 1, devices, null, null, null);
        cl_queue_properties qp = new cl_queue_properties();
        qp.addProperty(CL.CL_QUEUE_PROPERTIES, CL.CL_QUEUE_PROFILING_ENABLE);
        queue = CL.clCreateCommandQueueWithProperties(context, device, qp, null);
    }

    private static void noDevice(String why) {
        if ("true".equals(System.getenv("CI"))) {
            fail(why);
        }
        Assumptions.abort(why);
    }

    @AfterAll
    void close() {
        programs.forEach(CL::clReleaseProgram);
        if (queue != null) {
            CL.clReleaseCommandQueue(queue);
            CL.clReleaseContext(context);
        }
    }

    private cl_program program(int bytesPerItem) {
        String src;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("kernels/text.cl")) {
            src = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        cl_program p = CL.clCreateProgramWithSource(context, 1, new String[] {src}, null, null);
        try {
            CL.clBuildProgram(p, 0, null, "-DBYTES_PER_ITEM=" + bytesPerItem, null, null);
        } catch (RuntimeException e) {
            long[] size = new long[1];
            CL.clGetProgramBuildInfo(p, device, CL.CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] log = new byte[(int) size[0]];
            CL.clGetProgramBuildInfo(p, device, CL.CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
            throw new IllegalStateException(new String(log, StandardCharsets.UTF_8), e);
        }
        programs.add(p);
        return p;
    }

    private cl_program program32;

    /** Word lengths, histogram and count of text uploaded in chunks of chunkBytes, each compared with the oracle. */
    private void check(byte[] text, long chunkBytes, long maxAlloc, int bytesPerItem) {
        cl_program p = bytesPerItem == 32 ? (program32 == null ? program32 = program(32) : program32)
                : program(bytesPerItem);
        int chunks = (int) Math.max(1, (text.length + chunkBytes - 1) / chunkBytes);
        cl_mem[] mem = new cl_mem[text.length == 0 ? 0 : chunks];
        long[] lens = new long[mem.length];
        try (OpenClTextPasses passes = new OpenClTextPasses(context, queue, device, p, bytesPerItem, maxAlloc, true,
                new Phases())) {
            for (int c = 0; c < mem.length; c++) {
                int from = (int) (c * chunkBytes);
                int len = (int) Math.min(chunkBytes, text.length - from);
                byte[] part = java.util.Arrays.copyOfRange(text, from, from + len);
                mem[c] = CL.clCreateBuffer(context, CL.CL_MEM_READ_ONLY | CL.CL_MEM_COPY_HOST_PTR, len,
                        Pointer.to(part), null);
                lens[c] = len;
            }
            int[] expected = JavaWordLengths.wordLengths(text, false);
            try (OpenClTextPasses.Scan scan = passes.scan(mem, lens);
                 OpenClTextPasses.Positions pos = passes.positions(mem, lens, scan)) {
                assertEquals(expected.length, scan.words, "word count");
                int[] got = new int[expected.length];
                if (got.length > 0) {
                    long stride = maxAlloc / 4;
                    int outChunks = (int) ((got.length + stride - 1) / stride);
                    cl_mem[] out = new cl_mem[outChunks];
                    try {
                        for (int d = 0; d < outChunks; d++) {
                            long n = Math.min(stride, got.length - d * stride);
                            out[d] = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, n * 4, null, null);
                        }
                        passes.lengths(pos, out, stride);
                        for (int d = 0; d < outChunks; d++) {
                            long n = Math.min(stride, got.length - d * stride);
                            int[] part = new int[(int) n];
                            CL.clEnqueueReadBuffer(queue, out[d], true, 0, n * 4, Pointer.to(part), 0, null, null);
                            System.arraycopy(part, 0, got, (int) (d * stride), part.length);
                        }
                    } finally {
                        for (cl_mem m : out) {
                            if (m != null) {
                                CL.clReleaseMemObject(m);
                            }
                        }
                    }
                }
                assertArrayEquals(expected, got, "word lengths");
                assertArrayEquals(JavaWordLengths.histogram(text, false), passes.histogram(pos, scan.nonSpace),
                        "histogram");
            }
        } finally {
            for (cl_mem m : mem) {
                if (m != null) {
                    CL.clReleaseMemObject(m);
                }
            }
        }
    }

    private void checkMalformed(byte[] text, long chunkBytes) {
        long expected = -1;
        try {
            JavaWordLengths.wordLengths(text, false);
            fail("oracle accepted the text");
        } catch (MalformedUtf8Exception e) {
            expected = e.byteOffset();
        }
        long want = expected;
        MalformedUtf8Exception e = assertThrows(MalformedUtf8Exception.class,
                () -> check(text, chunkBytes, 1 << 20, 32));
        assertEquals(want, e.byteOffset(), e.getMessage());
    }

    /** Random text mixing ASCII, every whitespace code point, 2-4 byte sequences and runs of separators. */
    static byte[] randomText(Random r, int codePoints) {
        int[] spaces = dev.offload.text.PythonWhitespace.all();
        int[] others = {'a', 'Z', '0', '.', 0xE9, 0x3B1, 0x4E2D, 0x1F600, 0x200B, 0xFEFF, 0xAD, 0x301, 0x2030,
                0x2010, 0x180E, 0x2060, 0x10FFFF, 0xE000};
        StringBuilder sb = new StringBuilder();
        int wordLen = 1 + r.nextInt(8);
        for (int i = 0; i < codePoints; i++) {
            int x = r.nextInt(100);
            if (x < 15) {
                sb.appendCodePoint(x < 8 ? ' ' : spaces[r.nextInt(spaces.length)]);
            } else if (x < 70) {
                sb.append((char) ('a' + r.nextInt(26)));
            } else {
                sb.appendCodePoint(others[r.nextInt(others.length)]);
            }
            if (r.nextInt(200) == 0) {
                sb.append("x".repeat(r.nextInt(3000))); // long words cross tiles and the histogram's bins
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4095, 4096, 4097, 100_003})
    void passes_randomTextOneChunk_matchOracle(int size) {
        byte[] t = java.util.Arrays.copyOf(randomText(new Random(size), size), size);
        t = trimToValid(t);
        check(t, Math.max(1, t.length), 1 << 20, 32);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 4096, 65536})
    void passes_randomTextManyChunks_matchOracle(int chunk) {
        // Tiny chunks cost launches, not bytes: keep their texts short.
        byte[] t = randomText(new Random(chunk), chunk < 16 ? 1500 : 40_000);
        check(t, chunk, 4096, 32);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 64})
    void passes_otherBytesPerItem_matchOracle(int bytesPerItem) {
        check(randomText(new Random(bytesPerItem), 30_000), 7000, 4096, bytesPerItem);
    }

    @Test
    void passes_multiByteSpaceAcrossChunks_matchOracle() {
        byte[] t = "ab\u3000cd\u2029e\u0085f\u00a0g\u1680h".getBytes(StandardCharsets.UTF_8);
        for (int chunk = 1; chunk <= t.length; chunk++) {
            check(t, chunk, 4096, 32);
        }
    }

    @Test
    void passes_malformedEverywhere_reportOracleOffset() {
        byte[] base = randomText(new Random(7), 20_000);
        byte[][] bads = {{(byte) 0x80}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                {(byte) 0xFF}, {(byte) 0xE3, (byte) 0x80}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
                {(byte) 0xC2}};
        Random r = new Random(1);
        for (byte[] bad : bads) {
            for (int at : new int[] {0, 4094, 4095, 4096, 8191, base.length - 1, base.length}) {
                int pos = Math.min(at, base.length);
                while (pos < base.length && (base[pos] & 0xC0) == 0x80) {
                    pos++; // insert between code points so the bad bytes are the first error
                }
                byte[] t = new byte[base.length + bad.length];
                System.arraycopy(base, 0, t, 0, pos);
                System.arraycopy(bad, 0, t, pos, bad.length);
                System.arraycopy(base, pos, t, pos + bad.length, base.length - pos);
                checkMalformed(t, 1 + r.nextInt(5000));
                checkMalformed(t, 4096);
            }
        }
    }

    @Test
    void passes_truncatedAtEnd_reportLeadByte() {
        byte[] t = "abc \u4e2d".getBytes(StandardCharsets.UTF_8);
        byte[] cut = java.util.Arrays.copyOf(t, t.length - 1);
        checkMalformed(cut, 1 << 20);
        checkMalformed(cut, 5);
    }

    static byte[] trimToValid(byte[] t) {
        int end = t.length;
        int i = end - 1;
        while (i >= 0 && (t[i] & 0xC0) == 0x80) {
            i--;
        }
        if (i >= 0) {
            int b = t[i] & 0xFF;
            int need = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
            if (i + need > end) {
                end = i;
            }
        }
        byte[] out = java.util.Arrays.copyOf(t, end);
        return out;
    }
}
