#!/usr/bin/env bash
# Output safety of `biao extract` (issue 14): outputs get the umask's mode and a replaced file keeps
# its mode (6); an output that is one of the inputs is refused (7); the temporary file of a process
# killed while writing is removed by the next write to the same path, and only such leftovers (8);
# an error is one line on stderr whatever the path holds and whatever libxlsxwriter prints (9); the
# CSVs of a document appear all or not at all (10). A full disk is played by RLIMIT_FSIZE
# (`ulimit -f`): with SIGXFSZ ignored a write fails with EFBIG, with it left alone the process is
# killed in the middle of the write. Usage: outputs.sh BIAO CORPUS
set -euo pipefail
BIAO=$(realpath "$1")
CORPUS=$(realpath "$2")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
fail() { echo "FAIL: $*" >&2; exit 1; }
# hold_lock FILE: flock FILE in one process (no child to outlive it) until killed
hold_lock() { exec /usr/bin/python3 -c 'import fcntl, sys, time
f = open(sys.argv[1]); fcntl.flock(f, fcntl.LOCK_EX); time.sleep(120)' "$1" >/dev/null 2>&1; }
DOCX=$CORPUS/docx/form-000.docx
/usr/bin/python3 - <<'PY'
with open("two.txt", "w") as f:  # a small table, then one of 3,000 rows (about 90 KB of CSV)
    f.write("表1 小表\n单位：万元\n项目\t金额\n甲\t1\n乙\t2\n\n以下为第二张表。这是一段说明文字。\n\n表2 大表\n项目\t金额\t备注\n")
    for i in range(3000):
        f.write(f"项目{i}\t{i * 3}.50\t说明{i}\n")
PY

# ---- 6. modes: what open(…, 0666) gives under the umask; a replaced file keeps its mode ----
(umask 022 && "$BIAO" extract -o new.json "$DOCX" && "$BIAO" extract -f xlsx -o new.xlsx "$DOCX" &&
  "$BIAO" extract -f csv -o csv two.txt)
[[ $(stat -c %a new.json) == 644 ]] || fail "6: new JSON has mode $(stat -c %a new.json) under umask 022"
[[ $(stat -c %a new.xlsx) == 644 ]] || fail "6: new XLSX has mode $(stat -c %a new.xlsx) under umask 022"
[[ $(stat -c %a csv/two-t02.csv) == 644 ]] || fail "6: new CSV has mode $(stat -c %a csv/two-t02.csv)"
(umask 027 && "$BIAO" extract -o g.json "$DOCX")
[[ $(stat -c %a g.json) == 640 ]] || fail "6: new JSON has mode $(stat -c %a g.json) under umask 027"
chmod 604 new.json csv/two-t01.csv
(umask 077 && "$BIAO" extract -o new.json "$DOCX" && "$BIAO" extract -f csv -o csv two.txt)
[[ $(stat -c %a new.json) == 604 ]] || fail "6: replaced JSON went from 604 to $(stat -c %a new.json)"
[[ $(stat -c %a csv/two-t01.csv) == 604 ]] || fail "6: replaced CSV went from 604 to $(stat -c %a csv/two-t01.csv)"

# ---- 7. the output is one of the inputs ----
cp "$DOCX" self.docx
sum=$(sha256sum < self.docx)
set +e
"$BIAO" extract -o self.docx two.txt self.docx 2> err7.txt
rc=$?
ln -s self.docx link.docx
"$BIAO" extract -o link.docx self.docx 2>> err7.txt
rc2=$?
set -e
[[ $rc == 2 && $rc2 == 2 ]] || fail "7: extract -o INPUT exited $rc/$rc2, not 2 (usage)"
[[ $(sha256sum < self.docx) == "$sum" ]] || fail "7: the input was overwritten"
grep -q "self.docx: the output is the input file self.docx" err7.txt || fail "7: message: $(cat err7.txt)"

# a FIFO (or a device: -o /dev/stdout) is written in place, never replaced by a renamed file
mkfifo out.fifo
cat out.fifo > got.json & reader=$!
"$BIAO" extract -o out.fifo "$DOCX"
wait "$reader"
[[ -p out.fifo ]] || fail "7: the FIFO given as -o was replaced by a file"
cmp -s got.json <("$BIAO" extract "$DOCX") || fail "7: what came through the FIFO differs from stdout"

# ---- 8. leftovers of a killed writer are removed by the next write, and only those ----
set +e
{ (ulimit -f 16 && exec "$BIAO" extract --compact -o big.json two.txt); } 2>/dev/null  # SIGXFSZ mid-write
rc=$?
set -e
[[ $rc -gt 128 ]] || fail "8: the writer was not killed by SIGXFSZ (exit $rc)"
left=(.big.json.biao-tmp-*)
[[ -e ${left[0]} ]] || fail "8: the killed writer left no temporary file ($(ls -A))"
: > .big.json.biao-tmp-LIVE01      # a live writer's file: locked while another process writes
: > .big.json.keep                 # not ours
: > .other.json.biao-tmp-ABCDEF    # another output's leftover: not this write's business
hold_lock .big.json.biao-tmp-LIVE01 & holder=$!
for _ in $(seq 100); do flock -n .big.json.biao-tmp-LIVE01 true || break; sleep 0.05; done
"$BIAO" extract --compact -o big.json two.txt
[[ ! -e ${left[0]} ]] || fail "8: the dead writer's ${left[0]} is still there"
[[ -e .big.json.biao-tmp-LIVE01 ]] || fail "8: a live writer's temporary file was removed"
[[ -e .big.json.keep && -e .other.json.biao-tmp-ABCDEF ]] || fail "8: a file that is not a leftover of this output was removed"
kill "$holder"; wait "$holder" 2>/dev/null || true
"$BIAO" extract --compact -o big.json two.txt
[[ ! -e .big.json.biao-tmp-LIVE01 ]] || fail "8: the leftover was not removed once its writer was gone"

# ---- 9. one line on stderr ----
set +e
"$BIAO" extract $'no\nsuch\e[2J.pdf' 2> err9.txt
(trap '' XFSZ; ulimit -f 4; exec "$BIAO" extract -f xlsx -o full.xlsx "$DOCX") 2> err9b.txt
rc=$?
set -e
[[ $(wc -l < err9.txt) == 1 ]] || fail "9: a path with a newline gave $(wc -l < err9.txt) lines: $(cat err9.txt)"
grep -qF 'no\nsuch\x1b[2J.pdf: no such file' err9.txt || fail "9: control characters not escaped: $(cat err9.txt)"
[[ $rc == 8 ]] || fail "9: XLSX on a full disk exited $rc, not 8"
[[ $(wc -l < err9b.txt) == 1 ]] || fail "9: a failed XLSX write printed $(wc -l < err9b.txt) lines: $(cat err9b.txt)"
grep -q '^biao: full.xlsx: XLSX: .*File too large' err9b.txt || fail "9: XLSX message: $(cat err9b.txt)"
[[ ! -e full.xlsx ]] || fail "9: a failed XLSX write left full.xlsx"

# ---- 10. CSV of a document: all or nothing ----
set +e
(trap '' XFSZ; ulimit -f 32; exec "$BIAO" extract -f csv -o parts two.txt) 2> err10.txt
rc=$?
set -e
[[ $rc == 8 ]] || fail "10: CSV on a full disk exited $rc, not 8"
[[ -z $(ls -A parts) ]] || fail "10: a failed CSV set left $(ls -A parts)"
"$BIAO" extract -f csv -o parts two.txt
[[ $(ls parts) == $'two-t01.csv\ntwo-t02.csv' ]] || fail "10: CSV set: $(ls -A parts)"
[[ $(sed -n 2p parts/two-t01.csv) == "甲,1" ]] || fail "10: two-t01.csv row 2: $(sed -n 2p parts/two-t01.csv)"
echo "outputs: all checks passed"
