#!/usr/bin/env bash
# Task pools against Python's multiprocessing.Pool, same machine, same run: medians in milliseconds.
#   bench/pools/compare_pools.sh [reps (default 15)] [coldReps (default 5)]
# Needs a JDK 21+ (JAVA_HOME, or the newest under /usr/lib/jvm) and python3; builds the library jar
# (mvn -pl library package) when it is missing. The Java driver is compiled to bench/pools/target and run with it
# on the class path. Java's cases run first, then Python's, each alone on the machine; every warm case is timed
# after 3 s of untimed runs on both sides. Rows without a Python number are Java-only (worker archive switched off).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
reps="${1:-15}"
cold="${2:-5}"
if [[ -z "${JAVA_HOME:-}" ]]; then
  JAVA_HOME="$(ls -d /usr/lib/jvm/*25* /usr/lib/jvm/*21* 2>/dev/null | head -1 || true)"
fi
find_jar() { ls "$root"/library/target/offload-*.jar 2>/dev/null | grep -v -e tests -e sources -e javadoc | head -1; }
jar="$(find_jar || true)"
if [[ -z "$jar" ]]; then
  (cd "$root" && JAVA_HOME="$JAVA_HOME" mvn -B -q -pl library package -DskipTests)   # modular jar: a JDK 21+ jar tool
  jar="$(find_jar)"
fi
mkdir -p "$here/target"
"$JAVA_HOME/bin/javac" -d "$here/target" -cp "$jar" "$here/PoolBench.java"
java_out="$("$JAVA_HOME/bin/java" -cp "$jar:$here/target" PoolBench "$reps" "$cold")"
py_out="$(python3 "$here/pool_bench.py" "$reps" "$cold")"
echo "java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1); python: $(python3 --version); cpus: $(nproc)"
printf '%-40s %12s %12s %8s\n' "case (median ms)" "offload" "python" "ratio"
while IFS=$'\t' read -r name ms; do
  py="$(printf '%s\n' "$py_out" | awk -F'\t' -v n="$name" '$1 == n {print $2}')"
  ratio="-"
  if [[ -n "$py" ]]; then ratio="$(awk -v a="$ms" -v b="$py" 'BEGIN {printf "%.2fx", a / b}')"; fi
  printf '%-40s %12s %12s %8s\n' "$name" "$ms" "${py:--}" "$ratio"
done <<< "$java_out"
