#!/usr/bin/env bash
# include_flow.sh — the one direction of flow of the library (docs/design.md), as a test: every
# `#include "..."` of the library's folders must point down the flow, never up or sideways:
#
#   pipeline → extract, normalize, export, core      (opens a document, runs the stages)
#   extract  → core        normalize → core        export → core
#   core     → nothing but core and include/biao.h
#   cli      → include/, core, export, pipeline, and extract/pdf_debug.h (`biao debug` draws what
#              the PDF reader sees); never normalize/ nor the rest of extract/
#
# Usage: include_flow.sh SOURCE_DIR. Checks SOURCE_DIR, then checks that a tree with one include
# against the flow in each folder fails (so this test can fail), and prints each offending line.
set -u

# Folder of an include: resolved against the including file's folder, then include/ (biao.h).
target_of() { # ROOT FILE INCLUDE
  local root=$1 file=$2 inc=$3 p
  p=$(realpath -m "$(dirname "$file")/$inc")
  [[ -e $p ]] || p=$(realpath -m "$root/include/$inc")
  [[ -e $p ]] || { echo "?"; return; }
  p=${p#"$(realpath -m "$root")"/}
  case $p in */*) echo "${p%%/*}" ;; *) echo "." ;; esac
}

# May folder FROM include file REL (folder TO)?
allowed() { # FROM TO REL
  local from=$1 to=$2 rel=$3
  [[ $to == "$from" || $to == include ]] && return 0
  case $from in
  core) return 1 ;;
  extract | normalize | export) [[ $to == core ]] ;;
  pipeline) [[ $to == core || $to == extract || $to == normalize || $to == export ]] ;;
  cli) [[ $to == core || $to == export || $to == pipeline || $rel == extract/pdf_debug.h ]] ;;
  *) return 0 ;;
  esac
}

check_tree() { # ROOT: prints "file:line: folder -> target (#include ...)" per violation; fails if any
  local root=$1 bad=0 file n inc from to
  for from in core extract normalize export pipeline cli; do
    [[ -d $root/$from ]] || continue
    for file in "$root/$from"/*.[ch]; do
      [[ -e $file ]] || continue
      while IFS=: read -r n inc; do
        inc=${inc#*\"}; inc=${inc%%\"*}
        to=$(target_of "$root" "$file" "$inc")
        local rel
        rel=$(realpath -m --relative-to="$root" "$(dirname "$file")/$inc")
        if [[ $to == "?" ]] || ! allowed "$from" "$to" "$rel"; then
          echo "${file#"$root"/}:$n: $from -> $to (#include \"$inc\")"
          bad=1
        fi
      done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file")
    done
  done
  return $bad
}

src=${1:?usage: include_flow.sh SOURCE_DIR}
if ! out=$(check_tree "$src"); then
  echo "include_flow: includes against the flow (see docs/design.md and each folder's README.md):"
  echo "$out"
  exit 1
fi
echo "include_flow: $(cat "$src"/{core,extract,normalize,export,pipeline,cli}/*.[ch] | grep -c '^[[:space:]]*#[[:space:]]*include[[:space:]]*"') includes follow the flow"

# The check itself: a tree with one include against the flow per rule must fail on exactly those.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/{include,core,extract,normalize,export,pipeline,cli}
touch "$tmp"/include/biao.h "$tmp"/core/model.h "$tmp"/extract/extract.h "$tmp"/extract/pdf_debug.h \
  "$tmp"/normalize/meaning.h "$tmp"/export/export.h "$tmp"/pipeline/pipeline.h
printf '#include "model.h"\n#include "biao.h"\n#include "../normalize/meaning.h"\n' >"$tmp"/core/model.c
printf '#include "../core/model.h"\n#include "../normalize/meaning.h"\n' >"$tmp"/extract/pdf.c
printf '#include "../core/model.h"\n#include "../extract/extract.h"\n' >"$tmp"/normalize/pass.c
printf '#include "../normalize/meaning.h"\n#include "../extract/extract.h"\n' >"$tmp"/export/json.c
printf '#include "../extract/extract.h"\n#include "../normalize/meaning.h"\n#include "../export/export.h"\n' >"$tmp"/pipeline/open.c
printf '#include "../extract/pdf_debug.h"\n#include "../export/export.h"\n#include "../normalize/meaning.h"\n#include "../extract/extract.h"\n#include "missing.h"\n' >"$tmp"/cli/main.c
printf '#include "../pipeline/pipeline.h"\n' >"$tmp"/core/abi.c
got=$(check_tree "$tmp" | cut -d' ' -f1 | sort | tr '\n' ' ')
want="cli/main.c:3: cli/main.c:4: cli/main.c:5: core/abi.c:1: core/model.c:3: export/json.c:1: export/json.c:2: extract/pdf.c:2: normalize/pass.c:2: "
if [[ $got != "$want" ]]; then
  echo "include_flow: the check itself is wrong: flagged [$got], expected [$want]"
  exit 1
fi
echo "include_flow: the check flags the 9 planted includes against the flow"
