#!/usr/bin/env bash
# PDF table accuracy as ICDAR 2013 scores it (cell adjacency relations, scripts/score-adjacency.py),
# on documents whose truth is known exactly:
#   1. corpus/pdf-gen: generated forms exported by LibreOffice tagged and untagged; truth = the
#      .truth.json written with them, or the tables the DOCX reader gives for the same DOCX;
#   2. every DOCX of corpus/docx-public (made by Word, LibreOffice, Google Docs and others, 13 projects'
#      test files) exported to PDF by LibreOffice here; truth = biao's DOCX tables of the same file.
# The second set is the broad one: layouts we did not design (lists in cells, nested tables, images,
# fields). Exports are cached in build/bench-accuracy. Prints per-file and total P/R/F1, and for set 2
# why the lost relations were lost (score-adjacency.py --causes: merged-rows, merged, unread, ...).
#   3. corpus/pdf-cities-truth: 43 tables of city budgets checked by hand against the rendered pages
#      (8 cities, 12 named producer families); per table the cell-exact share and F1, then the totals.
# Not a test: nothing fails. Needs LibreOffice for set 2 (skipped without it).
set -euo pipefail
cd "$(dirname "$0")/.."
BIAO=build/release/biao
PY=/usr/bin/python3
cache=build/bench-accuracy
mkdir -p "$cache"
pairs_gen=$cache/pairs-gen.txt pairs_pub=$cache/pairs-public.txt
: > "$pairs_gen"
: > "$pairs_pub"

for pdf in corpus/pdf-gen/*.pdf; do
  stem=$(basename "$pdf" .pdf) base=${stem%.*}
  truth=corpus/pdf-gen/$base.truth.json
  if [[ ! -f $truth ]]; then
    [[ -f corpus/docx/$base.docx ]] || continue
    truth=$cache/$base.docx.json
    "$BIAO" extract "corpus/docx/$base.docx" > "$truth"
  fi
  "$BIAO" extract "$pdf" > "$cache/$stem.pdf.json" 2>/dev/null || true
  echo "$truth $cache/$stem.pdf.json" >> "$pairs_gen"
done
echo "-- generated forms (LibreOffice export of DOCX forms; truth known exactly)"
$PY scripts/score-adjacency.py --pairs "$pairs_gen"

echo "-- city budget tables (corpus/pdf-cities-truth, hand-checked; cell-exact share and adjacency F1)"
$PY scripts/score-adjacency.py --truth-dir corpus/pdf-cities-truth "$BIAO"

if ! command -v soffice >/dev/null; then
  echo "-- docx-public: skipped (no LibreOffice; scripts/install-deps.sh --corpus installs it)"
  exit 0
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
n_skip=0
while IFS= read -r -d '' docx; do
  key=$(sha256sum "$docx" | cut -c1-16)
  truth=$cache/$key.docx.json pdf=$cache/$key.pdf
  # tracked changes: the DOCX reader accepts them, LibreOffice prints them marked up: no fair truth
  if unzip -p "$docx" word/document.xml 2>/dev/null | grep -qE '<w:(del|moveFrom) '; then
    n_skip=$((n_skip + 1))
    continue
  fi
  # only documents with tables: the score is about tables
  "$BIAO" extract "$docx" > "$truth" 2>/dev/null || { n_skip=$((n_skip + 1)); continue; }
  if [[ ! -s $pdf ]]; then
    timeout 120 soffice --headless "-env:UserInstallation=file://$profile" --convert-to pdf \
      --outdir "$profile/out" "$docx" >/dev/null 2>&1 || true
    out="$profile/out/$(basename "${docx%.*}").pdf"
    [[ -s $out ]] && mv "$out" "$pdf" || { n_skip=$((n_skip + 1)); continue; }
  fi
  "$BIAO" extract "$pdf" > "$cache/$key.pdf.json" 2>/dev/null || echo '{"tables": []}' > "$cache/$key.pdf.json"
  echo "$truth $cache/$key.pdf.json $docx" >> "$pairs_pub"
done < <(find corpus/docx-public -name '*.docx' -print0 | sort -z)
echo "-- docx-public exported to PDF by LibreOffice ($(wc -l < "$pairs_pub") documents with tables; $n_skip with tracked changes, without tables or not convertible)"
cut -d' ' -f1,2 "$pairs_pub" > "$cache/pairs-public-2.txt"
$PY scripts/score-adjacency.py --causes --pairs "$cache/pairs-public-2.txt" |
  paste -d' ' - <(cut -d' ' -f3 "$pairs_pub"; echo) | sed -E 's|^\S+/([0-9a-f]{16})\.pdf\.json:|\1:|'
