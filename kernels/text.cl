/*
 * text.cl: word lengths of UTF-8 text by Python's str.split() rules, with UTF-8 validation, as data-parallel passes.
 *
 * Correct output is defined by dev.offload.text.JavaWordLengths (sequential path) and, for errors, by
 * dev.offload.text.Utf8.sequenceLength: the first ill-formed sequence is reported at its start (its lead byte, or
 * the stray continuation byte itself). Host side: dev.offload.backend.TextPasses (launches, in this order:
 * count + scan per segment, one small download, positions, then halo + diff per chunk or the histogram).
 *
 * Minimum OpenCL C version: 1.2 (32-bit global and local atomics, popcount; nothing from 2.0).
 *
 * Launch contract. Local size: asked from the device per kernel (CL_KERNEL_WORK_GROUP_SIZE), any value; the host
 * targets 256 on GPUs. The per-byte kernels (count, positions) run exactly one work-group per tile, global = tiles *
 * local, and both with the same local size; text_scan_groups runs exactly one work-group; text_diff_u32 one group
 * per tile of positions; text_halo_u32 (a grid-stride loop) and text_histogram_u32 (a grid-stride loop, or with
 * CONTIGUOUS contiguous slices per work-item) take any global size.
 *
 * Output contract. Pass 1 leaves per-group partial counts; pass 2 their exclusive prefix sums and the totals in a
 * 32-bit state buffer, which is the only thing the host reads before deciding (malformed text throws there, before
 * any output exists). Lengths come out as int32 in the caller's chunked buffer; the histogram as 32-bit bins.
 *
 * Terms. The text is split into buffer chunks (each at most CL_DEVICE_MAX_MEM_ALLOC_SIZE) and each chunk into
 * segments of at most 2^30 bytes; one launch of text_count_u8 or text_positions_u8 covers one segment. A work-group
 * covers a tile of get_local_size(0) * BLOCKS_PER_ITEM * BYTES_PER_ITEM contiguous bytes, a work-item BLOCKS_PER_ITEM
 * blocks of BYTES_PER_ITEM contiguous bytes, one after the other.
 * Every decision about byte i needs only bytes i-3 .. i+3, so a segment reads 3 bytes past each end: from its own
 * chunk where they exist, else from the chunk's 8-byte edge record (3 bytes before the chunk, a pad byte, 3 bytes
 * after, a pad byte), which the host fills from the neighbouring chunks or with 0x20 past the ends of the text. A
 * space before the text makes byte 0 start a word; a space after it makes a truncated sequence ill-formed.
 *
 * Counters are 32-bit (uint). Positions are counts of non-space code points modulo 2^32: only differences of
 * neighbouring positions are used (a word's length), and those are exact for any word shorter than 2^32 code points.
 * The host limits a text to fewer than 2^32 bytes, so word counts fit too.
 *
 * Kernels:
 *
 *   text_count_u8(text, chunkLen, segStart, segLen, edges, edge, counts, groupBase, state, errSlot, scratch)
 *     Pass 1, per segment. global = ceil(segLen / tile) * local. For its tile each group writes
 *     counts[groupBase + group] = (word starts, non-space code points), and validates UTF-8: the smallest offset
 *     (relative to segStart) of an ill-formed sequence goes to state[errSlot] by atomic_min (the host sets it to
 *     0xFFFFFFFF first).
 *
 *   text_scan_groups(counts, groupBase, groups, state, baseSlot, scratch)
 *     Pass 2, per segment, exactly one work-group. Replaces counts[groupBase .. +groups) by exclusive prefix sums
 *     that start at the running totals state[0] (words) and state[1] (non-space code points) of the segments before,
 *     records the words before this segment in state[baseSlot], and adds the segment's totals to state[0..1].
 *     Launched in segment order on an in-order queue.
 *
 *   text_positions_u8(text, chunkLen, segStart, segLen, edges, edge, counts, groupBase, out, outBase, outLen, scratch)
 *     Pass 3, per segment and output chunk. Same geometry as pass 1. Word k (counted over the whole text) starting in
 *     this segment writes out[k - outBase] = P[k], the number of non-space code points before it, when
 *     outBase <= k < outBase + outLen. With P[W] = total non-space code points (state[1]), the length of word k is
 *     P[k+1] - P[k]: a word's code points are exactly the non-space code points between two word starts.
 *
 * The kernels below work on one chunk of positions (count values, P[base .. base + count)); those that need the value
 * after it, P[base + count], take it as next[nextIndex]: element 0 of the next chunk, or state[1] after the last one.
 *
 *   text_halo_u32(positions, count, next, nextIndex, tile, halo)
 *     halo[t] = P[(t + 1) * tile] (or the value after the chunk) for every tile of the chunk. Grid-stride.
 *   text_diff_u32(positions, count, halo, tileBase, tileBuf)
 *     In place: positions[k] = P[k+1] - P[k], the length of word k. One element per work-item, one tile per group
 *     (tile = local size, as passed to text_halo_u32 just before), group g on tile tileBase + g: global = tiles *
 *     local, the chunk's tiles in one launch or several (tileBase 0, then the number of tiles done). A tile is read
 *     into local memory before any of it is overwritten, and the element after the tile comes from halo, saved before
 *     any tile was overwritten, so no work-item reads what another has written. Chunks are processed in order, so
 *     the next chunk's element 0 is still a position when this chunk reads it.
 *
 *   text_histogram_u32(positions, count, next, nextIndex, bins, overflow, overflowCap, local_bins)
 *     Histogram of the same differences without storing them: lengths below HIST_BINS are counted in a local
 *     histogram, then added to bins[0 .. HIST_BINS) (global atomic_add, zeroed by the host); longer lengths are
 *     appended to overflow[1 ..] with overflow[0] as the counter (at most total code points / HIST_BINS of them, the
 *     host sizes overflowCap so). Any number of groups: a grid-stride loop, or with CONTIGUOUS one slice per
 *     work-item.
 *
 * Build defines: BYTES_PER_ITEM (bytes per block, 1..64, default 32), BLOCKS_PER_ITEM (default 1), HIST_BINS (default
 * 1024; local memory of HIST_BINS * 4 bytes per group), CONTIGUOUS (0: the histogram is a grid-stride loop, for
 * GPUs; 1: one contiguous slice per work-item and private bins for lengths below PRIVATE_BINS = 64, for CPU devices).
 * The host uses 16 x 1 on GPUs (neighbouring work-items read neighbouring 16-byte blocks) and 64 x 16 on CPU devices
 * (each work-item walks 1 KiB, few work-items per group).
 */

