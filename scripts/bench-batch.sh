#!/usr/bin/env bash
# Batch throughput and memory (a benchmark, not a test: it prints figures, nothing fails on a slow
# machine). Run through `scripts/bench batch` (which builds the release tree first).
#  1. One run over the real corpus (corpus/pdf-real/ if present, else ../shared/corpus/real/) for
#     `biao batch -j1`, `biao batch -j2` and `pdftotext -layout` (the floor): pages/s, MB/s,
#     peak RSS (largest process: parent or any worker), files ok.
#  2. A soak: SOAK_N (default 1000) documents, symlinks to small corpus files, through one batch,
#     with the resident memory of the parent and of the largest worker sampled as files complete,
#     to show that memory stays flat as the number of files grows.
set -euo pipefail
cd "$(dirname "$0")/.."
BIAO=$PWD/build/release/biao
PY=/usr/bin/python3
[[ -x $BIAO ]] || { echo "bench-batch: build first (cmake --preset release && cmake --build --preset release)"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

src=corpus/pdf-real
[[ -d $src ]] || src=../shared/corpus/real
mkdir -p "$T/real"
n=0
while IFS= read -r -d '' f; do
  n=$((n + 1))
  ln -s "$(realpath "$f")" "$T/real/$(printf '%03d' $n)-$(basename "$f")"
done < <(find "$src" -name '*.pdf' -print0 | sort -z)
pages=0
for f in "$T"/real/*.pdf; do pages=$((pages + $(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/{print $2}'))); done
bytes=$(cat "$T"/real/*.pdf | wc -c)
echo "corpus: $src: $n PDFs, $pages pages, $((bytes / 1000000)) MB"

# run LABEL CMD...: wall time and peak RSS of the command and all its descendants
run() {
  local label=$1
  shift
  $PY - "$label" "$pages" "$bytes" "$@" <<'EOF'
import resource, subprocess, sys, time
label, pages, size, cmd = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
t = time.monotonic()
subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.monotonic() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{label:22s} {wall:7.2f} s  {pages / wall:8.1f} pages/s  {size / 1e6 / wall:7.2f} MB/s  peak RSS {rss:7.1f} MB")
EOF
}
ok_count() { grep -c '"status":"ok"' "$1" || true; }

run "biao batch -j1" "$BIAO" batch -j1 --quiet -o "$T/o1" "$T/real"
echo "                       ok: $(ok_count "$T/o1/manifest.ndjson")/$n"
run "biao batch -j2" "$BIAO" batch -j2 --quiet -o "$T/o2" "$T/real"
echo "                       ok: $(ok_count "$T/o2/manifest.ndjson")/$n"
run "pdftotext -layout" bash -c 'for f in "$0"/*.pdf; do pdftotext -layout "$f" /dev/null; done' "$T/real"

# ---- soak ----
N=${SOAK_N:-1000}
mkdir -p "$T/soak"
small=()
while IFS= read -r -d '' f; do small+=("$(realpath "$f")"); done < <(
  find corpus "$src" -type f \( -name '*.pdf' -o -name '*.docx' -o -name '*.txt' \) -size -400k \
    ! -name '*bomb*' -print0 2>/dev/null | sort -z)
for ((i = 0; i < N; i++)); do
  f=${small[$((i % ${#small[@]}))]}
  ln -s "$f" "$T/soak/$(printf '%04d' "$i")-$(basename "$f")"
done
echo "soak: $N documents (symlinks to ${#small[@]} small files), biao batch -j2"
"$BIAO" batch -j2 --quiet -o "$T/os" "$T/soak" &
pid=$!
$PY - "$pid" "$T/os/manifest.ndjson" "$N" <<'EOF'
import os, sys, time
pid, manifest, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
def rss_kb(p):
    try:
        for line in open(f'/proc/{p}/status'):
            if line.startswith('VmRSS:'): return int(line.split()[1])
    except OSError: pass
    return 0
def children(p):
    try:
        out = []
        for t in os.listdir(f'/proc/{p}/task'):
            out += open(f'/proc/{p}/task/{t}/children').read().split()
        return [int(c) for c in out]
    except OSError: return []
marks = [n * k // 10 for k in range(1, 11)]
print(f"{'files done':>10}  {'parent RSS':>10}  {'max worker RSS (since last line)':>32}")
worker_max, parent_max, t0 = 0, 0, time.monotonic()
while True:
    try: os.kill(pid, 0)
    except OSError: break
    if open(f'/proc/{pid}/stat').read().split()[2] == 'Z': break
    parent = rss_kb(pid)
    parent_max = max(parent_max, parent)
    for c in children(pid): worker_max = max(worker_max, rss_kb(c))
    try: done = sum(1 for _ in open(manifest))
    except OSError: done = 0
    while marks and done >= marks[0]:
        print(f"{marks.pop(0):>10}  {parent / 1024:8.1f} MB  {worker_max / 1024:30.1f} MB")
        worker_max = 0
    time.sleep(0.05)
done = sum(1 for _ in open(manifest))
for m in marks:
    if done >= m: print(f"{m:>10}  {'(exited)':>10}  {worker_max / 1024:30.1f} MB")
wall = time.monotonic() - t0
print(f"soak: {n} documents in {wall:.1f} s ({n / wall:.1f} docs/s); parent peak RSS {parent_max / 1024:.1f} MB")
EOF
wait $pid || true
echo "soak ok: $(ok_count "$T/os/manifest.ndjson")/$N"
