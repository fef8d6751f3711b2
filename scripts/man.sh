#!/usr/bin/env bash
# Render biao.1 from the program's own --help text (help2man), so the man page and --help never
# disagree. The options of `biao extract` are added as their own section.
# Usage: man.sh BIAO_BINARY OUTPUT.1
set -euo pipefail
bin=$1
out=$2
inc=$(mktemp)
trap 'rm -f "$inc"' EXIT
{
  echo "[EXTRACT OPTIONS]"
  # help2man's include format is roff: escape backslashes, keep the lines as they are
  echo ".nf"
  "$bin" extract --help | sed -e 's/\\/\\\\/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\&'/"
  echo ".fi"
  echo "[CHECK OPTIONS]"
  echo ".nf"
  "$bin" check --help | sed -e 's/\\/\\\\/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\&'/"
  echo ".fi"
} >"$inc"
help2man --no-info --no-discard-stderr \
  --name="pull tables out of PDF, DOCX and text dumps of reports" \
  --include="$inc" --output="$out" "$bin"
