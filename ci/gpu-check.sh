#!/usr/bin/env bash
# The GPU check, for a machine with an NVIDIA GPU, no Java and no network (see shared GPU notes). Prepare here first:
#   bash ci/gpu-prepare.sh          # .gpu/: a jlink'ed JRE, offload.jar, the JUnit console, the test classes
# then, on the GPU machine, from the repository root (with .gpu/ carried along):
#   bash ci/gpu-check.sh            # results under $OUT (or ./gpu-out): devices.txt, tests.txt, compare.csv, ...
# It points the OpenCL ICD loader at NVIDIA's driver without touching /etc, runs the OpenCL tests (CI=true: a
# missing device fails them), `offload compare` on the GPU (ints, words, Java kernels), `offload fuzz` (translated
# Java kernels against the JVM, bit for bit) and `offload bandwidth` (device-to-device copy ceiling, upload, download
# and the fused sum of squares in one JVM), and prints a short table last.
# Environment: GPU_CHECK_SIZES (default 2^24,2^28), GPU_CHECK_TEXT (default 64Mi), GPU_CHECK_BYTES (default 1Gi),
# GPU_CHECK_FUZZ (fuzzed kernels, default 500),
# OFFLOAD_GPU (device selector, default gpu), NVIDIA_OPENCL (the driver library).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
gpu_dir="$root/.gpu"
java="$gpu_dir/jre/bin/java"
out="${OUT:-$root/gpu-out}"
mkdir -p "$out"
device="${OFFLOAD_GPU:-gpu}"
sizes="${GPU_CHECK_SIZES:-2^24,2^28}"
text="${GPU_CHECK_TEXT:-64Mi}"
bytes="${GPU_CHECK_BYTES:-1Gi}"
fuzz_kernels="${GPU_CHECK_FUZZ:-500}"

[[ -x "$java" ]] || { echo "gpu-check: $java missing: run ci/gpu-prepare.sh first and carry .gpu/" >&2; exit 1; }

# The ICD loader lists vendors from OCL_ICD_VENDORS when set: one file naming NVIDIA's library.
lib="${NVIDIA_OPENCL:-}"
if [[ -z "$lib" ]]; then
  for candidate in /usr/lib/libnvidia-opencl.so.1 /usr/local/nvidia/lib64/libnvidia-opencl.so.1 \
                   /usr/lib/x86_64-linux-gnu/libnvidia-opencl.so.1; do
    if [[ -e "$candidate" ]]; then lib="$candidate"; break; fi
  done
fi
icd="$(mktemp -d)"
trap 'rm -rf "$icd"' EXIT
if [[ -n "$lib" ]]; then
  echo "$lib" > "$icd/nvidia.icd"
else
  echo "gpu-check: no libnvidia-opencl.so.1 found; OpenCL will see no NVIDIA platform" >&2
fi
export OCL_ICD_VENDORS="$icd"
export CI=true
# The translator's tests also compile each kernel with clang-15 for NVPTX (no GPU needed); here NVIDIA's own
# compiler builds and runs them, and the GPU machine has no clang.
export OFFLOAD_CLANG_CHECK=skip
jvm=("$java" --enable-native-access=ALL-UNNAMED)
# Chain signal handlers behind the JVM's (see preload_jsig in ci/java.sh): a driver that compiles in process must
# not take the JVM's SIGSEGV handler.
if [[ -r "$gpu_dir/jre/lib/libjsig.so" ]]; then export LD_PRELOAD="$gpu_dir/jre/lib/libjsig.so"; fi
# A heap committed and touched up front keeps first-touch page faults out of the timed rows (see ./offload).
offload=("${jvm[@]}" -Xms4g -XX:+AlwaysPreTouch -jar "$gpu_dir/offload.jar")

step() { echo; echo "=== $* ==="; }

step "devices"
"${offload[@]}" devices 2>&1 | tee "$out/devices.txt"
devices_rc=${PIPESTATUS[0]}

step "OpenCL and Java-kernel tests (JUnit console: dev.offload.opencl, the contract matrix, JavaKernelsTest, the translator's device tests)"
t0=$SECONDS
# Everything on the JVM's own class path (not the launcher's --class-path): tests that fork a JVM pass it on.
"${jvm[@]}" -Xmx16g -cp "$gpu_dir/junit-console.jar:$gpu_dir/tests.jar:$root/library/src/test/resources:$gpu_dir/offload.jar" \
  org.junit.platform.console.ConsoleLauncher execute --disable-banner --details=tree --fail-if-no-tests \
  --select-package dev.offload.opencl --select-class dev.offload.JavaKernelsTest \
  --select-class dev.offload.OffloadContractTest --select-class dev.offload.WordLengthsContractTest \
  --select-class dev.offload.BackendMemoryContractTest --select-class dev.offload.AutoRoutingTest \
  --select-class dev.offload.translate.CorpusTest --select-class dev.offload.translate.OperatorsTest \
  --select-class dev.offload.translate.MathTest --select-class dev.offload.translate.ReductionTest \
  --select-class dev.offload.translate.SaxpyTest --select-class dev.offload.translate.DeviceArrayTest \
  --select-class dev.offload.translate.UncheckedTest \
  --select-class dev.offload.translate.fuzz.FuzzRegressionTest \
  > "$out/tests.txt" 2>&1
