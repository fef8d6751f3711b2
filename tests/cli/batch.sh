#!/usr/bin/env bash
# `biao batch` end to end: a folder of good and hostile files (truncated PDF, encrypted PDF, zip-bomb
# DOCX, empty file, PNG named .pdf, 200-page PDF, an image-only scan) plus test hooks that make a worker crash, hang or
# eat memory. Checks: the batch finishes; each file has exactly one manifest record with the right
# status; a document's batch result equals what `biao extract` gives for it (output byte for byte, or
# the same error message); --resume, Ctrl-C, stdin lists, --ndjson, progress and manifest merging.
# Usage: batch.sh BIAO CORPUS
set -euo pipefail
BIAO=$(realpath "$1")
CORPUS=$(realpath "$2")
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
fail() { echo "FAIL: $*" >&2; exit 1; }

# ---- the input tree ----
src=$CORPUS/batch
mkdir -p in/good/sub in/bad in/big in/scan
cp "$src/scanned.pdf" in/scan/                  # two JPEG pages, no text layer (scripts/gen-pdf-scanned.sh)
cp "$src/table.pdf" "$src/table.docx" in/good/
cp "$src/table.txt" in/good/sub/dump.txt
head -c 9000 "$src/table.pdf" > in/bad/truncated.pdf
encrypted=
if command -v qpdf >/dev/null; then   # Debian package qpdf (scripts/install-deps.sh)
  qpdf --encrypt secret owner 256 -- "$src/table.pdf" in/bad/encrypted.pdf
  encrypted=in/bad/encrypted.pdf
fi
cp "$src/bomb.docx" in/bad/bomb.docx          # 1 GiB of XML deflated into 1 MB
: > in/bad/empty.pdf
pdftoppm -r 20 -png -f 1 -l 1 -singlefile "$src/table.pdf" in/bad/image && mv in/bad/image.png in/bad/image.pdf
pdfunite $(for i in $(seq 200); do echo "$src/table.pdf"; done) in/big/200pages.pdf
printf 'x' > in/.hidden.pdf                     # hidden: not part of the batch
cp "$src/table.txt" in/bad/crash-me.txt
n_inputs=$(find in -type f ! -name '.*' | wc -l)

# ---- 1. the batch finishes; one record per file ----
set +e
# --max-memory 1500: ASan's quarantine alone takes a few hundred MB on the 200-page PDF
BIAO_TEST_CRASH_ON=crash-me "$BIAO" batch -j2 --timeout 300 --max-memory 1500 --ndjson stream.ndjson -o out in 2> err1.txt
rc=$?
set -e
[[ $rc == 9 ]] || { cat err1.txt; fail "exit status $rc, expected 9 (some failed)"; }
[[ ! -s err1.txt ]] || { cat err1.txt; fail "stderr not silent when it is not a terminal"; }
[[ -f out/manifest.ndjson ]] || fail "no manifest"

# Every line a complete JSON record; one per input; hidden file skipped; no temporary files left.
$PY - "$n_inputs" <<'EOF' || fail "manifest check"
import json, sys
recs = [json.loads(l) for l in open('out/manifest.ndjson')]
paths = [r['path'] for r in recs]
assert len(recs) == int(sys.argv[1]), (len(recs), sys.argv[1])
assert len(set(paths)) == len(paths), 'duplicate records'
assert not any('.hidden' in p for p in paths)
for r in recs:
    assert set(r) >= {'path', 'sha256', 'status', 'message', 'pages', 'tables', 'ms'}, r
    assert len(r['sha256']) == 64, r
    assert r['status'] in ('ok', 'scanned', 'error', 'timeout', 'crash', 'oom'), r
EOF
if find out -name '.*' | grep -q .; then fail "temporary files left in out/"; fi

