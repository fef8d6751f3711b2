#!/usr/bin/env bash
# Makes corpus/batch/scanned.pdf: a scan as a harvester meets it — pages that are only a picture of a
# printed table (grey JPEG, no text layer). Page 1 of corpus/batch/table.pdf (a real budget table) is
# rendered at 50 dpi and wrapped twice into a PDF with img2pdf (Debian package img2pdf, installed by
# scripts/install-deps.sh --corpus). The output is committed; rerun only to change it.
# Usage: scripts/gen-pdf-scanned.sh [OUT.pdf]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/corpus/batch/scanned.pdf}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pdftoppm -r 50 -gray -jpeg -jpegopt quality=60 -f 1 -l 1 -singlefile "$root/corpus/batch/table.pdf" "$tmp/page"
img2pdf -o "$out" "$tmp/page.jpg" "$tmp/page.jpg"
echo "wrote $out ($(stat -c %s "$out") bytes)"
