#!/usr/bin/env bash
# Sets up everything on a fresh machine and serves the demo on http://127.0.0.1:8000 (SQLite).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-env.sh
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py load_demo --if-empty
addr="${DANGBO_ADDR:-127.0.0.1:8000}"
echo
echo "Dangbo đang chạy tại http://$addr (Ctrl+C để dừng)"
exec .venv/bin/python manage.py runserver --noreload "$addr"