status() { $PY -c 'import json,sys
for l in open(sys.argv[1]):
    r=json.loads(l)
    if r["path"]==sys.argv[2]: print(r["status"], r.get("code") or "-", r.get("message") or "", sep="\t")' "$1" "$2"; }
field() { status "$1" "$2" | cut -f"$3"; }

# ---- 2. hostile files: recorded, isolated ----
[[ $(field out/manifest.ndjson in/bad/empty.pdf 1) == error ]] || fail "empty file"
[[ $(field out/manifest.ndjson in/bad/empty.pdf 2) == empty ]] || fail "empty file code"
[[ $(field out/manifest.ndjson in/bad/image.pdf 2) == format ]] || fail "PNG named .pdf"
field out/manifest.ndjson in/bad/image.pdf 3 | grep -q PNG || fail "PNG message"
[[ $(field out/manifest.ndjson in/bad/crash-me.txt 1) == crash ]] || fail "crash hook not recorded as crash"
field out/manifest.ndjson in/bad/crash-me.txt 3 | grep -q 'signal 6' || fail "crash message"
[[ $(field out/manifest.ndjson in/bad/truncated.pdf 1) == error ]] || fail "truncated PDF"
[[ $(field out/manifest.ndjson in/bad/truncated.pdf 2) == corrupt ]] || fail "truncated PDF code"
if [[ -n $encrypted ]]; then
  [[ $(field out/manifest.ndjson "$encrypted" 2) == encrypted ]] || fail "encrypted PDF code"
fi
s=$(status out/manifest.ndjson in/bad/bomb.docx)
[[ $s == error$'\t'limit* || $s == oom* ]] || fail "zip bomb: $s"

# a scan: its own status, naming the pages, with an output that has no table
[[ $(field out/manifest.ndjson in/scan/scanned.pdf 1) == scanned ]] || fail "scan: $(status out/manifest.ndjson in/scan/scanned.pdf)"
[[ $(field out/manifest.ndjson in/scan/scanned.pdf 3) == "pages 1-2 without a text layer (scanned)" ]] ||
  fail "scan message: $(field out/manifest.ndjson in/scan/scanned.pdf 3)"
$PY -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert d["tables"] == [] and len(d["warnings"]) == 1, d' out/scan/scanned.pdf.json || fail "scan output"
"$BIAO" batch --quiet -o outS in/scan 2>/dev/null || fail "a batch of scans only is not a failure (exit $?)"

# good files: ok, with the table's real content in their output
for f in good/table.pdf good/table.docx good/sub/dump.txt big/200pages.pdf; do
  [[ $(field out/manifest.ndjson "in/$f" 1) == ok ]] || fail "$f: $(status out/manifest.ndjson "in/$f")"
  $PY -c 'import json, sys
rows = json.load(open(sys.argv[1]))["tables"][0]["rows"]
assert ["合计", "1,291.26", "1,260.10"] in rows, rows' "out/$f.json" || fail "$f: output lacks the total row"
done
$PY -c 'import json
r=[json.loads(l) for l in open("out/manifest.ndjson") if "200pages" in l][0]
assert r["pages"]==200 and r["tables"]>=1, r' || fail "200-page PDF"

# ---- 3. each document: batch == extract (same JSON output byte for byte, or the same error) ----
while IFS= read -r f; do
  [[ $f == *-me.txt ]] && continue
  set +e
  "$BIAO" extract "$f" > extract.json 2> extract.err
  erc=$?
  set -e
  s=$(field out/manifest.ndjson "$f" 1)
  if [[ $erc == 0 || $erc == 5 ]]; then
    [[ $s == ok || ($s == scanned && $erc == 5) ]] || fail "$f: extract succeeds but batch says $s"
    cmp -s extract.json "out/${f#in/}.json" || fail "$f: batch output differs from extract"
  else
    [[ $s == error || $s == oom ]] || fail "$f: extract fails but batch says $s"
    [[ ! -e "out/${f#in/}.json" ]] || fail "$f: output written for a failed document"
    if [[ $s == error ]]; then
      msg=$(field out/manifest.ndjson "$f" 3)
      grep -qF -- "$msg" extract.err || fail "$f: batch message '$msg' is not extract's: $(cat extract.err)"
    fi
  fi
done < <(find in -type f ! -name '.*' | sort)
# --ndjson: one line per table of the ok documents, each naming its source
$PY <<'EOF' || fail "--ndjson stream"
import json
recs = [json.loads(l) for l in open('out/manifest.ndjson')]
ok = {r['path']: r['tables'] for r in recs if r['status'] == 'ok'}
lines = [json.loads(l) for l in open('stream.ndjson')]
assert len(lines) == sum(ok.values()), (len(lines), ok)
for t in lines:
    assert t['source']['path'] in ok, t['source']
EOF

# ---- 4. timeout and memory: a hanging worker and a memory hog are killed, the others finish ----
# (two batches: on a loaded machine a memory hog under a 2 s timeout could be stopped by the clock
# before it reaches its memory limit, and be recorded as a timeout)
mkdir -p in2 in2m
for f in hang-me other; do cp "$src/table.txt" "in2/$f.txt"; done
for f in hog-me other; do cp "$src/table.txt" "in2m/$f.txt"; done
set +e
BIAO_TEST_HANG_ON=hang-me "$BIAO" batch -j2 --timeout 3 -o out2 in2 2>/dev/null
rc=$?
BIAO_TEST_HOG_ON=hog-me "$BIAO" batch -j2 --timeout 300 --max-memory 300 -o out2m in2m 2>/dev/null
rcm=$?
set -e
[[ $rc == 9 ]] || fail "timeout batch exit $rc"
[[ $rcm == 9 ]] || fail "memory batch exit $rcm"
[[ $(field out2/manifest.ndjson in2/hang-me.txt 1) == timeout ]] || fail "hang not recorded as timeout"
[[ $(field out2m/manifest.ndjson in2m/hog-me.txt 1) == oom ]] || fail "memory hog not recorded as oom"
s=$(field out2/manifest.ndjson in2/other.txt 1)
[[ $s == ok ]] || fail "file next to a hanging one: $s"
s=$(field out2m/manifest.ndjson in2m/other.txt 1)
[[ $s == ok ]] || fail "file next to a memory hog: $s"

# ---- 5. --resume: done files skipped; retried: crash/timeout/oom; changed file redone ----
before=$(wc -l < out/manifest.ndjson)
retry=$(grep -cE '"status":"(timeout|crash|oom)"' out/manifest.ndjson)
set +e
"$BIAO" batch -j2 --resume --max-memory 1500 -o out in 2>/dev/null
rc=$?
set -e
[[ $rc == 9 ]] || fail "resume exit $rc"
after=$(wc -l < out/manifest.ndjson)
# Only the crashed and out-of-memory files were retried (hooks now off).
((after == before + retry)) || fail "resume appended $((after - before)) records, expected $retry"
tail -n 2 out/manifest.ndjson | grep -q crash-me || fail "crash file not retried"
echo >> in/good/sub/dump.txt
"$BIAO" batch --resume -o out in 2>/dev/null || true
[[ $(wc -l < out/manifest.ndjson) == $((after + 1)) ]] || fail "changed file not redone"
tail -n 1 out/manifest.ndjson | grep -q dump.txt || fail "changed file not the one redone"

# ---- 6. Ctrl-C: stops cleanly, manifest valid, --resume completes ----
mkdir -p in3
for i in 1 2 3 4; do cp "$src/table.txt" "in3/doc$i.txt"; done
cp "$src/table.txt" in3/hang-me.txt
# (-o with this run's own temporary path: pgrep must not see another run of this test)
BIAO_TEST_HANG_ON=hang-me "$BIAO" batch -j1 --timeout 600 -o "$T/out3" in3 2>/dev/null &
pid=$!
for _ in $(seq 100); do [[ -s out3/manifest.ndjson ]] && break; sleep 0.1; done
sleep 0.5
kill -INT $pid
set +e
wait $pid
rc=$?
set -e
[[ $rc == 130 ]] || fail "interrupted batch exit $rc, expected 130"
for _ in $(seq 50); do pgrep -f -- "--timeout 600 -o $T/out3" >/dev/null || break; sleep 0.1; done
pgrep -f -- "--timeout 600 -o $T/out3" >/dev/null && fail "workers left running"
$PY -c 'import json
recs=[json.loads(l) for l in open("out3/manifest.ndjson")]
assert 1 <= len(recs) < 5 and not any("hang-me" in r["path"] for r in recs), recs' || fail "manifest after Ctrl-C"
set +e
"$BIAO" batch -j2 --resume -o out3 in3 2>/dev/null
set -e
[[ $(wc -l < out3/manifest.ndjson) == 5 ]] || fail "resume after Ctrl-C did not complete the batch"

# the parent killed outright (SIGKILL): its workers die with it
BIAO_TEST_HANG_ON=hang-me "$BIAO" batch -j1 --timeout 900 -o "$T/out3k" in3/hang-me.txt 2>/dev/null &
pid=$!
for _ in $(seq 300); do pgrep -P $pid >/dev/null && break; sleep 0.1; done
pgrep -P $pid >/dev/null || fail "no worker started"
kill -KILL $pid
wait $pid 2>/dev/null || true
for _ in $(seq 100); do pgrep -f -- "--timeout 900 -o $T/out3k" >/dev/null || break; sleep 0.1; done
pgrep -f -- "--timeout 900 -o $T/out3k" >/dev/null && fail "worker outlived its killed parent"

# ---- 7. paths on stdin; merging the manifests of two halves equals one batch ----
find in -type f ! -name '.*' ! -name '*-me.txt' | sort > all.txt
half=$(( $(wc -l < all.txt) / 2 ))
head -n "$half" all.txt > a.txt
tail -n +"$((half + 1))" all.txt > b.txt
"$BIAO" batch -j2 -o outA - < a.txt 2>/dev/null || true
"$BIAO" batch -j2 -o outB - < b.txt 2>/dev/null || true
"$BIAO" batch -j2 -o outAll - < all.txt 2>/dev/null || true
set +e
"$BIAO" batch --merge-manifests outA/manifest.ndjson outB/manifest.ndjson > merged.ndjson
rc=$?
set -e
[[ $rc == 0 || $rc == 9 ]] || fail "merge exit $rc"
$PY <<'EOF' || fail "merged manifest differs from a single batch"
import json
def load(p):
    return {r['path']: (r['sha256'], r['status'], r['code'], r['message'], r['tables'])
            for r in map(json.loads, open(p))}
m, a = load('merged.ndjson'), load('outAll/manifest.ndjson')
assert m == a, (m, a)
paths = [json.loads(l)['path'] for l in open('merged.ndjson')]
assert paths == sorted(paths)
EOF
# the README's GNU parallel recipe, with the local machine as the only ssh login (':')
if command -v parallel >/dev/null; then
  split -n l/2 -d all.txt part.
  parallel --will-cite --sshlogin : "$BIAO batch --quiet -o out-{} - < {} || true" ::: part.00 part.01
  "$BIAO" batch --merge-manifests out-part.*/manifest.ndjson > merged-par.ndjson || true
  $PY -c 'import json
load=lambda p: {r["path"]: r["status"] for r in map(json.loads, open(p))}
assert load("merged-par.ndjson") == load("outAll/manifest.ndjson")' || fail "parallel recipe"
fi
# merging resolves repeats: the resumed manifest of section 5 has 3 extra lines, one record per path
"$BIAO" batch --merge-manifests out/manifest.ndjson > merged1.ndjson || true
[[ $(wc -l < merged1.ndjson) == "$n_inputs" ]] || fail "merge of a resumed manifest"
grep -q '"path":"in/bad/crash-me.txt","sha256":"[0-9a-f]*","status":"crash"' merged1.ndjson &&
  fail "merge kept the stale crash record"

# ---- 8. progress: forced with --progress, silent with --quiet ----
"$BIAO" batch --progress -o out4 in/good 2> prog.txt || true
grep -q 'files' prog.txt || fail "--progress drew nothing"
"$BIAO" batch --quiet -o out5 in/good 2> quiet.txt || true
[[ ! -s quiet.txt ]] || fail "--quiet printed"

# ---- 9. other formats: -f csv (one file per table), -f ndjson, --ndjson - on stdout ----
"$BIAO" batch --quiet -f csv -o out6 in/good 2>/dev/null
grep -qx '合计,"1,291.26","1,260.10"' out6/table.docx-t01.csv || fail "-f csv output: $(cat out6/table.docx-t01.csv)"
"$BIAO" batch --quiet -f ndjson --ndjson - -o out7 in/good > stdout.ndjson 2>/dev/null
[[ $(wc -l < out7/table.pdf.ndjson) == 1 ]] || fail "-f ndjson output"
[[ $(wc -l < stdout.ndjson) == 3 ]] || fail "--ndjson - gave $(wc -l < stdout.ndjson) lines, expected 3 tables"

# ---- 10. odd names round-trip through the manifest; a torn last line is survived ----
mkdir -p in8
odd='in8/部门 "预算"\表.txt'
cp "$src/table.txt" "$odd"
"$BIAO" batch --quiet -o out8 in8 2>/dev/null
[[ -f "out8/部门 \"预算\"\\表.txt.json" ]] || fail "output of an odd file name"
printf '{"path":"in8/torn' >> out8/manifest.ndjson      # a power cut in the middle of a record
"$BIAO" batch --quiet --resume -o out8 in8 2>/dev/null || fail "resume over a torn manifest"
[[ $(grep -c '"status"' out8/manifest.ndjson) == 1 ]] || fail "odd name not recognised as done by --resume"
cp "$src/table.txt" in8/new.txt
"$BIAO" batch --quiet --resume -o out8 in8 2>/dev/null || fail "resume after adding a file"
$PY -c 'import json, sys
lines = open("out8/manifest.ndjson").read().split("\n")
good = [json.loads(l) for l in lines if l.startswith("{") and l.endswith("}")]
assert [r["path"] for r in good] == [sys.argv[1], "in8/new.txt"], good
assert lines[1] == "{\"path\":\"in8/torn", lines' "$odd" || fail "record after a torn line"

# ---- 11. a bad --rules folder stops the batch before any document, with the rules exit code ----
mkdir -p badrules
printf 'title broken /([/\n' > badrules/x.rules
set +e
"$BIAO" batch --quiet --rules badrules -o outR in/good 2> rules.err
rc=$?
set -e
[[ $rc == 7 ]] || fail "bad rules: exit $rc, expected 7"
grep -q 'x.rules' rules.err || fail "bad rules: message does not name the file: $(cat rules.err)"
[[ ! -e outR ]] || fail "bad rules: output folder created"

echo "batch: all checks passed"
