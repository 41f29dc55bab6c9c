#!/usr/bin/env python3
"""Writes the word-length test resources of offload: Python 3 is the oracle.

Run from the repository root (deterministic: the same files every run, on any Python 3.8+):

    python3 src/test/python/gen_word_cases.py

It writes, under src/test/resources/text/:

  words/index.tsv          one line per case: name, text bytes, word count, what the case is for
  words/NAME.txt           the text, raw UTF-8 (no BOM, no newline added)
  words/NAME.lengths.gz    gzip of the expected [len(w) for w in text.split()], space-separated decimal
  malformed/index.tsv      one line per case: name, length, expected offset, Python's reason
  malformed/NAME.bin       the bytes (not UTF-8)

The expected offset of a malformed case is UnicodeDecodeError.start from bytes.decode('utf-8'). Before writing, the
script checks (1) that Python's str.isspace() set is the 29 code points offload hard-codes, and (2) on a large
random sample of byte strings, that Python's .start equals offload's rule (the offset of the lead byte of the first
sequence that is not well-formed by the Unicode standard's table 3-7, or of a stray byte); it stops if either
disagrees.
"""

import gzip
import os
import random
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "text")

# ------------------------------------------------------------------------------------------------ alphabets

WHITESPACE = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680] \
    + list(range(0x2000, 0x200B)) + [0x2028, 0x2029, 0x202F, 0x205F, 0x3000]

# Not whitespace for Python, though they look like it, are invisible, or were whitespace in older Unicode.
LOOKALIKES = [0x200B, 0xFEFF, 0x00AD, 0x2060, 0x180E, 0x200C, 0x200D, 0x3164, 0x2800, 0x115F, 0x0000, 0x007F,
              0x001B, 0x0080, 0x0084, 0x0086, 0x009F, 0x0008, 0x000E, 0x001A, 0xFFFE, 0xFFFF, 0xE000, 0x10FFFF]
COMBINING = [0x0301, 0x0308, 0x0323, 0x20DD, 0x1AB0, 0xFE0F, 0x1F3FD]   # last: skin-tone modifier (astral)
ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:!?'\"-()[]{}<>/\\@#$%^&*_+=~`|"
TWO_BYTE = "éèàüößñçÆøåŁżЖжЯяαβγΩשלוםمرحباאբարեւ"
THREE_BYTE = "中文字漢語日本ひらがなカタカナ한국어สวัสดีनमस्तेᚠᚢᚦ€™…‘’“”‐–—"
ASTRAL = ["\U0001F600", "\U0001F44D", "\U0001D518", "\U00010348", "\U0001F1EB\U0001F1F7",
          "\U0001F468\u200D\U0001F469\u200D\U0001F467", "\U00020000", "\U0002A6DF", "\U0001F9D1\U0001F3FD"]


