/**
 * Text: UTF-8 validation ({@link dev.offload.text.Utf8}), Python's whitespace
 * ({@link dev.offload.text.PythonWhitespace}) and word segmentation with Python's {@code str.split()} rules in plain
 * Java, sequential (the oracle) and chunked on the common fork/join pool ({@link dev.offload.text.JavaWordLengths}).
 *
 * <p>Not here: the plan of launches that runs the text operations on every backend
 * ({@link dev.offload.backend.TextPasses}, over {@code kernels/text.cl} on devices and this package's code on the
 * Java backends). Not a
 * public API: applications call {@link dev.offload.Offload#wordLengths(String)} and its siblings.
 */
package dev.offload.text;
