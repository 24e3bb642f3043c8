#!/usr/bin/env bash
# Sets everything up, puts the bundled example scan into the archive (once: importing it again
# is skipped by its sha256), then starts the service on an embedded SQLite archive in
# ./vanban-data (override with VANBAN_DATA_DIR or --data-dir). Arguments go to `vanban serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
export OMP_THREAD_LIMIT=1
data_dir=()  # the archive `vanban serve` will use, if given as an argument
previous=""
for arg in "$@"; do
  [ "$previous" = --data-dir ] && data_dir=(--data-dir "$arg")
  case "$arg" in --data-dir=*) data_dir=("$arg") ;; esac
  previous="$arg"
done
.venv/bin/vanban import examples/ke-hoach-xa-an-binh.pdf "${data_dir[@]}"
exec .venv/bin/vanban serve "$@"
