#!/usr/bin/env bash
# Peak RSS and time of the three large inputs of issue 14 (bounds and limits): the widest text dump
# the reader accepts (64 lines x 40,000 tab-separated cells, 2.56 M cells), a DOCX of about 1 M
# cells (plain markup, generated here) and a 1,000-page ruled PDF (scripts/gen-big-pdf.py). Also the
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
if [[ ! -e $work/big.docx ]]; then  # 1,000,000 cells in plain markup (Word's would pass the 256 MiB XML cap)
  /usr/bin/python3 - "$work/big.docx" <<'PY'
import sys, zipfile
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    with z.open("word/document.xml", "w", force_zip64=True) as f:
        f.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'.encode())
        for t in range(100):  # 100 tables x 1,000 rows x 10 cells
            f.write(f"<w:p><w:r><w:t>表{t + 1} 支出明细</w:t></w:r></w:p><w:tbl>".encode())
            for r in range(1000):
                f.write(("<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{(t * 7 + r * 13 + c) % 100000}.{c}0</w:t></w:r></w:p></w:tc>"
                                            for c in range(10)) + "</w:tr>").encode())
            f.write(b"</w:tbl>")
        f.write(b"<w:sectPr/></w:body></w:document>")
PY
fi
[[ -e $work/big.pdf ]] || /usr/bin/python3 scripts/gen-big-pdf.py "$work/big.pdf" 1000 >/dev/null
for f in ${FILES:-wide.txt dense.txt big.docx big.pdf}; do
  set +e
  # 8 GB of address space at most: a reader without bounds grew to 23 GB on dense.txt
  (ulimit -v 8000000 && exec /usr/bin/time -f "%e s wall (%U s user + %S s sys), peak RSS %M KB" -o "$work/time" "$biao" extract --compact "$work/$f") \
    >"$work/out.json" 2>"$work/err"
  rc=$?
  set -e
  cells=$(grep -o '"rowspan"' "$work/out.json" | wc -l || true)
  printf '%-10s %6.1f MB in: exit %d, %s, %d cells, %.1f MB JSON %s\n' "$f" "$(echo "$(stat -c %s "$work/$f") / 1000000" | bc -l)" \
    "$rc" "$(tail -1 "$work/time")" "$cells" "$(echo "$(stat -c %s "$work/out.json") / 1000000" | bc -l)" "$(head -c 120 "$work/err")"
done
