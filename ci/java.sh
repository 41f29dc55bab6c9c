# Sourced by the repository's scripts (./offload, spark/offload-spark, ci/jvm/bin/java, ci/gpu-prepare.sh): finds a
# JDK 21+ without JAVA_HOME, and preloads its libjsig.so.
#   source ci/java.sh; java="$(find_java)"; home="$(jdk_home "$java")"; preload_jsig "$home"
# Needs `die` to be defined by the caller.

java_min_feature=21

# Feature version (8, 17, 21, 25, ...) of a java executable; reads the JDK's release file when there is one, so
# that no JVM has to start.
java_feature_of() {
  local java="$1" home version=""
  home="$(jdk_home "$java")"
  if [[ -r "$home/release" ]]; then
    version="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")"
  fi
  if [[ -z "$version" ]]; then
    version="$("$java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)"
  fi
  version="${version#1.}"          # 1.8.0 -> 8.0
  echo "${version%%[.+-]*}"
}

java_is_new_enough() {
  local f
  [[ -x "$1" ]] || return 1
  f="$(java_feature_of "$1")"
  [[ "$f" =~ ^[0-9]+$ ]] && (( f >= java_min_feature ))
}

# The JDK directory of a java executable (.../bin/java -> ...).
jdk_home() {
  dirname "$(dirname "$(readlink -f "$1")")"
}

# A java 21+: $JAVA_HOME's, the one on PATH, else the newest under the usual JDK folders.
find_java() {
  if [[ -n "${JAVA_HOME:-}" ]] && java_is_new_enough "$JAVA_HOME/bin/java"; then
    echo "$JAVA_HOME/bin/java"; return
  fi
  if command -v java >/dev/null 2>&1 && java_is_new_enough "$(command -v java)"; then
    command -v java; return
  fi
  local best="" best_f=0 candidate f
  for candidate in /usr/lib/jvm/*/bin/java /usr/java/*/bin/java /opt/java/*/bin/java /opt/*/bin/java; do
    [[ -x "$candidate" ]] || continue
    f="$(java_feature_of "$candidate")"
    if [[ "$f" =~ ^[0-9]+$ ]] && (( f >= java_min_feature && f > best_f )); then
      best="$candidate"; best_f="$f"
    fi
  done
  [[ -n "$best" ]] && { echo "$best"; return; }
  die "no Java $java_min_feature or newer found (looked at \$JAVA_HOME=${JAVA_HOME:-unset}, java on PATH, /usr/lib/jvm/*).
Install one, e.g. on Debian/Ubuntu: sudo apt-get install openjdk-21-jdk (or Temurin 21+), or set JAVA_HOME to it."
}

# Exports LD_PRELOAD with the JDK's libjsig.so in front. PoCL compiles kernels with an in-process LLVM, which installs
# its own SIGSEGV/SIGFPE/... handlers while it builds; a JVM thread that faults meanwhile (a safepoint poll, an
# implicit null check) then lands in LLVM's handler, which deletes the build's temporary files (the build fails) or
# kills the JVM (exit 139, no hs_err file). libjsig keeps the JVM's handlers first and chains LLVM's behind them.
preload_jsig() {
  local jsig="$1/lib/libjsig.so"
  [[ -r "$jsig" ]] || return 0
  case ":${LD_PRELOAD:-}:" in
    *":$jsig:"*) ;;
    *) export LD_PRELOAD="$jsig${LD_PRELOAD:+:$LD_PRELOAD}" ;;
  esac
}
