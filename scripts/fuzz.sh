#!/usr/bin/env bash
# libFuzzer runs of every fuzz/fuzz_*.c target (clang, -fsanitize=fuzzer,address,undefined).
#   scripts/fuzz.sh --brief          each target ~30 s (what scripts/test.sh runs)
#   scripts/fuzz.sh [SECONDS] [NAME] longer runs, optionally one target (e.g. docx)
# Seeds come from fuzz/corpus/NAME/ (read only); new interesting inputs go to build/fuzz/work/NAME/.
# A crash stops the script with the reproducer path: fix the bug, then copy the reproducer into
# fuzz/corpus/NAME/ so the replay test (ctest fuzz_replay_NAME) keeps it fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=600
only=
if [[ ${1:-} == --brief ]]; then secs=${FUZZ_SECONDS:-30}; shift; fi
if [[ ${1:-} =~ ^[0-9]+$ ]]; then secs=$1; shift; fi
only=${1:-}

command -v clang >/dev/null || { echo "fuzz: clang not installed, skipped"; exit 0; }
build=build/fuzz
# exit 3 when the fuzzers cannot be built (a missing package, a compile error): unlike a finding,
# that is never "exploratory", and scripts/test.sh fails on it even in CI
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBIAO_FUZZ=ON -DBIAO_TESTS=OFF >/dev/null || { echo "fuzz: cmake configure failed"; exit 3; }
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" >/dev/null || { echo "fuzz: build failed"; exit 3; }

status=0
for src in fuzz/fuzz_*.c; do
  name=$(basename "$src" .c)
  short=${name#fuzz_}
  [[ -n $only && $only != "$short" ]] && continue
  work=$build/work/$short
  arts=$build/artifacts/$short
  mkdir -p "$work" "$arts"
  echo "== fuzz $short (${secs}s)"
  # -rss_limit_mb: a reader that balloons on a small input is a bug too (inputs are capped at 4 MB)
  # tests/lsan.supp: one-time caches of system libraries (fontconfig, loaded by Poppler/cairo);
  # fuzz/lsan.supp: leaks inside Poppler that only malformed inputs reach
  cat tests/lsan.supp fuzz/lsan.supp > "$build/lsan.supp"
  if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 LSAN_OPTIONS=suppressions=$PWD/$build/lsan.supp \
    "$build/fuzz/$name" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -max_len=262144 \
      -print_final_stats=1 -artifact_prefix="$arts/" "$work" "fuzz/corpus/$short" \
      > "$build/$short.log" 2>&1; then
    echo "fuzz $short: FAILED; log $build/$short.log; reproducer(s):"
    ls "$arts"
    grep -m3 -E 'ERROR|SUMMARY' "$build/$short.log" || true
    status=1
  else
    grep -E '^stat::(number_of_executed_units|new_units_added)' "$build/$short.log" | tr '\n' ' '
    echo
  fi
done
exit $status
