/*
 * prelude.cl: Java semantics in OpenCL C, prepended to every kernel dev.offload.translate emits.
 *
 * Correct output: the JVM's (JLS chapter 15, JVMS chapter 6, the Javadoc of java.lang.Math/Integer/Long/Float/
 *   Double). Every function here is exact unless it calls an OpenCL built-in listed in the ULP table of
 *   dev/offload/translate/package-info.java.
 * No C undefined behaviour: signed + - * and << are done on unsigned types and reinterpreted with as_T (two's
 *   complement wrap); shift counts are masked; division never sees a zero divisor or MIN / -1; float to integer
 *   conversions saturate and map NaN to 0 before any C cast.
 * Build options and defines (set by the launcher):
 *   OFFLOAD_FP32_CORRECTLY_ROUNDED=1  with -cl-fp32-correctly-rounded-divide-sqrt, when the device reports
 *                                     CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT: float division is a plain '/'.
 *                                     Otherwise it is computed in double and rounded once (exact: 53 >= 2*24+2
 *                                     bits, so the double rounding is innocuous), or, on a device without fp64,
 *                                     a plain '/' within 2.5 ulp.
 *   never -cl-mad-enable, -cl-unsafe-math-optimizations, -cl-fast-relaxed-math, -cl-denorms-are-zero.
 * Needs: OpenCL C 1.2; cl_khr_fp64 for the double functions (compiled only where the device has it);
 *   cl_khr_int64_base_atomics for Atomics.add on long[].
 */
#pragma OPENCL FP_CONTRACT OFF
#ifdef cl_khr_fp64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif
#ifdef cl_khr_int64_base_atomics
#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable
#endif

/* faults = {kind, index, length, site}: 1 index out of bounds, 2 division by zero, 3 negative array size. */
static void offload_fault(__global int *faults, int kind, int index, int length, int site) {
    if (atomic_cmpxchg((volatile __global int *) faults, 0, kind) == 0) {
        faults[1] = index;
        faults[2] = length;
        faults[3] = site;
    }
}

/* ---- int and long arithmetic: JLS 15.17, 15.18, 15.19 ---- */
static inline int j_iadd(int a, int b) { return as_int(as_uint(a) + as_uint(b)); }
static inline int j_isub(int a, int b) { return as_int(as_uint(a) - as_uint(b)); }
static inline int j_imul(int a, int b) { return as_int(as_uint(a) * as_uint(b)); }
static inline int j_ineg(int a) { return as_int(0u - as_uint(a)); }
/* b != 0 is the caller's check; MIN / -1 overflows in C, Java gives MIN (and MIN % -1 gives 0). */
static inline int j_idiv(int a, int b) { return b == -1 ? j_ineg(a) : (b == 0 ? 0 : a / b); }
static inline int j_irem(int a, int b) { return (b == -1 || b == 0) ? 0 : a % b; }
static inline int j_ishl(int a, int s) { return as_int(as_uint(a) << (s & 31)); }
static inline int j_ishr(int a, int s) { return a >> (s & 31); }
static inline int j_iushr(int a, int s) { return as_int(as_uint(a) >> (s & 31)); }
static inline long j_ladd(long a, long b) { return as_long(as_ulong(a) + as_ulong(b)); }
static inline long j_lsub(long a, long b) { return as_long(as_ulong(a) - as_ulong(b)); }
static inline long j_lmul(long a, long b) { return as_long(as_ulong(a) * as_ulong(b)); }
static inline long j_lneg(long a) { return as_long(0ul - as_ulong(a)); }
static inline long j_ldiv(long a, long b) { return b == -1 ? j_lneg(a) : (b == 0 ? 0 : a / b); }
static inline long j_lrem(long a, long b) { return (b == -1 || b == 0) ? 0 : a % b; }
static inline long j_lshl(long a, int s) { return as_long(as_ulong(a) << (s & 63)); }
static inline long j_lshr(long a, int s) { return a >> (s & 63); }
static inline long j_lushr(long a, int s) { return as_long(as_ulong(a) >> (s & 63)); }
static inline int j_lcmp(long a, long b) { return a > b ? 1 : (a == b ? 0 : -1); }

