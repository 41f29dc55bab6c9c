package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The word-length contract on the parallel Java backend. */
class JavaParallelWordLengthsTest extends WordLengthsContractTest {
    @Override
    protected String selector() {
        return "java";
    }

    @Override
    protected void assertExpectedDevice(Device device) {
        assertEquals("java", device.id());
    }
}
