package dev.offload.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.rdd.InputFileBlockHolder;
import org.apache.spark.unsafe.types.UTF8String;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Which file and line the current element of a partition came from, for error messages. Spark records the file
 * block a task is reading in {@link InputFileBlockHolder} (for {@code textFile} RDDs and file-based Datasets alike;
 * a Spark-internal class, public in bytecode); lines are counted within the block, and only when a line is reported
 * is the block's start converted to a line number, by counting the {@code '\n'} before it in the file.
 */
final class LineTracker {
    private final int partition;
    private UTF8String file;
    private long start = -1;
    private long lineInBlock;
    private long lineInPartition;
    private boolean holderUsable = true;

    LineTracker(int partition) {
        this.partition = partition;
    }

    /** Called once per element, before looking at it. */
    void next() {
        lineInPartition++;
        if (holderUsable) {
            try {
                UTF8String f = InputFileBlockHolder.getInputFilePath();
                long s = InputFileBlockHolder.getStartOffset();
                if (f != file || s != start) {
                    file = f;
                    start = s;
                    lineInBlock = 0;
                }
            } catch (LinkageError e) {
                holderUsable = false;
            }
        }
        lineInBlock++;
    }

    /** The failure for the current line, which holds U+FFFD at {@code charIndex}. */
    MalformedLineException malformed(int charIndex) {
        String f = file == null ? "" : file.toString();
        String why = ": the line holds U+FFFD at character " + charIndex + ", which is what Spark reads bytes that "
                + "are not UTF-8 as (offload counts Python's words of well-formed UTF-8 only)";
        if (f.isEmpty()) {
            return new MalformedLineException("", lineInPartition,
                    "malformed UTF-8 in line " + lineInPartition + " of partition " + partition + why);
        }
        if (start <= 0) {
            return new MalformedLineException(f, lineInBlock, "malformed UTF-8 in " + f + ", line " + lineInBlock + why);
        }
        try {
            long line = linesBeforeBlock(f, start) + lineInBlock;
            return new MalformedLineException(f, line, "malformed UTF-8 in " + f + ", line " + line + why);
        } catch (IOException | RuntimeException e) {
            return new MalformedLineException(f, lineInBlock, "malformed UTF-8 in " + f + ", line " + lineInBlock
                    + " of the split starting at byte " + start + why + " (the file could not be re-read to number the"
                    + " line: " + e + ")");
        }
    }

    /** A description of the current element, for other errors. */
    String where() {
        String f = file == null ? "" : file.toString();
        return f.isEmpty() ? "element " + lineInPartition + " of partition " + partition
                : "line " + lineInBlock + " of the block of " + f + " starting at byte " + start;
    }

    /**
     * Lines of the file that come before the first line of a split starting at {@code start}: Hadoop's line reader
     * skips a split's first partial line (the previous split reads it), so the split's first line starts after the
     * first {@code '\n'} at or after {@code start}.
     */
    static long linesBeforeBlock(String file, long start) throws IOException {
        Path p;
        try {
            p = new Path(new URI(file));
        } catch (URISyntaxException e) {
            p = new Path(file);
        }
        FileSystem fs = p.getFileSystem(new Configuration());
        long lines = 0;
        long pos = 0;
        try (InputStream in = new BufferedInputStream(fs.open(p), 1 << 16)) {
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    lines++;
                    if (pos >= start) {
                        return lines;
                    }
                }
                pos++;
            }
        }
        return lines;
    }
}
