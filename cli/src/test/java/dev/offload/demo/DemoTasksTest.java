package dev.offload.demo;

import dev.offload.pool.TaskPool;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DemoTasksTest {
    @Test
    void words_pythonWhitespace_splitsLikeStrSplit() {
        assertEquals(List.of("a", "bb", "c\u200Bd", "😀x"), DemoTasks.words("  a\u00A0bb\u3000\tc\u200Bd \n😀x  "));
        assertEquals(List.of(), DemoTasks.words(" \u2028 "));
    }

    @Test
    void wordLength_onEveryInProcessKind_matchesCodePointCount() throws Exception {
        List<String> words = DemoTasks.words(DemoTasks.LOREM + " 😀😀 naïve");
        List<Integer> expected = words.stream().map(w -> w.codePointCount(0, w.length())).toList();
        for (TaskPool pool : List.of(TaskPool.sequential(), TaskPool.threads(2), TaskPool.virtualThreads())) {
            try (pool) {
                assertEquals(expected, pool.map(DemoTasks.WORD_LENGTH, words), pool.kind());
            }
        }
        assertEquals(2, DemoTasks.WORD_LENGTH.call("😀😀"));
    }

    @Test
    void sleepThenSquare_shortSleep_squaresAsLong() throws Exception {
        // past int range: the square is computed in long
        assertEquals(10_000_000_000L, DemoTasks.sleepThenSquare(Duration.ofMillis(1)).call(100_000));
        assertEquals(63_246L * 63_246L, DemoTasks.sleepThenSquare(Duration.ZERO).call(63_246));
        assertThrows(IllegalArgumentException.class, () -> DemoTasks.sleepThenSquare(Duration.ofMillis(-1)));
    }
}
