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

# the same files through the library, phase by phase: reader alone, normalize passes, JSON writer
cc -O2 -std=c11 -D_GNU_SOURCE -I. -Iinclude $(pkg-config --cflags glib-2.0) scripts/bench-docx-phases.c \
  build/release/libbiao.a $(pkg-config --libs glib-2.0 gio-2.0 poppler-glib cairo libzip libxml-2.0 libpcre2-8) \
  $(pkg-config --libs xlsxwriter 2>/dev/null) -lm -o "$tmp/phases"
read -r rd nm js nt rrss rmb < <("$tmp/phases" "${files[@]}")
awk -v r="$rd" -v n="$nm" -v j="$js" -v mb="$rmb" -v t="$nt" 'BEGIN{
  printf "  phases:    reader %.2f s (%.1f MB/s, %.0f tables/s)  normalize %.2f s  JSON %.2f s\n", r, mb/r, t/r, n, j}'

# python3-docx: every cell's text of every table, nested tables included
/usr/bin/time -f "%e %U %M" -o "$tmp/p" /usr/bin/python3 scripts/bench-docx-pydocx.py "${files[@]}" >"$tmp/pyout" 2>"$tmp/pyerr"
read -r pwall puser prss <"$tmp/p"
read -r pf pt pc psec pfail <"$tmp/pyout"
awk -v s="$puser" -v mb="$mb" -v t="$pt" -v r="$prss" -v b="$best" -v f="$pfail" -v rd="$rd" 'BEGIN{
  printf "python-docx: %.2f s CPU  %7.1f MB/s  %8.0f tables/s  peak RSS %.1f MB  (%d tables; %d files refused)\n", s, mb/s, t/s, r/1024, t, f
  printf "speed-up:    %.1fx whole CLI (read + normalize + JSON), %.1fx reader alone (CPU time)\n", s/((b < 0.01) ? 0.01 : b), s/rd}'

# peak RSS on a ~10 MB DOCX of many large tables
/usr/bin/python3 scripts/gen-big-docx.py "$tmp/big.docx" 10 >/dev/null
bigmb=$(awk -v b="$(wc -c <"$tmp/big.docx")" 'BEGIN{printf "%.1f", b/1e6}')
xmlmb=$(unzip -l "$tmp/big.docx" | awk '/word\/document.xml/{printf "%.0f", $1/1e6}')
/usr/bin/time -f "%e %U %M" -o "$tmp/b" $biao extract --compact "$tmp/big.docx" -o "$tmp/big.json"
read -r bwall buser brss <"$tmp/b"
bt=$(grep -o '"index":' "$tmp/big.json" | wc -l)
jmb=$(awk -v b="$(wc -c <"$tmp/big.json")" 'BEGIN{printf "%.0f", b/1e6}')
awk -v s="$buser" -v mb="$bigmb" -v x="$xmlmb" -v r="$brss" -v t="$bt" -v j="$jmb" 'BEGIN{
  printf "10 MB DOCX:  %s MB (%s MB of XML), %d tables: CLI %.2f s CPU, peak RSS %.1f MB (JSON output %s MB, built in memory)\n", mb, x, t, s, r/1024, j}'
read -r rd nm js nt rrss rmb < <("$tmp/phases" "$tmp/big.docx")
awk -v r="$rd" -v n="$nm" -v j="$js" -v mb="$rmb" -v rss="$rrss" 'BEGIN{
  printf "  phases:    reader %.2f s (%.1f MB/s), peak RSS after reading %.1f MB; normalize %.2f s, JSON %.2f s\n", r, mb/r, rss, n, j}'
