#!/usr/bin/env bash
# `biao check` and the semantic layer end to end: exit codes (0 all checks pass, 6 a check fails),
# the readable report, `extract --records`, `--unit yuan` and the "value" of cells in the JSON.
# Usage: meaning.sh BIAO CORPUS
set -euo pipefail
BIAO=$(realpath "$1")
CORPUS=$(realpath "$2")
PY=/usr/bin/python3
fail() { echo "FAIL: $*" >&2; exit 1; }
# ASan builds: fontconfig (reached through Poppler/cairo for PDFs without embedded fonts) keeps a
# cache it never frees; that is not ours to fix
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
echo "leak:libfontconfig.so" > "$T/lsan.supp"
export LSAN_OPTIONS="suppressions=$T/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

# govbc-04: the author of the sample removed 公开03表 支出决算表 from his copy
set +e
out=$("$BIAO" check "$CORPUS/pdf-real/govbc-04.pdf"); rc=$?
set -e
[[ $rc -eq 6 ]] || fail "check govbc-04: exit $rc, want 6"
grep -q "FAIL 部门决算公开表齐全: 8 of 9 forms present; missing: 公开03表" <<<"$out" || fail "no missing-form report: $out"
grep -q "expected 9, printed 8" <<<"$out" || fail "no expected/printed line: $out"

# the original it was made from passes every check
out=$("$BIAO" check -v "$CORPUS/pdf-real/govbc-01.pdf") || fail "check govbc-01 failed: $out"
grep -q "ok 科目合计等于明细之和: 20106 财政事务" <<<"$out" || fail "no passing hierarchy line with -v"
grep -q "10 tables, .* checks, 0 failed" <<<"$out" || fail "summary line: $out"

# a text dump with the publisher's arithmetic error (总分 96, Σ 得分 94)
set +e
out=$("$BIAO" check "$CORPUS/text/002_77a491ca9b0fee99.txt"); rc=$?
set -e
[[ $rc -eq 6 ]] || fail "check seed 002: exit $rc"
grep -q "expected 94, printed 96" <<<"$out" || fail "seed 002 report: $out"

# usage errors and a missing file keep their own exit codes
set +e
"$BIAO" check >/dev/null 2>&1; [[ $? -eq 2 ]] || fail "check without FILE should exit 2"
"$BIAO" check /nonexistent.pdf >/dev/null 2>&1; [[ $? -eq 3 ]] || fail "check of a missing file should exit 3"
# a scan: nothing could be checked, which must not read as "0 failed" and exit 0
out=$("$BIAO" check "$CORPUS/batch/scanned.pdf"); rc=$?
[[ $rc -eq 5 ]] || fail "check of a scanned PDF: exit $rc, want 5 (no table)"
grep -q "scanned.pdf: pages 1-2 without a text layer (scanned): their tables are not checked" <<<"$out" || fail "scan not named: $out"
# with a file that has tables, the scan is named and the exit is the others' verdict
out=$("$BIAO" check "$CORPUS/batch/scanned.pdf" "$CORPUS/pdf-real/govbc-01.pdf"); rc=$?
[[ $rc -eq 0 ]] || fail "check of a scan and govbc-01: exit $rc, want 0"
grep -q "without a text layer" <<<"$out" || fail "scan not named beside another file: $out"
set -e

# --records: valid JSON with the form's canonical fields
"$BIAO" extract --records "$CORPUS/text/000_4f5e7c5a56be8784.txt" | $PY -c '
import json, sys
d = json.load(sys.stdin, parse_float=str)
r = d["records"][0]
assert r["kind"] == "performance-evaluation", r["kind"]
assert r["funds"]["执行率"] == "67.07", r["funds"]
assert r["总分"] == 97 and r["满分"] == 100, (r["总分"], r["满分"])
assert len(r["indicators"]) == 11
' || fail "--records output"

# --records as NDJSON: one document per line; not with csv
n=$("$BIAO" extract -f ndjson --records "$CORPUS/text/000_4f5e7c5a56be8784.txt" "$CORPUS/pdf-real/govbc-02.pdf" |
  $PY -c 'import json, sys; print(sum(1 for l in sys.stdin if json.loads(l)["records"]))')
[[ $n -eq 2 ]] || fail "--records ndjson: $n lines"
set +e
"$BIAO" extract -f csv --records "$CORPUS/text/000_4f5e7c5a56be8784.txt" >/dev/null 2>&1; [[ $? -eq 2 ]] || fail "--records with csv should exit 2"
set -e

