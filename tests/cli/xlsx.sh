#!/usr/bin/env bash
# `biao extract -f xlsx` from the command line: the workbook is written atomically with one sheet per
# table plus the index, usage errors exit 2, an unwritable output exits 8 with one line on stderr.
# Usage: xlsx.sh BIAO_CLI CORPUS_DIR
set -euo pipefail
biao=$1
corpus=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "xlsx.sh: $*" >&2; exit 1; }
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

doc=$corpus/pdf-real/govbc-01.pdf
"$biao" extract -f xlsx -o "$tmp/out.xlsx" "$doc" 2>"$tmp/err" || fail "extract -f xlsx failed: $(cat "$tmp/err")"
[[ ! -s $tmp/err ]] || fail "stderr not empty: $(cat "$tmp/err")"
n=$("$biao" extract --compact "$doc" | jq '.tables | length')
sheets=$(unzip -Z1 "$tmp/out.xlsx" | grep -c '^xl/worksheets/sheet[0-9]*\.xml$')
[[ $sheets == $((n + 1)) ]] || fail "$sheets sheets for $n tables (+ index)"
# (captured, not piped into grep -q: an early exit would SIGPIPE the writer under pipefail)
workbook=$(unzip -p "$tmp/out.xlsx" xl/workbook.xml)
[[ $workbook == *'<sheet name="公开03表 支出决算表"'* ]] || fail "sheet 公开03表 支出决算表 missing"
leftovers=("$tmp"/.*part* "$tmp"/*.part*)
[[ -e ${leftovers[0]} || -e ${leftovers[1]} ]] && fail "temporary file left behind"

# --table N: the index and that table only
"$biao" extract -f xlsx --table 4 -o "$tmp/one.xlsx" "$doc"
[[ $(unzip -Z1 "$tmp/one.xlsx" | grep -c '^xl/worksheets/sheet') == 2 ]] || fail "--table 4 did not give 2 sheets"

set +e
"$biao" extract -f xlsx "$doc" >/dev/null 2>"$tmp/err"; rc=$?
[[ $rc == 2 ]] || fail "xlsx without -o: exit $rc, want 2"
"$biao" extract -f xlsx -o /nonexistent-dir/out.xlsx "$doc" >/dev/null 2>"$tmp/err"; rc=$?
set -e
[[ $rc == 8 ]] || fail "unwritable output: exit $rc, want 8"
[[ $(wc -l <"$tmp/err") == 1 && $(cat "$tmp/err") == "biao: /nonexistent-dir/out.xlsx: "* ]] \
  || fail "unwritable output: stderr should be one biao line, got: $(cat "$tmp/err")"
echo "xlsx.sh: ok"
