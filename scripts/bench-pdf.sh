#!/usr/bin/env bash
# PDF benchmark: CPU time, pages/s and peak RSS of `biao extract` over the real corpus, and in the
# same run `pdftotext -layout` over the same files (it only dumps text: our floor), and the ratio
# (target: biao within 3x). Then peak RSS on one ~100-page PDF made with pdfunite. Figures only;
# nothing fails on a slow machine. REPEAT=N runs each tool N times and keeps the fastest.
set -euo pipefail
cd "$(dirname "$0")/.."
biao=${BIAO:-build/release/biao}
[[ -x $biao ]] || { echo "build first: cmake --preset release && cmake --build --preset release"; exit 1; }
dir=../shared/corpus/real
[[ -d $dir ]] || dir=corpus/pdf-real
mapfile -t files < <(find "$dir" -name '*.pdf' | sort)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pages=0
for f in "${files[@]}"; do pages=$((pages + $(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/{print $2}'))); done

# run `pdftotext` or `biao` on every file; print total CPU seconds (user+sys: the machine may be
# shared, so wall time says little) and the largest peak RSS (KB)
measure_once() {
  local total=0 peak=0
  for f in "${files[@]}"; do
    if [[ $1 == pdftotext ]]; then
      /usr/bin/time -f '%U %S %M' -o "$tmp/t" pdftotext -layout "$f" "$tmp/out.txt" >/dev/null 2>&1 || true
    else
      /usr/bin/time -f '%U %S %M' -o "$tmp/t" "$biao" extract -o "$tmp/out.json" "$f" >/dev/null 2>&1 || true
    fi
    read -r u sy kb < <(tail -n 1 "$tmp/t")
    s=$(echo "$u + $sy" | bc -l)
    total=$(echo "$total + $s" | bc -l)
    ((kb > peak)) && peak=$kb
  done
  echo "$total $peak"
}

# the best of REPEAT runs (default 3): other load on a shared machine only ever adds CPU time
# (cache and core contention), so the minimum is the figure that repeats
measure() {
  local best="" peak=0 t kb
  for ((r = 0; r < ${REPEAT:-3}; r++)); do
    read -r t kb < <(measure_once "$1")
    if [[ -z $best ]] || (($(echo "$t < $best" | bc -l))); then best=$t; fi
    ((kb > peak)) && peak=$kb
  done
  echo "$best $peak"
}
read -r t_ref rss_ref < <(measure pdftotext)
read -r t_biao rss_biao < <(measure biao)
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
