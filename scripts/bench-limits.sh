#!/usr/bin/env bash
# Peak RSS and time of the three large inputs of issue 14 (bounds and limits): the widest text dump
# the reader accepts (64 lines x 40,000 tab-separated cells, 2.56 M cells), a DOCX of about 1 M
# cells (scripts/gen-big-docx.py) and a 1,000-page ruled PDF (scripts/gen-big-pdf.py). Also the
# hostile wide dump (one 1 M-cell line above narrow rows) that is refused with `limit`.
# Prints figures only. Usage: [FILES='wide.txt big.pdf'] scripts/bench-limits.sh [BIAO] [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
biao=${1:-build/release/biao}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
if [[ ! -e $work/wide.txt ]]; then
  python3 - "$work" <<'PY'
import sys
w = sys.argv[1]
with open(f"{w}/wide.txt", "w") as f:
    f.write("宽表\n")
    for r in range(64):
        f.write("\t".join(str((r * 7 + c) % 1000) for c in range(40000)) + "\n")
with open(f"{w}/dense.txt", "w") as f:
    f.write("\t" * 1000000 + "x\n")
    for r in range(200000):
        f.write("a\tb\n")
PY
fi
[[ -e $work/big.docx ]] || /usr/bin/python3 scripts/gen-big-docx.py "$work/big.docx" 9.5 >/dev/null
[[ -e $work/big.pdf ]] || /usr/bin/python3 scripts/gen-big-pdf.py "$work/big.pdf" 1000 >/dev/null
for f in ${FILES:-wide.txt dense.txt big.docx big.pdf}; do
  set +e
  # 8 GB of address space at most: a reader without bounds grew to 23 GB on dense.txt
  (ulimit -v 8000000 && exec /usr/bin/time -f "%e s, peak RSS %M KB" -o "$work/time" "$biao" extract --compact "$work/$f") \
    >"$work/out.json" 2>"$work/err"
  rc=$?
  set -e
  cells=$(grep -o '"rowspan"' "$work/out.json" | wc -l)
  printf '%-10s %6.1f MB in: exit %d, %s, %d cells, %.1f MB JSON %s\n' "$f" "$(echo "$(stat -c %s "$work/$f") / 1000000" | bc -l)" \
    "$rc" "$(tail -1 "$work/time")" "$cells" "$(echo "$(stat -c %s "$work/out.json") / 1000000" | bc -l)" "$(head -c 120 "$work/err")"
done
