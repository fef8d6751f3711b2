#!/usr/bin/env bash
# `cmake --install` into a temporary prefix, then: the installed biao gives the same output as the
# build tree's (extract, --records, --unit, csv, check) from another working directory with the
# source and build trees hidden (a private mount namespace, when unshare works); rule folders that
# do not exist are exit 7; a tiny C program builds against the installed library with
# `pkg-config --cflags --libs biao` (shared, and --static) and agrees with the CLI; the man page
# renders every command and option once. Usage: install.sh BIAO_CLI CORPUS_DIR
set -euo pipefail
cli=$(realpath "$1")
corpus=$(realpath -m "$2")
build=$(dirname "$cli")
tmp=$(mktemp -d)
# a sanitizer build reads its LeakSanitizer suppressions from the source tree, which the installed
# run hides: give both runs a copy outside it, or every run of the installed biao aborts
if [[ ${LSAN_OPTIONS:-} =~ suppressions=([^:]+) && -f ${BASH_REMATCH[1]} ]]; then
  cp "${BASH_REMATCH[1]}" "$tmp/lsan.supp"
  export LSAN_OPTIONS=${LSAN_OPTIONS/${BASH_REMATCH[1]}/$tmp/lsan.supp}
fi
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

fail() { echo "install.sh: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" || { cat "$tmp/install.log" >&2; fail "cmake --install failed"; }
libdirs=("$prefix"/lib*/)
libdir=${libdirs[0]}
for f in bin/biao include/biao.h share/man/man1/biao.1; do
  [[ -e $prefix/$f ]] || fail "$f not installed"
done
ls "$libdir"/libbiao.so.0* >/dev/null 2>&1 || fail "libbiao.so not installed"
[[ -e $libdir/libbiao.a ]] || fail "libbiao.a not installed"
[[ -e $libdir/pkgconfig/biao.pc ]] || fail "biao.pc not installed"

echo "install.sh: installed $(du -sh "$prefix" | cut -f1) into $prefix ($(find "$prefix" -type f | wc -l) files)"

# ---- the installed biao needs nothing of the source or build tree ----
src=$(cd "$corpus/.." && pwd)
docs=("$corpus"/pdf-real/govbc-01.pdf "$corpus"/docx/form-000.docx "$corpus"/text/*.txt)
runs=("extract --compact" "extract --compact --records" "extract --compact --unit yuan"
      "extract -f ndjson --unit wan" "check -v")
mkdir -p "$tmp/want" "$tmp/got" "$tmp/docs"
n=0
for d in "${docs[@]}"; do
  [[ -f $d ]] || continue
  n=$((n + 1))
  cp "$d" "$tmp/docs/$n.${d##*.}"
done
(( n >= 3 )) || fail "corpus documents missing under $corpus"
i=0
for d in "$tmp"/docs/*; do
  for r in "${runs[@]}"; do
    i=$((i + 1))
    # shellcheck disable=SC2086
    (cd "$tmp" && "$cli" $r "$d" >"$tmp/want/$i" 2>&1) || true
  done
done
cat >"$tmp/run-installed.sh" <<SH
set -u
cd /
i=0
for d in "$tmp"/docs/*; do
  for r in $(printf '"%s" ' "${runs[@]}"); do
    i=\$((i + 1))
    "$prefix/bin/biao" \$r "\$d" >"$tmp/got/\$i" 2>&1
  done
done
SH
if unshare -m true 2>/dev/null; then
  # hide the source tree (and the build tree inside it) for the installed program only
  unshare -m bash -c "mount -t tmpfs none '$src' && [[ ! -e '$src/rules' ]] && bash '$tmp/run-installed.sh'" \
    || fail "could not run the installed biao with the source tree hidden"
  hidden="source tree hidden"
else
  bash "$tmp/run-installed.sh"
  hidden="source tree present: unshare not permitted here"
fi
for f in "$tmp"/want/*; do
  cmp -s "$f" "$tmp/got/${f##*/}" || { diff "$f" "$tmp/got/${f##*/}" | head -5 >&2; fail "installed biao differs from the build tree's on run ${f##*/}"; }
done
grep -q '"unit": *"元"\|"unit":"元"' "$tmp"/got/* || fail "no 元 unit in any --unit yuan output"
grep -q 'checks, 0 failed' "$tmp"/got/* || fail "check printed no summary"
echo "install.sh: installed biao = build tree on $i runs ($n documents; $hidden)"

# ---- rule folders that do not exist: exit 7, one line naming the folder ----
rc=0; BIAO_RULES_DIR=/nonexistent/rules "$prefix/bin/biao" check "$tmp/docs/1.pdf" >/dev/null 2>"$tmp/err" || rc=$?
[[ $rc == 7 && $(wc -l <"$tmp/err") == 1 ]] && grep -q '/nonexistent/rules' "$tmp/err" \
  || fail "BIAO_RULES_DIR pointing nowhere: exit $rc, stderr: $(cat "$tmp/err")"
rc=0; "$prefix/bin/biao" extract --rules /nonexistent/mine "$tmp/docs/1.pdf" >/dev/null 2>"$tmp/err" || rc=$?
[[ $rc == 7 && $(wc -l <"$tmp/err") == 1 ]] && grep -q '/nonexistent/mine' "$tmp/err" \
  || fail "--rules pointing nowhere: exit $rc, stderr: $(cat "$tmp/err")"

export PKG_CONFIG_PATH=$libdir/pkgconfig
[[ $(pkg-config --modversion biao) == $("$prefix/bin/biao" --version | cut -d' ' -f2) ]] || fail "biao.pc version differs from biao --version"

cat >"$tmp/tiny.c" <<'C'
/* Prints the library version, then one line per table of argv[1]: index, rows, cols, first text;
 * or the error code name and message. */
#include <biao.h>
#include <stdio.h>

int main(int argc, char **argv) {
  printf("biao %s\n", biao_version());
  if (argc < 2) return 2;
  biao_doc *doc = NULL;
  biao_error err;
  int rc = biao_doc_open_file(&doc, argv[1], NULL, &err);
  if (rc != BIAO_OK) {
    printf("error %s: %s\n", biao_code_name(rc), err.message);
    return 1;
  }
  for (size_t i = 0; i < biao_doc_table_count(doc); i++) {
    const biao_table *t = biao_doc_table(doc, i);
    printf("table %d %dx%d %s\n", biao_table_index(t), biao_table_rows(t), biao_table_cols(t),
           biao_table_text_at(t, 0, 0));
  }
  biao_doc_free(doc);
  return 0;
}
C
# a sanitizer build of libbiao needs the program built with the same runtime
san=
# (no `ldd | grep -q`: grep exiting early kills ldd with SIGPIPE, and pipefail turns that into "no")
if [[ $(ldd "$libdir/libbiao.so") == *libasan* ]]; then san="-fsanitize=address,undefined"; fi
# shellcheck disable=SC2046
gcc $san -o "$tmp/tiny" "$tmp/tiny.c" $(pkg-config --cflags --libs biao) || fail "shared build failed"
# static: libbiao.a itself, plus its dependencies from Requires.private (pkg-config --static)
static_libs=$(pkg-config --static --libs biao | sed 's/\(^\| \)-lbiao\( \|$\)/ /')
# shellcheck disable=SC2086
gcc $san -o "$tmp/tiny-static" "$tmp/tiny.c" $(pkg-config --cflags biao) "$libdir/libbiao.a" $static_libs \
  || fail "static build failed"
[[ $(ldd "$tmp/tiny-static") == *libbiao* ]] && fail "static program still needs libbiao.so"

export ASAN_OPTIONS=detect_leaks=0
out=$(LD_LIBRARY_PATH=$libdir "$tmp/tiny" /nonexistent.pdf || true)
[[ $out == *"error io: "* ]] || fail "tiny program on a missing file printed: $out"

# a real document: the program and the installed CLI must agree on every table
doc=
for f in "$corpus"/docx/*.docx "$corpus"/pdf/*.pdf "$corpus"/text/*.txt "$corpus"/*/*.*; do
  [[ -f $f ]] || continue
  if "$prefix/bin/biao" extract --compact "$f" >"$tmp/doc.json" 2>/dev/null; then doc=$f; break; fi
done
if [[ -n $doc ]]; then
  want=$(printf 'biao %s\n' "$(pkg-config --modversion biao)";
         jq -r '.tables[] | "table \(.index) \(.n_rows)x\(.n_cols) \(.rows[0][0] // "")"' "$tmp/doc.json")
  got=$(LD_LIBRARY_PATH=$libdir "$tmp/tiny" "$doc")
  [[ $got == "$want" ]] || fail "tiny program on $doc: got
$got
want
$want"
  got=$("$tmp/tiny-static" "$doc")
  [[ $got == "$want" ]] || fail "static tiny program on $doc differs"
  echo "install.sh: tiny program agrees with the CLI on $doc ($(jq '.tables | length' "$tmp/doc.json") tables)"
else
  echo "install.sh: no corpus document is readable yet; checked the error path only"
fi

# the man page renders every command and every option of every --help, each section once
page=$(MANWIDTH=200 LC_ALL=C.UTF-8 man -E UTF-8 -l -P cat "$prefix/share/man/man1/biao.1" 2>"$tmp/man.err")
[[ -s $tmp/man.err ]] && fail "man reports: $(head -3 "$tmp/man.err")"
for cmd in extract check batch debug; do
  [[ $page == *"biao $cmd"* ]] || fail "man page lacks the $cmd command"
  # every option of every --help (long form), as printed
  for opt in $("$cli" $cmd --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    [[ $page == *"$opt"* ]] || fail "man page lacks $opt of biao $cmd"
  done
done
for sec in NAME SYNOPSIS DESCRIPTION COMMANDS "EXIT STATUS"; do
  [[ $(grep -c "^$sec\$" <<<"$page") == 1 ]] || fail "man page: section $sec not exactly once"
done
[[ $(grep -c 'usage error' <<<"$page") == 1 ]] || fail "man page: the exit codes are listed more than once"
[[ $page == *"万元"* ]] || fail "man page: Chinese text mangled"
[[ $page != *"??"* ]] || fail "man page: '??' where text was"
echo "install.sh: ok"
