/**
 * Text: UTF-8 validation and word segmentation with Python's {@code str.split()} rules, in plain Java. The OpenCL
 * text kernels live in {@code kernels/text.cl} and {@code dev.offload.opencl}. Not a public API: applications call
 * {@link dev.offload.Offload#wordLengths(String)} and its siblings.
 */
package dev.offload.text;
