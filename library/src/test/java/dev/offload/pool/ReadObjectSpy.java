package dev.offload.pool;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A result type outside the test's own classes whose {@code readObject} counts its calls: the process pool's filter
 * must refuse it before any of its code runs in the pool's JVM (as it would refuse a deserialization gadget).
 */
final class ReadObjectSpy implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    static final AtomicInteger READS = new AtomicInteger();

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        READS.incrementAndGet();
        in.defaultReadObject();
    }
}