#ifndef BYTES_PER_ITEM
#define BYTES_PER_ITEM 32
#endif
#ifndef BLOCKS_PER_ITEM
#define BLOCKS_PER_ITEM 1
#endif
#ifndef CONTIGUOUS
#define CONTIGUOUS 0
#endif
#ifndef HIST_BINS
#define HIST_BINS 1024
#endif
#if BYTES_PER_ITEM < 1 || BYTES_PER_ITEM > 64
#error "BYTES_PER_ITEM must be 1..64: per-item flags are kept in 64-bit masks"
#endif

#define WINDOW (BYTES_PER_ITEM + 6)
#define PRIVATE_BINS 64
#define NO_ERROR 0xFFFFFFFFu
/* classify's carry between the blocks of a work-item: unknown, or whether the last byte read is part of a
 * whitespace code point (0 or 1). */
#define CARRY_UNKNOWN 2u

/* Python's str.isspace() code points, recognised from their UTF-8 bytes. Only called on well-formed text
 * positions that matter; on ill-formed text the pass-1 error wins and these answers are never used. */
inline bool ascii_space(uint c) {
    return (c - 0x09u <= 0x04u) || (c - 0x1Cu <= 0x04u);
}

/* a b c is one of the 3-byte whitespace sequences: U+1680, U+2000-200A, U+2028, U+2029, U+202F, U+205F, U+3000. */
inline bool space3(uint a, uint b, uint c) {
    if (a == 0xE2u) {
        if (b == 0x80u) {
            return (c - 0x80u <= 0x0Au) || c == 0xA8u || c == 0xA9u || c == 0xAFu;
        }
        return b == 0x81u && c == 0x9Fu;
    }
    return (a == 0xE1u && b == 0x9Au && c == 0x80u) || (a == 0xE3u && b == 0x80u && c == 0x80u);
}

