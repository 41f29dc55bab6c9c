package dev.offload.opencl;

import dev.offload.backend.Buffer;
import dev.offload.backend.Phases;

/**
 * The text kernels of the OpenCL backend (word lengths, histogram, count). Placeholder: another change brings the
 * kernels ({@code kernels/text.cl}); until then every method throws {@link UnsupportedOperationException}.
 */
final class OpenClText {
    private final OpenClBackend backend;

    /** Text kernels on {@code backend}'s device, using its program cache, queue and buffers. */
    OpenClText(OpenClBackend backend) {
        this.backend = backend;
    }

    /** See {@link dev.offload.backend.Backend#wordLengths(Buffer, Phases)}. */
    Buffer wordLengths(Buffer utf8, Phases phases) {
        throw notYet();
    }

    /** See {@link dev.offload.backend.Backend#wordLengthHistogram(Buffer, Phases)}. */
    long[] wordLengthHistogram(Buffer utf8, Phases phases) {
        throw notYet();
    }

    /** See {@link dev.offload.backend.Backend#wordCount(Buffer, Phases)}. */
    long wordCount(Buffer utf8, Phases phases) {
        throw notYet();
    }

    private UnsupportedOperationException notYet() {
        return new UnsupportedOperationException("OpenCL text kernels not merged yet (" + backend.device().id() + ")");
    }
}
