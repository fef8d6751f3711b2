#!/usr/bin/env bash
# The cost of the Dask engine: documents/s of `biao-dask` with 1 and 2 single-thread workers (a real
# `dask scheduler` and `dask worker`s on 127.0.0.1) against `biao batch -j1` and `-j2` on the same
# files. Not a test: prints figures. Usage: scripts/bench-dask.sh [LIST]  (default: the PDFs of
# ../shared/corpus/real and ../shared/corpus/cities). GROUP=4 sets documents per Dask task.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
BIAO=$root/build/release/biao
[[ -x $BIAO ]] || { echo "bench-dask: build first (cmake --build --preset release)" >&2; exit 1; }
T=$(mktemp -d)
pids=()
stop() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 2
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap 'stop; rm -rf "$T"' EXIT
if [[ -n ${1:-} ]]; then
  while IFS= read -r p; do realpath "$p"; done < "$1" > "$T/list.txt"   # the runs start in $T
else
  find "$(realpath "$root/../shared/corpus")"/{real,cities} -name '*.pdf' | sort > "$T/list.txt"
fi
n=$(wc -l < "$T/list.txt")
mb=$(xargs -d '\n' du -cm < "$T/list.txt" | tail -1 | cut -f1)
echo "bench-dask: $n documents, $mb MB, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$T"
secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); awk "BEGIN{print $e - $s}"; }
per() { awk "BEGIN{print $1 / $2}"; }

for j in 1 2; do
  s=$(secs "$BIAO" batch -j$j --quiet -o "batch$j" - < list.txt)
  printf '  biao batch -j%d            %6.2f docs/s  (%5.1f s)\n' $j "$(per "$n" "$s")" "$s"
done

dask scheduler --host 127.0.0.1 --port 0 --dashboard-address 127.0.0.1:0 --scheduler-file sched.json > sched.log 2>&1 &
pids+=($!)
for _ in $(seq 300); do [[ -s sched.json ]] && break; sleep 0.1; done
export PYTHONPATH=$root/python
for w in 1 2; do
  dask worker --scheduler-file sched.json --host 127.0.0.1 --dashboard-address 127.0.0.1:0 --nthreads 1 \
    --name "w$w" --local-directory "$T/w$w" > "w$w.log" 2>&1 &
  pids+=($!)
  /usr/bin/python3 -c "from distributed import Client
with Client(scheduler_file='sched.json') as c: c.wait_for_workers($w, timeout=60)"
  s=$(secs /usr/bin/python3 -m biao.dask -s sched.json -o "dask$w" --biao "$BIAO" --group "${GROUP:-4}" -l list.txt)
  printf '  biao-dask, %d worker(s)     %6.2f docs/s  (%5.1f s, client start-up included)\n' $w \
    "$(per "$n" "$s")" "$s"
  cmp -s <(cut -d, -f1-3 batch1/manifest.ndjson | sort) <(cut -d, -f1-3 "dask$w/manifest.ndjson" | sort) ||
    echo "  (manifest of biao-dask differs from biao batch's)"
done
