#!/usr/bin/env bash
# The Python binding (python/), tested with Debian's /usr/bin/python3 and python3-pandas against the
# libbiao.so built next to the biao binary. Usage: python.sh BIAO_CLI CORPUS_DIR
set -euo pipefail
cli=$(realpath "$1")
corpus=$(realpath -m "$2")
root=$(cd "$(dirname "$0")/../.." && pwd)
lib=$(dirname "$cli")/libbiao.so
[[ -e $lib ]] || { echo "python.sh: $lib not built" >&2; exit 1; }
export BIAO_LIBRARY=$lib BIAO_CLI=$cli BIAO_CORPUS=$corpus PYTHONDONTWRITEBYTECODE=1
# a sanitizer build of the library needs its runtimes loaded first into Python
if [[ $(ldd "$lib") == *libasan* ]]; then  # no grep -q: SIGPIPE + pipefail
  export LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)"
  export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1   # the interpreter itself "leaks" at exit
fi
cd "$root/python"
exec /usr/bin/python3 -m unittest discover -s tests -t . -v
