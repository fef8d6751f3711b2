#!/usr/bin/env bash
# `biao debug FILE.pdf --page N -o PAGE.png` end to end: writes a PNG of the page's size with the
# overlay (red rules, blue cells, green table outline) drawn; bad arguments give the usage exit code;
# a page out of range and a missing file are one-line errors.
# Usage: pdf_debug.sh BIAO CORPUS
set -euo pipefail
BIAO=$(realpath "$1")
CORPUS=$(realpath "$2")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$BIAO" debug "$CORPUS/pdf-real/govbc-06.pdf" --page 9 --scale 1 -o "$T/p9.png" >"$T/list" || fail "debug exited $?"
# tables numbered as extract numbers them: page 10 of govbc-01 holds table 4, 支出决算表
"$BIAO" debug "$CORPUS/pdf-real/govbc-01.pdf" --page 10 --scale 0.5 -o "$T/p10.png" >"$T/list10" || fail "debug p10"
[[ $(cat "$T/list10") == "T4 支出决算表" ]] || fail "page 10 tables: $(cat "$T/list10")"
want=$("$BIAO" extract -f ndjson "$CORPUS/pdf-real/govbc-01.pdf" | jq -r 'select(.page_start <= 10 and .page_end >= 10) | "T\(.index) \(.title)"')
[[ $want == "T4 支出决算表" ]] || fail "extract says page 10 holds: $want"
[[ -s $T/p9.png ]] || fail "no PNG written"
/usr/bin/python3 - "$T/p9.png" <<'PY' || fail "PNG check"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", data[16:24])
assert (w, h) == (843, 596), (w, h)  # 842 x 595 pt landscape page at scale 1, rounded up
# decode the image and look for the overlay colours: pure-ish red rules and green outline
idat = b"".join(data[i + 8:i + 8 + struct.unpack(">I", data[i:i + 4])[0]]
                for i in range(8, len(data)) if data[i + 4:i + 8] == b"IDAT")
raw = zlib.decompress(idat)
bpp = 4 if data[25] == 6 else 3
stride = w * bpp + 1
prev = bytearray(w * bpp)
red = green = 0
for y in range(h):
    f, line = raw[y * stride], bytearray(raw[y * stride + 1:(y + 1) * stride])
    for x in range(len(line)):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, len(line), bpp):
        r, g, bl = line[x], line[x + 1], line[x + 2]
        if r > 120 and g < 70 and bl < 70: red += 1
        if g > 120 and r < 80 and bl < 80: green += 1
    prev = line
assert red > 500, "no rules drawn: %d red pixels" % red
assert green > 500, "no table outline drawn: %d green pixels" % green
PY

set +e
"$BIAO" debug "$CORPUS/pdf-real/govbc-06.pdf" --page 99 -o "$T/x.png" 2>"$T/err"; rc=$?
set -e
[[ $rc -eq 2 ]] || fail "page out of range: exit $rc"
grep -q "out of range" "$T/err" || fail "message: $(cat "$T/err")"
set +e
"$BIAO" debug "$CORPUS/pdf-real/govbc-06.pdf" -o "$T/x.png" --page x 2>/dev/null; rc=$?
"$BIAO" debug "$T/missing.pdf" --page 1 -o "$T/x.png" 2>/dev/null; rc2=$?
set -e
[[ $rc -eq 2 ]] || fail "bad --page: exit $rc"
[[ $rc2 -eq 3 ]] || fail "missing file: exit $rc2"
echo "1 passed, 0 failed"
