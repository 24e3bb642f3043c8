#!/usr/bin/env bash
# Sets everything up, processes the bundled example scan (prints its record), then starts the
# service on an embedded SQLite archive in ./vanban-data (override with VANBAN_DATA_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
export OMP_THREAD_LIMIT=1
.venv/bin/vanban process examples/ke-hoach-xa-an-binh.pdf
exec .venv/bin/vanban serve "$@"