/* The code point starting with lead byte c (followed by n1 n2) is whitespace. */
inline bool space_at(uint c, uint n1, uint n2) {
    return ascii_space(c) || (c == 0xC2u && (n1 == 0x85u || n1 == 0xA0u)) || space3(c, n1, n2);
}

/* The code point ending with byte p1 (preceded by p2 p3) is whitespace. */
inline bool space_ends(uint p3, uint p2, uint p1) {
    return ascii_space(p1) || (p2 == 0xC2u && (p1 == 0x85u || p1 == 0xA0u)) || space3(p3, p2, p1);
}

/*
 * Bit i set when byte i of x (little-endian, every byte below 0x80) is ASCII whitespace, 9-13 or 28-32. Per byte,
 * x + 0x77 has its top bit set iff x >= 9, 0x8D - x iff x <= 13, and so on; no byte carries into the next because
 * every byte is below 0x80. The multiply gathers the eight top bits into the top byte.
 */
inline ulong ascii_space_bits8(ulong x) {
    ulong ge9 = x + 0x7777777777777777UL;
    ulong le13 = 0x8D8D8D8D8D8D8D8DUL - x;
    ulong ge28 = x + 0x6464646464646464UL;
    ulong le32 = 0xA0A0A0A0A0A0A0A0UL - x;
    ulong top = ((ge9 & le13) | (ge28 & le32)) & 0x8080808080808080UL;
    return ((top >> 7) * 0x0102040810204080UL) >> 56;
}

inline bool is_cont(uint b) {
    return (b & 0xC0u) == 0x80u;
}

/* Number of bytes a lead byte announces; 0 for a continuation byte or a byte that never starts a sequence. */
inline uint lead_len(uint b) {
    return b < 0x80u ? 1u : b < 0xC2u ? 0u : b < 0xE0u ? 2u : b < 0xF0u ? 3u : b < 0xF5u ? 4u : 0u;
}

/*
 * Is the byte c at some position the start of an ill-formed sequence (as Utf8.sequenceLength would report it)?
 * A lead byte is checked against table 3-7 with its followers n1 n2 n3. A continuation byte is fine only when the
 * nearest non-continuation byte before it, at distance d <= 3, is a lead announcing more than d bytes; otherwise it
 * is stray. Every byte before the first error belongs to a well-formed sequence and passes; the first error's own
 * byte fails; so the minimum failing offset is exactly the oracle's offset.
 */
inline bool ill_formed(uint p3, uint p2, uint p1, uint c, uint n1, uint n2, uint n3) {
    if (c < 0x80u) {
        return false;
    }
    if (is_cont(c)) {
        if (!is_cont(p1)) {
            return lead_len(p1) < 2u;
        }
        if (!is_cont(p2)) {
            return lead_len(p2) < 3u;
        }
        return is_cont(p3) || lead_len(p3) < 4u;
    }
    uint lo = 0x80u;
    uint hi = 0xBFu;
    if (c < 0xC2u) {
        return true;
    }
    if (c < 0xE0u) {
        return !is_cont(n1);
    }
    if (c < 0xF0u) {
        lo = c == 0xE0u ? 0xA0u : 0x80u;
        hi = c == 0xEDu ? 0x9Fu : 0xBFu;
        return n1 < lo || n1 > hi || !is_cont(n2);
    }
    if (c < 0xF5u) {
        lo = c == 0xF0u ? 0x90u : 0x80u;
        hi = c == 0xF4u ? 0x8Fu : 0xBFu;
        return n1 < lo || n1 > hi || !is_cont(n2) || !is_cont(n3);
    }
    return true;
}

/*
 * The same decisions for VW bytes at once, as element-wise masks (-1 true, 0 false) over VW-byte windows shifted by
 * -3 .. +3: no branch, so a block with multi-byte sequences costs a few vector operations per VW bytes instead of a
 * branchy scalar pass over every byte (on PoCL that pass made Unicode-heavy text 20x slower than ASCII).
 * Element-for-element these are ascii_space and space_at above; v_ill_formed keeps ill_formed's first error.
 *
 * VW is 16 (OpenCL C's widest vectors, uchar16) unless the compiler is clang and a block is 64 bytes (the CPU shape):
 * then VW is 64, with clang's ext_vector_type, which allows any power of two. On PoCL with AVX-512 one instruction
 * then covers a block where uchar16 took four: a whole word-lengths call on 64 MiB of UnicodeText took 2.0x the CPU
 * time of LoremText with 4 x 16 lanes, 1.15x with 64. GPUs use 16-byte blocks, so VW 16 there.
 */
