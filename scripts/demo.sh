#!/usr/bin/env bash
# README command (1): install dependencies, build, and print the tables of a real document.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j"$(nproc 2>/dev/null || echo 2)" --target biao_cli
doc=${1:-corpus/docx/form-000.docx}
echo "== biao extract -f csv --table 1 $doc"
build/release/biao extract -f csv --table 1 "$doc"
