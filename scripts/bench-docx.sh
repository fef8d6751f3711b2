#!/usr/bin/env bash
# DOCX benchmark (figures, not a test): biao's throughput (MB/s of input, tables/s) and peak RSS over
# the DOCX corpus, python3-docx reading every cell of every table of the same files in the same run,
# and biao's peak RSS on a generated ~10 MB DOCX. Run through scripts/bench (which builds first).
set -euo pipefail
cd "$(dirname "$0")/.."
biao=build/release/biao
[[ -x $biao ]] || { cmake --preset release >/dev/null && cmake --build --preset release -j2 >/dev/null; }
command -v /usr/bin/time >/dev/null || { echo "bench-docx: needs /usr/bin/time (apt-get install time)"; exit 1; }
/usr/bin/python3 -c 'import docx' 2>/dev/null || { echo "bench-docx: needs python3-docx (scripts/install-deps.sh --corpus)"; exit 1; }
reps=${BENCH_REPS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mapfile -t files < <(find corpus/docx-public corpus/docx -name '*.docx' -o -name '*.dotx' | sort)
bytes=$(cat "${files[@]}" | wc -c)
mb=$(awk -v b="$bytes" 'BEGIN{printf "%.2f", b/1e6}')
tables=$($biao extract -f ndjson "${files[@]}" | wc -l)
echo "corpus: ${#files[@]} files, $mb MB, $tables tables (nested included)"

# biao: all files in one process, $reps times; the best run counts
best=999999
for ((i = 0; i < reps; i++)); do
  /usr/bin/time -f "%e %U %M" -o "$tmp/t" $biao extract --compact "${files[@]}" >/dev/null
  read -r wall user rss <"$tmp/t"
  best=$(awk -v a="$best" -v b="$user" 'BEGIN{print (b < a) ? b : a}')
  peak=$rss
done
awk -v s="$best" -v mb="$mb" -v t="$tables" -v r="$peak" 'BEGIN{
  s = (s < 0.01) ? 0.01 : s
  printf "biao:        %.2f s CPU  %7.1f MB/s  %8.0f tables/s  peak RSS %.1f MB\n", s, mb/s, t/s, r/1024}'

# python3-docx: every cell's text of every table, nested tables included
/usr/bin/time -f "%e %U %M" -o "$tmp/p" /usr/bin/python3 scripts/bench-docx-pydocx.py "${files[@]}" >"$tmp/pyout" 2>"$tmp/pyerr"
read -r pwall puser prss <"$tmp/p"
read -r pf pt pc psec pfail <"$tmp/pyout"
awk -v s="$puser" -v mb="$mb" -v t="$pt" -v r="$prss" -v b="$best" -v f="$pfail" 'BEGIN{
  printf "python-docx: %.2f s CPU  %7.1f MB/s  %8.0f tables/s  peak RSS %.1f MB  (%d tables; %d files refused)\n", s, mb/s, t/s, r/1024, t, f
  printf "speed-up:    %.1fx (CPU time)\n", s/((b < 0.01) ? 0.01 : b)}'

# peak RSS on a ~10 MB DOCX of many large tables
/usr/bin/python3 scripts/gen-big-docx.py "$tmp/big.docx" 10 >/dev/null
bigmb=$(awk -v b="$(wc -c <"$tmp/big.docx")" 'BEGIN{printf "%.1f", b/1e6}')
xmlmb=$(unzip -l "$tmp/big.docx" | awk '/word\/document.xml/{printf "%.0f", $1/1e6}')
/usr/bin/time -f "%e %U %M" -o "$tmp/b" $biao extract --compact "$tmp/big.docx" -o "$tmp/big.json"
read -r bwall buser brss <"$tmp/b"
bt=$(grep -o '"index":' "$tmp/big.json" | wc -l)
jmb=$(awk -v b="$(wc -c <"$tmp/big.json")" 'BEGIN{printf "%.0f", b/1e6}')
awk -v s="$buser" -v mb="$bigmb" -v x="$xmlmb" -v r="$brss" -v t="$bt" -v j="$jmb" 'BEGIN{
  printf "10 MB DOCX:  %s MB (%s MB of XML), %d tables: %.2f s CPU, %.1f MB/s, peak RSS %.1f MB (JSON output %s MB, built in memory by the writer)\n", mb, x, t, s, mb/s, r/1024, j}'
