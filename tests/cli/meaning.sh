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
' || fail "--unit yuan JSON"
echo "meaning.sh: all passed"
