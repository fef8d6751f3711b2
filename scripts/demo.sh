#!/usr/bin/env bash
# README command (1): install dependencies, build libbiao, biao and its man page, and print the
# tables of a real published report: 上海市普陀区财政局 2024年度部门决算 (ONLYOFFICE PDF, 25 pages;
# corpus/pdf-real/SOURCES.md). Another document: bash scripts/demo.sh path/to/report.pdf
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc 2>/dev/null || echo 2)"
doc=${1:-corpus/pdf-real/govbc-01.pdf}
biao=build/release/biao
echo "== biao extract -f ndjson $doc | jq: every table (number, first page, title)"
"$biao" extract -f ndjson "$doc" | jq -r '[.index, .page_start, .title] | @tsv'
echo "== biao extract -f csv --table 2 $doc"
"$biao" extract -f csv --table 2 "$doc"
echo "== biao check $doc"
"$biao" check "$doc"
echo "== done: build/release/biao is ready; 'cmake --install build/release' installs it (README: Install)"