def check_whitespace_set():
    py = [c for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    if py != WHITESPACE or len(py) != 29:
        sys.exit("Python's isspace() set differs from offload's 29 code points: %s" % [hex(c) for c in py])
    for c in LOOKALIKES + COMBINING:
        assert not chr(c).isspace(), hex(c)


# ------------------------------------------------------------------------------------------------ texts

class Pieces:
    """Weighted random pieces of text (each a str), for one flavour of case."""

    def __init__(self, rnd, weights):
        self.rnd = rnd
        self.kinds = list(weights)
        self.cum = []
        total = 0
        for k in self.kinds:
            total += weights[k]
            self.cum.append(total)
        self.total = total

    def piece(self):
        x = self.rnd.random() * self.total
        for k, c in zip(self.kinds, self.cum):
            if x < c:
                return self.make(k)
        return self.make(self.kinds[-1])

    def make(self, kind):
        r = self.rnd
        if kind == "ascii":
            return "".join(r.choice(ASCII_LETTERS) for _ in range(r.randint(1, 9)))
        if kind == "two":
            return r.choice(TWO_BYTE)
        if kind == "three":
            return r.choice(THREE_BYTE)
        if kind == "astral":
            return r.choice(ASTRAL)
        if kind == "space":
            return " "
        if kind == "ws":
            return chr(r.choice(WHITESPACE))
        if kind == "wsrun":
            return "".join(chr(r.choice(WHITESPACE)) for _ in range(r.randint(2, 12)))
        if kind == "crlf":
            return "\r\n"
        if kind == "look":
            return chr(r.choice(LOOKALIKES))
        if kind == "comb":
            return chr(r.choice(COMBINING))
        raise ValueError(kind)


FLAVOURS = {
    # Lorem-like prose: mostly ASCII words and single spaces.
    "ascii": {"ascii": 60, "space": 30, "crlf": 2, "ws": 1},
    # Everything at once.
    "mixed": {"ascii": 20, "two": 12, "three": 12, "astral": 6, "space": 14, "ws": 10, "wsrun": 3, "crlf": 2,
              "look": 6, "comb": 5},
    # Many kinds of whitespace and long runs of it, few words.
    "spacey": {"wsrun": 30, "ws": 30, "ascii": 5, "three": 5, "look": 5},
    # Almost no whitespace: CJK and emoji, so words are long and multi-byte characters straddle every boundary.
    "dense": {"three": 40, "astral": 20, "two": 20, "comb": 5, "look": 5, "ws": 0.3},
}


def fit(rnd, text_pieces, size, pieces):
    """Concatenates pieces until exactly `size` UTF-8 bytes; the last bytes are ASCII when a piece would overflow."""
    out = []
    n = 0
    while n < size:
        p = pieces.piece()
        b = len(p.encode("utf-8"))
        if n + b > size:
            p = rnd.choice("ab \t\n")
            b = 1
        out.append(p)
        n += b
    text = "".join(out)
    assert len(text.encode("utf-8")) == size
    return text


def flavour_text(rnd, flavour, size):
    return fit(rnd, None, size, Pieces(rnd, FLAVOURS[flavour]))


def long_words(rnd, size):
    """Words of 1 to 12000 bytes (mixed widths) between short runs of mixed whitespace."""
    letters = Pieces(rnd, {"ascii": 5, "two": 3, "three": 3, "astral": 1, "look": 1, "comb": 1})
    out = []
    n = 0
    while n < size:
        target = rnd.choice([1, 2, 3, 4, 100, 4095, 4096, 4097, 5000, 12000])
        word = []
        wb = 0
        while wb < target:
            p = letters.piece()
            word.append(p)
            wb += len(p.encode("utf-8"))
        sep = "".join(chr(rnd.choice(WHITESPACE)) for _ in range(rnd.randint(1, 3)))
        piece = "".join(word) + sep
        out.append(piece)
        n += len(piece.encode("utf-8"))
    text = "".join(out)
    b = text.encode("utf-8")[:size]
    t = b.decode("utf-8", errors="ignore")   # drops a code point cut by the end...
    return t + "x" * (size - len(t.encode("utf-8")))   # ...and pads to exactly `size` bytes


def straddle(rnd, boundary, cp, offset_in_char, size):
    """ASCII words and spaces with the code point cp placed so that `boundary` falls inside it."""
    ch = chr(cp)
    w = len(ch.encode("utf-8"))
    start = boundary - offset_in_char
    head = fit(rnd, None, start, Pieces(rnd, FLAVOURS["ascii"]))
    tail = fit(rnd, None, size - start - w, Pieces(rnd, FLAVOURS["ascii"]))
    return head + ch + tail


# ------------------------------------------------------------------------------------------------ malformed

def rule_offset(b):
    """offload's rule: offset of the first byte that does not start a well-formed sequence (table 3-7), or None."""
    i = 0
    n = len(b)
    while i < n:
        b0 = b[i]
        if b0 < 0x80:
            i += 1
            continue
        if 0xC2 <= b0 <= 0xDF:
            length, lo, hi = 2, 0x80, 0xBF
        elif 0xE0 <= b0 <= 0xEF:
            length, lo, hi = 3, 0xA0 if b0 == 0xE0 else 0x80, 0x9F if b0 == 0xED else 0xBF
        elif 0xF0 <= b0 <= 0xF4:
            length, lo, hi = 4, 0x90 if b0 == 0xF0 else 0x80, 0x8F if b0 == 0xF4 else 0xBF
        else:
            return i
        for k in range(1, length):
            if i + k >= n:
                return i
            c = b[i + k]
            if not ((lo if k == 1 else 0x80) <= c <= (hi if k == 1 else 0xBF)):
                return i
        i += length
    return None


def python_offset(b):
    try:
        b.decode("utf-8")
        return None, None
    except UnicodeDecodeError as e:
        return e.start, e.reason


def check_python_matches_rule(rnd, samples):
    interesting = [0x00, 0x20, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
                   0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF7, 0xF8, 0xFB, 0xFC, 0xFE, 0xFF]
    disagreements = []
    for _ in range(samples):
        n = rnd.randint(1, 8)
        if rnd.random() < 0.5:
            b = bytes(rnd.choice(interesting) for _ in range(n))
        else:
            b = bytes(rnd.randrange(256) for _ in range(n))
        py, _ = python_offset(b)
        ours = rule_offset(b)
        if py != ours:
            disagreements.append((b.hex(), py, ours))
    # Every 1-, 2- and 3-byte string exhaustively, and every 4-byte string that starts with a lead byte F0..F4.
    for x in range(256):
        for b in [bytes([x])] + [bytes([x, y]) for y in range(256)]:
            if python_offset(b)[0] != rule_offset(b):
                disagreements.append((b.hex(), python_offset(b)[0], rule_offset(b)))
        for y in range(256):
            for z in range(0, 256, 1 if 0xE0 <= x <= 0xF4 else 17):
                b = bytes([x, y, z])
                if python_offset(b)[0] != rule_offset(b):
                    disagreements.append((b.hex(), python_offset(b)[0], rule_offset(b)))
    for x in range(0xF0, 0xF5):
        for y in range(0x70, 0xC8):
            for z in (0x41, 0x7F, 0x80, 0xBF, 0xC0):
                for w in (0x20, 0x80, 0x9F, 0xBF, 0xC2, 0xFF):
                    b = bytes([x, y, z, w])
                    if python_offset(b)[0] != rule_offset(b):
                        disagreements.append((b.hex(), python_offset(b)[0], rule_offset(b)))
    return disagreements


# Each bad sequence, as it appears in the text; the expected offset is found by Python, not assumed.
BAD = {
    "overlong2-c0": b"\xc0\x80",
    "overlong2-c1": b"\xc1\xbf",
    "overlong3": b"\xe0\x80\x80",
    "overlong3-9f": b"\xe0\x9f\xbf",
    "overlong4": b"\xf0\x80\x80\x80",
    "overlong4-8f": b"\xf0\x8f\xbf\xbf",
    "surrogate-high": b"\xed\xa0\x80",
    "surrogate-low": b"\xed\xbf\xbf",
    "above-10ffff-f4": b"\xf4\x90\x80\x80",
    "above-10ffff-f5": b"\xf5\x80\x80\x80",
    "byte-f8": b"\xf8\x88\x80\x80\x80",
    "byte-fe": b"\xfe",
    "byte-ff": b"\xff",
    "stray-80": b"\x80",
    "stray-bf": b"\xbf",
    "stray-run": b"\x80\x80\x80\x80",
    "truncated2": b"\xc3",
    "truncated3-1": b"\xe2",
    "truncated3-2": b"\xe2\x82",
    "truncated4-3": b"\xf0\x9f\x98",
    "bad-cont2": b"\xc3\x28",
    "bad-cont3": b"\xe2\x28\xa1",
    "bad-cont3-last": b"\xe2\x82\x28",
    "bad-cont4-last": b"\xf0\x9f\x98\x20",
    "lead-after-lead": b"\xe2\xe2\x82\xac",
}


def write_malformed(rnd, outdir):
    rows = []
    ascii_p = Pieces(rnd, FLAVOURS["ascii"])
    mixed_p = Pieces(rnd, FLAVOURS["mixed"])

    def add(name, data):
        off, reason = python_offset(data)
        assert off is not None, name
        ours = rule_offset(data)
        assert ours == off, (name, off, ours)
        with open(os.path.join(outdir, name + ".bin"), "wb") as f:
            f.write(data)
        rows.append((name, len(data), off, reason))

    def text(n, pieces=mixed_p):
        return fit(rnd, None, n, pieces).encode("utf-8")

    for kind, bad in BAD.items():
        truncated = kind.startswith("truncated")
        add("%s-alone" % kind, bad)
        if not truncated:   # at the end a truncated sequence is "unexpected end of data"; elsewhere it is the same bug
            add("%s-start" % kind, bad + text(40))
        # A truncated sequence is followed by a space (not a continuation byte) in the middle of the text.
        add("%s-middle" % kind, text(37) + bad + (b" " if truncated else b"") + text(29))
        add("%s-end" % kind, text(50) + bad)
        # The bad sequence starting just before, at, and just after a 4 KiB boundary, so that it straddles it.
        for delta in (-3, -2, -1, 0, 1):
            start = 4096 + delta
            add("%s-at-%d" % (kind, start), text(start, ascii_p) + bad + text(64))
    # A valid character cut by the end of the text at a 4 KiB boundary.
    add("truncated-at-4096", text(4094, ascii_p) + "\U0001F600".encode("utf-8")[:2])
    # Two errors: only the first may be reported, even when the second one sits in an earlier-finishing chunk.
    add("two-errors-far", text(5000) + b"\xff" + text(70000) + b"\xc0\x80" + text(100))
    add("two-errors-adjacent", text(4095, ascii_p) + b"\xed\xa0\x80\x80" + text(10))
    # Deep in a larger text, near 64 KiB and 1 MiB boundaries (the Java parallel path's chunk sizes).
    add("late-error-1mb", text((1 << 20) - 2, ascii_p) + b"\xe2\x82" + b"x" + text(3000))
    add("late-error-65536", text(65535, ascii_p) + b"\xf0\x9f\x98" + b" " + text(65536))
    # Valid text whose only flaw is the very last byte.
    add("last-byte-of-300k", text(300000) + b"\x80")
    rows.sort()
    with open(os.path.join(outdir, "index.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# name\tbytes\texpected_offset\tpython_reason\n")
        for r in rows:
            f.write("%s\t%d\t%d\t%s\n" % r)
    return rows


# ------------------------------------------------------------------------------------------------ main

def write_word_case(outdir, rows, name, text, why):
    data = text.encode("utf-8")
    lengths = [len(w) for w in text.split()]
    with open(os.path.join(outdir, name + ".txt"), "wb") as f:
        f.write(data)
    # mtime=0: the same bytes on every run, so regenerating does not dirty git.
    with open(os.path.join(outdir, name + ".lengths.gz"), "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
            f.write(" ".join(map(str, lengths)).encode("ascii"))
    rows.append((name, len(data), len(lengths), why))


def main():
    check_whitespace_set()
    rnd = random.Random(20261127)
    bad = check_python_matches_rule(rnd, 300000)
    if bad:
        for b in bad[:50]:
            print("Python and table 3-7 disagree: bytes %s python %s rule %s" % b)
        sys.exit("%d disagreements" % len(bad))

    words = os.path.join(ROOT, "words")
    malformed = os.path.join(ROOT, "malformed")
    for d in (words, malformed):
        os.makedirs(d, exist_ok=True)
        for f in os.listdir(d):
            os.remove(os.path.join(d, f))

    rows = []
    small = [0, 1, 2, 3, 4, 5, 7, 8, 31, 63, 64, 65, 255, 256, 257, 1000, 1023, 1024, 1025]
    boundary = [4095, 4096, 4097, 8191, 8192, 8193, 65535, 65536, 65537]
    for flavour in FLAVOURS:
        for size in small + boundary:
            r = random.Random("%s-%d" % (flavour, size))
            write_word_case(words, rows, "%s-%d" % (flavour, size), flavour_text(r, flavour, size),
                            "random %s text of %d bytes" % (flavour, size))
    for size in (4095, 4096, 4097, 70000, 300000):
        r = random.Random("long-%d" % size)
        t = long_words(r, size)
        write_word_case(words, rows, "longwords-%d" % size, t,
                        "words of up to 12000 bytes spanning 4 KiB boundaries")
    # One code point cut by each 4 KiB boundary at every possible place inside it: 2-, 3- and 4-byte, space or not.
    for cp, label in ((0x00A0, "nbsp"), (0x0085, "nel"), (0x00E9, "e-acute"), (0x3000, "ideographic-space"),
                      (0x2029, "paragraph-separator"), (0x200B, "zwsp"), (0x20AC, "euro"), (0x1F600, "emoji")):
        w = len(chr(cp).encode("utf-8"))
        for k in range(1, w):
            for boundary_at in (4096, 8192):
                r = random.Random("straddle-%x-%d-%d" % (cp, k, boundary_at))
                write_word_case(words, rows, "straddle-%s-%d-%d" % (label, boundary_at, k),
                                straddle(r, boundary_at, cp, k, boundary_at + 500),
                                "U+%04X with %d of its bytes before byte %d" % (cp, k, boundary_at))
    # Large cases: several megabytes in all, each flavour of content.
    for name, size, flavour in (("large-mixed", 3_000_017, "mixed"), ("large-ascii", 1_572_865, "ascii"),
                                ("large-dense", 1_048_579, "dense"), ("large-spacey", 524_289, "spacey")):
        r = random.Random(name)
        write_word_case(words, rows, "%s-%d" % (name, size), flavour_text(r, flavour, size),
                        "random %s text of %d bytes" % (flavour, size))
    r = random.Random("large-longwords")
    t = long_words(r, 1_500_000)
    write_word_case(words, rows, "large-longwords-1500000", t, "long words, 1.5 MB")
    rows.sort()
    with open(os.path.join(words, "index.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# name\tbytes\twords\tdescription\n")
        for row in rows:
            f.write("%s\t%d\t%d\t%s\n" % row)

    mrows = write_malformed(random.Random(7), malformed)
    total = sum(os.path.getsize(os.path.join(d, f)) for d in (words, malformed) for f in os.listdir(d))
    print("wrote %d word cases and %d malformed cases, %.1f MB" % (len(rows), len(mrows), total / 1e6))


if __name__ == "__main__":
    main()
