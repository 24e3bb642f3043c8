#!/usr/bin/env bash
# Sets everything up (Debian packages, .venv) and runs the whole test suite: ruff, mypy, pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export OMP_THREAD_LIMIT=1
# one command a line: under "set -e" a failure inside an && list does not stop the script
echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== mypy"
.venv/bin/mypy
echo "== pytest"
.venv/bin/pytest "$@"
