#!/usr/bin/env bash
# Builds the libFuzzer targets of the loaders (tests/fuzz/) with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs each for SECONDS_PER_TARGET on a copy of its seed corpus
# (tests/fuzz/corpus/<name>/), as many targets at a time as there are jobs. Exits non-zero when
# any target crashes, leaks, times out or runs out of memory, and prints the reproducer
# libFuzzer saved.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET [BUILD_DIR]]   (30 s; build-fuzz)
# MICGRAPH_JOBS sets the build's parallel jobs (default: every core); MICGRAPH_FUZZ_CC and
# MICGRAPH_FUZZ_CXX the compilers (default clang-16: clang 14 cannot compile libstdc++ 12's
# <ranges>). Reproduce a failure with `BUILD_DIR/tests/fuzz/fuzz_<name> REPRODUCER`.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
build=${2:-build-fuzz}
jobs=${MICGRAPH_JOBS:-$(nproc 2>/dev/null || echo 2)}
targets=(json csv scenario binary open_psa)

start=$(date +%s)
CC=${MICGRAPH_FUZZ_CC:-clang-16} CXX=${MICGRAPH_FUZZ_CXX:-clang++-16} \
  cmake -S . -B "$build" -DMICGRAPH_FUZZ=ON -DMICGRAPH_WERROR=ON \
  -DMICGRAPH_BUILD_TOOLS=OFF -DMICGRAPH_BUILD_TESTS=OFF -DMICGRAPH_BUILD_EXAMPLES=OFF \
  -DMICGRAPH_BUILD_BENCH=OFF -DMICGRAPH_INSTALL=OFF \
  -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1 -D_GLIBCXX_ASSERTIONS"
cmake --build "$build" -j "$jobs" --target "${targets[@]/#/fuzz_}"
echo "fuzz: built in $(( $(date +%s) - start )) s"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Stack traces with function names and lines (clang-16's runtime looks for a symbolizer of its own).
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ]; then
  symbolizer=$(command -v llvm-symbolizer-16 || command -v llvm-symbolizer || true)
  if [ -n "$symbolizer" ]; then export ASAN_SYMBOLIZER_PATH=$symbolizer; fi
fi
work=$(realpath "$build")/fuzz-run
# fuzz_one NAME: one target's run; its exit status in $work/NAME/status.
fuzz_one() {
  local name=$1 status=0
  local dictionary=()
  if [ -f tests/fuzz/fuzz_"$name".dict ]; then dictionary=(-dict=tests/fuzz/fuzz_"$name".dict); fi
  TMPDIR="$work/$name/tmp" "$build"/tests/fuzz/fuzz_"$name" "${dictionary[@]}" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
    -print_final_stats=1 -artifact_prefix="$work/$name/artifacts/" \
    "$work/$name/corpus" > "$work/$name/log" 2>&1 || status=$?
  echo "$status" > "$work/$name/status"
}
# The targets run side by side, as many at a time as there are jobs: each is one process.
running=0
for name in "${targets[@]}"; do
  # A fresh copy of the seeds each run: what libFuzzer adds stays out of the repository.
  rm -rf "$work/$name"
  mkdir -p "$work/$name/corpus" "$work/$name/artifacts" "$work/$name/tmp"
  cp tests/fuzz/corpus/"$name"/* "$work/$name/corpus/"
  if [ "$running" -ge "$jobs" ]; then
    wait -n
    running=$((running - 1))
  fi
  echo "== fuzz_$name for $seconds s"
  fuzz_one "$name" &
  running=$((running + 1))
done
wait
failed=()
for name in "${targets[@]}"; do
  echo "== fuzz_$name"
  status=$(cat "$work/$name/status" 2>/dev/null || echo missing)
  grep -E "^stat::number_of_executed_units|^Done|^#[0-9]+ *DONE" "$work/$name/log" || true
  reproducers=$(find "$work/$name/artifacts" -type f \( -name 'crash-*' -o -name 'leak-*' \
    -o -name 'timeout-*' -o -name 'oom-*' \) | sort)
  if [ "$status" != 0 ] || [ -n "$reproducers" ]; then
    tail -n 60 "$work/$name/log"
    echo "fuzz_$name FAILED (exit $status); log $work/$name/log"
    for reproducer in $reproducers; do echo "reproducer: $reproducer"; done
    failed+=("$name")
  fi
done

echo "fuzz: finished in $(( $(date +%s) - start )) s"
if [ "${#failed[@]}" -ne 0 ]; then
  echo "fuzz: failures in ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: no crash, leak, timeout or out-of-memory in ${targets[*]}"
