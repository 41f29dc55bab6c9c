package dev.offload.opencl;

import dev.offload.ElementType;
import dev.offload.backend.Buffer;
import dev.offload.backend.Phases;
import org.jocl.CLException;

/**
 * The text kernels of the OpenCL backend: word lengths, their histogram and the word count of UTF-8 text, with
 * Python's {@code str.split()} rules and UTF-8 validation, as data-parallel passes over the bytes
 * ({@code kernels/text.cl}, driven by {@link OpenClTextPasses}).
 *
 * <ul>
 *   <li>{@link #wordCount}: pass 1 (classify, validate, count per work-group) and pass 2 (scan of the group counts);
 *       downloads a few words of state.</li>
 *   <li>{@link #wordLengths}: then pass 3 (each word start writes its position into the new {@code i32} result
 *       buffer) and pass 4 (differences of neighbouring positions, in place); nothing but the state comes back.</li>
 *   <li>{@link #wordLengthHistogram}: passes 1-3 into a scratch buffer, then a histogram of the differences on the
 *       device (local-memory bins); only the bins come back, plus the lengths of words of 1024 code points or more,
 *       if any.</li>
 * </ul>
 * Ill-formed UTF-8 throws {@link dev.offload.MalformedUtf8Exception} after pass 2, before anything is written.
 * Thread-safe: each call holds the backend's queue for its whole sequence.
 */
final class OpenClText {
    private final OpenClBackend backend;

    /** Text kernels on {@code backend}'s device, using its program cache, queue and buffers. */
    OpenClText(OpenClBackend backend) {
        this.backend = backend;
    }

    /** See {@link dev.offload.backend.Backend#wordLengths(Buffer, Phases)}. */
    Buffer wordLengths(Buffer utf8, Phases phases) {
        ClBuffer text = text(utf8);
        ClBuffer out = null;
        try (Enqueue q = backend.enqueue(phases)) {
            OpenClTextPasses passes = new OpenClTextPasses(backend, q);
            try (OpenClTextPasses.Scan scan = passes.scan(text)) {
                out = backend.allocate(ElementType.I32, scan.words);
                passes.positions(text, scan, out);
                passes.lengths(scan, out);
                q.finish();
            }
            return out;
        } catch (CLException e) {
            close(out);
            throw Cl.failure("word lengths of " + text + " on " + backend.device().describe(), e);
        } catch (RuntimeException | Error e) {
            close(out);
            throw e;
        }
    }

    /** See {@link dev.offload.backend.Backend#wordLengthHistogram(Buffer, Phases)}. */
    long[] wordLengthHistogram(Buffer utf8, Phases phases) {
        ClBuffer text = text(utf8);
        try (Enqueue q = backend.enqueue(phases)) {
            OpenClTextPasses passes = new OpenClTextPasses(backend, q);
            try (OpenClTextPasses.Scan scan = passes.scan(text);
                 ClBuffer positions = backend.allocate(ElementType.I32, scan.words)) {
                passes.positions(text, scan, positions);
                long[] hist = passes.histogram(scan, positions);
                q.finish();
                return hist;
            }
        } catch (CLException e) {
            throw Cl.failure("word-length histogram of " + text + " on " + backend.device().describe(), e);
        }
    }

    /** See {@link dev.offload.backend.Backend#wordCount(Buffer, Phases)}. */
    long wordCount(Buffer utf8, Phases phases) {
        ClBuffer text = text(utf8);
        try (Enqueue q = backend.enqueue(phases)) {
            OpenClTextPasses passes = new OpenClTextPasses(backend, q);
            try (OpenClTextPasses.Scan scan = passes.scan(text)) {
                q.finish();
                return scan.words;
            }
        } catch (CLException e) {
            throw Cl.failure("word count of " + text + " on " + backend.device().describe(), e);
        }
    }

    private ClBuffer text(Buffer utf8) {
        ClBuffer text = backend.own(utf8);
        if (text.type() != ElementType.U8) {
            throw new IllegalArgumentException("text kernels take u8 buffers, not " + text.type() + ": " + text);
        }
        return text;
    }

    private static void close(ClBuffer b) {
        if (b != null) {
            b.close();
        }
    }
}