tests_rc=$?
tests_s=$((SECONDS - t0))
tail -n 25 "$out/tests.txt"

step "offload compare --device $device --sizes $sizes --text-bytes $text"
t0=$SECONDS
"${offload[@]}" compare --device "$device" --workloads ints,words --sizes "$sizes" --text-bytes "$text" \
  --no-pools --repeat 5 --warmup 1 --no-progress --format csv --out "$out/compare.csv" 2>&1 | tee "$out/compare.txt"
compare_rc=${PIPESTATUS[0]}
compare_s=$((SECONDS - t0))

step "offload fuzz --device $device --kernels $fuzz_kernels (translated Java kernels on NVIDIA's compiler, bit for bit)"
t0=$SECONDS
"${offload[@]}" fuzz --device "$device" --kernels "$fuzz_kernels" > "$out/fuzz.txt" 2>&1
fuzz_rc=$?
fuzz_s=$((SECONDS - t0))
tail -n 5 "$out/fuzz.txt"

step "offload bandwidth --device $device --bytes $bytes"
"${offload[@]}" bandwidth --device "$device" --bytes "$bytes" --repeat 5 > "$out/bandwidth.txt" 2>&1
bandwidth_rc=$?
echo "(table in the summary below; $out/bandwidth.txt)"

step "per-call overhead, n = 8 (CallOverheadInterleaved: offload's warm calls beside a bare JOCL launch + clFinish)"
"${jvm[@]}" -cp "$gpu_dir/offload.jar:$gpu_dir/bench.jar" dev.offload.CallOverheadInterleaved 300 3 "$device" \
  > "$out/overhead.txt" 2>&1
overhead_rc=$?
tail -n 14 "$out/overhead.txt"

step "cold start (ColdStart: new JVMs' open and first wordLengths from offload's program cache; driver cache off)"
# CUDA_CACHE_DISABLE keeps NVIDIA's own binary cache out of it, as POCL_KERNEL_CACHE=0 (set by ColdStart) does PoCL's.
CUDA_CACHE_DISABLE=1 "${jvm[@]}" -cp "$gpu_dir/offload.jar:$gpu_dir/bench.jar" dev.offload.ColdStart --runs 5 \
  --device "$device" > "$out/cold-start.txt" 2>&1
cold_rc=$?
tail -n 8 "$out/cold-start.txt"

status() { if [[ "$1" == 0 ]]; then echo "ok"; else echo "FAILED (exit $1)"; fi; }
tests_summary="$(grep -E '^\[ *[0-9]+ (tests (successful|failed|skipped|aborted)|containers failed) *\]' "$out/tests.txt" \
  | sed 's/[][]//g; s/  */ /g' | paste -sd, -)"
step "summary"
echo "devices:   $(status "$devices_rc")   $(grep -m1 -E 'opencl:[0-9]+:[0-9]+ +GPU' "$out/devices.txt" | sed 's/^ *//')"
echo "tests:     $(status "$tests_rc")   ${tests_summary} (${tests_s} s)"
echo "compare:   $(status "$compare_rc")   $(grep -c ',false,' "$out/compare.csv" 2>/dev/null || true) wrong rows (${compare_s} s); $out/compare.csv"
echo "fuzz:      $(status "$fuzz_rc")   $fuzz_kernels kernels (${fuzz_s} s); $out/fuzz.txt"
echo "bandwidth: $(status "$bandwidth_rc")"
echo "overhead:  $(status "$overhead_rc")   $out/overhead.txt"
echo "cold:      $(status "$cold_rc")   $out/cold-start.txt"
# What auto's cost model measured on this GPU (AutoRoutingTest lets it measure once): where host calls will run.
grep -h 'offload auto: measured' "$out/tests.txt" | sed 's/^.*offload auto: /cost model: /' | head -n 4
tail -n 12 "$out/bandwidth.txt"
(( devices_rc == 0 && tests_rc == 0 && compare_rc == 0 && fuzz_rc == 0 && bandwidth_rc == 0 && overhead_rc == 0 \
   && cold_rc == 0 ))
