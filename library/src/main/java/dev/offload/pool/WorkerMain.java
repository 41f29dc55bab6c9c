package dev.offload.pool;

import dev.offload.Task;
import dev.offload.timing.CpuClock;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.ProtocolException;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;

/**
 * The main class of a worker process of {@link dev.offload.TaskPool#processes(int)}. Reads {@link Wire} frames from
 * standard input, runs each task on the main thread, one at a time, and answers on standard output. Before anything
 * else it points {@code System.out} at standard error and {@code System.in} at an empty stream, so what user code
 * prints or reads cannot corrupt the protocol. It exits when its input ends (the pool closed the pipe or died), on a
 * STOP frame, and, should the pool's process die while a long task runs, as soon as that is noticed.
 * Not a public API: only the pool starts it.
 */
public final class WorkerMain {
    private static final long CPU_REFRESH_NANOS = 5_000_000;

    private final DataInputStream in;
    private final DataOutputStream out;
    private long taskRef = -1;
    private Task<Object, Object> task;
    private Throwable taskError;
    private long cpuReadAt;
    private long cpu;

    private WorkerMain(DataInputStream in, DataOutputStream out) {
        this.in = in;
        this.out = out;
    }

    /**
     * Runs the worker loop on this process's standard input and output.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        FileOutputStream frames = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        InputStream requests = new FileInputStream(FileDescriptor.in);
        System.setIn(InputStream.nullInputStream());
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(2)));
        WorkerMain worker = new WorkerMain(new DataInputStream(new BufferedInputStream(requests, 1 << 16)),
                new DataOutputStream(new BufferedOutputStream(frames, 1 << 16)));
        int status;
        try {
            worker.loop();
            status = 0;
        } catch (EOFException e) {
            status = 0; // the pool closed our input: nothing more to do
        } catch (IOException e) {
            System.err.println("offload worker " + ProcessHandle.current().pid() + ": protocol failure: " + e);
            status = 1;
        } catch (Throwable e) {
            // a bug here must end the worker (the pool then sees it die), never leave it alive and silent
            System.err.println("offload worker " + ProcessHandle.current().pid() + ": failed: " + e);
            e.printStackTrace();
            Runtime.getRuntime().halt(1);
            return;
        }
        System.exit(status); // user code may have left non-daemon threads behind
    }

    private void loop() throws IOException {
        warmUp();
        Wire.begin(out, Wire.HELLO);
        out.writeLong(ProcessHandle.current().pid());
        Wire.writeString(out, Runtime.version().toString());
        out.flush();
        while (true) {
            byte type = Wire.readType(in);
            if (type == Wire.STOP) {
                Wire.begin(out, Wire.BYE);
                out.writeLong(CpuClock.self().totalNanos());
                out.flush();
                return;
            }
            if (type != Wire.RUN) {
                throw new ProtocolException("unexpected frame type " + type);
            }
            run();
        }
    }

    /**
     * One serialization round trip of a lambda task and a chunk before saying hello: the first task would otherwise
     * pay for loading and linking the serialization machinery (a few hundred milliseconds on a cold JVM), which
     * belongs to the start-up cost the pool reports.
     */
    private static void warmUp() {
        try {
            Task<Object, Object> t = x -> x;
            Serial.Serialized s = Serial.serialize(new ChunkTask<>(t));
            Serial.deserialize(s.bytes(), new AllowList(s.classNames(), Set.of()), null);
            Serial.Serialized items = Serial.serialize(new java.util.ArrayList<>(List.of(1, 2L, "three")));
            Serial.deserialize(items.bytes(), new AllowList(items.classNames(), Set.of()), null);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("the worker's own serialization warm-up failed", e);
        }
    }

