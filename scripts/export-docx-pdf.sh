#!/usr/bin/env bash
# Export DOCX fixtures to PDF with LibreOffice, tagged and untagged, for the PDF-vs-DOCX tests:
#   scripts/export-docx-pdf.sh corpus/docx/form-000.docx [...]  → corpus/pdf-gen/form-000.{tagged,untagged}.pdf
# Needs LibreOffice (scripts/install-deps.sh --corpus).
set -euo pipefail
cd "$(dirname "$0")/.."
out=corpus/pdf-gen
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for docx in "$@"; do
  stem=$(basename "$docx" .docx)
  for mode in tagged untagged; do
    flag=$([[ $mode == tagged ]] && echo true || echo false)
    soffice --headless "-env:UserInstallation=file://$tmp/profile" \
      --convert-to "pdf:writer_pdf_Export:{\"UseTaggedPDF\":{\"type\":\"boolean\",\"value\":\"$flag\"}}" \
      --outdir "$tmp" "$docx" >/dev/null 2>&1
    mv "$tmp/$stem.pdf" "$out/$stem.$mode.pdf"
    echo "wrote $out/$stem.$mode.pdf"
  done
done
