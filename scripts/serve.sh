#!/usr/bin/env bash
# Sets up everything on a fresh machine and serves the demo on http://127.0.0.1:8000 (SQLite) with
# gunicorn, the production server (config/gunicorn.conf.py). DANGBO_DEV=1 serves with Django's
# development server instead (reloads on code changes). DANGBO_ADDR changes the address.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-env.sh
venv="${DANGBO_VENV:-.venv}"
# the database, the backups and the secret key are confidential: readable by their owner only
umask 077
"$venv/bin/python" manage.py migrate --noinput
"$venv/bin/python" manage.py collectstatic --noinput -v0
"$venv/bin/python" manage.py load_demo --if-empty
addr="${DANGBO_ADDR:-127.0.0.1:8000}"
echo
echo "Dangbo đang chạy tại http://$addr (Ctrl+C để dừng)"
if [ "${DANGBO_DEV:-0}" = 1 ]; then
  exec "$venv/bin/python" manage.py runserver "$addr"
fi
export DANGBO_ADDR="$addr"
exec "$venv/bin/gunicorn" -c config/gunicorn.conf.py config.wsgi:application
