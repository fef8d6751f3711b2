#!/usr/bin/env bash
# Render biao.1 from the program's own help texts, so the man page and --help never disagree:
# `biao --help` gives SYNOPSIS and DESCRIPTION, each `biao COMMAND --help` a section of COMMANDS,
# and the exit-code list (printed by every --help) appears once, as EXIT STATUS. Every text is kept
# verbatim (.nf), with roff's special characters escaped, so no line is reflowed or mangled.
# Usage: man.sh BIAO_BINARY OUTPUT.1
set -euo pipefail
bin=$1
out=$2
export LC_ALL=C.UTF-8
commands=(extract check batch debug)

# roff-escape verbatim text: backslashes, '-' as a real minus (options stay copy-pastable),
# and a leading '.' or "'" that roff would read as a request
esc() { sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }
# a help text without its exit-code block (from "Exit codes:" to the "Errors are one line" line)
no_codes() { sed -e '/^Exit codes:$/,/^Errors are one line/d'; }
verbatim() { echo ".nf"; esc; echo ".fi"; }

main=$("$bin" --help)
version=$("$bin" --version | cut -d' ' -f2)
for c in "${commands[@]}"; do
  "$bin" "$c" --help >/dev/null || { echo "man.sh: biao $c --help failed" >&2; exit 1; }
done
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
{
  echo ".TH BIAO 1 \"\" \"biao $version\" \"User Commands\""
  echo ".SH NAME"
  echo "biao \\- pull tables out of PDF, DOCX and text dumps of reports"
  echo ".SH SYNOPSIS"
  # the lines between "Usage:" and the first blank line
  printf '%s\n' "$main" | sed -n '/^Usage:$/,/^$/{/^Usage:$/d;/^$/d;p}' | sed 's/^  //' | verbatim
  echo ".SH DESCRIPTION"
  # the rest of biao --help: from the first blank line after Usage, without the exit codes
  printf '%s\n' "$main" | sed -n '/^Usage:$/,$p' | sed '1,/^$/d' | no_codes | verbatim
  echo ".SH COMMANDS"
  for c in "${commands[@]}"; do
    echo ".SS \"biao $c\""
    "$bin" "$c" --help | no_codes | verbatim
  done
  echo ".SH EXIT STATUS"
  printf '%s\n' "$main" | sed -n '/^Exit codes:$/,/^Errors are one line/p' | sed '1d' | verbatim
  echo ".SH FILES"
  echo ".nf"
  echo "<prefix>/share/biao/rules/   copies of the built-in rules, to start --rules folders from"
  echo "                             (libbiao carries its own copy; these files are not read)"
  echo ".fi"
  echo ".SH SEE ALSO"
  echo "The README, docs/ and rules/README.md of the biao source tree."
} >"$tmp"
mv "$tmp" "$out"
trap - EXIT
