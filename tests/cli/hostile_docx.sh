#!/usr/bin/env bash
# Hostile DOCX inputs through the CLI: exactly one "biao: " line on stderr, the documented exit
# code, and with -o no output file and no temporary file left behind. Also: a DOCX from stdin.
# Usage: hostile_docx.sh BIAO CORPUS_DIR
set -uo pipefail
biao=$1
corpus=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0 passed=0

check() { # FILE EXPECTED_EXIT
  local file=$1 want=$2 out="$work/out" rc lines
  rm -rf "$out" && mkdir -p "$out"
  "$biao" extract "$file" -o "$out/result.json" >"$work/stdout" 2>"$work/stderr"
  rc=$?
  lines=$(wc -l <"$work/stderr")
  if [[ $rc -ne $want ]]; then
    echo "FAIL $file: exit $rc, want $want"; fail=$((fail + 1)); return
  fi
  if [[ $lines -ne 1 ]] || ! head -1 "$work/stderr" | grep -q '^biao: '; then
    echo "FAIL $file: stderr is not one 'biao: ' line:"; cat "$work/stderr"; fail=$((fail + 1)); return
  fi
  if [[ -n $(ls -A "$out") ]]; then
    echo "FAIL $file: left files behind: $(ls -A "$out")"; fail=$((fail + 1)); return
  fi
  passed=$((passed + 1))
}

h=$corpus/hostile
check "$h/zip-bomb.docx" 4
check "$h/zip-bomb-lying.docx" 4
check "$h/billion-laughs.docx" 4
check "$h/huge-grid.docx" 4
check "$h/no-document.docx" 4
check "$h/truncated.docx" 4
check "$h/random.docx" 4
check "$h/broken-xml.docx" 4
check "$h/legacy.doc" 4
check "$h/empty.docx" 3
check "$h" 3                      # a directory
check "$h/does-not-exist.docx" 3  # a missing file

# the same errors name the problem
msg() { "$biao" extract "$1" 2>&1 >/dev/null; }
[[ $(msg "$h/no-document.docx") == *"not a DOCX: no word/document.xml"* ]] \
  && passed=$((passed + 1)) || { echo "FAIL no-document message"; fail=$((fail + 1)); }
[[ $(msg "$h/legacy.doc") == *"save it as .docx"* ]] \
  && passed=$((passed + 1)) || { echo "FAIL legacy .doc message"; fail=$((fail + 1)); }

# a DOCX on stdin, and -o writing a complete file
if "$biao" extract --compact - <"$corpus/docx/form-000.docx" >"$work/stdin.json" 2>"$work/stderr" &&
  grep -q '"年度资金总额"' "$work/stdin.json" && [[ ! -s $work/stderr ]]; then
  passed=$((passed + 1))
else
  echo "FAIL stdin"; cat "$work/stderr"; fail=$((fail + 1))
fi
if "$biao" extract "$corpus/docx/form-000.docx" -o "$work/ok.json" && grep -q '"186.73"' "$work/ok.json" &&
  [[ $(ls -A "$work" | grep -c '^ok\.json') -eq 1 && -z $(ls -A "$work" | grep -v -e '^ok\.json$' -e '^out$' -e '^stdout$' -e '^stderr$' -e '^stdin\.json$') ]]; then
  passed=$((passed + 1))
else
  echo "FAIL -o output"; ls -A "$work"; fail=$((fail + 1))
fi

echo "hostile_docx: $passed passed, $fail failed"
[[ $fail -eq 0 ]]