/* ---- narrowing: JLS 5.1.3 ---- */
static inline int j_l2i(long a) { return as_int((uint) as_ulong(a)); }
static inline int j_i2b(int a) { return (int) as_char((uchar) as_uint(a)); }
static inline int j_i2s(int a) { return (int) as_short((ushort) as_uint(a)); }
static inline int j_i2c(int a) { return (int) (ushort) as_uint(a); }
/* Saturating, NaN -> 0: 2^31 and 2^63 are exact in float, so x >= 0x1p31f catches every value too large. */
static inline int j_f2i(float x) { return x != x ? 0 : (x >= 0x1p31f ? INT_MAX : (x <= -0x1p31f ? INT_MIN : (int) x)); }
static inline long j_f2l(float x) { return x != x ? 0 : (x >= 0x1p63f ? LONG_MAX : (x <= -0x1p63f ? LONG_MIN : (long) x)); }

/* ---- float ---- */
#if defined(OFFLOAD_FP32_CORRECTLY_ROUNDED) && OFFLOAD_FP32_CORRECTLY_ROUNDED
static inline float j_fdiv(float a, float b) { return a / b; }
#elif defined(cl_khr_fp64)
static inline float j_fdiv(float a, float b) { return (float) ((double) a / (double) b); }
#else
static inline float j_fdiv(float a, float b) { return a / b; }
#endif
static inline int j_fcmpl(float a, float b) { return a > b ? 1 : (a == b ? 0 : -1); }
static inline int j_fcmpg(float a, float b) { return a < b ? -1 : (a == b ? 0 : 1); }
static inline float j_fabs(float a) { return as_float(as_uint(a) & 0x7fffffffu); }
static inline float j_fmax(float a, float b) {
    if (a != a) return a;
    if (a == 0.0f && b == 0.0f && as_uint(a) == 0x80000000u) return b;
    return a >= b ? a : b;
}
static inline float j_fmin(float a, float b) {
    if (a != a) return a;
    if (a == 0.0f && b == 0.0f && as_uint(b) == 0x80000000u) return b;
    return a <= b ? a : b;
}
static inline float j_fcopysign(float m, float s) { return as_float((as_uint(s) & 0x80000000u) | (as_uint(m) & 0x7fffffffu)); }
static inline float j_fcopysign_strict(float m, float s) { return j_fcopysign(m, s != s ? 1.0f : s); }
static inline float j_fsignum(float f) { return (f == 0.0f || f != f) ? f : j_fcopysign(1.0f, f); }
/* Math.round(float), as the JDK writes it: exact integer arithmetic on the bits. */
static inline int j_fround(float a) {
    int bits = as_int(a);
    int biasedExp = (bits & 0x7F800000) >> 23;
    int shift = (22 + 127) - biasedExp;
    if ((shift & -32) == 0) {
        int r = (bits & 0x007FFFFF) | 0x00800000;
        if (bits < 0) r = -r;
        return ((r >> shift) + 1) >> 1;
    }
    return j_f2i(a);
}
static inline int j_f2bits(float f) { return f != f ? 0x7fc00000 : as_int(f); }
static inline int j_fcompare(float a, float b) {
    if (a < b) return -1;
    if (a > b) return 1;
    int x = j_f2bits(a), y = j_f2bits(b);
    return x == y ? 0 : (x < y ? -1 : 1);
}

