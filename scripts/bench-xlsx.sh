#!/usr/bin/env bash
# XLSX export cost over JSON, per corpus document: wall time and peak RSS of `biao extract` to JSON
# and to XLSX (the difference is the writer), and the Python binding's read_tables().
# Prints figures only; run through scripts/bench (which builds the release tree first).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release/biao
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
measure() { # prints "seconds KB" of a command
  /usr/bin/time -f "%e %M" -o "$tmp/t" "$@" >/dev/null 2>&1 || true
  cat "$tmp/t"
}
printf '%-28s %6s %8s %6s %8s %8s %6s\n' document tables json_s json_KB xlsx_s xlsx_KB sheets
for f in corpus/pdf-real/*.pdf corpus/text/*.txt; do
  [[ -f $f ]] || continue
  n=$("$bin" extract --compact "$f" 2>/dev/null | jq '.tables | length' 2>/dev/null || echo 0)
  read -r js jk < <(measure "$bin" extract "$f")
  read -r xs xk < <(measure "$bin" extract -f xlsx -o "$tmp/o.xlsx" "$f")
  sheets=$(unzip -l "$tmp/o.xlsx" 2>/dev/null | grep -c 'xl/worksheets/sheet' || true)
  printf '%-28s %6s %8s %6s %8s %8s %6s\n' "$(basename "$f")" "$n" "$js" "$jk" "$xs" "$xk" "$sheets"
done
if [[ -x /usr/bin/python3 ]]; then
  f=corpus/pdf-real/govbc-01.pdf
  s=$( { /usr/bin/time -f "%e s, %M KB" env BIAO_LIBRARY=build/release/libbiao.so PYTHONPATH=python \
        /usr/bin/python3 -c "import biao,sys; print(len(biao.read_tables(sys.argv[1])))" "$f" >/dev/null; } 2>&1 | tail -1)
  echo "python read_tables($(basename "$f")) incl. interpreter + pandas import: $s"
fi
