#!/usr/bin/env bash
# PDF benchmark: CPU time, pages/s and peak RSS of `biao extract` over the real corpus, and in the
# same run `pdftotext -layout` over the same files (it only dumps text: our floor), and the ratio
# (target: biao within 3x). Then peak RSS on one ~100-page PDF made with pdfunite. Figures only;
# nothing fails on a slow machine. REPEAT=N: rounds per tool (default 3). PDF_DIR=DIR: another
# folder of PDFs (issue 11 measures ../shared/corpus/cities, the 98 city budgets).
set -euo pipefail
cd "$(dirname "$0")/.."
biao=${BIAO:-build/release/biao}
[[ -x $biao ]] || { echo "build first: cmake --preset release && cmake --build --preset release"; exit 1; }
dir=${PDF_DIR:-../shared/corpus/real}
[[ -d $dir ]] || dir=corpus/pdf-real
mapfile -t files < <(find "$dir" -name '*.pdf' | sort)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pages=0
for f in "${files[@]}"; do pages=$((pages + $(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/{print $2}'))); done

# CPU seconds (user+sys: the machine may be shared, so wall time says little) of `pdftotext` or
# `biao` over all the files, measured as one process tree (one file takes ~50 ms, too close to the
# 10 ms resolution of per-process figures)
corpus_cpu() {
  local cmd
  if [[ $1 == pdftotext ]]; then
    cmd='for f; do pdftotext -layout "$f" "$0/out.txt"; done'
  else
    cmd='for f; do "$BIAO_BIN" extract -o "$0/out.json" "$f"; done'
  fi
  BIAO_BIN=$biao /usr/bin/time -f '%U %S' -o "$tmp/t" bash -c "$cmd" "$tmp" "${files[@]}" >/dev/null 2>&1 || true
  read -r u sy < <(tail -n 1 "$tmp/t")
  echo "$u + $sy" | bc -l
}

# largest peak RSS (KB) of one tool over the files
peak_rss() {
  local peak=0 kb
  for f in "${files[@]}"; do
    if [[ $1 == pdftotext ]]; then
      /usr/bin/time -f '%M' -o "$tmp/t" pdftotext -layout "$f" "$tmp/out.txt" >/dev/null 2>&1 || true
    else
      /usr/bin/time -f '%M' -o "$tmp/t" "$biao" extract -o "$tmp/out.json" "$f" >/dev/null 2>&1 || true
    fi
    kb=$(tail -n 1 "$tmp/t")
    ((kb > peak)) && peak=$kb
  done
  echo "$peak"
}

# REPEAT rounds (default 3), the two tools alternating so both see the same load; the fastest
# round of each counts (other load on a shared machine only ever adds CPU time, through cache and
# core contention)
t_ref="" t_biao=""
for ((r = 0; r < ${REPEAT:-3}; r++)); do
  t=$(corpus_cpu pdftotext)
  [[ -z $t_ref ]] || (($(echo "$t < $t_ref" | bc -l))) && t_ref=$t
  t=$(corpus_cpu biao)
  [[ -z $t_biao ]] || (($(echo "$t < $t_biao" | bc -l))) && t_biao=$t
done
rss_ref=$(peak_rss pdftotext)
rss_biao=$(peak_rss biao)
printf 'corpus: %d PDFs, %d pages (%s)\n' "${#files[@]}" "$pages" "$dir"
printf '%-22s %8.2f s CPU  %7.1f pages/s  peak RSS %6.1f MB\n' "pdftotext -layout" "$t_ref" \
  "$(echo "$pages / $t_ref" | bc -l)" "$(echo "$rss_ref / 1024" | bc -l)"
printf '%-22s %8.2f s CPU  %7.1f pages/s  peak RSS %6.1f MB\n' "biao extract" "$t_biao" \
  "$(echo "$pages / $t_biao" | bc -l)" "$(echo "$rss_biao / 1024" | bc -l)"
printf 'biao / pdftotext CPU time: %.2fx (target <= 3x)\n' "$(echo "$t_biao / $t_ref" | bc -l)"

# one long document: concatenate until >= 100 pages
big=()
n=0
for f in "${files[@]}"; do
  big+=("$f")
  n=$((n + $(pdfinfo "$f" | awk '/^Pages:/{print $2}')))
  ((n >= 100)) && break
done
pdfunite "${big[@]}" "$tmp/big.pdf" 2>/dev/null
/usr/bin/time -f '%U %S %M' -o "$tmp/t" "$biao" extract "$tmp/big.pdf" >/dev/null 2>&1 || true
read -r u sy kb < <(tail -n 1 "$tmp/t")
printf '%d-page PDF: biao %.2f s CPU, peak RSS %.1f MB (target < 200 MB)\n' "$n" "$(echo "$u + $sy" | bc -l)" \
  "$(echo "$kb / 1024" | bc -l)"