/* ---- int and long library methods (Integer, Long, Math) ---- */
static inline int j_iabs(int a) { return a < 0 ? j_ineg(a) : a; }
static inline long j_labs(long a) { return a < 0 ? j_lneg(a) : a; }
static inline int j_ifloordiv(int x, int y) { int q = j_idiv(x, y); if ((x ^ y) < 0 && j_imul(q, y) != x) q--; return q; }
static inline int j_ifloormod(int x, int y) { int r = j_irem(x, y); if ((x ^ y) < 0 && r != 0) r += y; return r; }
static inline long j_lfloordiv(long x, long y) { long q = j_ldiv(x, y); if ((x ^ y) < 0 && j_lmul(q, y) != x) q--; return q; }
static inline long j_lfloormod(long x, long y) { long r = j_lrem(x, y); if ((x ^ y) < 0 && r != 0) r += y; return r; }
static inline int j_ictz(int a) { return a == 0 ? 32 : 31 - (int) clz(as_uint(a) & (0u - as_uint(a))); }
static inline int j_lctz(long a) { return a == 0 ? 64 : 63 - (int) clz(as_ulong(a) & (0ul - as_ulong(a))); }
static inline int j_irotl(int a, int d) { return as_int(rotate(as_uint(a), (uint) (d & 31))); }
static inline int j_irotr(int a, int d) { return as_int(rotate(as_uint(a), (uint) ((-d) & 31))); }
static inline long j_lrotl(long a, int d) { return as_long(rotate(as_ulong(a), (ulong) (d & 63))); }
static inline long j_lrotr(long a, int d) { return as_long(rotate(as_ulong(a), (ulong) ((-d) & 63))); }
static inline int j_irevbytes(int a) {
    uint x = as_uint(a);
    return as_int((x << 24) | ((x & 0xff00u) << 8) | ((x >> 8) & 0xff00u) | (x >> 24));
}
static inline long j_lrevbytes(long a) {
    ulong x = as_ulong(a);
    x = ((x & 0x00ff00ff00ff00fful) << 8) | ((x >> 8) & 0x00ff00ff00ff00fful);
    x = ((x & 0x0000ffff0000fffful) << 16) | ((x >> 16) & 0x0000ffff0000fffful);
    return as_long((x << 32) | (x >> 32));
}
static inline int j_irev(int a) {
    uint x = as_uint(a);
    x = ((x & 0x55555555u) << 1) | ((x >> 1) & 0x55555555u);
    x = ((x & 0x33333333u) << 2) | ((x >> 2) & 0x33333333u);
    x = ((x & 0x0f0f0f0fu) << 4) | ((x >> 4) & 0x0f0f0f0fu);
    return j_irevbytes(as_int(x));
}
static inline long j_lrev(long a) {
    ulong x = as_ulong(a);
    x = ((x & 0x5555555555555555ul) << 1) | ((x >> 1) & 0x5555555555555555ul);
    x = ((x & 0x3333333333333333ul) << 2) | ((x >> 2) & 0x3333333333333333ul);
    x = ((x & 0x0f0f0f0f0f0f0f0ful) << 4) | ((x >> 4) & 0x0f0f0f0f0f0f0f0ful);
    return j_lrevbytes(as_long(x));
}
static inline int j_ihighest(int a) { return a == 0 ? 0 : as_int(0x80000000u >> clz(as_uint(a))); }
static inline long j_lhighest(long a) { return a == 0 ? 0 : as_long(0x8000000000000000ul >> clz(as_ulong(a))); }
static inline int j_ilowest(int a) { return as_int(as_uint(a) & (0u - as_uint(a))); }
static inline long j_llowest(long a) { return as_long(as_ulong(a) & (0ul - as_ulong(a))); }
static inline int j_isignum(int a) { return (a > 0) - (a < 0); }
static inline int j_lsignum(long a) { return (a > 0) - (a < 0); }
static inline int j_icompare(int a, int b) { return a < b ? -1 : (a == b ? 0 : 1); }
static inline int j_lcompare(long a, long b) { return a < b ? -1 : (a == b ? 0 : 1); }
static inline int j_icompareu(int a, int b) { return j_icompare(a ^ INT_MIN, b ^ INT_MIN); }
static inline int j_lcompareu(long a, long b) { return j_lcompare(a ^ LONG_MIN, b ^ LONG_MIN); }
static inline int j_idivu(int a, int b) { return b == 0 ? 0 : as_int(as_uint(a) / as_uint(b)); }
static inline int j_iremu(int a, int b) { return b == 0 ? 0 : as_int(as_uint(a) % as_uint(b)); }
static inline long j_ldivu(long a, long b) { return b == 0 ? 0 : as_long(as_ulong(a) / as_ulong(b)); }
static inline long j_lremu(long a, long b) { return b == 0 ? 0 : as_long(as_ulong(a) % as_ulong(b)); }
static inline long j_lmulhi(long a, long b) { return mul_hi(a, b); }
static inline long j_lmulhiu(long a, long b) { return as_long(mul_hi(as_ulong(a), as_ulong(b))); }
static inline int j_imin(int a, int b) { return a <= b ? a : b; }
static inline int j_imax(int a, int b) { return a >= b ? a : b; }
static inline long j_lmin(long a, long b) { return a <= b ? a : b; }
static inline long j_lmax(long a, long b) { return a >= b ? a : b; }

