#!/usr/bin/env bash
# The input options are one parser (cli/options.c) shared by extract, check and batch: each command
# accepts every one of them, applies it the same way, and refuses a bad value with exit 2 and the
# same one-line message.
# Usage: options.sh BIAO CORPUS
set -euo pipefail
BIAO=$(realpath "$1")
CORPUS=$(realpath "$2")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
fail() { echo "FAIL: $*" >&2; exit 1; }
doc=$CORPUS/batch/table.docx

# 1. a bad value: exit 2 and the same message from every command
for cmd in extract check batch; do
  for bad in "--unit foo" "--input xls" "--max-size 0"; do
    set +e
    "$BIAO" $cmd $bad "$doc" > out.txt 2> err.txt
    rc=$?
    set -e
    [ $rc -eq 2 ] || fail "$cmd $bad: exit $rc, want 2"
    [ "$(wc -l < err.txt)" -eq 1 ] || fail "$cmd $bad: stderr is not one line: $(cat err.txt)"
    case $bad in
      --unit*) grep -qx "biao: --unit takes keep, yuan or wan" err.txt || fail "$cmd $bad: $(cat err.txt)" ;;
      --input*) grep -qx "biao: --input takes pdf, docx or text" err.txt || fail "$cmd $bad: $(cat err.txt)" ;;
      --max-size*) grep -qx "biao: --max-size takes megabytes from 1" err.txt || fail "$cmd $bad: $(cat err.txt)" ;;
    esac
  done
  # (captured, not piped into grep -q: a help text over one stdio buffer would get SIGPIPE under pipefail)
  help=$("$BIAO" $cmd --help)
  [[ $help == *"--max-size MB"* ]] || fail "$cmd --help does not list the input options"
done

# 2. the options take effect in every command: --unit yuan turns 1,234.56 万元 into 12345600.00 元
"$BIAO" extract --unit yuan "$doc" | grep -q '"decimal": "12345600.00"' || fail "extract --unit yuan"
"$BIAO" batch --quiet --unit yuan -o b "$doc" > /dev/null
grep -rq '"decimal": "12345600.00"' b --include='*.json' || fail "batch --unit yuan"
# --input pdf forces the PDF reader on a DOCX: it is refused as damaged input (exit 4)
for cmd in extract check; do
  set +e
  "$BIAO" $cmd --input pdf "$doc" > /dev/null 2> err.txt
  rc=$?
  set -e
  [ $rc -eq 4 ] || fail "$cmd --input pdf on a DOCX: exit $rc, want 4 ($(cat err.txt))"
done
# --max-size 1 on a file over 1 MB is refused by every command (exit 4, over a safety limit)
head -c 1100000 /dev/zero | tr '\0' 'a' > big.txt
for cmd in extract check; do
  set +e
  "$BIAO" $cmd --max-size 1 big.txt > /dev/null 2> err.txt
  rc=$?
  set -e
  [ $rc -eq 4 ] || fail "$cmd --max-size 1: exit $rc, want 4 ($(cat err.txt))"
done
echo "options: ok"
