#!/usr/bin/env bash
# `biao batch` against the failures of issue 14: a FIFO among the inputs never blocks the batch (3);
# a second batch into the same output folder is refused and a manifest is never truncated (4); a
# document whose output could not be written (a full disk, played by RLIMIT_FSIZE with SIGXFSZ
# ignored) is `write-error` and retried by --resume (5); --resume removes the temporary files of
# killed workers, and only those (8). Usage: batch_safety.sh BIAO CORPUS
set -euo pipefail
BIAO=$(realpath "$1")
CORPUS=$(realpath "$2")
PY=/usr/bin/python3
T=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$T"' EXIT
cd "$T"
fail() { echo "FAIL: $*" >&2; exit 1; }
# hold_lock FILE: flock FILE in one process (no child to outlive it) until killed
hold_lock() { exec /usr/bin/python3 -c 'import fcntl, sys, time
f = open(sys.argv[1]); fcntl.flock(f, fcntl.LOCK_EX); time.sleep(120)' "$1" >/dev/null 2>&1; }
# field MANIFEST PATH KEY: that key of the path's last record
field() { $PY -c 'import json,sys
recs=[json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print([r for r in recs if r["path"]==sys.argv[2]][-1][sys.argv[3]])' "$@"; }
src=$CORPUS/batch
mkdir in
cp "$src/table.txt" in/a.txt
cp "$CORPUS/docx/form-000.docx" in/b.docx   # about 48 KB of JSON

# ---- 3. a FIFO on the command line and in the stdin list: refused with a record, never read ----
mkfifo in/pipe
set +e
timeout 60 "$BIAO" batch -j1 --timeout 5 -o out3 in/a.txt in/pipe 2> err3.txt
rc=$?
echo in/pipe | timeout 60 "$BIAO" batch -j1 --timeout 5 -o out3s - 2>> err3.txt
rcs=$?
set -e
[[ $rc == 9 && $rcs == 9 ]] || fail "3: batch with a FIFO exited $rc (argument) / $rcs (stdin list), not 9"
[[ $(field out3/manifest.ndjson in/pipe status) == error ]] || fail "3: FIFO status"
[[ $(field out3/manifest.ndjson in/pipe message) == "not a regular file (FIFO): only regular files are read" ]] ||
  fail "3: FIFO message: $(field out3/manifest.ndjson in/pipe message)"
[[ $(field out3s/manifest.ndjson in/pipe code) == io ]] || fail "3: FIFO from stdin: $(cat out3s/manifest.ndjson)"
[[ $(field out3/manifest.ndjson in/a.txt status) == ok ]] || fail "3: the file beside the FIFO"
rm in/pipe

# ---- 4. one batch per output folder; the manifest is appended to, never truncated ----
"$BIAO" batch -j1 -o out4 in
[[ $(wc -l < out4/manifest.ndjson) == 2 ]] || fail "4: first batch records"
cp "$src/table.txt" hang-me.txt
BIAO_TEST_HANG_ON=hang-me "$BIAO" batch -j1 --timeout 600 -o out4 hang-me.txt 2>/dev/null & pids+=($!)
for _ in $(seq 100); do pgrep -P "${pids[0]}" >/dev/null && break; sleep 0.1; done
set +e
"$BIAO" batch -j1 -o out4 in 2> err4.txt
rc=$?
set -e
[[ $rc == 10 ]] || fail "4: second batch into a busy folder exited $rc, not 10"
[[ $(wc -l < err4.txt) == 1 ]] && grep -q '^biao: out4: another biao batch is writing to this folder' err4.txt ||
  fail "4: message: $(cat err4.txt)"
kill -INT "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true
[[ $(wc -l < out4/manifest.ndjson) == 2 ]] || fail "4: the refused batch changed the manifest"
"$BIAO" batch -j1 -o out4 in/a.txt
[[ $(wc -l < out4/manifest.ndjson) == 3 ]] || fail "4: a new batch truncated the manifest ($(wc -l < out4/manifest.ndjson) records, not 3)"

# ---- 5. output failures are write-error and retried by --resume ----
set +e
(trap '' XFSZ; ulimit -f 8; exec "$BIAO" batch -j1 -o out5 in) 2>/dev/null
rc=$?
set -e
[[ $rc == 9 ]] || fail "5: batch on a full disk exited $rc, not 9"
[[ $(field out5/manifest.ndjson in/b.docx status) == write-error ]] ||
  fail "5: status $(field out5/manifest.ndjson in/b.docx status): $(field out5/manifest.ndjson in/b.docx message)"
field out5/manifest.ndjson in/b.docx message | grep -q 'File too large' || fail "5: message"
[[ $(field out5/manifest.ndjson in/a.txt status) == ok ]] || fail "5: the small output"
"$BIAO" batch -j1 --resume -o out5 in
[[ $(field out5/manifest.ndjson in/b.docx status) == ok ]] || fail "5: --resume did not retry the write-error"
[[ $(wc -l < out5/manifest.ndjson) == 3 ]] || fail "5: --resume redid more than the write-error"
cmp -s out5/b.docx.json <("$BIAO" extract in/b.docx) || fail "5: retried output differs from extract"

# ---- 8. --resume removes dead workers' temporary files and folders, and only those ----
mkdir -p out5/sub
: > out5/.b.docx.json.biao-tmp-DEAD01
mkdir out5/sub/.x.pdf.biao-tmp-DEAD02 && : > out5/sub/.x.pdf.biao-tmp-DEAD02/x.pdf-t01.csv
: > out5/.a.txt.json.biao-tmp-LIVE01
: > out5/.notes
hold_lock out5/.a.txt.json.biao-tmp-LIVE01 & pids+=($!)
for _ in $(seq 100); do flock -n out5/.a.txt.json.biao-tmp-LIVE01 true || break; sleep 0.05; done
"$BIAO" batch -j1 --resume -o out5 in
[[ ! -e out5/.b.docx.json.biao-tmp-DEAD01 ]] || fail "8: a dead worker's temporary file is still there"
[[ ! -e out5/sub/.x.pdf.biao-tmp-DEAD02 ]] || fail "8: a dead worker's CSV folder is still there"
[[ -e out5/.a.txt.json.biao-tmp-LIVE01 && -e out5/.notes ]] || fail "8: a file that is not a leftover was removed"
echo "batch_safety: all checks passed"