#if defined(__clang__) && BYTES_PER_ITEM % 64 == 0
#define VW 64
typedef uchar VT __attribute__((ext_vector_type(64)));
typedef char MT __attribute__((ext_vector_type(64)));
typedef VT VTU __attribute__((aligned(1)));
#define VLOAD(q) (*(__global const VTU*) (q))
#else
#define VW 16
#define VT uchar16
#define MT char16
#define VLOAD(q) vload16(0, (q))
#endif
inline MT v_cont(VT x) { return (x & (VT) 0xC0) == (VT) 0x80; }
inline MT v_ascii_space(VT x) { return ((VT) (x - (VT) 0x09) <= (VT) 0x04) | ((VT) (x - (VT) 0x1C) <= (VT) 0x04); }
inline MT v_space3(VT a, VT b, VT c) {
    MT e2_80 = (a == (VT) 0xE2) & (b == (VT) 0x80)
            & (((VT) (c - (VT) 0x80) <= (VT) 0x0A) | (c == (VT) 0xA8) | (c == (VT) 0xA9) | (c == (VT) 0xAF));
    MT e2_81 = (a == (VT) 0xE2) & (b == (VT) 0x81) & (c == (VT) 0x9F);
    MT e1 = (a == (VT) 0xE1) & (b == (VT) 0x9A) & (c == (VT) 0x80);
    MT e3 = (a == (VT) 0xE3) & (b == (VT) 0x80) & (c == (VT) 0x80);
    return e2_80 | e2_81 | e1 | e3;
}
inline MT v_space2(VT a, VT b) { return (a == (VT) 0xC2) & ((b == (VT) 0x85) | (b == (VT) 0xA0)); }
/*
 * Ill-formed UTF-8 for VW bytes at once, cheaper than ill_formed lane by lane but with the same first error: a lead
 * is flagged when one of the continuation bytes it announces is missing or its second byte is out of table 3-7's
 * range, a continuation byte when no lead 1-3 bytes before it announces that many bytes, and a byte that never
 * occurs in UTF-8 always. Before the first error the text is well-formed, so no lane there is flagged; the first
 * error's own byte always is (a stray continuation byte after a complete sequence has no lead announcing it). Lanes
 * after it may be flagged differently from ill_formed, which is harmless: only the smallest offset is kept.
 */
inline MT v_ill_formed(VT p3, VT p2, VT p1, VT c, VT n1, VT n2, VT n3) {
    MT stray = v_cont(c) & ~((p1 >= (VT) 0xC2) | (p2 >= (VT) 0xE0) | (p3 >= (VT) 0xF0));
    MT missing = ((c >= (VT) 0xC2) & ~v_cont(n1)) | ((c >= (VT) 0xE0) & ~v_cont(n2))
            | ((c >= (VT) 0xF0) & ~v_cont(n3));
    MT range = ((c == (VT) 0xE0) & (n1 < (VT) 0xA0)) | ((c == (VT) 0xED) & (n1 > (VT) 0x9F))
            | ((c == (VT) 0xF0) & (n1 < (VT) 0x90)) | ((c == (VT) 0xF4) & (n1 > (VT) 0x8F));
    MT never = ((VT) (c - (VT) 0xC0) <= (VT) 0x01) | (c >= (VT) 0xF5);
    return stray | missing | range | never;
}
/* Bit i set when element i of the mask is true (little-endian: element i is byte i of each ulong). */
#if VW == 64
inline ulong v_bits(MT m) {
    ulong8 t = (as_ulong8(m) >> 7) & (ulong8) (0x0101010101010101UL);
    t = ((t * 0x0102040810204080UL) >> 56) << (ulong8) (0, 8, 16, 24, 32, 40, 48, 56);
    ulong4 a = t.lo | t.hi;
    ulong2 b = a.lo | a.hi;
    return b.x | b.y;
}
#else
inline ulong v_bits(MT m) {
    ulong2 t = as_ulong2(m) & (ulong2) (0x8080808080808080UL);
    ulong lo = ((t.s0 >> 7) * 0x0102040810204080UL) >> 56;
    ulong hi = ((t.s1 >> 7) * 0x0102040810204080UL) >> 56;
    return lo | (hi << 8);
}
#endif

