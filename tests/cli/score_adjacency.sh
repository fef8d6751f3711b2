#!/usr/bin/env bash
# scripts/score-adjacency.py (the ICDAR 2013 cell-adjacency score used by scripts/bench-accuracy.sh)
# gives the right figures: a PDF table equal to its truth scores 1; a known change to the truth
# costs exactly the relations it touches, and --causes says why they were lost; an ICDAR 2013
# -str.xml truth reads like biao JSON.
# Usage: score_adjacency.sh BIAO CORPUS
set -euo pipefail
BIAO=$(realpath "$1")
CORPUS=$(realpath "$2")
SCORE=$(dirname "$(realpath "$0")")/../../scripts/score-adjacency.py
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. form-columns: 6 rows x 3 columns, all cells filled → 6*2 horizontal + 5*3 vertical = 27 relations
truth=$CORPUS/pdf-gen/form-columns.truth.json
"$BIAO" extract "$CORPUS/pdf-gen/form-columns.untagged.pdf" > "$T/r.json"
out=$($PY "$SCORE" "$truth" "$T/r.json")
[[ $out == *"P 1.000 R 1.000 F1 1.000 (27/27 found, 27 true)"* ]] || fail "identical table: $out"

# 2. one cell's text changed in the truth (row 1, col 1): its 4 relations (left, right, above,
#    below) no longer match: 23 of 27 correct on both sides
$PY - "$truth" "$T/t2.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["tables"][0]["cells"]:
    if c["row"] == 1 and c["col"] == 1:
        c["text"] = "changed"
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
out=$($PY "$SCORE" "$T/t2.json" "$T/r.json")
[[ $out == *"(23/27 found, 27 true)"* ]] || fail "one changed cell: $out"
#    --causes: the 4 lost relations hold a text that is in no result cell
out=$($PY "$SCORE" --causes "$T/t2.json" "$T/r.json")
[[ $out == *"lost: unread 4" ]] || fail "causes of one changed cell: $out"

# 2b. the result cut in two tables under row 2: the 3 vertical relations across the cut are lost,
#     both texts being cells of different result tables
$PY - "$T/r.json" "$T/r2b.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
cells = d["tables"][0]["cells"]
top = [c for c in cells if c["row"] < 3]
bottom = [dict(c, row=c["row"] - 3) for c in cells if c["row"] >= 3]
json.dump({"tables": [{"cells": top}, {"cells": bottom}]}, open(sys.argv[2], "w"), ensure_ascii=False)
PY
out=$($PY "$SCORE" --causes "$truth" "$T/r2b.json")
[[ $out == *"(24/24 found, 27 true)  lost: other-table 3" ]] || fail "causes of a cut table: $out"

# 3. the same truth as ICDAR 2013 structure XML (cells with start/end row/col and content)
$PY - "$truth" "$T/t3-str.xml" <<'PY'
import json, sys
from xml.sax.saxutils import escape
d = json.load(open(sys.argv[1]))
out = ['<?xml version="1.0" encoding="UTF-8"?>', '<document filename="form-columns.pdf">']
for i, t in enumerate(d["tables"], 1):
    out.append(f'<table id="{i}"><region id="1" page="1">')
    for k, c in enumerate(t["cells"]):
        out.append(f'<cell id="{k}" start-row="{c["row"]}" start-col="{c["col"]}" '
                   f'end-row="{c["row"] + c["rowspan"] - 1}" end-col="{c["col"] + c["colspan"] - 1}">'
                   f'<bounding-box x1="0" y1="0" x2="1" y2="1"/><content>{escape(c["text"])}</content></cell>')
    out.append('</region></table>')
out.append('</document>')
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out))
PY
out=$($PY "$SCORE" "$T/t3-str.xml" "$T/r.json")
[[ $out == *"F1 1.000 (27/27 found, 27 true)"* ]] || fail "ICDAR XML truth: $out"
echo "score_adjacency: ok"
