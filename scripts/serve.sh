#!/usr/bin/env bash
# Sets up everything on a fresh machine and serves the demo on http://127.0.0.1:8000 (SQLite).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-env.sh
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py load_demo --if-empty
echo
echo "Dangbo đang chạy tại http://127.0.0.1:8000 (Ctrl+C để dừng)"
exec .venv/bin/python manage.py runserver --noreload "${DANGBO_ADDR:-127.0.0.1:8000}"
