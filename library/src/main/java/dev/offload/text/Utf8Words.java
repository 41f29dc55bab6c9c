package dev.offload.text;

import java.util.Arrays;

/**
 * A table-driven automaton that validates UTF-8 and tells, byte by byte, when a non-space or a whitespace code point
 * (Python's {@code str.isspace()}) is complete: the branch-free inner loop of {@link JavaWordLengths} for text that
 * is not plain ASCII.
 *
 * <p>Why a table: decoding one code point at a time branches on its length, and on text that mixes 2-, 3- and 4-byte
 * sequences those branches are mispredicted about once a code point (measured: 4x slower than ASCII). Here each byte
 * costs one lookup whose address depends on the previous state, whatever the mix; the only branch left is taken once
 * per word.
 *
 * <p>States: two accepting ones ({@link #NON_SPACE}, {@link #SPACE}: a code point just ended, and which kind it was;
 * they behave alike on the next byte), {@link #REJECT} (absorbing: the text is ill-formed at or before this byte), and
 * the states inside a sequence, which remember how many continuation bytes are still due, the allowed range of the
 * next one (Unicode table 3-7: E0 A0..BF, ED 80..9F, F0 90..BF, F4 80..8F) and, for the leads C2, E1, E2 and E3, the
 * bytes so far of a possible multi-byte space (U+0085, U+00A0, U+1680, U+2000-200A, U+2028, U+2029, U+202F, U+205F,
 * U+3000). Bytes are first mapped to classes (bytes with the same column in every state), so the table is small.
 * State numbers are premultiplied by the number of classes: the next state is {@code TABLE[state + CLASS[b]]}.
 */
final class Utf8Words {
    // Unmultiplied state numbers.
    private static final int S_NON_SPACE = 0;
    private static final int S_SPACE = 1;
    private static final int S_REJECT = 2;
    private static final int NEED1 = 3;
    private static final int NEED2 = 4;
    private static final int NEED3 = 5;
    private static final int C2 = 6;
    private static final int E1 = 7;
    private static final int E1_9A = 8;
    private static final int E2 = 9;
    private static final int E2_80 = 10;
    private static final int E2_81 = 11;
    private static final int E3 = 12;
    private static final int E3_80 = 13;
    private static final int E0 = 14;
    private static final int ED = 15;
    private static final int F0 = 16;
    private static final int F4 = 17;
    private static final int STATES = 18;

    /** Byte value to class. */
    static final byte[] CLASS = new byte[256];
    /** Number of byte classes; the stride between states in {@link #TABLE}. */
    static final int CLASSES;
    /** Next state (premultiplied) at {@code state + CLASS[b]}. */
    static final int[] TABLE;
    /** A non-space code point has just ended (also the start state). */
    static final int NON_SPACE = 0;
    /** A whitespace code point has just ended. */
    static final int SPACE;
    /** The text is ill-formed. */
    static final int REJECT;

    static {
        int[][] full = new int[STATES][256];
        for (int b = 0; b < 256; b++) {
            full[S_REJECT][b] = S_REJECT;
            full[S_NON_SPACE][b] = fromStart(b);
            boolean cont = b >= 0x80 && b <= 0xBF;
            full[NEED1][b] = cont ? S_NON_SPACE : S_REJECT;
            full[NEED2][b] = cont ? NEED1 : S_REJECT;
            full[NEED3][b] = cont ? NEED2 : S_REJECT;
            full[C2][b] = !cont ? S_REJECT : b == 0x85 || b == 0xA0 ? S_SPACE : S_NON_SPACE;
            full[E1][b] = !cont ? S_REJECT : b == 0x9A ? E1_9A : NEED1;
            full[E1_9A][b] = !cont ? S_REJECT : b == 0x80 ? S_SPACE : S_NON_SPACE;
            full[E2][b] = !cont ? S_REJECT : b == 0x80 ? E2_80 : b == 0x81 ? E2_81 : NEED1;
            full[E2_80][b] = !cont ? S_REJECT
                    : b <= 0x8A || b == 0xA8 || b == 0xA9 || b == 0xAF ? S_SPACE : S_NON_SPACE;
            full[E2_81][b] = !cont ? S_REJECT : b == 0x9F ? S_SPACE : S_NON_SPACE;
            full[E3][b] = !cont ? S_REJECT : b == 0x80 ? E3_80 : NEED1;
            full[E3_80][b] = !cont ? S_REJECT : b == 0x80 ? S_SPACE : S_NON_SPACE;
            full[E0][b] = b >= 0xA0 && b <= 0xBF ? NEED1 : S_REJECT;
            full[ED][b] = b >= 0x80 && b <= 0x9F ? NEED1 : S_REJECT;
            full[F0][b] = b >= 0x90 && b <= 0xBF ? NEED2 : S_REJECT;
            full[F4][b] = b >= 0x80 && b <= 0x8F ? NEED2 : S_REJECT;
        }
        full[S_SPACE] = full[S_NON_SPACE];
        // Classes: byte values whose columns agree in every state.
        int[][] columns = new int[256][];
        int classes = 0;
        int[] representative = new int[256];
        for (int b = 0; b < 256; b++) {
            int[] col = new int[STATES];
            for (int s = 0; s < STATES; s++) {
                col[s] = full[s][b];
            }
            int c = 0;
            while (c < classes && !Arrays.equals(columns[c], col)) {
                c++;
            }
            if (c == classes) {
                columns[classes] = col;
                representative[classes++] = b;
            }
            CLASS[b] = (byte) c;
        }
        CLASSES = classes;
        TABLE = new int[STATES * classes];
        for (int s = 0; s < STATES; s++) {
            for (int c = 0; c < classes; c++) {
                TABLE[s * classes + c] = full[s][representative[c]] * classes;
            }
        }
        SPACE = S_SPACE * classes;
        REJECT = S_REJECT * classes;
    }

    private Utf8Words() {
    }

    private static int fromStart(int b) {
        if (b < 0x80) {
            return PythonWhitespace.isSpace(b) ? S_SPACE : S_NON_SPACE;
        }
        if (b < 0xC2) {
            return S_REJECT;   // a stray continuation byte, or an overlong lead C0/C1
        }
        if (b < 0xE0) {
            return b == 0xC2 ? C2 : NEED1;
        }
        if (b < 0xF0) {
            return switch (b) {
                case 0xE0 -> E0;
                case 0xE1 -> E1;
                case 0xE2 -> E2;
                case 0xE3 -> E3;
                case 0xED -> ED;
                default -> NEED2;
            };
        }
        if (b < 0xF5) {
            return b == 0xF0 ? F0 : b == 0xF4 ? F4 : NEED3;
        }
        return S_REJECT;
    }

    /** Whether {@code state} is between code points (a sequence has just ended). */
    static boolean accepting(int state) {
        return state <= SPACE;
    }
}
