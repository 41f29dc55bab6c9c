#!/usr/bin/env bash
# Prepares, on this machine, what ci/gpu-check.sh needs on a GPU machine that has no Java and no network:
#   .gpu/jre                 a jlink'ed Java runtime (modules from jdeps, minus java.desktop: no charts there)
#   .gpu/offload.jar         the shaded CLI + library jar
#   .gpu/junit-console.jar   JUnit Platform Console Standalone 1.14.1 (runs test classes without Maven)
#   .gpu/tests.jar           the compiled test classes and test resources (the OpenCL tests among them)
#   .gpu/bench.jar           ColdStart and CallOverheadInterleaved from bench/ (per-call overhead, cold start)
# .gpu/ is git-ignored; name it in the device run's `carry` (64 MiB in all). Then, there: bash ci/gpu-check.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
console_version=1.14.1
limit_mib=64

# A JDK with jlink and jdeps, 21 or newer: JAVA_HOME if it is one, else the newest under /usr/lib/jvm.
jdk=""
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/jlink" ]]; then
  jdk="$JAVA_HOME"
fi
if [[ -z "$jdk" ]]; then
  best=0
  for home in /usr/lib/jvm/*; do
    [[ -x "$home/bin/jlink" && -r "$home/release" ]] || continue
    f="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")"
    if [[ "$f" =~ ^[0-9]+$ ]] && (( f >= 21 && f > best )); then best="$f"; jdk="$home"; fi
  done
fi
[[ -n "$jdk" ]] || { echo "gpu-prepare: no JDK 21+ with jlink found (set JAVA_HOME)" >&2; exit 1; }
echo "gpu-prepare: JDK $jdk"

# -DskipTests still compiles the test classes.
JAVA_HOME="$jdk" mvn -q -DskipTests package   # the modular library jar needs a JDK 21+ jar tool
mvn -q -N dependency:copy -Dartifact="org.junit.platform:junit-platform-console-standalone:$console_version" \
  -DoutputDirectory=target/gpu-deps

rm -rf .gpu
mkdir -p .gpu
cp cli/target/offload.jar .gpu/offload.jar
cp "target/gpu-deps/junit-platform-console-standalone-$console_version.jar" .gpu/junit-console.jar
# The test classes without their resources: those (8 MB of texts) are in the carried tree already, and
# gpu-check.sh puts library/src/test/resources on the class path; the carry limit counts both.
rm -rf target/gpu-tests && mkdir -p target/gpu-tests
(cd library/target/test-classes && find . -name '*.class' -print0 | xargs -0 cp --parents -t ../../../target/gpu-tests)
"$jdk/bin/jar" --create --file .gpu/tests.jar -C target/gpu-tests .
# Per-call overhead and cold start (bench/: CallOverheadInterleaved, ColdStart), compiled alone against the CLI jar:
# the JMH jar is too large to carry.
rm -rf target/gpu-bench && mkdir -p target/gpu-bench
"$jdk/bin/javac" -nowarn -d target/gpu-bench -cp .gpu/offload.jar \
  bench/src/main/java/dev/offload/{ColdStart,CallOverheadInterleaved,CallOverheadSide}.java
"$jdk/bin/jar" --create --file .gpu/bench.jar -C target/gpu-bench .

# Modules the jars need, as jdeps sees them; java.desktop (AWT, for charts) and java.sql (JUnit console: only for
# SQL-typed parameters; it pulls in java.xml) are left out to fit the carry limit;
# jdk.unsupported and the management modules are kept for JOCL and the CPU clocks, jdk.zipfs for JUnit to scan
# tests.jar for test classes.
modules="$("$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 21 \
  .gpu/offload.jar .gpu/junit-console.jar 2>/dev/null || true)"
# jdk.compiler for `offload fuzz`, which compiles its generated Java kernels in process (javax.tools finds it as a
# service, so jdeps does not list it).
modules="$(echo "$modules,java.logging,java.management,jdk.management,jdk.unsupported,jdk.zipfs,jdk.compiler" \
  | tr ',' '\n' \
  | grep -v -e '^java.desktop$' -e '^java.sql$' -e '^$' | sort -u | paste -sd, -)"
echo "gpu-prepare: jlink --add-modules $modules"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=zip-9 \
  --output .gpu/jre
# The carry limit (64 MiB with the tree) again: libjvm.so ships with its symbol table (29 -> 25 MB stripped), and
# lib/ct.sym (11 MB) serves only javac --release, which the fuzzer's in-process compile does not use.
strip --strip-unneeded .gpu/jre/lib/server/libjvm.so
rm -f .gpu/jre/lib/ct.sym

# What travels: the tracked tree plus .gpu.
tree_kib=$(( $(git ls-files -z | xargs -0 cat | wc -c) / 1024 ))
size_kib="$(du -sk .gpu | cut -f1)"
echo "gpu-prepare: .gpu is $((size_kib / 1024)) MiB, the tracked tree $((tree_kib / 1024)) MiB:"
du -sh .gpu/*
if (( size_kib + tree_kib > limit_mib * 1024 )); then
  echo "gpu-prepare: .gpu and the tree exceed the ${limit_mib} MiB carry limit together" >&2
  exit 1
fi
.gpu/jre/bin/java --enable-native-access=ALL-UNNAMED -jar .gpu/offload.jar --version
