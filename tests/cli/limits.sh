#!/usr/bin/env bash
# Limits of `biao extract` (issue 14): a cell over 1 MiB of text is refused, in a DOCX too (1);
# running out of memory on an input-sized allocation gives
# exit 1 and one "out of memory" line, not GLib's abort (2, under `ulimit -v`); random bytes are not
# read as a text dump (11); a user rule that backtracks forever is stopped by PCRE2's limits and
# reported with its file and line, or fails the document with --strict (12); the input size limit
# is said in the unit it is set in (--max-size).
# Usage: limits.sh BIAO CORPUS
set -euo pipefail
BIAO=$(realpath "$1")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
fail() { echo "FAIL: $*" >&2; exit 1; }
# sanitizer builds reserve terabytes of address space: `ulimit -v` cannot be used there
asan=0
[[ $(ldd "$BIAO") == *libasan* ]] && asan=1

# ---- 2. out of memory on the input's buffers: exit 1, one line ----
if ((!asan)); then
  head -c 120000000 < <(yes $'项目\t1.00') > big.txt   # 120 MB; biao alone maps ~200 MB of libraries
  set +e
  (ulimit -v 250000 && exec "$BIAO" extract big.txt) > /dev/null 2> err2.txt
  rc=$?
  set -e
  [[ $rc == 1 ]] || fail "2: out of memory exited $rc, not 1: $(head -c 300 err2.txt)"
  [[ $(wc -l < err2.txt) == 1 ]] || fail "2: $(wc -l < err2.txt) lines on stderr: $(head -c 300 err2.txt)"
  grep -qE '^biao: big.txt: out of memory \([0-9.]+ [kM]i?B more were needed\)$' err2.txt || fail "2: message: $(cat err2.txt)"
  rm big.txt
fi

# ---- 1. the per-cell text bound holds for every reader (here a DOCX cell of 1.1 MB) ----
/usr/bin/python3 - <<'PY'
import zipfile
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
cell = lambda t: f"<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>"
with zipfile.ZipFile("bigcell.docx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body><w:tbl>'
               f'<w:tr>{cell("项目")}{cell("说明")}</w:tr><w:tr>{cell("甲")}{cell("x" * 1100000)}</w:tr></w:tbl></w:body></w:document>')
PY
set +e
"$BIAO" extract bigcell.docx > out1.json 2> err1.txt
rc=$?
set -e
[[ $rc == 4 && ! -s out1.json ]] || fail "1: a 1.1 MB cell exited $rc"
[[ $(cat err1.txt) == "biao: bigcell.docx: a cell (row 2, column 2) holds 1100000 bytes of text: over the 1 MiB per-cell limit" ]] ||
  fail "1: message: $(cat err1.txt)"

# ---- 11. random bytes are binary data, not a text dump ----
/usr/bin/python3 -c '
import random
r = random.Random(11)
open("random.bin", "wb").write(bytes(r.randrange(256) for _ in range(1000000)))
open("high.bin", "wb").write(bytes(r.randrange(0x80, 0x100) for _ in range(100000)))  # no control bytes
open("gbk.txt", "wb").write(("项目\t金额\n" + "收入\t1\n" * 100).encode("gbk"))'
set +e
"$BIAO" extract random.bin > out11.json 2> err11.txt
rc=$?
"$BIAO" extract high.bin > /dev/null 2> err11b.txt
rcb=$?
set -e
[[ $rc == 4 && ! -s out11.json ]] || fail "11: random bytes exited $rc with $(wc -c < out11.json) bytes of output"
[[ $(cat err11.txt) == "biao: random.bin: unsupported input (binary data: too many control characters to be text); biao reads PDF, DOCX and text dumps" ]] ||
  fail "11: message: $(cat err11.txt)"
[[ $rcb == 4 ]] && grep -q 'neither UTF-8, UTF-16 nor GB18030 text' err11b.txt || fail "11: high bytes: $rcb $(cat err11b.txt)"
"$BIAO" extract -f csv gbk.txt > gbk.csv
[[ $(sed -n 2p gbk.csv) == "收入,1" ]] || fail "11: a GBK dump is still text: $(head -3 gbk.csv)"

# ---- 12. a catastrophic user rule: bounded by PCRE2's limits, reported with its file and line ----
mkdir rules12
printf '# backtracks exponentially on a run of a not followed by the end\nheader evil /(a+)+$/\n' > rules12/evil.rules
/usr/bin/python3 -c '
with open("evil.txt", "w") as f:  # 150 KB: minutes with PCRE2 default limits
    f.write("表\n")
    for i in range(2500):
        f.write("a" * 28 + "!\t" + "a" * 28 + "!\n")'
start=$(date +%s)
timeout 60 "$BIAO" extract --rules rules12 evil.txt > out12.json
[[ $(( $(date +%s) - start )) -le 20 ]] || fail "12: the rule took $(( $(date +%s) - start )) s"
/usr/bin/python3 -c 'import json,sys
w = json.load(open("out12.json"))["warnings"]
assert w == ["rule rules12/evil.rules:2 (\x27evil\x27) hit PCRE2\x27s limit (match limit exceeded): treated as no match and skipped for the rest of the document"], w
' || fail "12: warning"
set +e
timeout 60 "$BIAO" extract --strict --rules rules12 evil.txt > /dev/null 2> err12.txt
rc=$?
set -e
[[ $rc == 7 ]] || fail "12: --strict exited $rc, not 7"
[[ $(cat err12.txt) == "biao: rules12/evil.rules: line 2: rule 'evil' hit PCRE2's limit (match limit exceeded) on evil.txt (--strict)" ]] ||
  fail "12: --strict message: $(cat err12.txt)"

# ---- --max-size: the limit in the unit it is given in ----
head -c 1500000 /dev/zero | tr '\0' a > a.txt
truncate -s 1100M sparse.txt
set +e
"$BIAO" extract --max-size 1 a.txt 2> errm.txt
cat a.txt | "$BIAO" extract --max-size 1 - 2>> errm.txt
"$BIAO" extract sparse.txt 2>> errm.txt
set -e
[[ $(sed -n 1p errm.txt) == "biao: a.txt: file is 1.5 MB, over the 1 MB input limit (--max-size)" ]] || fail "max-size: $(sed -n 1p errm.txt)"
[[ $(sed -n 2p errm.txt) == "biao: -: input is over the 1 MB input limit (--max-size)" ]] || fail "max-size stdin: $(sed -n 2p errm.txt)"
[[ $(sed -n 3p errm.txt) == "biao: sparse.txt: file is 1100 MiB, over the 1 GiB input limit (--max-size)" ]] || fail "default: $(sed -n 3p errm.txt)"
help=$("$BIAO" extract --help) # (captured: grep -q in a pipe would SIGPIPE a long help under pipefail)
[[ $help == *'--max-size MB    refuse inputs larger than MB megabytes (default: 1 GiB)'* ]] || fail "--help: default"
echo "limits: all checks passed"
