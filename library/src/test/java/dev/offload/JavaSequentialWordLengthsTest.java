package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The word-length contract on the sequential Java backend (the oracle of every other backend). */
class JavaSequentialWordLengthsTest extends WordLengthsContractTest {
    @Override
    protected String selector() {
        return "java-seq";
    }

    @Override
    protected void assertExpectedDevice(Device device) {
        assertEquals("java-seq", device.id());
    }
}
