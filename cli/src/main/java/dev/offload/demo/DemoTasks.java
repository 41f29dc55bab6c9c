package dev.offload.demo;

import dev.offload.pool.Task;
import dev.offload.text.PythonWhitespace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The seed's tasks as {@link Task} values that run on every pool kind, worker processes included: {@code f(x)}, which
 * sleeps and then squares, and the word-length exercise. Public for offload's command line and demos.
 */
public final class DemoTasks {
    /** The seed's {@code f(x)}: sleep one second, return {@code x * x} as a {@code long}. */
    public static final Task<Integer, Long> F = sleepThenSquare(Duration.ofSeconds(1));

    /** The length of a word in code points, as Python's {@code len(w)}. */
    public static final Task<String, Integer> WORD_LENGTH = new WordLength();

    /** The seed's lorem text for the word-length exercise. */
    public static final String LOREM = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor"
            + " incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation"
            + " ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in"
            + " voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non"
            + " proident, sunt in culpa qui officia deserunt mollit anim id est laborum.";

    private DemoTasks() {
    }

    /**
     * {@code f(x)} with another sleep: sleeps {@code sleep}, then returns {@code (long) x * x}.
     *
     * @param sleep how long each call sleeps, not negative
     * @return the task, serializable, so that worker processes can run it
     */
    public static Task<Integer, Long> sleepThenSquare(Duration sleep) {
        Objects.requireNonNull(sleep, "sleep");
        if (sleep.isNegative()) {
            throw new IllegalArgumentException("sleep must not be negative, got " + sleep);
        }
        return new SleepThenSquare(sleep.toNanos());
    }

    /**
     * Python's {@code text.split()}: the maximal runs of non-whitespace code points (Python's whitespace set).
     *
     * @param text the text
     * @return its words in order
     */
    public static List<String> words(String text) {
        Objects.requireNonNull(text, "text");
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (PythonWhitespace.isSpace(cp)) {
                if (start >= 0) {
                    words.add(text.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            words.add(text.substring(start));
        }
        return words;
    }

    private record SleepThenSquare(long sleepNanos) implements Task<Integer, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long call(Integer x) throws InterruptedException {
            Thread.sleep(Duration.ofNanos(sleepNanos));
            return (long) x * x;
        }
    }

    private record WordLength() implements Task<String, Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer call(String w) {
            return w.codePointCount(0, w.length());
        }
    }
}
