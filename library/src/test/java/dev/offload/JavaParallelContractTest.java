package dev.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The contract on the parallel Java backend. */
class JavaParallelContractTest extends OffloadContractTest {
    @Override
    protected String selector() {
        return "java";
    }

    @Override
    protected void assertExpectedDevice(Device device) {
        assertEquals(DeviceKind.JAVA, device.kind());
    }
}