/* Byte at offset rel from segStart (rel may be -3 .. segLen + BYTES_PER_ITEM + 2), from the chunk or its edges. */
inline uint byte_at(__global const uchar* text, ulong chunkLen, ulong segStart, long rel,
                    __global const uchar* edge) {
    long abs = (long) segStart + rel;
    if (abs < 0) {
        return edge[3 + abs];
    }
    if ((ulong) abs >= chunkLen) {
        ulong past = (ulong) abs - chunkLen;
        return past < 3 ? edge[4 + past] : 0x20u;
    }
    return text[abs];
}

/*
 * Classifies the BYTES_PER_ITEM bytes of this work-item starting at segment offset first (only the first n of them
 * are in the segment). Bit j of *ns: byte first+j starts a non-space code point; of *ws: it starts a word. Returns
 * the smallest offset j with an ill-formed sequence, or NO_ERROR. *carry comes in as CARRY_UNKNOWN or, from the
 * previous block of the work-item (the bytes just before these), whether byte first-1 is part of a whitespace code
 * point; it goes out as the same for the last byte of this block (CARRY_UNKNOWN from the byte-by-byte path).
 */
inline uint classify(__global const uchar* text, ulong chunkLen, ulong segStart, uint first, uint n,
                     __global const uchar* edge, ulong* ns, ulong* ws, bool validate, uint* carry) {
    uchar w[WINDOW];
    long from = (long) first - 3;
    ulong keep = n >= 64u ? ~0UL : ((1UL << n) - 1UL);
    bool inside = (long) segStart + from >= 0 && segStart + first + BYTES_PER_ITEM + 3 <= chunkLen;
#if defined(__ENDIAN_LITTLE__) && BYTES_PER_ITEM % 8 == 0
    if (inside) {
        /* An all-ASCII block (the common case) eight bytes at a time: its bytes are well-formed whatever surrounds
         * them, and only the code point ending just before it (maybe a multi-byte space) affects its flags. */
        __global const uchar* p = text + (segStart + first);
        ulong x[BYTES_PER_ITEM / 8];
        ulong any = 0;
#pragma unroll
        for (int k = 0; k < BYTES_PER_ITEM / 8; k++) {
            x[k] = as_ulong(vload8(k, p));
            any |= x[k];
        }
        if ((any & 0x8080808080808080UL) == 0) {
            ulong space = 0;
#pragma unroll
            for (int k = 0; k < BYTES_PER_ITEM / 8; k++) {
                space |= ascii_space_bits8(x[k]) << (8 * k);
            }
            ulong before = *carry != CARRY_UNKNOWN ? *carry : space_ends(p[-3], p[-2], p[-1]) ? 1UL : 0UL;
            *ns = ~space & keep;
            *ws = ~space & ((space << 1) | before) & keep;
            *carry = (uint) (space >> (BYTES_PER_ITEM - 1)) & 1u;
            return NO_ERROR;
        }
    }
#endif
#if defined(__ENDIAN_LITTLE__) && BYTES_PER_ITEM % 16 == 0
    if (inside) {
        /* Multi-byte sequences somewhere in the block: VW bytes at a time with vector masks. Only the start of each
         * whitespace code point is recognised from the bytes (c n1 n2); whether the code point before a byte is
         * whitespace then follows from bit masks: spread each whitespace start over its continuation bytes (at most
         * two), shift by one, and take the code points just before the block from its last bytes. */
        __global const uchar* p = text + (segStart + first);
        ulong contm = 0;
        ulong spacem = 0;
        ulong errm = 0;
#pragma unroll
        for (int k = 0; k < BYTES_PER_ITEM / VW; k++) {
            __global const uchar* q = p + VW * k;
            VT c = VLOAD(q), n1 = VLOAD(q + 1), n2 = VLOAD(q + 2);
            contm |= v_bits(v_cont(c)) << (VW * k);
            spacem |= v_bits(v_ascii_space(c) | v_space2(c, n1) | v_space3(c, n1, n2)) << (VW * k);
            if (validate) {
                VT p3 = VLOAD(q - 3), p2 = VLOAD(q - 2), p1 = VLOAD(q - 1), n3 = VLOAD(q + 3);
                errm |= v_bits(v_ill_formed(p3, p2, p1, c, n1, n2, n3)) << (VW * k);
            }
        }
        /* Whether the last byte before the block is part of a whitespace code point: then that code point runs into
         * the block (if byte 0 is a continuation byte) or ended just before it (if not). Known from the previous
         * block of this work-item, else from the bytes before the block. */
        ulong before;
        if (*carry != CARRY_UNKNOWN) {
            before = *carry;
        } else {
            bool runsIn = (p[-1] >= 0xC0u && space_at(p[-1], p[0], p[1])) || space3(p[-2], p[-1], p[0]);
            before = (contm & 1UL) != 0 ? (runsIn ? 1UL : 0UL) : space_ends(p[-3], p[-2], p[-1]) ? 1UL : 0UL;
        }
        ulong inSpace = spacem | (before & contm);
        inSpace |= (inSpace << 1) & contm;
        inSpace |= (inSpace << 1) & contm;
        ulong nsm = ~contm & ~spacem;
        *ns = nsm & keep;
        *ws = nsm & ((inSpace << 1) | before) & keep;
        *carry = (uint) (inSpace >> (BYTES_PER_ITEM - 1)) & 1u;
        errm &= keep;
        return errm == 0 ? NO_ERROR : (uint) (63 - clz(errm & (~errm + 1UL)));
    }
#endif
    if (inside) {
        __global const uchar* p = text + (segStart + first - 3);
#pragma unroll
        for (int t = 0; t < WINDOW; t++) {
            w[t] = p[t];
        }
    } else {
        /* Unrolled like every loop over w, so its indices are constants and w can live in registers on GPUs. */
#pragma unroll
        for (int t = 0; t < WINDOW; t++) {
            w[t] = (uchar) byte_at(text, chunkLen, segStart, from + t, edge);
        }
    }
    ulong nsm = 0;
    ulong wsm = 0;
    uint err = NO_ERROR;
    uchar any = 0;
#pragma unroll
    for (int t = 0; t < WINDOW; t++) {
        any |= w[t];
    }
    if ((any & 0x80) == 0) {
        /* Pure ASCII window (the common case): no validation, no multi-byte whitespace. */
#pragma unroll
        for (int j = 0; j < BYTES_PER_ITEM; j++) {
            bool nsp = !ascii_space(w[j + 3]);
            nsm |= (ulong) nsp << j;
            wsm |= (ulong) (nsp && ascii_space(w[j + 2])) << j;
        }
    } else {
#pragma unroll
        for (int j = 0; j < BYTES_PER_ITEM; j++) {
            uint p3 = w[j], p2 = w[j + 1], p1 = w[j + 2], c = w[j + 3];
            uint n1 = w[j + 4], n2 = w[j + 5], n3 = w[j + 6];
            if (validate && ill_formed(p3, p2, p1, c, n1, n2, n3) && err == NO_ERROR && (uint) j < n) {
                err = (uint) j;
            }
            bool nsp = !is_cont(c) && !space_at(c, n1, n2);
            nsm |= (ulong) nsp << j;
            wsm |= (ulong) (nsp && space_ends(p3, p2, p1)) << j;
        }
    }
    *ns = nsm & keep;
    *ws = wsm & keep;
    *carry = CARRY_UNKNOWN;
    return err;
}

