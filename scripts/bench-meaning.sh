#!/usr/bin/env bash
# Semantic layer: time of the meaning pass alone on every corpus document (PDF, DOCX, text dumps),
# and `biao check` end to end with its peak RSS. Prints figures only; nothing fails when slow.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
deps="glib-2.0 gio-2.0 poppler-glib cairo libzip libxml-2.0 libpcre2-8"
pkg-config --exists xlsxwriter && deps="$deps xlsxwriter"
cc -O2 -I include -I . scripts/bench-meaning.c build/release/libbiao.a $(pkg-config --cflags --libs $deps) -lm \
  -o "$tmp/bench-meaning"
files=(corpus/pdf-real/*.pdf corpus/text/*.txt corpus/docx/*.docx)
"$tmp/bench-meaning" 20 "${files[@]}"
/usr/bin/time -f "biao check, ${#files[@]} files: %e s, peak RSS %M KB" build/release/biao check "${files[@]}" >/dev/null || true