    @SuppressWarnings("unchecked")
    private void run() throws IOException {
        long id = in.readLong();
        long ref = in.readLong();
        boolean withTask = in.readBoolean();
        Set<String> taskNames = withTask ? Wire.readNames(in) : null;
        byte[] taskBytes = withTask ? Wire.readBytes(in) : null;
        if (!withTask && ref != taskRef) {
            throw new ProtocolException("task " + ref + " was never sent (have " + taskRef + ")");
        }
        Set<String> itemNames = Wire.readNames(in);
        byte[] itemBytes = Wire.readBytes(in);
        // Tell the pool the dispatch is ours before any of its code (readObject included) runs: a worker that dies
        // before this line never started the task, and the pool sends it to a replacement instead of failing it.
        Wire.begin(out, Wire.ACCEPTED);
        out.writeLong(id);
        out.flush();
        if (withTask) {
            taskRef = ref;
            try {
                task = (Task<Object, Object>) Serial.deserialize(taskBytes, new AllowList(taskNames, Set.of()), null);
                taskError = null;
            } catch (ClassNotFoundException e) {
                task = null;
                taskError = new ClassNotFoundException(e.getMessage() + " is not on the worker process's class path;"
                        + " workers see only the java.class.path of the pool's JVM, so tasks defined in a custom class"
                        + " loader (jshell, mvn exec:java, application servers) cannot run in them", e);
            } catch (Exception | LinkageError e) {
                task = null;
                taskError = e;
            }
        }
        Object result;
        try {
            if (taskError != null) {
                throw taskError;
            }
            Object item = Serial.deserialize(itemBytes, new AllowList(itemNames, Set.of()), null);
            result = task.call(item);
        } catch (Throwable t) {
            fail(id, t);
            return;
        }
        byte[] bytes;
        try {
            bytes = Serial.serialize(result).bytes();
        } catch (Throwable t) {
            NotSerializableException e = new NotSerializableException("the task's result of class "
                    + result.getClass().getName() + " cannot be serialized: " + t);
            e.initCause(t);
            fail(id, e);
            return;
        }
        Wire.begin(out, Wire.OK);
        out.writeLong(id);
        out.writeLong(cpu());
        Wire.writeBytes(out, bytes);
        out.flush();
    }

    private void fail(long id, Throwable t) throws IOException {
        byte[] bytes;
        try {
            bytes = Serial.serialize(t).bytes();
        } catch (Throwable notSerializable) {
            bytes = null; // the pool builds a RemoteTaskException from the text below
        }
        // User exceptions may override getMessage, toString or getStackTrace and throw from them: nothing thrown
        // here may escape, or the worker would die (or, with user threads left, hang) instead of answering.
        String message;
        try {
            message = t.getMessage();
        } catch (Throwable e) {
            message = "(its getMessage() threw " + e.getClass().getName() + ")";
        }
        String text;
        try {
            StringWriter w = new StringWriter();
            t.printStackTrace(new PrintWriter(w));
            text = w.toString();
        } catch (Throwable e) {
            text = t.getClass().getName() + " (its printStackTrace() threw " + e.getClass().getName() + ")";
        }
        StackTraceElement[] stack;
        try {
            stack = t.getStackTrace();
        } catch (Throwable e) {
            stack = new StackTraceElement[0];
        }
        Wire.begin(out, Wire.FAILED);
        out.writeLong(id);
        out.writeLong(cpu());
        Wire.writeString(out, t.getClass().getName());
        Wire.writeString(out, message);
        Wire.writeBytes(out, bytes);
        Wire.writeString(out, text);
        out.writeInt(stack.length);
        for (StackTraceElement e : stack) {
            Wire.writeString(out, e.getClassName());
            Wire.writeString(out, e.getMethodName());
            Wire.writeString(out, e.getFileName());
            out.writeInt(e.getLineNumber());
        }
        out.flush();
    }

    /** CPU time of this worker, re-read at most every few milliseconds so that tiny tasks do not pay for it. */
    private long cpu() {
        long now = System.nanoTime();
        if (now - cpuReadAt >= CPU_REFRESH_NANOS || cpuReadAt == 0) {
            cpu = CpuClock.self().totalNanos();
            cpuReadAt = now;
        }
        return cpu;
    }
}