/* Exclusive prefix sum of v over the work-group (Hillis-Steele; any local size). *total gets the group's sum. */
inline uint2 group_exclusive_scan(uint2 v, __local uint2* s, uint2* total) {
    uint lid = (uint) get_local_id(0);
    uint n = (uint) get_local_size(0);
    s[lid] = v;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (uint off = 1; off < n; off <<= 1) {
        uint2 t = lid >= off ? s[lid - off] : (uint2) (0u, 0u);
        barrier(CLK_LOCAL_MEM_FENCE);
        s[lid] += t;
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    *total = s[n - 1];
    uint2 inclusive = s[lid];
    barrier(CLK_LOCAL_MEM_FENCE);
    return inclusive - v;
}

/* Segment offset of block b of this work-item (its blocks are contiguous), clamped to the segment's end. */
inline uint block_first(uint segLen, uint b) {
    ulong item = (ulong) get_group_id(0) * (uint) get_local_size(0) + (uint) get_local_id(0);
    return (uint) min((item * BLOCKS_PER_ITEM + b) * BYTES_PER_ITEM, (ulong) segLen);
}

__kernel void text_count_u8(__global const uchar* text, ulong chunkLen, ulong segStart, uint segLen,
                            __global const uchar* edges, uint edge,
                            __global uint2* counts, uint groupBase,
                            __global uint* state, uint errSlot, __local uint2* scratch) {
    __global const uchar* e = edges + 8 * (ulong) edge;
    uint2 mine = (uint2) (0u, 0u);
    uint err = NO_ERROR;
    uint carry = CARRY_UNKNOWN;
    for (uint b = 0; b < BLOCKS_PER_ITEM; b++) {
        uint first = block_first(segLen, b);
        uint n = min((uint) BYTES_PER_ITEM, segLen - first);
        if (n == 0) {
            break;
        }
        ulong ns;
        ulong ws;
        uint at = classify(text, chunkLen, segStart, first, n, e, &ns, &ws, true, &carry);
        if (at != NO_ERROR && err == NO_ERROR) {
            err = first + at;
        }
        mine += (uint2) ((uint) popcount(ws), (uint) popcount(ns));
    }
    if (err != NO_ERROR) {
        atomic_min(&state[errSlot], err);
    }
    uint2 total;
    group_exclusive_scan(mine, scratch, &total);
    if ((uint) get_local_id(0) == 0) {
        counts[groupBase + (uint) get_group_id(0)] = total;
    }
}

__kernel void text_scan_groups(__global uint2* counts, uint groupBase, uint groups,
                               __global uint* state, uint baseSlot, __local uint2* scratch) {
    uint lid = (uint) get_local_id(0);
    uint per = (groups + (uint) get_local_size(0) - 1) / (uint) get_local_size(0);
    uint lo = min(lid * per, groups);
    uint hi = min(lo + per, groups);
    uint2 sum = (uint2) (0u, 0u);
    for (uint g = lo; g < hi; g++) {
        sum += counts[groupBase + g];
    }
    uint2 base = (uint2) (state[0], state[1]);
    uint2 total;
    uint2 carry = group_exclusive_scan(sum, scratch, &total) + base;
    for (uint g = lo; g < hi; g++) {
        uint2 c = counts[groupBase + g];
        counts[groupBase + g] = carry;
        carry += c;
    }
    /* Every item's read of state[0..1] above must happen before item 0 overwrites them: the scan's barriers fence
     * local memory only, which lets a compiler move a global load past them; this one fences global memory too. */
    barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);
    if (lid == 0) {
        state[baseSlot] = base.x;
        state[0] = base.x + total.x;
        state[1] = base.y + total.y;
    }
}

