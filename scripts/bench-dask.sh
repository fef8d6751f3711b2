#!/usr/bin/env bash
# The cost of the Dask engine: documents/s of `biao-dask` with 1 and 2 single-thread workers (real
# `dask scheduler` + `dask worker` processes on 127.0.0.1) against `biao batch -j1` and `-j2` on the
# same files, and the CPU seconds each spends per document (all processes: scheduler, workers, the
# biao children, the client), which a busy shared machine disturbs less than wall time. ROUNDS
# rounds (default 2) run the four in turn; the best wall time of each is kept. Not a test: prints
# figures. Usage: scripts/bench-dask.sh [LIST]  (default: the PDFs of ../shared/corpus/real and
# ../shared/corpus/cities). GROUP=4 sets the documents per Dask task.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
BIAO=$root/build/release/biao
PY=/usr/bin/python3
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
export PYTHONPATH=$root/python
hz=$(getconf CLK_TCK)

# CPU ticks used so far by processes and their reaped children (utime stime cutime cstime)
ticks() { local t=0 f; for p; do read -r -a f < "/proc/$p/stat"; t=$((t + f[13] + f[14] + f[15] + f[16])); done; echo $t; }

# Two clusters side by side, one with 1 worker and one with 2, so that rounds can alternate.
declare -A cluster_pids
for c in 1 2; do
  dask scheduler --host 127.0.0.1 --port 0 --dashboard-address 127.0.0.1:0 --scheduler-file "sched$c.json" \
    > "sched$c.log" 2>&1 &
  pids+=($!)
  cluster_pids[$c]=$!
  for _ in $(seq 300); do [[ -s sched$c.json ]] && break; sleep 0.1; done
  for w in $(seq "$c"); do
    dask worker --scheduler-file "sched$c.json" --host 127.0.0.1 --dashboard-address 127.0.0.1:0 --nthreads 1 \
      --no-nanny --name "c$c-w$w" --local-directory "$T/c$c-w$w" > "c$c-w$w.log" 2>&1 &
    pids+=($!)
    cluster_pids[$c]+=" $!"
  done
  $PY -c "from distributed import Client
with Client(scheduler_file='sched$c.json') as c: c.wait_for_workers($c, timeout=120)"
done

declare -A best cpu
run() {  # NAME COMMAND...: wall seconds and CPU seconds of one run
  local name=$1 t0 t1 c0 c1 s e u
  shift
  c0=$(ticks ${cluster_pids[${name#dask}]:-})
  TIMEFORMAT='%R %U %S'
  { time "$@" > /dev/null 2> "$name.err"; } 2> "$name.time" || true
  c1=$(ticks ${cluster_pids[${name#dask}]:-})
  read -r s u e < "$name.time"
  local c
  c=$(awk "BEGIN{print $u + $e + ($c1 - $c0) / $hz}")
  if [[ -z ${best[$name]:-} ]] || awk "BEGIN{exit !($s < ${best[$name]})}"; then best[$name]=$s; cpu[$name]=$c; fi
}
for r in $(seq "${ROUNDS:-2}"); do
  for j in 1 2; do
    rm -rf "batch$j"
    run "batch$j" "$BIAO" batch -j$j --quiet -o "batch$j" - < list.txt
  done
  for c in 1 2; do
    rm -rf "dask$c"
    run "dask$c" $PY -m biao.dask -s "sched$c.json" -o "dask$c" --biao "$BIAO" --group "${GROUP:-4}" -l list.txt
  done
done
line() { printf '  %-26s %6.2f docs/s  (%5.1f s)   %5.2f CPU s/doc\n' "$1" "$(awk "BEGIN{print $n / $2}")" "$2" \
  "$(awk "BEGIN{print $3 / $n}")"; }
line "biao batch -j1" "${best[batch1]}" "${cpu[batch1]}"
line "biao batch -j2" "${best[batch2]}" "${cpu[batch2]}"
line "biao-dask, 1 worker" "${best[dask1]}" "${cpu[dask1]}"
line "biao-dask, 2 workers" "${best[dask2]}" "${cpu[dask2]}"
echo "  (biao-dask times include the client's start-up; best of ${ROUNDS:-2} rounds)"
for c in 1 2; do
  cmp -s <(cut -d, -f1-3 batch1/manifest.ndjson | sort) <(cut -d, -f1-3 "dask$c/manifest.ndjson" | sort) ||
    echo "  manifest of biao-dask ($c) differs from biao batch's"
done
