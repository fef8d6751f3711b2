#!/usr/bin/env bash
# scripts/corpus-health and its amount recall (scripts/pdf-number-recall.py) read the amounts as
# printed, from Poppler's word boxes: an amount whose decimals a producer sets a little lower
# (重庆) is one amount, an amount wrapped over two lines of its cell (深圳) is one amount, and two
# rows of a table that prints one decimal ("3.5" over "6") stay two amounts. The figures of a
# document come out of the right columns (tables, recall, check failures).
# Usage: corpus_health.sh BIAO CORPUS
set -euo pipefail
BIAO=$(realpath "$1")
CORPUS=$(realpath "$2")
SCRIPTS=$(dirname "$(realpath "$0")")/../../scripts
PY=/usr/bin/python3
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v pdftotext >/dev/null || fail "pdftotext (poppler-utils) is needed"

amounts() {  # the amounts standing alone on page 1 of a PDF, one per line
  $PY - "$SCRIPTS/pdf-number-recall.py" "$1" <<'PY'
import importlib.util, sys
spec = importlib.util.spec_from_file_location("r", sys.argv[1])
r = importlib.util.module_from_spec(spec)
spec.loader.exec_module(r)
for a in r.alone_amounts(r.page_words(sys.argv[2])[0]):
    print(a)
PY
}
has() { grep -qxF -- "$2" <<<"$1" || fail "$3: '$2' not read as an amount"; }
hasnt() { ! grep -qxF -- "$2" <<<"$1" || fail "$3: '$2' read as an amount"; }

# 1. 重庆 (cq-02 p.12): "174,900" and ".64" are two word boxes whose decimals sit lower; the page
#    prints 合计 174,900.64 (pdftotext -layout puts ".64" on a line of its own)
a=$(amounts "$CORPUS/pdf-cities/cq-02-p12.pdf")
has "$a" "174,900.64" cq02
has "$a" "3,065.17" cq02
hasnt "$a" ".64" cq02
# 2. 深圳 (sz-10 p.24): 总计 "1,264,602" / ".38" and 一般公共预算拨款 "1,263,231.7" / "8" wrapped in
#    their cells
a=$(amounts "$CORPUS/pdf-cities/sz-10-p24.pdf")
has "$a" "1,264,602.38" sz10
has "$a" "1,263,231.78" sz10
hasnt "$a" "1,264,602" sz10
# 3. 西安 (xa-09 p.44): one-decimal amounts in rows of one line: "3.5" over "6" are two rows;
#    xa-12 p.31: a score "1.5" over "2" in the next row
a=$(amounts "$CORPUS/pdf-cities/xa-09-p44.pdf")
has "$a" "38.65" xa09
hasnt "$a" "3.56" xa09
a=$(amounts "$CORPUS/pdf-cities/xa-12-p31.pdf")
hasnt "$a" "1.52" xa12

# 4. the whole report line: one table, titled, every one of its 38 amounts in a cell (biao's cells
#    and the word boxes agree; with pdftotext -layout this page counted 0 of 0)
out=$(cd "$SCRIPTS/.." && $PY scripts/corpus-health --biao "$BIAO" "$CORPUS/pdf-cities/cq-02-p12.pdf")
total=$(tail -1 <<<"$out")
read -r -a f <<<"${total#total (1 files)}"
[[ ${f[0]} == 1 && ${f[1]} == 0 && ${f[2]} == 0 && ${f[3]} == 0 && ${f[4]} == 0 && ${f[5]} == 0 ]] || fail "cq02 columns: $total"
[[ ${f[6]} == 0 && ${f[7]} == 38/38 && ${f[8]} == 100.00% ]] || fail "cq02 recall: $total"
# 5. an amount missing from the cells is missed: drop the cell 174,900.64 from biao's output;
#    drop the whole table and its page is listed under notab
$PY - "$SCRIPTS/pdf-number-recall.py" "$CORPUS/pdf-cities/cq-02-p12.pdf" "$BIAO" <<'PY' || fail "a dropped cell was not missed"
import importlib.util, json, subprocess, sys
spec = importlib.util.spec_from_file_location("r", sys.argv[1])
r = importlib.util.module_from_spec(spec)
spec.loader.exec_module(r)
doc = json.loads(subprocess.run([sys.argv[3], "extract", sys.argv[2]], capture_output=True, text=True).stdout)
for t in doc["tables"]:
    t["cells"] = [c for c in t["cells"] if c["text"] != "174,900.64"]
missed = []
found, total = r.recall(sys.argv[2], doc, missed)
assert (found, total, missed) == (37, 38, [(1, "174,900.64")]), (found, total, missed)
# a table missed whole: its page is not in the recall, but it is listed as a page without a table
untabled = []
assert r.recall(sys.argv[2], {"tables": []}, None, untabled) == (0, 0)
assert [(p, len(a)) for p, a in untabled] == [(1, 38)], untabled
PY
# 6. why an unjoined pair is two tables: a page that repeats A's header rows unchanged is a
#    continuation left apart (no reason: counted under unexpl); a page beginning with A's first
#    label and another project, or naming its own 表 code, is another table
$PY - "$SCRIPTS/corpus-health" <<'PY' || fail "why_two"
import importlib.machinery, importlib.util, sys
loader = importlib.machinery.SourceFileLoader("h", sys.argv[1])
h = importlib.util.module_from_spec(importlib.util.spec_from_loader("h", loader))
loader.exec_module(h)
def table(rows, header_rows=1, context=()):
    return {"header_rows": header_rows, "context": list(context),
            "cells": [{"row": r, "col": c, "text": t} for r, row in enumerate(rows) for c, t in enumerate(row)]}
head = ["科目编码", "科目名称", "金额"]
a = table([head, ["201", "一般公共服务支出", "10.00"]])
b = table([head, ["205", "教育支出", "3.00"]])
assert h.why_two(a, b) is None, h.why_two(a, b)
f1 = table([["项目名称", "档案整理", "主管部门", "办公厅"], ["资金", "5.00", "", ""]], 2)
f2 = table([["项目名称", "法律顾问", "主管部门", "办公厅"], ["资金", "9.00", "", ""]], 2)
assert h.why_two(f1, f2) == "a new form (row 1: 项目名称 | 法律顾问)", h.why_two(f1, f2)
assert h.why_two(f1, table([["项目名称", "档案整理", "主管部门", "办公厅"], ["资金", "5.00", "", ""]], 2)) is None
c1 = dict(f1, context=["表14-1", "部门专项业务经费绩效目标表"])
c2 = dict(f1, context=["表14-2", "部门专项业务经费绩效目标表"])
assert h.why_two(c1, c2) == "its own table code (表14-2 after 表14-1)", h.why_two(c1, c2)
PY
# 7. check failures are counted from biao check's summary line ("N failed, M passed, …")
out=$(cd "$SCRIPTS/.." && $PY scripts/corpus-health --biao "$BIAO" "$CORPUS/pdf-real/govbc-04.pdf")
want=$({ "$BIAO" check "$CORPUS/pdf-real/govbc-04.pdf" || true; } | tail -1 | grep -oE '[0-9]+ failed' | cut -d' ' -f1)
[[ $want -gt 0 ]] || fail "govbc-04 should have a failed check (the publisher's, docs/check-report.md)"
[[ $(tail -1 <<<"$out" | awk '{print $NF}') == "$want" ]] || fail "failures: $(tail -1 <<<"$out") vs $want"
echo "corpus-health: ok"