# --unit yuan: money converted exactly, 行次/分值/rates untouched; the printed text stays as printed
"$BIAO" extract --unit yuan "$CORPUS/pdf-real/govbc-01.pdf" | $PY -c '
import json, sys
d = json.load(sys.stdin, parse_float=str)
t = [t for t in d["tables"] if t["form"] and t["form"]["code"] == "公开02表"][0]
c = [c for c in t["cells"] if c["row"] == 6 and c["col"] == 4][0]
assert c["text"] == "1,511.90", c
v = c["value"]
assert v["decimal"] == "15119000.00" and v["number"] == "15119000.00" and v["unit"] == "元", v
assert v["original"] == {"decimal": "1511.90", "unit": "万元"}, v
assert t["columns"][0]["path"] == "项目/支出功能分类/科目编码", t["columns"][0]
meta = {m["row"]: m for m in t["rows_meta"]}
assert meta[6]["code"] == "2010601" and meta[6]["parent"] == "20106", meta[6]
assert meta[3]["kind"] == "total" and meta[3]["total"] == "合计", meta[3]
assert all("ok" in k and "expected" in k and "cells" in k for k in t["checks"])
# every output states the unit its numbers are in (issue 12.2)
assert t["unit"] == "元" and t["unit_printed"] == "万元", (t["unit"], t.get("unit_printed"))
assert t["meta"]["unit"] == "元" and t["meta"]["unit_printed"] == "万元", t["meta"]
# one type convention (issue 12.6): a 科目 code is text, never a number
k = [c for c in t["cells"] if c["row"] == 6 and c["col"] == 0][0]
assert k["text"] == "201" and k["value"] == {"kind": "code"}, k
' || fail "--unit yuan JSON"
"$BIAO" extract --records --unit yuan "$CORPUS/pdf-real/govbc-01.pdf" | $PY -c '
import json, sys
d = json.load(sys.stdin, parse_float=str)
assert {r["unit"] for r in d["records"]} == {"元"}, {r["unit"] for r in d["records"]}
' || fail "--records --unit yuan: unit"
# the XLSX index names the unit the sheet's numbers are in, and the sheet says it above the table
"$BIAO" extract -f xlsx -o "$T/y.xlsx" --unit yuan --table 3 "$CORPUS/pdf-real/govbc-01.pdf"
$PY - "$T/y.xlsx" <<'PYEOF' || fail "XLSX --unit yuan"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ix = wb["index"]
heads = [c.value for c in ix[1]]
assert ix.cell(row=2, column=heads.index("unit") + 1).value == "元", [c.value for c in ix[2]]
ws = wb[wb.sheetnames[1]]
# the unit row above the grid (row 2) says what the numbers are in, and what the page printed
assert ws["A2"].value == "单位：元（原表：万元）", ws["A2"].value
assert ws["E9"].value == 15119000.0, ws["E9"].value        # the grid starts at row 3
assert ws["A9"].value == "201" and ws["A9"].data_type == "s", ws["A9"].value
PYEOF
# CSV as printed has no place for a unit: it refuses --unit (unless --numbers plain) instead of ignoring it
set +e
err=$("$BIAO" extract -f csv --table 3 --unit yuan "$CORPUS/pdf-real/govbc-01.pdf" 2>&1 >/dev/null); rc=$?
set -e
[[ $rc -eq 2 ]] || fail "csv --unit yuan: exit $rc, want 2"
grep -q "needs --numbers plain" <<<"$err" || fail "csv --unit message: $err"
"$BIAO" extract -f csv --table 3 --unit keep "$CORPUS/pdf-real/govbc-01.pdf" >/dev/null || fail "csv --unit keep"

# checks name cells as a person sees them: page, 1-based row with its label, column by header
out=$("$BIAO" check -v "$CORPUS/pdf-real/govbc-01.pdf")
grep -q "table 3 (收入决算表) p.8 row 6 '20106 财政事务', column 本年收入合计: ok 科目合计等于明细之和" <<<"$out" ||
  fail "check line names page, row and column: $(grep 20106 <<<"$out" | head -2)"
grep -q ", 0 failed, 143 passed, 0 not checked" <<<"$out" || fail "summary counts: $(tail -1 <<<"$out")"
# seed 001: the rebuilt 绩效自评表 add up; the two rows whose 得分 the dump lost are "not checked"
out=$("$BIAO" check -v "$CORPUS/text/001_1858244e01563f01.txt") || fail "check seed 001 failed: $out"
grep -q "0 failed, 146 passed, 2 not checked" <<<"$out" || fail "seed 001 summary: $(tail -1 <<<"$out")"
grep -q "table 13 (部门整体支出绩效自评表) row 51 '总分', column 7 (分值): ok 满分等于分值之和" <<<"$out" || fail "seed 001 满分: $out"
grep -q "row 48 '绩效指标', column 8 (得分) is empty while the row has its other score" <<<"$out" || fail "seed 001 reason"
echo "meaning.sh: all passed"
