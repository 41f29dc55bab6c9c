package dev.offload.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The files a user names on the command line ({@code --out}, {@code --chart}, {@code chart CSV -o FILE}): checked
 * before any work, so that a long comparison never ends in a file it cannot write, and read or written with errors
 * that say why in one line ({@code cannot write /proc/x.csv: Permission denied}). Folders are never created: a
 * folder that does not exist is more often a typo than a wish.
 */
final class UserFiles {
    private UserFiles() {
    }

    /** An I/O failure already phrased for the user: its message is the whole line after {@code offload: }. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Why {@code file} cannot be written, or {@code null} when it can. Nothing is left behind: an existing file is
     * opened for appending and closed unchanged, a new one is tried by creating and deleting a temporary file
     * beside it (the only test that also holds for root, read-only mounts and {@code /proc}).
     *
     * @param file the file to be written later
     * @return one line: the file and the reason, or {@code null}
     */
    static String whyNotWritable(Path file) {
        Path abs = file.toAbsolutePath();
        Path parent = abs.getParent();
        String head = "cannot write " + file + ": ";
        if (Files.isDirectory(abs)) {
            return head + "it is a folder";
        }
        if (parent != null && !Files.exists(parent)) {
            return head + "folder " + parent + " does not exist (offload creates no folders)";
        }
        if (parent != null && !Files.isDirectory(parent)) {
            return head + parent + " is not a folder";
        }
        try {
            if (Files.exists(abs)) {
                try (FileChannel c = FileChannel.open(abs, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    return null;
                }
            }
            Path probe = Files.createTempFile(parent, ".offload-", ".tmp");
            Files.delete(probe);
            return null;
        } catch (NoSuchFileException e) {
            // A folder that exists but refuses to hold new files (procfs, sysfs) answers ENOENT.
            return head + "folder " + parent + " does not accept new files";
        } catch (IOException e) {
            return head + reason(e);
        }
    }

    /**
     * Why {@code file} cannot be read, or {@code null} when it can.
     *
     * @param file the file to be read
     * @return one line: the file and the reason, or {@code null}
     */
    static String whyNotReadable(Path file) {
        if (Files.isDirectory(file)) {
            return "cannot read " + file + ": it is a folder";
        }
        if (!Files.exists(file)) {
            return "cannot read " + file + ": No such file or directory";
        }
        if (!Files.isReadable(file)) {
            return "cannot read " + file + ": Permission denied";
        }
        return null;
    }

    /**
     * The text of a UTF-8 file.
     *
     * @param file the file
     * @return its text
     * @throws Failure naming the file and why it could not be read
     */
    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Failure("cannot read " + file + ": " + reason(e), e);
        }
    }

    /**
     * Writes {@code text} as UTF-8, replacing the file.
     *
     * @param file the file
     * @param text what it will hold
     * @throws Failure naming the file and why it could not be written
     */
    static void write(Path file, String text) {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code bytes}, replacing the file.
     *
     * @param file  the file
     * @param bytes what it will hold
     * @throws Failure naming the file and why it could not be written
     */
    static void write(Path file, byte[] bytes) {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new Failure("cannot write " + file + ": " + reason(e), e);
        }
    }

    /**
     * The operating system's reason for an I/O failure, in its own words where Java keeps them ({@code Permission
     * denied}, {@code No such file or directory}, {@code Read-only file system}), without the path, which the caller
     * names.
     *
     * @param e the failure
     * @return the reason, never empty
     */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String m = e.getMessage();
        if (e instanceof FileNotFoundException && m != null && m.endsWith(")") && m.contains(" (")) {
            return m.substring(m.lastIndexOf(" (") + 2, m.length() - 1);   // "path (Permission denied)"
        }
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
