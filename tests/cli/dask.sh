#!/usr/bin/env bash
# biao.dask (python/biao/dask.py) on a real Dask cluster: a `dask scheduler` and two `dask worker`
# processes on 127.0.0.1 (no LocalCluster), the real documents of ../shared/corpus/real/ plus three
# poisoned files (the test hooks of `biao batch` make them hang, crash and eat memory). One worker is
# killed with SIGKILL while it runs a task. Checks: every document has exactly one manifest line and
# its output; outputs and manifest lines equal those of `biao batch` (all but ms); the poisoned files
# are timeout/crash/oom; the killed worker's biao processes died with it; the other worker is alive;
# --resume skips what is done and redoes a deleted or foreign output; cells_frame reads a real cell,
# and cells_dask_frame reads the same on the cluster.
# Everything started here is stopped on exit. Usage: dask.sh BIAO CORPUS
set -euo pipefail
BIAO=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
REAL=$root/corpus/shared/corpus/real
PY=/usr/bin/python3
fail() { echo "FAIL: $*" >&2; exit 1; }
[[ -d $REAL ]] || fail "$REAL missing (copied from ../shared/corpus/real into corpus/shared)"
command -v dask >/dev/null || fail "no dask command (Debian package python3-distributed, scripts/install-deps.sh)"

T=$(mktemp -d)
pids=()
stop() {  # SIGTERM what we started, SIGKILL what is still there after 5 s
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 50); do
    alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap 'stop; rm -rf "$T"' EXIT
cd "$T"
export PYTHONDONTWRITEBYTECODE=1
# a sanitizer build: the batch parent is built with ASan too; the leak check of the Python
# processes themselves is not ours
export ASAN_OPTIONS=${ASAN_OPTIONS:-}

