#!/usr/bin/env bash
# `cmake --install` into a temporary prefix, then build a tiny C program against the installed
# library with `pkg-config --cflags --libs biao` (shared, and --static), run it, and check that
# the man page renders with the options of --help. Usage: install.sh BIAO_CLI CORPUS_DIR
set -euo pipefail
cli=$(realpath "$1")
corpus=$(realpath -m "$2")
build=$(dirname "$cli")
tmp=$(mktemp -d)
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

# the man page renders and carries the options of --help
page=$(MANWIDTH=100 LC_ALL=C.UTF-8 man -l -P cat "$prefix/share/man/man1/biao.1" 2>/dev/null)
for opt in --format --output --table --fill-merged --password --pages --unit; do
  [[ $page == *"$opt"* ]] || fail "man page lacks $opt"
done
echo "install.sh: ok"
