#!/usr/bin/env bash
# `biao extract -f sqlite` (docs/sqlite.md): documents, tables, cells, long values and checks in one
# database; the row counts match the JSON of the same files; real figures come back from the views;
# writing a file again replaces its rows (keyed by sha256) instead of adding them.
# Usage: sqlite.sh BIAO_CLI CORPUS_DIR
set -euo pipefail
biao=$1
corpus=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "sqlite.sh: $*" >&2; exit 1; }
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
a=$corpus/pdf-real/govbc-01.pdf
b=$corpus/pdf-real/govbc-02.pdf
q() { sqlite3 "$tmp/out.db" "$1"; }

"$biao" extract -f sqlite -o "$tmp/out.db" "$a" "$b" 2>"$tmp/err" || fail "extract -f sqlite: $(cat "$tmp/err")"
[[ $(q 'PRAGMA journal_mode') == wal ]] || fail "not in WAL mode"
[[ $(q 'SELECT count(*) FROM documents') == 2 ]] || fail "documents: $(q 'SELECT count(*) FROM documents')"
json_tables=$("$biao" extract --compact "$a" "$b" | jq '[.[].tables | length] | add')
json_cells=$("$biao" extract --compact "$a" "$b" | jq '[.[].tables[].cells | length] | add')
json_checks=$("$biao" extract --compact "$a" "$b" | jq '[.[].tables[].checks | length] | add')
[[ $(q 'SELECT count(*) FROM tables') == "$json_tables" ]] || fail "tables $(q 'SELECT count(*) FROM tables') != JSON $json_tables"
[[ $(q 'SELECT count(*) FROM cells') == "$json_cells" ]] || fail "cells $(q 'SELECT count(*) FROM cells') != JSON $json_cells"
[[ $(q 'SELECT count(*) FROM checks') == "$json_checks" ]] || fail "checks != JSON $json_checks"
long_rows=$(("$(("$biao" extract -f long "$a" "$b") | wc -l)" - 1))
[[ $(q 'SELECT count(*) FROM cell_values') == "$long_rows" ]] || fail "cell_values != long rows $long_rows"

# named figures: every 合计/总计 of 公开01表 (view totals_01), one 科目 across both departments
t=$(q "SELECT group_concat(value, ' ') FROM (SELECT value FROM totals_01 WHERE path LIKE '%govbc-01.pdf' AND column = '收入 / 决算数' ORDER BY value)")
[[ $t == "2946.25 2995.39" ]] || fail "totals_01 of govbc-01: $t"
t=$(q "SELECT value FROM totals_01 WHERE path LIKE '%govbc-02.pdf' AND row_label = '总计' AND column = '支出 / 决算数'")
[[ $t == 9859.38 ]] || fail "totals_01 总计 of govbc-02: $t"
t=$(q "SELECT decimal FROM subject_values WHERE form_code = '公开02表' AND code = '2010601' AND column = '财政拨款收入' AND path LIKE '%govbc-01.pdf'")
[[ $t == 1511.89 ]] || fail "subject_values 2010601: $t"
t=$(q "SELECT text FROM cells JOIN documents USING(doc_id) WHERE path LIKE '%govbc-01.pdf' AND table_index = 2 AND row = 32 AND col = 4")
[[ $t == 2,995.39 ]] || fail "cell (32, 4) of table 2: $t"
[[ $(q "SELECT count(*) FROM long") == "$long_rows" ]] || fail "view long"
# the indexes the usual queries use
plan=$(q "EXPLAIN QUERY PLAN SELECT * FROM cell_values WHERE code = '2010601'")
[[ $plan == *values_code* ]] || fail "no index on 科目 code: $plan"

# again, the same file (another path): its rows are replaced, not added
cp "$a" "$tmp/copy.pdf"
before=$(q 'SELECT count(*) FROM cell_values')
"$biao" extract -f sqlite -o "$tmp/out.db" "$tmp/copy.pdf"
[[ $(q 'SELECT count(*) FROM documents') == 2 ]] || fail "re-run duplicated the document"
[[ $(q 'SELECT count(*) FROM cell_values') == "$before" ]] || fail "re-run changed the value count"
[[ $(q "SELECT count(*) FROM documents WHERE path LIKE '%copy.pdf'") == 1 ]] || fail "re-run did not take the new path"

set +e
"$biao" extract -f sqlite "$a" >/dev/null 2>"$tmp/err"; rc=$?
echo "not a database" >"$tmp/bad.db"
"$biao" extract -f sqlite -o "$tmp/bad.db" "$a" >/dev/null 2>"$tmp/err2"; rc2=$?
set -e
[[ $rc == 2 ]] || fail "-f sqlite without -o: exit $rc"
[[ $rc2 == 8 && $(wc -l <"$tmp/err2") == 1 ]] || fail "not a database: exit $rc2, $(cat "$tmp/err2")"
echo "sqlite.sh: ok"
