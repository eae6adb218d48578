#!/usr/bin/env bash
# Runs the whole test suite: lint (ruff), types (mypy), then pytest including the browser tests.
# DATABASE_URL chooses the database (SQLite by default; postgres://... for PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-env.sh dev
venv="${DANGBO_VENV:-.venv}"
"$venv/bin/python" --version
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Cài Chromium (Debian) cho kiểm thử trình duyệt…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Kiểm thử trình duyệt cần Chromium của Debian: sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi
"$venv"/bin/ruff check .
"$venv"/bin/ruff format --check .
"$venv"/bin/mypy .
# two workers (one per core of the usual machine), a test file per worker at a time: the files that
# load the demo or build a shared tree do it once. DANGBO_TEST_WORKERS=0 runs in one process.
"$venv"/bin/pytest -n "${DANGBO_TEST_WORKERS:-2}" --dist loadfile "$@"
