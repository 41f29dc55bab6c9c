package dev.offload.text;

/**
 * Two small automata that {@link JavaWordLengths} runs side by side over text that is not plain ASCII, one byte at a
 * time: {@link #VALID} checks UTF-8 well-formedness, {@link #SPACE} finds the last byte of each whitespace code point
 * (Python's {@code str.isspace()}).
 *
 * <h2>Why shift automata</h2>
 * Each is a "shift DFA": a state is the bit offset of a 6-bit field, and {@code ROW[b]} holds, at each state's offset,
 * the offset of the state that byte {@code b} leads to, so a step is {@code state = (int) (ROW[b] >>> state)}. Java's
 * long shift uses only the low 6 bits of its count, so the bits above the field need no masking, and the step on the
 * state's critical path is one shift (1 cycle) where a table automaton ({@code TABLE[state + CLASS[b]]}) waits for a
 * dependent load (5 or more). A 64-bit row holds at most ten 6-bit fields, hence two automata rather than one: the
 * product of the two (the earlier single automaton) has 18 states.
 *
 * <h2>{@link #VALID}: well-formedness by Unicode table 3-7</h2>
 * Nine states: {@link #V_ACCEPT} (between code points, also the start), {@link #V_REJECT} (absorbing: the text is
 * ill-formed at or before this byte), the number of continuation bytes still due (one, two, three), and the four
 * leads whose second byte has a narrower range (E0 A0..BF, ED 80..9F, F0 90..BF, F4 80..8F).
 *
 * <h2>{@link #SPACE}: where whitespace ends</h2>
 * Ten states: after a byte that ends a whitespace code point ({@link #S_SPACE}), after any other byte, and eight
 * inside a possible multi-byte space (after C2; after E1, E1 9A; after E2, E2 80, E2 81; after E3, E3 80), which
 * together recognise U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F and U+3000. Its answers
 * mean something only on well-formed text, which {@link #VALID} guarantees wherever they are used. {@link #S_SPACE} is
 * the only state at an odd offset, so bit 0 of the state says "a whitespace code point ended at this byte".
 */
final class Utf8Words {
    /** Validator: between code points (a sequence has just ended), also the start state. */
    static final int V_ACCEPT = 0;
    /** Validator: the text is ill-formed at or before the last byte read; absorbing. */
    static final int V_REJECT = 6;
    private static final int V_NEED1 = 12;
    private static final int V_NEED2 = 18;
    private static final int V_NEED3 = 24;
    private static final int V_E0 = 30;
    private static final int V_ED = 36;
    private static final int V_F0 = 42;
    private static final int V_F4 = 48;
    private static final int[] V_STATES = {V_ACCEPT, V_REJECT, V_NEED1, V_NEED2, V_NEED3, V_E0, V_ED, V_F0, V_F4};

    /** Space finder: a whitespace code point ended at the last byte read (the only odd state). */
    static final int S_SPACE = 1;
    /** Space finder: any other byte; also the start state. */
    static final int S_OTHER = 8;
    private static final int S_C2 = 14;
    private static final int S_E1 = 20;
    private static final int S_E1_9A = 26;
    private static final int S_E2 = 32;
    private static final int S_E2_80 = 38;
    private static final int S_E2_81 = 44;
    private static final int S_E3 = 50;
    private static final int S_E3_80 = 56;
    private static final int[] S_STATES = {S_SPACE, S_OTHER, S_C2, S_E1, S_E1_9A, S_E2, S_E2_80, S_E2_81, S_E3,
        S_E3_80};

    /** Rows of the validator: {@code state = (int) (VALID[b & 0xFF] >>> state)}; compare {@code state & 63}. */
    static final long[] VALID = new long[256];
    /** Rows of the space finder: {@code state = (int) (SPACE[b & 0xFF] >>> state)}; test {@code state & 1}. */
    static final long[] SPACE = new long[256];

    static {
        for (int b = 0; b < 256; b++) {
            long v = 0;
            for (int state : V_STATES) {
                v |= (long) validNext(state, b) << state;
            }
            long s = 0;
            for (int state : S_STATES) {
                s |= (long) spaceNext(state, b) << state;
            }
            VALID[b] = v;
            SPACE[b] = s;
        }
    }

    private Utf8Words() {
    }

    private static boolean isContinuation(int b) {
        return b >= 0x80 && b <= 0xBF;
    }

    private static int validNext(int state, int b) {
        boolean cont = isContinuation(b);
        return switch (state) {
            case V_ACCEPT -> b < 0x80 ? V_ACCEPT
                    : b < 0xC2 ? V_REJECT   // a stray continuation byte, or an overlong lead C0/C1
                    : b < 0xE0 ? V_NEED1
                    : b == 0xE0 ? V_E0
                    : b == 0xED ? V_ED
                    : b < 0xF0 ? V_NEED2
                    : b == 0xF0 ? V_F0
                    : b < 0xF4 ? V_NEED3
                    : b == 0xF4 ? V_F4
                    : V_REJECT;
            case V_NEED1 -> cont ? V_ACCEPT : V_REJECT;
            case V_NEED2 -> cont ? V_NEED1 : V_REJECT;
            case V_NEED3 -> cont ? V_NEED2 : V_REJECT;
            case V_E0 -> b >= 0xA0 && b <= 0xBF ? V_NEED1 : V_REJECT;
            case V_ED -> b >= 0x80 && b <= 0x9F ? V_NEED1 : V_REJECT;
            case V_F0 -> b >= 0x90 && b <= 0xBF ? V_NEED2 : V_REJECT;
            case V_F4 -> b >= 0x80 && b <= 0x8F ? V_NEED2 : V_REJECT;
            default -> V_REJECT;
        };
    }

    private static int spaceNext(int state, int b) {
        if (!isContinuation(b)) {
            return switch (b) {
                case 0xC2 -> S_C2;
                case 0xE1 -> S_E1;
                case 0xE2 -> S_E2;
                case 0xE3 -> S_E3;
                default -> b < 0x80 && PythonWhitespace.isSpace(b) ? S_SPACE : S_OTHER;
            };
        }
        return switch (state) {
            case S_C2 -> b == 0x85 || b == 0xA0 ? S_SPACE : S_OTHER;
            case S_E1 -> b == 0x9A ? S_E1_9A : S_OTHER;
            case S_E1_9A, S_E3_80 -> b == 0x80 ? S_SPACE : S_OTHER;
            case S_E2 -> b == 0x80 ? S_E2_80 : b == 0x81 ? S_E2_81 : S_OTHER;
            case S_E2_80 -> b <= 0x8A || b == 0xA8 || b == 0xA9 || b == 0xAF ? S_SPACE : S_OTHER;
            case S_E2_81 -> b == 0x9F ? S_SPACE : S_OTHER;
            case S_E3 -> b == 0x80 ? S_E3_80 : S_OTHER;
            default -> S_OTHER;
        };
    }
}