__kernel void text_positions_u8(__global const uchar* text, ulong chunkLen, ulong segStart, uint segLen,
                                __global const uchar* edges, uint edge,
                                __global const uint2* counts, uint groupBase,
                                __global uint* out, uint outBase, uint outLen, __local uint2* scratch) {
    __global const uchar* e = edges + 8 * (ulong) edge;
    /* The flags of every block are kept, so each byte is classified once in this pass. */
    ulong nsm[BLOCKS_PER_ITEM];
    ulong wsm[BLOCKS_PER_ITEM];
    uint2 mine = (uint2) (0u, 0u);
    uint carry = CARRY_UNKNOWN;
    for (uint b = 0; b < BLOCKS_PER_ITEM; b++) {
        uint first = block_first(segLen, b);
        uint n = min((uint) BYTES_PER_ITEM, segLen - first);
        nsm[b] = 0;
        wsm[b] = 0;
        if (n > 0) {
            classify(text, chunkLen, segStart, first, n, e, &nsm[b], &wsm[b], false, &carry);
        }
        mine += (uint2) ((uint) popcount(wsm[b]), (uint) popcount(nsm[b]));
    }
    uint2 total;
    uint2 before = group_exclusive_scan(mine, scratch, &total) + counts[groupBase + (uint) get_group_id(0)];
    uint word = before.x;
    uint nonSpace = before.y;
    for (uint b = 0; b < BLOCKS_PER_ITEM; b++) {
        ulong ws = wsm[b];
        ulong ns = nsm[b];
        while (ws != 0) {
            ulong low = ws & (~ws + 1UL);
            uint slot = word - outBase;
            if (slot < outLen) {
                out[slot] = nonSpace + (uint) popcount(ns & (low - 1UL));
            }
            word++;
            ws ^= low;
        }
        nonSpace += (uint) popcount(ns);
    }
}

