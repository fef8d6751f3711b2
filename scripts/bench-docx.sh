#!/usr/bin/env bash
# DOCX benchmark (figures, not a test): biao's throughput (MB/s of input, tables/s) and peak RSS over
# the DOCX corpus and on a generated ~10 MB DOCX, with Debian's python3-docx reading every cell of
# every table of the same files in the same run (the machine is shared: CPU time user+sys, best of
# BENCH_REPS runs, and the reference measured alongside). Run through scripts/bench (which builds).
# BENCH_SKIP_PYDOCX_BIG=1 skips python-docx on the 10 MB file (~40 s CPU, ~4 GB of memory).
set -euo pipefail
cd "$(dirname "$0")/.."
biao=build/release/biao
[[ -x $biao ]] || { cmake --preset release >/dev/null && cmake --build --preset release -j2 >/dev/null; }
command -v /usr/bin/time >/dev/null || { echo "bench-docx: needs /usr/bin/time (apt-get install time)"; exit 1; }
/usr/bin/python3 -c 'import docx' 2>/dev/null || { echo "bench-docx: needs python3-docx (scripts/install-deps.sh --corpus)"; exit 1; }
reps=${BENCH_REPS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# best CPU time (user+sys) and the peak RSS of a command over $reps runs: prints "seconds kilobytes"
best_of() {
  local best=999999 rss=0
  for ((i = 0; i < reps; i++)); do
    /usr/bin/time -f "%U %S %M" -o "$tmp/t" "$@" >/dev/null 2>&1
    read -r u s m <"$tmp/t"
    best=$(awk -v a="$best" -v b="$(awk -v u="$u" -v s="$s" 'BEGIN{print u + s}')" 'BEGIN{print (b < a) ? b : a}')
    rss=$m
  done
  echo "$best $rss"
}

mapfile -t files < <(find corpus/docx-public corpus/docx -name '*.docx' -o -name '*.dotx' | sort)
bytes=$(cat "${files[@]}" | wc -c)
mb=$(awk -v b="$bytes" 'BEGIN{printf "%.2f", b/1e6}')
tables=$($biao extract -f ndjson "${files[@]}" 2>/dev/null | wc -l)
echo "corpus: ${#files[@]} files, $mb MB, $tables tables (nested included); CPU seconds = user+sys, best of $reps"

# the library phase by phase: reader alone, normalize passes (context, meaning, checks), JSON writer
cc -O2 -std=c11 -D_GNU_SOURCE -I. -Iinclude $(pkg-config --cflags glib-2.0) scripts/bench-docx-phases.c \
  build/release/libbiao.a $(pkg-config --libs glib-2.0 gio-2.0 poppler-glib cairo libzip libxml-2.0 libpcre2-8) \
  $(pkg-config --libs xlsxwriter 2>/dev/null) -lm -o "$tmp/phases"
phases() { # best reader time of $reps runs, with the other phases of that run
  local best="" line
  for ((i = 0; i < reps; i++)); do
    line=$("$tmp/phases" "$@")
    if [[ -z $best ]] || awk -v a="${best%% *}" -v b="${line%% *}" 'BEGIN{exit !(b < a)}'; then best=$line; fi
  done
  echo "$best"
}

read -r cli_s cli_rss < <(best_of $biao extract --compact "${files[@]}")
read -r rd nm js nt rrss rmb < <(phases "${files[@]}")
read -r py_s py_rss < <(reps=$((reps < 3 ? reps : 3)) best_of /usr/bin/python3 scripts/bench-docx-pydocx.py "${files[@]}")
/usr/bin/python3 scripts/bench-docx-pydocx.py "${files[@]}" >"$tmp/pyout" 2>/dev/null
read -r pf pt pc psec pfail <"$tmp/pyout"
awk -v s="$cli_s" -v mb="$mb" -v t="$tables" -v r="$cli_rss" 'BEGIN{
  s = (s < 0.01) ? 0.01 : s
  printf "biao CLI:    %.2f s CPU  %7.1f MB/s  %8.0f tables/s  peak RSS %.1f MB  (read + normalize + JSON)\n", s, mb/s, t/s, r/1024}'
awk -v r="$rd" -v n="$nm" -v j="$js" -v mb="$rmb" -v t="$nt" 'BEGIN{
  printf "  phases:    reader %.2f s (%.1f MB/s, %.0f tables/s)  normalize %.2f s  JSON %.2f s\n", r, mb/r, t/r, n, j}'
awk -v s="$py_s" -v mb="$mb" -v t="$pt" -v r="$py_rss" -v f="$pfail" 'BEGIN{
  printf "python-docx: %.2f s CPU  %7.1f MB/s  %8.0f tables/s  peak RSS %.1f MB  (%d tables; %d files refused)\n", s, mb/s, t/s, r/1024, t, f}'
awk -v p="$py_s" -v c="$cli_s" -v r="$rd" 'BEGIN{
  printf "speed-up:    %.1fx whole CLI, %.1fx reader alone (python-docx CPU time / biao CPU time)\n", p/((c < 0.01) ? 0.01 : c), p/r}'

# a ~10 MB DOCX of many large tables: memory, and speed on one big file
/usr/bin/python3 scripts/gen-big-docx.py "$tmp/big.docx" 10 >/dev/null
bigmb=$(awk -v b="$(wc -c <"$tmp/big.docx")" 'BEGIN{printf "%.1f", b/1e6}')
xmlmb=$(unzip -l "$tmp/big.docx" | awk '/word\/document.xml/{printf "%.0f", $1/1e6}')
read -r bcli_s bcli_rss < <(reps=$(((reps + 1) / 2)) best_of $biao extract "$tmp/big.docx" -o "$tmp/big.json")
bt=$(grep -c '^      "index":' "$tmp/big.json" || true)
jmb=$(awk -v b="$(wc -c <"$tmp/big.json")" 'BEGIN{printf "%.0f", b/1e6}')
read -r brd bnm bjs bnt brrss brmb < <(reps=$(((reps + 1) / 2)) phases "$tmp/big.docx")
awk -v mb="$bigmb" -v x="$xmlmb" -v t="$bt" 'BEGIN{printf "10 MB DOCX:  %s MB (%s MB of XML), %d tables\n", mb, x, t}'
awk -v r="$brd" -v mb="$brmb" -v rss="$brrss" 'BEGIN{
  printf "  reader:    %.2f s CPU (%.1f MB/s)  peak RSS %.1f MB (input held in memory + model)\n", r, mb/r, rss}'
awk -v s="$bcli_s" -v r="$bcli_rss" -v j="$jmb" -v n="$bnm" -v js="$bjs" 'BEGIN{
  printf "  biao CLI:  %.2f s CPU  peak RSS %.1f MB  (JSON %s MB, streamed; normalize %.2f s, JSON %.2f s)\n", s, r/1024, j, n, js}'
if [[ ${BENCH_SKIP_PYDOCX_BIG:-0} != 1 ]]; then
  read -r bpy_s bpy_rss < <(reps=1 best_of /usr/bin/python3 scripts/bench-docx-pydocx.py "$tmp/big.docx")
  awk -v s="$bpy_s" -v r="$bpy_rss" -v c="$bcli_s" -v rd="$brd" 'BEGIN{
    printf "  python-docx: %.2f s CPU  peak RSS %.1f MB;  speed-up %.1fx whole CLI, %.1fx reader alone\n", s, r/1024, s/c, s/rd}'
fi