#ifdef cl_khr_fp64
/* ---- double (needs cl_khr_fp64) ---- */
static inline int j_d2i(double x) { return x != x ? 0 : (x >= 0x1p31 ? INT_MAX : (x <= -0x1p31 ? INT_MIN : (int) x)); }
static inline long j_d2l(double x) { return x != x ? 0 : (x >= 0x1p63 ? LONG_MAX : (x <= -0x1p63 ? LONG_MIN : (long) x)); }
static inline int j_dcmpl(double a, double b) { return a > b ? 1 : (a == b ? 0 : -1); }
static inline int j_dcmpg(double a, double b) { return a < b ? -1 : (a == b ? 0 : 1); }
static inline double j_dabs(double a) { return as_double(as_ulong(a) & 0x7fffffffffffffff); }
static inline double j_dmax(double a, double b) {
    if (a != a) return a;
    if (a == 0.0 && b == 0.0 && as_ulong(a) == 0x8000000000000000ul) return b;
    return a >= b ? a : b;
}
static inline double j_dmin(double a, double b) {
    if (a != a) return a;
    if (a == 0.0 && b == 0.0 && as_ulong(b) == 0x8000000000000000ul) return b;
    return a <= b ? a : b;
}
static inline double j_dcopysign(double m, double s) {
    return as_double((as_ulong(s) & 0x8000000000000000ul) | (as_ulong(m) & 0x7ffffffffffffffful));
}
static inline double j_dcopysign_strict(double m, double s) { return j_dcopysign(m, s != s ? 1.0 : s); }
static inline double j_dsignum(double d) { return (d == 0.0 || d != d) ? d : j_dcopysign(1.0, d); }
/* Math.round(double), as the JDK writes it. */
static inline long j_dround(double a) {
    long bits = as_long(a);
    long biasedExp = (bits & 0x7FF0000000000000L) >> 52;
    long shift = (51 + 1023) - biasedExp;
    if ((shift & -64) == 0) {
        long r = (bits & 0x000FFFFFFFFFFFFFL) | 0x0010000000000000L;
        if (bits < 0) r = -r;
        return ((r >> shift) + 1) >> 1;
    }
    return j_d2l(a);
}
static inline long j_d2bits(double d) { return d != d ? 0x7ff8000000000000L : as_long(d); }
static inline int j_dcompare(double a, double b) {
    if (a < b) return -1;
    if (a > b) return 1;
    long x = j_d2bits(a), y = j_d2bits(b);
    return x == y ? 0 : (x < y ? -1 : 1);
}
/* Java 9+ multiplies by these constants (Math.DEGREES_TO_RADIANS, RADIANS_TO_DEGREES): exact here too. */
/* C99 pow(1, y) is 1 for every y and pow(-1, +-inf) is 1; Java's Math.pow gives NaN for a NaN exponent and for
 * |x| == 1 with an infinite exponent. Otherwise the special cases agree. */
static inline double j_pow(double x, double y) {
    if (y != y || (fabs(x) == 1.0 && isinf(y))) return as_double(0x7ff8000000000000ul);
    return pow(x, y);
}
/* PoCL 3.1 folds floor/ceil/rint of a constant NaN to 0.0 (found by the fuzzer); Java gives NaN. */
static inline double j_floor(double a) { return a != a ? a : floor(a); }
static inline double j_ceil(double a) { return a != a ? a : ceil(a); }
static inline double j_rint(double a) { return a != a ? a : rint(a); }
static inline double j_torad(double a) { return a * 0.017453292519943295; }
static inline double j_todeg(double a) { return a * 57.29577951308232; }
#endif

