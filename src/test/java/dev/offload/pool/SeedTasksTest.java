package dev.offload.pool;

import dev.offload.TaskPool;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SeedTasksTest {
    @Test
    void words_pythonWhitespace_splitsLikeStrSplit() {
        assertEquals(List.of("a", "bb", "c\u200Bd", "😀x"), SeedTasks.words("  a\u00A0bb\u3000\tc\u200Bd \n😀x  "));
        assertEquals(List.of(), SeedTasks.words(" \u2028 "));
    }

    @Test
    void wordLength_onEveryInProcessKind_matchesCodePointCount() throws Exception {
        List<String> words = SeedTasks.words(SeedTasks.LOREM + " 😀😀 naïve");
        List<Integer> expected = words.stream().map(w -> w.codePointCount(0, w.length())).toList();
        for (TaskPool pool : List.of(TaskPool.sequential(), TaskPool.threads(2), TaskPool.virtualThreads())) {
            try (pool) {
                assertEquals(expected, pool.map(SeedTasks.WORD_LENGTH, words), pool.kind());
            }
        }
        assertEquals(2, SeedTasks.WORD_LENGTH.call("😀😀"));
    }

    @Test
    void sleepThenSquare_shortSleep_squaresAsLong() throws Exception {
        // past int range: the square is computed in long
        assertEquals(10_000_000_000L, SeedTasks.sleepThenSquare(Duration.ofMillis(1)).call(100_000));
        assertEquals(63_246L * 63_246L, SeedTasks.sleepThenSquare(Duration.ZERO).call(63_246));
        assertThrows(IllegalArgumentException.class, () -> SeedTasks.sleepThenSquare(Duration.ofMillis(-1)));
    }
}
