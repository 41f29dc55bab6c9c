#!/usr/bin/env bash
# The first wordLengths of new JVMs whose programs come from the on-disk program cache, with PoCL's own cache off
# (issue #10; see dev.offload.ColdStart for what is timed). Arguments go to ColdStart, e.g. --runs 9.
# Build first: mvn -B -q -Pbench -pl bench -am -DskipTests package
set -euo pipefail
cd "$(dirname "$0")/.."
die() { echo "cold-start.sh: $*" >&2; exit 1; }
source ci/java.sh
java="$(find_java)"
preload_jsig "$(jdk_home "$java")"
jar=bench/target/benchmarks.jar
[[ -r "$jar" ]] || die "$jar is missing: mvn -B -q -Pbench -pl bench -am -DskipTests package"
exec "$java" --enable-native-access=ALL-UNNAMED -cp "$jar" dev.offload.ColdStart "$@"