__kernel void text_halo_u32(__global const uint* positions, uint count, __global const uint* next, uint nextIndex,
                            uint tile, __global uint* halo) {
    uint tiles = (count + tile - 1) / tile;
    for (uint t = (uint) get_global_id(0); t < tiles; t += (uint) get_global_size(0)) {
        uint at = (t + 1) * tile;
        halo[t] = at < count ? positions[at] : next[nextIndex];
    }
}

__kernel void text_diff_u32(__global uint* positions, uint count, __global const uint* halo, uint tileBase,
                            __local uint* tileBuf) {
    uint lid = (uint) get_local_id(0);
    uint tile = (uint) get_local_size(0);
    uint t = tileBase + (uint) get_group_id(0);
    uint k = t * tile + lid;
    tileBuf[lid] = k < count ? positions[k] : 0u;
    barrier(CLK_LOCAL_MEM_FENCE);
    if (k < count) {
        uint following = (lid + 1 < tile && k + 1 < count) ? tileBuf[lid + 1] : halo[t];
        positions[k] = following - tileBuf[lid];
    }
}

__kernel void text_histogram_u32(__global const uint* positions, uint count, __global const uint* next,
                                 uint nextIndex, __global uint* bins, __global uint* overflow, uint overflowCap,
                                 __local uint* local_bins) {
    for (uint b = (uint) get_local_id(0); b < HIST_BINS; b += (uint) get_local_size(0)) {
        local_bins[b] = 0;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    uint last = next[nextIndex];
#if CONTIGUOUS
    /* CPU devices: one contiguous slice per work-item, read in order, and short lengths counted in private bins
     * first, since there every atomic is a locked instruction (on PoCL they took 6x the time of the whole loop). */
    uint mine[PRIVATE_BINS];
    for (uint b = 0; b < PRIVATE_BINS; b++) {
        mine[b] = 0;
    }
    uint per = (count + (uint) get_global_size(0) - 1) / (uint) get_global_size(0);
    uint lo = min((uint) get_global_id(0) * per, count);
    uint hi = min(lo + per, count);
    for (uint k = lo; k < hi; k++) {
#else
    for (uint k = (uint) get_global_id(0); k < count; k += (uint) get_global_size(0)) {
#endif
        uint len = (k + 1 < count ? positions[k + 1] : last) - positions[k];
#if CONTIGUOUS
        if (len < PRIVATE_BINS) {
            mine[len]++;
            continue;
        }
#endif
        if (len < HIST_BINS) {
            atomic_inc(&local_bins[len]);
        } else {
            uint at = atomic_inc(&overflow[0]);
            if (at < overflowCap) {
                overflow[1 + at] = len;
            }
        }
    }
#if CONTIGUOUS
    for (uint b = 0; b < PRIVATE_BINS; b++) {
        if (mine[b] != 0) {
            atomic_add(&local_bins[b], mine[b]);
        }
    }
#endif
    barrier(CLK_LOCAL_MEM_FENCE);
    for (uint b = (uint) get_local_id(0); b < HIST_BINS; b += (uint) get_local_size(0)) {
        uint c = local_bins[b];
        if (c != 0) {
            atomic_add(&bins[b], c);
        }
    }
}
