package dev.offload.pool;

import dev.offload.timing.CpuClock;

import java.io.EOFException;
import java.io.File;
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
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The main class of a worker process of {@link TaskPool#processes(int)}. A reader thread takes {@link Message}s from
 * standard input (through {@link WireCodec}) into a queue as soon as they arrive, and hands back the dispatches not
 * yet started when the pool recalls them; the main thread runs the queued tasks one at a time, in order, and answers
 * on standard output.
 * Before anything else it points {@code System.out} at standard error and {@code System.in} at an empty stream, so
 * what user code prints or reads cannot corrupt the protocol. It exits when its input ends (the pool closed the pipe
 * or died), on a stop message, and, should the pool's process die while a long task runs, as soon as that is
 * noticed. Tasks whose classes are not on its class path are loaded from the jars and folders the pool sends with
 * them. Public only so that {@code java} can start it: only the pool does.
 */
public final class WorkerMain {
    private static final long CPU_REFRESH_NANOS = 5_000_000;

    private final WireCodec wire;
    private final Loader loader = new Loader();
    /** Guards {@link #pending} and {@link #inputEnd}, shared by the reader thread and the main thread. */
    private final Object lock = new Object();
    private final ArrayDeque<Message> pending = new ArrayDeque<>();
    private IOException inputEnd;
    private long taskRef = -1;
    private Task<Object, Object> task;
    private Throwable taskError;
    private long cpuReadAt;
    private long cpu;

    private WorkerMain(WireCodec wire) {
        this.wire = wire;
    }

    /** Loads the classes of tasks whose jars or folders are not on this JVM's class path; the pool sends them. */
    private static final class Loader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Set<String> added = new LinkedHashSet<>();

        Loader() {
            super("offload-worker-tasks", new URL[0], ClassLoader.getSystemClassLoader());
        }

        void add(List<String> entries) throws MalformedURLException {
            for (String e : entries) {
                if (added.add(e)) {
                    addURL(Path.of(e).toUri().toURL());
                }
            }
        }

        /** The class path this worker loads from, for error messages. */
        String describe() {
            String own = System.getProperty("java.class.path");
            List<String> all = new ArrayList<>(List.of(own.split(File.pathSeparator)));
            all.addAll(added);
            return String.join(File.pathSeparator, all);
        }
    }

    /**
     * Runs the worker loop on this process's standard input and output.
     *
     * @param args none for a worker; the pool's own arguments for the run that makes the workers' class-data archive
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(WorkerArchive.TRAIN)) {
            WorkerArchive.trainMain(args);
            return;
        }
        FileOutputStream frames = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        InputStream requests = new FileInputStream(FileDescriptor.in);
        System.setIn(InputStream.nullInputStream());
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(2)));
        WorkerMain worker = new WorkerMain(new WireCodec(requests, frames));
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

    private void loop() throws IOException, InterruptedException {
        warmUp();
        wire.write(new Message.Hello(ProcessHandle.current().pid(), Runtime.version().toString()));
        wire.flush();
        Thread.ofPlatform().daemon().name("offload-worker-reader").start(this::readRequests);
        while (true) {
            switch (next()) {
                case Message.Stop s -> {
                    wire.write(new Message.Bye(CpuClock.self().totalNanos()));
                    wire.flush();
                    return;
                }
                case Message.Dispatch d -> run(d);
                case Message m -> throw new ProtocolException("unexpected " + m.getClass().getSimpleName() + " frame");
            }
        }
    }

    /**
     * The next request. Replies wait in the buffer while more dispatches are queued: the next ACCEPTED carries them out
     * in the same write, one system call per task instead of two.
     *
     * @throws IOException the reader's, once the input has ended (or broken) and everything before it was taken
     */
    private Message next() throws IOException, InterruptedException {
        Thread.interrupted(); // a task that interrupted itself must not break the wait below
        Message m;
        synchronized (lock) {
            m = pending.poll();
        }
        if (m != null) {
            return m;
        }
        wire.flush(); // outside the lock: a full pipe must never stop the reader from draining ours
        synchronized (lock) {
            while ((m = pending.poll()) == null) {
                if (inputEnd != null) {
                    throw inputEnd;
                }
                lock.wait();
            }
        }
        return m;
    }

    /** The reader thread: queues requests, answers recalls with the dispatches the main thread has not taken. */
    private void readRequests() {
        try {
            while (true) {
                Message m = wire.read();
                if (m instanceof Message.Recall) {
                    long[] ids;
                    synchronized (lock) {
                        ids = pending.stream().filter(p -> p instanceof Message.Dispatch)
                                .mapToLong(p -> ((Message.Dispatch) p).id()).toArray();
                        pending.removeIf(p -> p instanceof Message.Dispatch);
                    }
                    wire.write(new Message.Returned(ids));
                    wire.flush();
                    continue;
                }
                synchronized (lock) {
                    pending.add(m);
                    lock.notifyAll();
                }
                if (m instanceof Message.Stop) {
                    return;
                }
            }
        } catch (IOException e) {
            synchronized (lock) {
                inputEnd = e;
                lock.notifyAll();
            }
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
    private void run(Message.Dispatch d) throws IOException {
        long id = d.id();
        if (d.task() == null && d.taskRef() != taskRef) {
            throw new ProtocolException("task " + d.taskRef() + " was never sent (have " + taskRef + ")");
        }
        // Tell the pool the dispatch is ours before any of its code (readObject included) runs: a worker that dies
        // before this line never started the task, and the pool sends it to a replacement instead of failing it.
        wire.write(new Message.Accepted(id));
        wire.flush();
        if (d.task() != null) {
            taskRef = d.taskRef();
            try {
                loader.add(d.classPath());
                task = (Task<Object, Object>) Serial.deserialize(d.task().bytes(),
                        new AllowList(d.task().classNames(), Set.of()), loader);
                taskError = null;
            } catch (ClassNotFoundException e) {
                task = null;
                taskError = new ClassNotFoundException(e.getMessage() + " is not on the worker process's class path ("
                        + loader.describe() + "); name its jar with ProcessOptions.classPath", e);
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
            byte[] b = d.item().bytes();
            Object item = ValueCodec.isEncoded(b) ? ValueCodec.decode(b)
                    : Serial.deserialize(b, new AllowList(d.item().classNames(), Set.of()), loader);
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
        wire.write(new Message.Result(id, cpu(), bytes));
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
        wire.write(new Message.Failure(id, cpu(), t.getClass().getName(), message, bytes, text, stack));
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
