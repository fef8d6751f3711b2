#!/usr/bin/env bash
# The README's Python install, as a user does it: `cmake --install` into a prefix, a venv from
# Debian's python3-venv (with --system-site-packages for Debian's pandas), `pip install ./python`
# (offline: --no-build-isolation uses Debian's setuptools and wheel), then, with no BIAO_* variable,
# from another directory and with the source tree hidden, biao.read_tables() on a real report.
# Skipped (77) for a sanitizer build: a wheel carrying an ASan libbiao is not what users get.
# Usage: python_venv.sh BIAO_CLI CORPUS_DIR
set -euo pipefail
cli=$(realpath "$1")
corpus=$(realpath -m "$2")
build=$(dirname "$cli")
src=$(cd "$corpus/.." && pwd)
fail() { echo "python_venv.sh: $*" >&2; exit 1; }
if [[ $(ldd "$build/libbiao.so") == *libasan* ]]; then
  echo "python_venv.sh: sanitizer build, skipped (the release build runs it)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
start=$SECONDS
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" || { cat "$tmp/install.log" >&2; fail "cmake --install failed"; }
libdirs=("$prefix"/lib*/)
libdir=${libdirs[0]}

/usr/bin/python3 -m venv --system-site-packages "$tmp/venv" || fail "python3 -m venv failed (python3-venv)"
cp -r "$src/python" "$tmp/python-src"   # pip builds in the tree: keep the checkout clean
PKG_CONFIG_PATH=$libdir/pkgconfig "$tmp/venv/bin/pip" install --quiet --no-build-isolation --no-index \
  "$tmp/python-src" >"$tmp/pip.log" 2>&1 || { cat "$tmp/pip.log" >&2; fail "pip install ./python failed"; }
shipped=$(find "$tmp/venv" -name 'libbiao.so*' | head -n1)
[[ -n $shipped ]] || fail "the installed package carries no libbiao"
echo "python_venv.sh: pip install took $((SECONDS - start)) s (with cmake --install); package $(du -sh "$(dirname "$shipped")" | cut -f1)"

cp "$corpus/pdf-real/govbc-01.pdf" "$tmp/report.pdf"
cat >"$tmp/check.py" <<'PY'
import os, sys
import biao
assert not any(k.startswith("BIAO_") for k in os.environ), "a BIAO_ variable is set"
venv = sys.argv[1]
assert biao.library_path().startswith(venv), f"libbiao loaded from {biao.library_path()}, not the venv"
frames = biao.read_tables("report.pdf")
t = frames[1]                                  # 收入支出决算总表 (page 4 of the report)
assert "收入支出决算总表" in t.attrs["title"], t.attrs["title"]
labels = list(t.iloc[:, 0])
row = labels.index("一、一般公共预算财政拨款收入")
assert float(t.iloc[row, 1]) == 2940.05, t.iloc[row, 1]
row = labels.index("本年收入合计")
assert float(t.iloc[row, 1]) == 2946.25, t.iloc[row, 1]
doc = biao.extract("report.pdf", unit="yuan")
print(f"ok: {len(frames)} tables, libbiao {biao.library_version()} from {biao.library_path()}")
PY
run="cd '$tmp' && env -i PATH=/usr/bin:/bin HOME='$tmp' '$tmp/venv/bin/python' check.py '$tmp/venv'"
if unshare -m true 2>/dev/null; then
  out=$(unshare -m bash -c "mount -t tmpfs none '$src' && $run") || fail "biao.read_tables in the venv failed: $out"
else
  out=$(bash -c "$run") || fail "biao.read_tables in the venv failed: $out"
fi
echo "python_venv.sh: $out"
