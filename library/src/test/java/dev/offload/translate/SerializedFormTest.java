package dev.offload.translate;

import dev.offload.ForBody;
import org.junit.jupiter.api.Test;

import java.lang.invoke.SerializedLambda;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The serialized form read through a stream, the path taken where a named module keeps {@code writeReplace}
 * closed (ConsumerTest runs it from the module path).
 */
class SerializedFormTest {
    /** Not serializable: the stream must never try to write what a lambda captures. */
    static final class Opaque {
    }

    @Test
    void viaStream_lambdaCapturingAnything_givesItsImplementationAndCaptures() {
        int[] out = new int[4];
        Opaque opaque = new Opaque();
        int k = 5;
        ForBody body = i -> out[i] = k + opaque.hashCode();

        SerializedLambda s = (SerializedLambda) SerializedForm.viaStream(body);

        assertEquals("dev/offload/translate/SerializedFormTest", s.getImplClass());
        assertEquals("dev/offload/ForBody", s.getFunctionalInterfaceClass());
        List<Object> captured = new ArrayList<>();
        for (int i = 0; i < s.getCapturedArgCount(); i++) {
            captured.add(s.getCapturedArg(i));
        }
        // javac picks the order of captures; identity matters (int[] and Opaque compare by identity)
        assertEquals(3, captured.size(), captured::toString);
        assertTrue(captured.contains(out) && captured.contains(opaque) && captured.contains(k), captured::toString);
        assertEquals(SerializedForm.of(body).getImplMethodName(), s.getImplMethodName());
    }

    @Test
    void of_serializableObjectThatIsNoLambda_throwsNamingItsClass() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SerializedForm.of(Integer.valueOf(7)));
        assertTrue(e.getMessage().contains("java.lang.Integer"), e.getMessage());
    }
}
