#!/usr/bin/env bash
# Text-dump reader: time and peak RSS on the seed dumps (all five, 20 rounds) and on a generated
# 100 MB single-line file. Prints figures only; nothing fails on a slow machine.
set -euo pipefail
cd "$(dirname "$0")/.."
biao=build/release/biao
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s.%N)
for _ in $(seq 20); do "$biao" extract corpus/text/*.txt >/dev/null; done
end=$(date +%s.%N)
bytes=$(cat corpus/text/*.txt | wc -c)
echo "seed dumps: $(echo "$end - $start" | bc) s for 20 x $bytes bytes"
/usr/bin/time -f "seed dumps once: %e s, peak RSS %M KB" "$biao" extract corpus/text/*.txt >/dev/null
head -c 100000000 /dev/zero | tr '\0' 'a' >"$tmp/big.txt"
/usr/bin/time -f "100 MB single line: %e s, peak RSS %M KB" "$biao" extract --input text "$tmp/big.txt" >/dev/null || true
