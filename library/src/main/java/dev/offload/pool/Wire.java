package dev.offload.pool;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The frames between the pool and a worker process, on the worker's standard input (pool to worker) and standard
 * output (worker to pool). Every frame opens with {@link #MAGIC} and a type byte, then fixed fields written with
 * {@link DataOutputStream}; user objects travel as length-prefixed serialized byte arrays, so the envelope itself never
 * goes through Java serialization and a stray byte on the stream is caught at the next frame.
 *
 * <pre>
 * RUN    id:long taskRef:long hasTask:bool [taskNames taskBytes] itemNames itemBytes
 * STOP
 * HELLO  pid:long javaVersion:str
 * ACCEPTED id:long      (the worker has read the whole RUN frame and runs nothing of it before sending this)
 * OK     id:long cpuNanos:long resultBytes
 * FAILED id:long cpuNanos:long className:str message:str exceptionBytes|null stackText:str
 *        frames:int {declaringClass:str method:str file:str line:int}*
 * BYE    cpuNanos:long
 * </pre>
 */
final class Wire {
    static final int MAGIC = 0x0FF1_0AD0;
    static final byte RUN = 1;
    static final byte STOP = 2;
    static final byte HELLO = 10;
    static final byte OK = 11;
    static final byte FAILED = 12;
    static final byte BYE = 13;
    static final byte ACCEPTED = 14;

    /** Frames above this are refused as corrupt; Java arrays cannot be larger anyway. */
    private static final int MAX_BYTES = Integer.MAX_VALUE - 16;

    private Wire() {
    }

    static void begin(DataOutputStream out, byte type) throws IOException {
        out.writeInt(MAGIC);
        out.writeByte(type);
    }

    /**
     * Reads the next frame's type.
     *
     * @throws java.io.EOFException when the stream ends cleanly before a frame
     * @throws ProtocolException    when the bytes are not a frame (something else wrote to the stream)
     */
    static byte readType(DataInputStream in) throws IOException {
        byte[] head = new byte[4];
        in.readFully(head);
        int magic = ((head[0] & 0xFF) << 24) | ((head[1] & 0xFF) << 16) | ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
        if (magic != MAGIC) {
            byte[] more = in.readNBytes(60);
            byte[] all = new byte[4 + more.length];
            System.arraycopy(head, 0, all, 0, 4);
            System.arraycopy(more, 0, all, 4, more.length);
            throw new ProtocolException("not a protocol frame: " + HexFormat.ofDelimiter(" ").formatHex(all)
                    + " (\"" + new String(all, StandardCharsets.ISO_8859_1).replaceAll("\\p{Cntrl}", ".") + "\")");
        }
        return in.readByte();
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    static String readString(DataInputStream in) throws IOException {
        byte[] b = readBytes(in);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > MAX_BYTES) {
            throw new ProtocolException("bad length in frame: " + n);
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new java.io.EOFException("stream ended inside a frame");
        }
        return b;
    }

    static void writeNames(DataOutputStream out, Set<String> names) throws IOException {
        out.writeInt(names.size());
        for (String n : names) {
            writeString(out, n);
        }
    }

    static Set<String> readNames(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1_000_000) {
            throw new ProtocolException("bad class-name count in frame: " + n);
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            names.add(readString(in));
        }
        return names;
    }
}
