#!/usr/bin/env bash
# Installs everything biao needs to build and test on Debian 12 (run as root, or with sudo available).
# Idempotent: packages already present are skipped, so a second run is quick and offline-safe.
#   scripts/install-deps.sh            build + test dependencies
#   scripts/install-deps.sh --corpus   also the tools that regenerate corpus fixtures (LibreOffice, python3-docx)
set -euo pipefail

pkgs=(
  build-essential cmake pkg-config            # compiler and build system
  libglib2.0-dev                              # strings, arrays, hash tables, UTF-8 and Unicode normalisation
  libpoppler-glib-dev poppler-data            # PDF reading; poppler-data decodes CJK fonts without ToUnicode maps
  poppler-utils                               # pdftotext/pdftoppm: benchmark floor and page rendering for review
  libcairo2-dev                               # rendering PDF pages to find ruling lines, and `biao debug`
  libzip-dev libxml2-dev                      # DOCX: zip container and streaming XML
  libbz2-dev liblzma-dev libssl-dev           # libzip's own dependencies: `pkg-config --static biao` links them (static test)
  libpcre2-dev                                # normalisation rules kept as data in rules/
  libcriterion-dev                            # unit tests
  libjson-c-dev                               # tests parse our JSON output back
  libxlsxwriter-dev                           # XLSX export
  libsqlite3-dev sqlite3                      # -f sqlite / batch --db output; the sqlite3 CLI queries it in tests
  python3 python3-pandas                      # Python binding tests (Debian's python3 at /usr/bin/python3)
  python3-openpyxl                            # Python tests read biao's XLSX back
  man-db                                      # tests render the installed biao.1 with man -l
  clang libclang-rt-14-dev                    # libFuzzer builds of the fuzz targets (the runtime is its own package)
  unzip zip                                   # hostile-input fixtures and XLSX read-back in tests
  jq                                          # CLI tests read our JSON back; the README's pipeline examples
  python3-venv python3-setuptools python3-wheel # `pip install ./python` into a venv, tested offline
  qpdf                                        # encrypted-PDF fixture of the batch test
  parallel                                    # the scale-out recipe of the README, tested locally
  python3-distributed                         # biao.dask: `dask scheduler`/`dask worker` of the many-machines test
  procps                                      # pgrep: the batch and dask tests find the processes they started
)
if [[ ${1:-} == --corpus ]]; then
  pkgs+=(python3-docx libreoffice-writer-nogui fonts-noto-cjk time bc)  # time: /usr/bin/time -v, bc: sums in bench scripts
  pkgs+=(img2pdf)  # scripts/gen-pdf-scanned.sh wraps a rendered page into an image-only PDF
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#pkgs[@]} packages present"
  exit 0
fi
SUDO=
if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Another apt (unattended-upgrades, a second terminal) may hold the dpkg or lists lock: wait for it
# (apt's own Lock::Timeout) and retry a few times rather than fail with "Could not get lock".
apt_wait() {
  local try log
  log=$(mktemp)
  for try in 1 2 3 4 5 6; do
    if $SUDO apt-get -o DPkg::Lock::Timeout=300 "$@" >"$log" 2>&1; then rm -f "$log"; return 0; fi
    if grep -q 'Could not get lock\|Unable to acquire\|Unable to lock' "$log"; then
      echo "install-deps: apt is busy (another apt is running); waiting ($try/6)"
      sleep 20
      continue
    fi
    cat "$log" >&2; rm -f "$log"; return 1
  done
  cat "$log" >&2; rm -f "$log"; return 1
}
apt_wait update -qq
apt_wait install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: done"
