#!/usr/bin/env bash
# The whole test suite, from nothing: install dependencies, build release and ASan+UBSan trees,
# run every test in both. This is README command (2) and what .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)

echo "== release build + tests"
cmake --preset release >/dev/null
cmake --build --preset release -j"$jobs"
ctest --preset release -j"$jobs"

echo "== ASan+UBSan build + tests"
cmake --preset asan >/dev/null
cmake --build --preset asan -j"$jobs"
ctest --preset asan -j"$jobs"

if [[ -x scripts/fuzz.sh ]] && command -v clang >/dev/null; then
  echo "== fuzzers (short runs)"
  bash scripts/fuzz.sh --brief
fi
echo "== all tests passed"
