#!/usr/bin/env bash
# Data in the shape users load (docs/long.md): `-f long` / `-f long-ndjson` give one row per body
# value with its row label path, 科目 code, kind and column path; `--header flat --numbers plain`
# CSV; both read by pandas with no options into numeric amount columns, and by `sqlite3 .import`
# with named columns. `-f csv -o FILE.csv --table N` writes that file. Real figures asserted.
# Usage: long.sh BIAO_CLI CORPUS_DIR
set -euo pipefail
biao=$1
corpus=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "long.sh: $*" >&2; exit 1; }
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
doc=$corpus/pdf-real/govbc-01.pdf

"$biao" extract -f long "$doc" >"$tmp/long.csv"
[[ $(head -1 "$tmp/long.csv") == "path,sha256,table,title,form_code,department,year,page,row,row_label,code,kind,col,column,text,value,unit" ]] \
  || fail "long header: $(head -1 "$tmp/long.csv")"
# 公开01表's 总计 of the expenditure side, on its second page (7), row 32, column 4
line=$(grep ',公开01表,' "$tmp/long.csv" | grep ',总计,,总计,4,')
[[ $line == *',2024,7,32,总计,,总计,4,支出 / 决算数,"2,995.39",2995.39,万元' ]] || fail "01 总计: $line"
# a 科目 row: its label under its parents' labels, its code, the column path
line=$(grep ',公开02表,' "$tmp/long.csv" | grep ',2010601,detail,6,')
[[ $line == *',公开02表,'*',一般公共服务支出 / 财政事务 / 行政运行,2010601,detail,6,财政拨款收入,"1,511.89",1511.89,万元' ]] \
  || fail "行政运行: $line"
# NDJSON: the same rows, value a JSON number, converted by --unit
"$biao" extract -f long-ndjson --unit yuan "$doc" >"$tmp/long.ndjson"
[[ $(wc -l <"$tmp/long.ndjson") == $(($(wc -l <"$tmp/long.csv") - 1)) ]] || fail "NDJSON and CSV row counts differ"
v=$(jq -r 'select(.form_code == "公开02表" and .code == "2010601" and .col == 6) | "\(.value) \(.unit) \(.text)"' "$tmp/long.ndjson")
[[ $v == "15118900 元 1,511.89" ]] || fail "--unit yuan long value: $v"
# several files: one header
"$biao" extract -f long -o "$tmp/two.csv" "$doc" "$doc"
[[ $(grep -c '^path,' "$tmp/two.csv") == 1 ]] || fail "header repeated in a long CSV of two files"
[[ $(wc -l <"$tmp/two.csv") == $((2 * $(wc -l <"$tmp/long.csv") - 1)) ]] || fail "two-file long CSV rows"

# flat CSV of 公开02表 into a file named by -o
"$biao" extract -f csv --table 3 --header flat --numbers plain -o "$tmp/sub/t3.csv" "$doc" 2>"$tmp/err"
[[ -f $tmp/sub/t3.csv && ! -s $tmp/err ]] || fail "-o t3.csv did not write the file: $(cat "$tmp/err")"
[[ $(head -1 "$tmp/sub/t3.csv") == *',项目 / 科目名称,本年收入合计,财政拨款收入,'* ]] || fail "flat header: $(head -1 "$tmp/sub/t3.csv")"
[[ $(sed -n 5p "$tmp/sub/t3.csv") == '201,06,01,行政运行,1511.90,1511.89,,,,,0.01' ]] || fail "plain row: $(sed -n 5p "$tmp/sub/t3.csv")"

/usr/bin/python3 - "$tmp/sub/t3.csv" "$tmp/long.csv" <<'PY' || fail "pandas"
import sys, pandas as pd
flat = pd.read_csv(sys.argv[1])
assert str(flat["财政拨款收入"].dtype) == "float64", flat.dtypes
assert abs(flat["财政拨款收入"].iloc[0] - 2940.05) < 1e-9, flat.iloc[0]
long = pd.read_csv(sys.argv[2])
assert str(long["value"].dtype) == "float64", long.dtypes
t = long[(long.form_code == "公开01表") & (long.kind == "合计")]
assert sorted(t.value.tolist()) == [2940.05, 2946.25], t.value.tolist()
PY
(cd "$tmp" && sqlite3 i.db -cmd ".mode csv" ".import sub/t3.csv t" >/dev/null)
s=$(sqlite3 "$tmp/i.db" 'SELECT "财政拨款收入" FROM t WHERE "项目 / 科目名称" = '"'行政运行'")
[[ $s == 1511.89 ]] || fail "sqlite3 .import of the flat CSV: '$s'"

# errors: said once; CSV of a one-table choice only
set +e
"$biao" extract -f csv --table 99 "$doc" >/dev/null 2>"$tmp/err"; rc=$?
set -e
[[ $rc == 2 && $(wc -l <"$tmp/err") == 1 ]] || fail "--table 99: exit $rc, stderr: $(cat "$tmp/err")"
[[ $(cat "$tmp/err") == *"no table 99 (the document has "* ]] || fail "--table 99 message: $(cat "$tmp/err")"
set +e
"$biao" extract -f csv -o "$tmp/all.csv" "$doc" >/dev/null 2>"$tmp/err"; rc=$?
"$biao" extract --pages 99 "$doc" >/dev/null 2>"$tmp/err2"; rc2=$?
set -e
[[ $rc == 2 && ! -e $tmp/all.csv ]] || fail "csv -o FILE.csv of many tables: exit $rc"
[[ $rc2 == 2 && $(cat "$tmp/err2") == *"page 99 is outside the document (25 pages)" ]] || fail "--pages 99: $rc2 $(cat "$tmp/err2")"
# a bad rule folder is the same error for every file: said once, exit 7
mkdir "$tmp/rules" && echo "garbage [[[" >"$tmp/rules/x.rules"
for cmd in extract check; do
  set +e
  "$biao" $cmd --rules "$tmp/rules" "$doc" "$doc" >/dev/null 2>"$tmp/err"; rc=$?
  set -e
  [[ $rc == 7 && $(wc -l <"$tmp/err") == 1 ]] || fail "$cmd with bad rules: exit $rc, $(cat "$tmp/err")"
done
# the README's NDJSON pipeline, as printed there, on a real report
readme=$(dirname "$corpus")/README.md
cmd=$(grep -m1 "jq -c 'select(.form.code" "$readme" | sed "s|reports/\*.pdf|\"\$doc\"|")
[[ -n $cmd ]] || fail "README pipeline example not found"
out=$(eval "${cmd//biao extract/\"\$biao\" extract}")
[[ $(jq -r .file <<<"$out") == "$doc" && $(jq '.rows | length' <<<"$out") == 32 ]] || fail "README jq example gave: ${out:0:200}"
echo "long.sh: ok"
