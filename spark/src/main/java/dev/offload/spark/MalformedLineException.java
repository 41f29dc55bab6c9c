package dev.offload.spark;

/**
 * A line of text that offload will not count: it holds U+FFFD, which is what Spark turns bytes that are not UTF-8
 * into when it reads text. Names the file (empty when the data did not come from a file) and the line, counted from
 * 1 by {@code '\n'} within the whole file.
 */
public final class MalformedLineException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;

    /**
     * @param file    the file the line came from, or {@code ""} when not known
     * @param line    the line number, from 1, in the file (or in the partition when there is no file)
     * @param message the whole message
     */
    public MalformedLineException(String file, long line, String message) {
        super(message);
        this.file = file;
        this.line = line;
    }

    /** The file the line came from, or {@code ""} when the data did not come from a file. */
    public String file() {
        return file;
    }

    /** The line number, from 1: in the file, or in the partition when there is no file. */
    public long line() {
        return line;
    }
}
