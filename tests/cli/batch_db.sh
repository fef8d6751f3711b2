#!/usr/bin/env bash
# `biao batch --db` over every file of ../shared/corpus/real/ (docs/sqlite.md, docs/batch.md):
# documents are ok, Markdown/JSON/XLSX are `skipped`; sqlite3 queries return named figures of the
# reports (checked against the rendered pages); the row counts match the JSON outputs of the same
# run; a batch SIGKILLed mid-way and resumed gives the same database as an uninterrupted one; a
# resume given the same files another way (a list on stdin) redoes nothing and writes no second
# output tree; batch also writes --records, -f long and -f xlsx.
# Usage: batch_db.sh BIAO_CLI CORPUS_DIR
set -euo pipefail
biao=$(realpath "$1")
corpus=$(realpath "$2")
real=$(realpath "$corpus/shared/corpus/real" 2>/dev/null || true)
[[ -d $real ]] || { echo "batch_db.sh: no ../shared/corpus/real: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "batch_db.sh: $*" >&2; exit 1; }
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
cd "$tmp"
q() { sqlite3 full.db "$1"; }

"$biao" batch -j2 --quiet -o out --db full.db "$real" 2>err || fail "batch --db: exit $? $(cat err)"
nfiles=$(find "$real" -type f ! -name '.*' | wc -l)
[[ $(wc -l <out/manifest.ndjson) == "$nfiles" ]] || fail "manifest lines != $nfiles files"
[[ $(q "SELECT count(*) FROM manifest") == "$nfiles" ]] || fail "manifest table != $nfiles"
skipped=$(jq -r 'select(.status == "skipped") | .path' out/manifest.ndjson | xargs -n1 basename | sort | tr '\n' ' ')
[[ $skipped == "SOURCES.md govbc-14.xlsx sources.json " ]] || fail "skipped: $skipped"
nok=$(jq -r 'select(.status == "ok") | .path' out/manifest.ndjson | wc -l)
[[ $nok == $((nfiles - 3)) && $(q "SELECT count(*) FROM documents") == "$nok" ]] || fail "documents != $nok ok files"

# row counts: the database against the JSON outputs of the same run
json_tables=$(find out -name '*.json' -exec jq '.tables | length' {} + | awk '{s += $1} END {print s + 0}')
json_cells=$(find out -name '*.json' -exec jq '[.tables[].cells | length] | add // 0' {} + | awk '{s += $1} END {print s + 0}')
json_checks=$(find out -name '*.json' -exec jq '[.tables[].checks // [] | length] | add // 0' {} + | awk '{s += $1} END {print s + 0}')
[[ $(q "SELECT count(*) FROM tables") == "$json_tables" ]] || fail "tables $(q 'SELECT count(*) FROM tables') != JSON $json_tables"
[[ $(q "SELECT count(*) FROM cells") == "$json_cells" ]] || fail "cells $(q 'SELECT count(*) FROM cells') != JSON $json_cells"
[[ $(q "SELECT count(*) FROM checks") == "$json_checks" ]] || fail "checks != JSON $json_checks"
[[ $(q "SELECT sum(n_tables) FROM documents") == "$json_tables" ]] || fail "documents.n_tables"

# named figures (pages reviewed): 总计 of 收入支出决算总表 in three 上海普陀 reports, 收入合计 of
# 江苏 人大常委会办公厅's 收支预算总表 (jsob-01 page 9), 行政运行 2010601 in govbc-01's 收入决算表
t=$(q "SELECT group_concat(v, ' ') FROM (SELECT substr(path, -12) || '=' || value AS v FROM totals_01
        WHERE row_label = '总计' AND column = '支出 / 决算数' AND path LIKE '%govbc-0_.pdf' ORDER BY path)")
[[ $t == "govbc-01.pdf=2995.39 govbc-02.pdf=9859.38 govbc-03.pdf=307.82 govbc-04.pdf=2995.39"* ]] || fail "totals_01: $t"
t=$(q "SELECT page || ' ' || text FROM long WHERE path LIKE '%jsob-01.pdf' AND \"table\" = 1 AND row_label = '收入合计'")
[[ $t == "9 13,649.07" ]] || fail "jsob-01 收入合计: $t"
t=$(q "SELECT value FROM subject_values WHERE path LIKE '%govbc-01.pdf' AND form_code = '公开02表' AND code = '2010601' AND column = '财政拨款收入'")
[[ $t == 1511.89 ]] || fail "govbc-01 2010601: $t"

# SIGKILL mid-way, then --resume: the same database as the uninterrupted run
dump() { # DB: every row but ids, times and durations, in a stable order
  sqlite3 "$1" "SELECT d.sha256, d.path, d.format, d.pages, d.n_tables, d.department, d.year FROM documents d ORDER BY 1;
    SELECT d.sha256, t.table_index, t.title, t.form_code, t.form, t.unit, t.department, t.year, t.page_start, t.page_end, t.n_rows, t.n_cols, t.header_rows FROM tables t JOIN documents d USING(doc_id) ORDER BY 1, 2;
    SELECT d.sha256, c.table_index, c.row, c.col, c.rowspan, c.colspan, c.text FROM cells c JOIN documents d USING(doc_id) ORDER BY 1, 2, 3, 4;
    SELECT d.sha256, v.table_index, v.row, v.col, v.page, v.row_label, v.code, v.kind, v.column, v.text, v.value, v.decimal, v.unit, v.value_kind FROM cell_values v JOIN documents d USING(doc_id) ORDER BY 1, 2, 3, 4;
    SELECT d.sha256, k.table_index, k.rule, k.ok, k.exact, k.expected, k.actual, k.what, k.row, k.col FROM checks k JOIN documents d USING(doc_id) ORDER BY 1, 2, 3, 8;
    SELECT path, sha256, status, message, pages, tables FROM manifest ORDER BY path;"
}
"$biao" batch -j1 --quiet -o out2 --db killed.db "$real" 2>/dev/null &
pid=$!
for _ in $(seq 600); do
  [[ -f out2/manifest.ndjson && $(wc -l <out2/manifest.ndjson) -ge 8 ]] && break
  sleep 0.05
done
kill -9 "$pid"
{ wait "$pid"; } 2>/dev/null || true
done_before=$(wc -l <out2/manifest.ndjson)
((done_before >= 8 && done_before < nfiles)) || fail "kill came at $done_before of $nfiles documents"
touch killed.db.part-999999999 # a worker database left by a killed batch (no such process)
"$biao" batch -j2 --quiet --resume -o out2 --db killed.db "$real" 2>err || fail "resume: exit $? $(cat err)"
dump full.db >full.txt
dump killed.db >killed.txt
cmp -s full.txt killed.txt || fail "killed+resumed database differs: $(diff full.txt killed.txt | head -5)"
[[ -z $(find . -maxdepth 1 -name '*.part-*') ]] || fail "worker databases left behind"

# resume with the same files given as a list on stdin: all recognised by sha256, nothing redone
find "$real" -type f ! -name '.*' | sed "s|^$real|$real/./|" | "$biao" batch --quiet --resume -o out --db full.db - 2>err \
  || fail "resume from a list: exit $? $(cat err)"
[[ $(wc -l <out/manifest.ndjson) == "$nfiles" ]] || fail "resume from a list redid documents"
[[ $(find out -name '*.json' | wc -l) == "$nok" ]] || fail "a second output tree: $(find out -name '*.json' | wc -l) JSON files"

# batch writes records, long rows and workbooks too
"$biao" batch -j2 --quiet --records -o rec "$real/govbc" || fail "batch --records: exit $?"
[[ $(jq -r '.records | length' rec/govbc-01.pdf.records.json) -gt 0 ]] || fail "--records output"
"$biao" batch -j2 --quiet -f long -o lg "$real/govbc" || fail "batch -f long: exit $?"
[[ $(grep -c ',公开01表,' lg/govbc-01.pdf.long.csv) -gt 0 ]] || fail "-f long output"
"$biao" batch -j2 --quiet -f xlsx -o xl "$real/govbc" || fail "batch -f xlsx: exit $?"
[[ $(unzip -Z1 xl/govbc-01.pdf.xlsx | grep -c '^xl/worksheets/sheet') == 11 ]] || fail "-f xlsx output"
echo "batch_db.sh: ok"
