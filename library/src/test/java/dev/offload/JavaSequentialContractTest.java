package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The contract on the sequential Java backend (the oracle checked against plain loops). */
class JavaSequentialContractTest extends OffloadContractTest {
    @Override
    protected String selector() {
        return "java-seq";
    }

    @Override
    protected void assertExpectedDevice(Device device) {
        assertEquals(DeviceKind.JAVA_SEQUENTIAL, device.kind());
    }
}