# ---- inputs: the real corpus, and poisoned copies of one small document in the middle ----
find "$REAL" -type f ! -name '*.md' ! -name '*.json' | sort > real.txt
n_real=$(wc -l < real.txt)
((n_real >= 10)) || fail "only $n_real real documents"
mkdir in
small=$(head -1 < <(ls -S $(cat real.txt) | tac))
for k in hang crash hog; do cp "$small" "in/$k-me.pdf"; done
{ head -n $((n_real / 2)) real.txt; ls "$T"/in/*; tail -n +$((n_real / 2 + 1)) real.txt; } > all.txt
n_all=$(wc -l < all.txt)

# ---- reference: biao batch on the real documents ----
set +e
"$BIAO" batch -j2 --quiet --max-memory 800 -o ref - < real.txt
rc=$?
set -e
[[ $rc == 0 || $rc == 9 ]] || fail "reference biao batch: exit $rc"
# No real document may time out: the timeout is 3x the slowest (ASan builds are slower), and at
# least 10 s so that the memory hog reaches --max-memory first on a loaded machine.
timeout=$($PY -c 'import json,sys,math
print(max(10, math.ceil(3 * max(json.loads(l)["ms"] for l in open("ref/manifest.ndjson")) / 1000)))')

# ---- the cluster: one scheduler, two workers, all on 127.0.0.1 ----
dask scheduler --host 127.0.0.1 --port 0 --dashboard-address 127.0.0.1:0 --scheduler-file sched.json \
  > sched.log 2>&1 &
pids+=($!)
for _ in $(seq 300); do [[ -s sched.json ]] && break; sleep 0.1; done
[[ -s sched.json ]] || { cat sched.log; fail "the scheduler did not start"; }
workers=()
for w in 1 2; do
  mkdir "tmp$w"
  # --no-nanny: a killed worker stays dead (a nanny would restart it); the hooks poison by name;
  # no PYTHONPATH: the workers get biao.dask's functions with the tasks
  env -u PYTHONPATH TMPDIR="$T/tmp$w" BIAO_TEST_HANG_ON=hang-me BIAO_TEST_CRASH_ON=crash-me BIAO_TEST_HOG_ON=hog-me \
    dask worker --scheduler-file sched.json --host 127.0.0.1 --dashboard-address 127.0.0.1:0 --nthreads 1 \
    --no-nanny --name "w$w" --local-directory "$T/tmp$w" > "w$w.log" 2>&1 &
  pids+=($!)
  workers+=($!)
done
export PYTHONPATH=$root/python
timeout 90 $PY -c 'import sys
from distributed import Client
with Client(scheduler_file="sched.json", timeout="60s") as c:
    c.wait_for_workers(2, timeout=60)' || { cat w1.log w2.log; fail "two workers did not join"; }

# ---- the run, and a SIGKILL of a busy worker in the middle ----
timeout 300 $PY -m biao.dask -s sched.json -o out --biao "$BIAO" --timeout "$timeout" --max-memory 800 \
  --group 2 --progress -l all.txt > run.out 2> run.err &
client=$!
pids+=($client)
busy() { pgrep -x biao -P "$1" >/dev/null; }  # a worker running a task has a biao batch child
victim=
for _ in $(seq 3000); do
  kill -0 $client 2>/dev/null || break
  lines=0
  [[ -f out/manifest.ndjson ]] && lines=$(wc -l < out/manifest.ndjson)
  if ((lines >= 4)); then
    for w in "${workers[@]}"; do
      if busy "$w"; then victim=$w; break; fi
    done
    [[ -n $victim ]] && break
  fi
  sleep 0.05
done
[[ -n $victim ]] || { cat run.err; fail "no busy worker to kill before the run ended"; }
children=$(pgrep -P "$victim" | tr '\n' ' ' || true)    # || true: a process may just have ended
grandchildren=$(for c in $children; do pgrep -P "$c" || true; done | tr '\n' ' ')
kill -9 "$victim"
killed_at=$(wc -l < out/manifest.ndjson)
echo "killed worker $victim (children: $children$grandchildren) after $killed_at of $n_all documents"
set +e
wait $client
rc=$?
set -e
[[ $rc == 9 ]] || { cat run.err; fail "biao-dask exit status $rc, expected 9 (some documents failed)"; }
((killed_at < n_all)) || fail "the worker was killed after the run ended"

# the killed worker's biao batch and its document process died with it (setpriv --pdeathsig)
for p in $children $grandchildren; do
  for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  ! kill -0 "$p" 2>/dev/null || fail "process $p of the killed worker is still alive"
done
# the other worker is alive, and the scheduler still has it
survivor=$([[ ${workers[0]} == "$victim" ]] && echo "${workers[1]}" || echo "${workers[0]}")
kill -0 "$survivor" || fail "the surviving worker died"
timeout 60 $PY -c 'from distributed import Client
with Client(scheduler_file="sched.json", timeout="30s") as c:
    n = len(c.scheduler_info()["workers"])
    assert n == 1, n' || fail "the scheduler does not have exactly the one surviving worker"

# ---- the manifest and the outputs ----
$PY - "$timeout" <<'EOF' || fail "manifest or outputs differ from biao batch"
import json, os, sys
want = [l.rstrip("\n") for l in open("all.txt")]
lines = open("out/manifest.ndjson").read().splitlines()
recs = [json.loads(l) for l in lines]
paths = [r["path"] for r in recs]
assert sorted(paths) == sorted(want), (len(paths), len(want), set(want) ^ set(paths))
assert len(set(paths)) == len(paths), "a document has two manifest lines"
ref = {json.loads(l)["path"]: json.loads(l) for l in open("ref/manifest.ndjson")}
by = {r["path"]: r for r in recs}
for p, r in ref.items():
    a, b = dict(by[p]), dict(r)
    assert list(a) == list(b), (list(a), list(b))      # same fields, same order
    a.pop("ms"), b.pop("ms")
    assert a == b, (a, b)
    if r["status"] == "ok":
        with open(os.path.join("out", r["output"]), "rb") as f, open(os.path.join("ref", r["output"]), "rb") as g:
            assert f.read() == g.read(), "output differs: " + r["output"]
for k, status in (("hang", "timeout"), ("crash", "crash"), ("hog", "oom")):
    r = next(r for r in recs if r["path"].endswith(f"/{k}-me.pdf"))
    assert r["status"] == status and r["output"] is None and len(r["sha256"]) == 64, r
    if k == "hang":
        assert f"no result after {sys.argv[1]} s" in r["message"], r
# exactly the outputs of the ok documents, no temporary file left
found = sorted(os.path.relpath(os.path.join(d, f), "out") for d, _, fs in os.walk("out") for f in fs)
expect = sorted([r["output"] for r in recs if r["status"] == "ok"] + ["manifest.ndjson"])
assert found == expect, set(found) ^ set(expect)
print(f"{len(recs)} documents, one line and one output each; {len(ref)} equal to biao batch's")
EOF
errors=$(grep -c '"status":"error"' ref/manifest.ndjson || true)
tail -n 2 run.err | grep -q "^biao-dask: $n_all/$n_all documents, $((errors + 3)) failed, " ||
  { cat run.err; fail "no progress line"; }

# ---- resume: nothing to redo; then a deleted output and a foreign output are redone ----
run_resume() { timeout 120 $PY -m biao.dask -s sched.json -o out --biao "$BIAO" --timeout "$timeout" --max-memory 800 \
  --resume --quiet -l real.txt; }
set +e; run_resume; rc=$?; set -e
ok_before=$(grep -c '"status":"ok"' out/manifest.ndjson)
[[ $(wc -l < out/manifest.ndjson) == "$n_all" ]] || fail "--resume redid documents that were done"
[[ $rc == $((errors ? 9 : 0)) ]] || fail "--resume exit status $rc"
mapfile -t outs < <($PY -c 'import json
recs = [json.loads(l) for l in open("out/manifest.ndjson")]
print("\n".join([r["output"] for r in recs if r["status"] == "ok"][:2]))')
rm "out/${outs[0]}"
cp "out/${outs[1]}" out/keep.json && cp "ref/${outs[0]}" "out/${outs[1]}"   # the other document's output
set +e; run_resume; set -e
[[ $(wc -l < out/manifest.ndjson) == $((n_all + 2)) ]] || fail "--resume did not redo exactly the 2 spoiled outputs"
cmp -s "out/${outs[0]}" "ref/${outs[0]}" || fail "deleted output not restored"
cmp -s "out/${outs[1]}" out/keep.json || fail "foreign output not replaced"
rm out/keep.json

# ---- the long cell table: a value checked on the page (jsob-04 p.1: 一、财政拨款 18,330.37 万元) ----
timeout 120 $PY - "$BIAO" <<'EOF' || fail "cells_frame"
import json, sys, biao.dask
f = biao.dask.cells_frame("out")
n = 0
for l in open("ref/manifest.ndjson"):
    r = json.loads(l)
    if r["status"] == "ok":
        n += sum(len(t["cells"]) for t in json.load(open("ref/" + r["output"]))["tables"])
assert len(f) == n, (len(f), n)
c = f[f.path.str.endswith("/jsob-04.pdf") & (f.table == 1) & (f.row == 3) & (f.col == 1)].iloc[0]
assert (c.text, c.kind, c.decimal, c.unit) == ("18,330.37", "number", "18330.37", "万元"), c
assert c.title == "收支预算总表", c
assert abs(c.number - 18330.37) < 1e-9
# the same table as a Dask DataFrame, its partitions read on the surviving worker
from distributed import Client
with Client(scheduler_file="sched.json", timeout="30s"):
    g = biao.dask.cells_dask_frame("out", docs_per_partition=4).compute().reset_index(drop=True)
assert g.equals(f), (len(g), len(f))
# run(cells=True): the cells of the documents of that run
with Client(scheduler_file="sched.json", timeout="30s") as client:
    s = biao.dask.run(client, ["@real.txt"], "out", resume=True, cells=True, biao=sys.argv[1])
assert s["skipped"] == len(open("real.txt").read().split()) and s["done"] == 0, s
assert s["cells"].equals(f), (len(s["cells"]), len(f))
EOF
echo "dask: ok (timeout ${timeout} s)"
