#!/usr/bin/env bash
# The SQLite output against the JSON output (a benchmark, not a test: it prints figures). Run
# through `scripts/bench db`. Over ../shared/corpus/cities/ (or DB_CORPUS): `biao batch -j2` with
# JSON outputs only, then the same with `--db` too; wall time, peak RSS, JSON tree size, database
# size (after the WAL checkpoint at close) and its row counts; then single-process `extract -f
# json` against `extract -f sqlite` of the same files, to separate the writer's cost from batch.
set -euo pipefail
cd "$(dirname "$0")/.."
BIAO=$PWD/build/release/biao
src=${DB_CORPUS:-../shared/corpus/cities}
[[ -x $BIAO ]] || { echo "bench-db: build first"; exit 1; }
[[ -d $src ]] || { echo "bench-db: no $src"; exit 0; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=$(find "$src" -type f ! -name '.*' | wc -l)
echo "corpus: $src: $n files, $(($(du -sb "$src" | cut -f1) / 1000000)) MB"
run() { # LABEL CMD...: wall seconds and peak RSS (MB) of the largest process
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$T/time" "$@" >/dev/null 2>&1 || true
  read -r s kb <"$T/time"
  printf '%-34s %7.1f s  %5d MB peak RSS\n' "$label" "$s" $((kb / 1000))
}
run "batch -j2 (JSON)" "$BIAO" batch -j2 --quiet -o "$T/json" "$src"
run "batch -j2 (JSON + --db)" "$BIAO" batch -j2 --quiet -o "$T/both" --db "$T/all.db" "$src"
echo "JSON tree: $(($(du -sb "$T/json" | cut -f1) / 1000)) kB; database: $(($(stat -c %s "$T/all.db") / 1000)) kB"
sqlite3 "$T/all.db" "SELECT 'rows: ' || (SELECT count(*) FROM documents) || ' documents, ' || (SELECT count(*) FROM tables)
  || ' tables, ' || (SELECT count(*) FROM cells) || ' cells, ' || (SELECT count(*) FROM cell_values) || ' values, '
  || (SELECT count(*) FROM checks) || ' checks'"
mapfile -t files < <(find "$src" -type f -name '*.pdf' | sort)
run "extract -f json (1 process)" "$BIAO" extract --compact -o "$T/all.json" "${files[@]}"
run "extract -f sqlite (1 process)" "$BIAO" extract -f sqlite -o "$T/one.db" "${files[@]}"
