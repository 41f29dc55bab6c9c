package dev.offload.pool;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes and reads {@link Message}s on a pair of pipes, for both the pool and the worker. Every frame opens with
 * {@link #MAGIC} and a type byte, then the message's fields in {@link DataOutputStream} form; byte arrays and strings
 * are length-prefixed ({@code -1}: null). A stray byte on the stream (native code printing to fd 1) is caught at the
 * next frame, with the bytes found in the error.
 *
 * <pre>
 * DISPATCH id:long taskRef:long hasTask:bool [taskNames taskBytes classPath:strs] itemNames itemBytes
 * STOP
 * RECALL
 * HELLO    pid:long javaVersion:str
 * ACCEPTED id:long
 * RETURNED count:int {id:long}*
 * RESULT   id:long cpuNanos:long valueBytes
 * FAILURE  id:long cpuNanos:long className:str message:str exceptionBytes|null stackText:str
 *          frames:int {declaringClass:str method:str file:str line:int}*
 * BYE      cpuNanos:long
 * </pre>
 *
 * Writes are buffered: nothing reaches the other end before {@link #flush()}. Writing (a whole frame at a time) and
 * flushing may happen from several threads, reading from one.
 */
final class WireCodec {
    static final int MAGIC = 0x0FF1_0AD0;
    private static final byte DISPATCH = 1;
    private static final byte STOP = 2;
    private static final byte RECALL = 3;
    private static final byte HELLO = 10;
    private static final byte RESULT = 11;
    private static final byte FAILURE = 12;
    private static final byte BYE = 13;
    private static final byte ACCEPTED = 14;
    private static final byte RETURNED = 15;
    /** Frames above this are refused as corrupt; Java arrays cannot be larger anyway. */
    private static final int MAX_BYTES = Integer.MAX_VALUE - 16;
    private static final int MAX_COUNT = 1_000_000;
    /** Byte arrays up to this size are read straight into an array of their length. */
    private static final int DIRECT_READ = 1 << 20;

    private final DataInputStream in;
    private final DataOutputStream out;
    private final Object writeLock = new Object();

    WireCodec(InputStream in, OutputStream out) {
        this.in = new DataInputStream(new BufferedInputStream(in, 1 << 16));
        this.out = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
    }

    void flush() throws IOException {
        synchronized (writeLock) {
            out.flush();
        }
    }

    void write(Message m) throws IOException {
        synchronized (writeLock) {
            writeFrame(m);
        }
    }

    private void writeFrame(Message m) throws IOException {
        out.writeInt(MAGIC);
        switch (m) {
            case Message.Dispatch d -> {
                out.writeByte(DISPATCH);
                out.writeLong(d.id());
                out.writeLong(d.taskRef());
                out.writeBoolean(d.task() != null);
                if (d.task() != null) {
                    writeStrings(d.task().classNames());
                    writeBytes(d.task().bytes());
                    writeStrings(d.classPath());
                }
                writeStrings(d.item().classNames());
                writeBytes(d.item().bytes());
            }
            case Message.Stop s -> out.writeByte(STOP);
            case Message.Recall r -> out.writeByte(RECALL);
            case Message.Returned r -> {
                out.writeByte(RETURNED);
                out.writeInt(r.ids().length);
                for (long id : r.ids()) {
                    out.writeLong(id);
                }
            }
            case Message.Hello h -> {
                out.writeByte(HELLO);
                out.writeLong(h.pid());
                writeString(h.javaVersion());
            }
            case Message.Accepted a -> {
                out.writeByte(ACCEPTED);
                out.writeLong(a.id());
            }
            case Message.Result r -> {
                out.writeByte(RESULT);
                out.writeLong(r.id());
                out.writeLong(r.cpuNanos());
                writeBytes(r.value());
            }
            case Message.Failure f -> {
                out.writeByte(FAILURE);
                out.writeLong(f.id());
                out.writeLong(f.cpuNanos());
                writeString(f.className());
                writeString(f.message());
                writeBytes(f.exception());
                writeString(f.stackText());
                out.writeInt(f.stack().length);
                for (StackTraceElement e : f.stack()) {
                    writeString(e.getClassName());
                    writeString(e.getMethodName());
                    writeString(e.getFileName());
                    out.writeInt(e.getLineNumber());
                }
            }
            case Message.Bye b -> {
                out.writeByte(BYE);
                out.writeLong(b.cpuNanos());
            }
        }
    }

    /**
     * Reads the next message.
     *
     * @throws EOFException      when the stream ends (cleanly before a frame, or inside one)
     * @throws ProtocolException when the bytes are not a frame (something else wrote to the stream)
     */
    Message read() throws IOException {
        byte type = readType();
        return switch (type) {
            case DISPATCH -> {
                long id = in.readLong();
                long ref = in.readLong();
                Message.Payload task = null;
                List<String> classPath = List.of();
                if (in.readBoolean()) {
                    Set<String> names = new LinkedHashSet<>(readStrings());
                    task = new Message.Payload(readBytes(), names);
                    classPath = readStrings();
                }
                Set<String> names = new LinkedHashSet<>(readStrings());
                yield new Message.Dispatch(id, ref, task, classPath, new Message.Payload(readBytes(), names));
            }
            case STOP -> new Message.Stop();
            case RECALL -> new Message.Recall();
            case RETURNED -> {
                long[] ids = new long[count("returned count")];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = in.readLong();
                }
                yield new Message.Returned(ids);
            }
            case HELLO -> new Message.Hello(in.readLong(), readString());
            case ACCEPTED -> new Message.Accepted(in.readLong());
            case RESULT -> new Message.Result(in.readLong(), in.readLong(), readBytes());
            case FAILURE -> {
                long id = in.readLong();
                long cpu = in.readLong();
                String cls = readString();
                String msg = readString();
                byte[] bytes = readBytes();
                String text = readString();
                StackTraceElement[] stack = new StackTraceElement[count("stack depth")];
                for (int i = 0; i < stack.length; i++) {
                    stack[i] = new StackTraceElement(readString(), readString(), readString(), in.readInt());
                }
                yield new Message.Failure(id, cpu, cls, msg, bytes, text, stack);
            }
            case BYE -> new Message.Bye(in.readLong());
            default -> throw new ProtocolException("unknown frame type " + type);
        };
    }

    private byte readType() throws IOException {
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

    private int count(String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_COUNT) {
            throw new ProtocolException("bad " + what + " in frame: " + n);
        }
        return n;
    }

    private void writeString(String s) throws IOException {
        writeBytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    private String readString() throws IOException {
        byte[] b = readBytes();
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private void writeBytes(byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private byte[] readBytes() throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > MAX_BYTES) {
            throw new ProtocolException("bad length in frame: " + n);
        }
        if (n <= DIRECT_READ) {
            byte[] b = new byte[n];
            in.readFully(b); // EOFException inside a frame
            return b;
        }
        // a length this large may be forged: grow with what really arrives instead of allocating it all up front
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException("stream ended inside a frame");
        }
        return b;
    }

    private void writeStrings(java.util.Collection<String> strings) throws IOException {
        out.writeInt(strings.size());
        for (String s : strings) {
            writeString(s);
        }
    }

    private List<String> readStrings() throws IOException {
        int n = count("string count");
        List<String> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(readString());
        }
        return l;
    }
}
