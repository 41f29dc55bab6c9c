package dev.offload.pool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Copies a worker's standard error to ours, on its own thread, and keeps the last {@link #TAIL} bytes for error
 * messages. The copy never stops while the worker lives: a worker whose stderr pipe filled up would block in
 * {@code println} and hang its task.
 */
final class StderrTail implements Runnable {
    private static final int TAIL = 2048;
    private final InputStream in;
    private final byte[] tail = new byte[TAIL];
    private long written;
    private final CountDownLatch ended = new CountDownLatch(1);

    StderrTail(InputStream in) {
        this.in = in;
    }

    @Override
    public void run() {
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                System.err.write(buf, 0, n);
                System.err.flush();
                synchronized (this) {
                    for (int i = 0; i < n; i++) {
                        tail[(int) (written++ % TAIL)] = buf[i];
                    }
                }
            }
        } catch (IOException e) {
            // the worker is gone
        } finally {
            ended.countDown();
        }
    }

    /** Waits a little for the copy to reach the end of the stream, so the tail holds the worker's last words. */
    void awaitEnd() throws InterruptedException {
        ended.await(2, TimeUnit.SECONDS);
    }

    /** The last lines the worker wrote to stderr, as a message suffix, or "" when it wrote none. */
    synchronized String suffix() {
        if (written == 0) {
            return "";
        }
        int n = (int) Math.min(written, TAIL);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = tail[(int) ((written - n + i) % TAIL)];
        }
        String s = new String(b, StandardCharsets.UTF_8).strip();
        return "; its last standard error output:\n" + s;
    }
}
