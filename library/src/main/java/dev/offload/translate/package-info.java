/**
 * The translator of Java kernels: lambdas ({@link dev.offload.ForBody}, {@link dev.offload.ForBody2D},
 * {@link dev.offload.LongTerm}, {@link dev.offload.DoubleTerm}, with {@link dev.offload.LongCombiner} and
 * {@link dev.offload.DoubleCombiner}) to OpenCL C 1.2 with Java's exact semantics. Internal: the API is
 * {@link dev.offload.translate.KernelTranslator}, its result {@link dev.offload.translate.TranslatedKernel} (whose
 * Javadoc is the launch ABI: argument order per shape, 2-D dimension order, fault kinds, build options). This package
 * imports ASM, never JOCL.
 *
 * <h2>How</h2>
 * The lambda's {@code writeReplace} gives its {@link java.lang.invoke.SerializedLambda}: the implementing static
 * method and the captured values (primitives, primitive arrays, device arrays; {@code this} or any other object is
 * refused). Its class bytes come from the class's own loader; ASM's {@code Analyzer} types every stack slot and
 * local, and tracks, for each reference, which array it is. Each method becomes one C function, instruction by
 * instruction: typed variables for slots, labels and {@code goto} for jumps ({@code switch} for the JVM switches), so
 * any javac control flow translates without rebuilding loops (LLVM rebuilds them). Static methods of application
 * classes (any class outside {@code java.*}/{@code jdk.*}...) called from the body are translated too, once per
 * address-space specialisation of their array parameters (a kernel's global array or a private {@code new T[16]});
 * recursion is refused. {@code static final} primitive fields javac did not inline are read once and inlined.
 * A fixed prelude ({@code prelude.cl}) holds Java's arithmetic: signed wrap without C undefined behaviour, masked
 * shifts, {@code MIN / -1}, saturating float-to-integer casts with NaN to 0, {@code fcmpl}/{@code fcmpg}, Java's
 * {@code min}/{@code max}/{@code round}/{@code signum}/{@code copySign}, and the Integer/Long bit methods.
 *
 * <h2>What a kernel may use</h2>
 * All primitive types and operators; casts; {@code if}, {@code ?:}, loops, {@code break}/{@code continue},
 * {@code switch}; loads and stores on captured arrays (every element type; {@code boolean[]} is {@code uchar} 0/1 on
 * the device), {@code length}; {@code DeviceInts/Longs/Doubles/Floats.get/set/length}; {@code Atomics.add} on
 * {@code int[]} and {@code long[]} (the latter needs {@code cl_khr_int64_base_atomics}); local arrays of constant
 * size (at most 16 KiB, zeroed where Java allocates them); the methods of {@code Intrinsics}. Refused, with
 * {@code File.java:LINE}: objects, strings, fields (but constants), virtual and interface calls, lambdas inside the
 * kernel ({@code invokedynamic}), exceptions ({@code throw}, {@code try}), {@code synchronized}, recursion, arrays
 * of arrays, an array variable that names different arrays on different paths, {@code null}.
 *
 * <h2>Floating point</h2>
 * {@code #pragma OPENCL FP_CONTRACT OFF}, no {@code fma}/{@code mad} except for {@code Math.fma}; float and double
 * {@code + - *} and double {@code /} and {@code sqrt} are IEEE correctly rounded in OpenCL; float division is a plain
 * {@code /} only under {@code OFFLOAD_FP32_CORRECTLY_ROUNDED=1} (with {@code -cl-fp32-correctly-rounded-divide-sqrt}),
 * else computed in double and rounded once (exact), else, on a device without fp64, within 2.5 ulp. Float
 * {@code sqrt} only exists in Java as {@code (float) Math.sqrt(x)}: a double sqrt rounded once, exact. {@code %} is
 * {@code fmod} (exact). int/long to float/double round to nearest even; double to float too.
 *
 * <h2>Math: ULP bounds on the device</h2>
 * Exact (0 ulp, bit-identical to Java): {@code abs, min, max, sqrt, floor, ceil, rint, round, signum, copySign,
 * toRadians, toDegrees, fma, floorDiv, floorMod, multiplyHigh, unsignedMultiplyHigh}, every {@code Integer},
 * {@code Long}, {@code Float} and {@code Double} method supported. The rest call the OpenCL built-in, whose error
 * bound (OpenCL 1.2 section 7.4, double precision, the only precision Java's {@code Math} has) is:
 * <table>
 *   <caption>Maximum error of the device result, in ulps of the exact result</caption>
 *   <tr><th>function</th><th>ulp</th><th>function</th><th>ulp</th></tr>
 *   <tr><td>sin, cos</td><td>4</td><td>sinh, cosh</td><td>4</td></tr>
 *   <tr><td>tan</td><td>5</td><td>tanh</td><td>5</td></tr>
 *   <tr><td>asin, acos</td><td>4</td><td>expm1</td><td>3</td></tr>
 *   <tr><td>atan</td><td>5</td><td>log1p</td><td>2</td></tr>
 *   <tr><td>atan2</td><td>6</td><td>cbrt</td><td>2</td></tr>
 *   <tr><td>exp</td><td>3</td><td>hypot</td><td>4</td></tr>
 *   <tr><td>log, log10</td><td>3</td><td>pow</td><td>16</td></tr>
 * </table>
 * Java's {@code Math} is itself within 1 ulp (and {@code StrictMath} is fdlibm's), so device and Java results may
 * differ by the bound plus 1 ulp; special values (NaN, infinities, signed zeros) follow Java ({@code pow} is wrapped
 * where C99 differs: {@code pow(1, NaN)}, {@code pow(+-1, +-inf)} are NaN). {@code StrictMath} maps to the same
 * built-ins, so it is not bit-reproducible on a device.
 *
 * <h2>Faults</h2>
 * With checks (the default), every array access is bounds-checked and every integer division, remainder,
 * {@code floorDiv}/{@code floorMod} and unsigned division checks its divisor; a failure records the first fault in
 * {@code faults} and the work-item stops without touching memory. {@link dev.offload.translate.TranslationOptions#UNCHECKED}
 * emits no checks (division by zero then gives 0: never a trap, which would kill the JVM on a CPU device).
 * A 1-D loop or reduction whose body indexes an array parameter by the loop index itself ({@code x[i]}, {@code
 * y[i] += ...}, {@code d.get(i)}; {@code i} never reassigned) also gets a copy of the body without those checks,
 * which runs when {@code n} is at most every such array's length (one test per work-item); otherwise the checked
 * body runs, so faults are reported as before. The per-access checks cost the most where LLVM would vectorise:
 * a checked sum of squares ran ~3.5x slower than the built-in on PoCL.
 */
package dev.offload.translate;
