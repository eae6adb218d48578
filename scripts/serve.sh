#!/usr/bin/env bash
# Sets up everything on a fresh machine and serves the demo on http://127.0.0.1:8000 (SQLite) with
# gunicorn, the production server (config/gunicorn.conf.py), and the worker of the imports beside it
# (manage.py db_worker: it runs the checks and imports started on the web pages), stopped with it.
# DANGBO_DEV=1 serves with Django's development server instead (reloads on code changes).
# DANGBO_ADDR changes the address.
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
# the worker and the server in the background, this script waiting for them: Ctrl+C or a SIGTERM to
# it stops both (SIGTERM: gunicorn finishes its requests, the worker the import it is running)
"$venv/bin/python" manage.py db_worker --no-reload &
worker=$!
server=""
stop() {
  kill -TERM $server "$worker" 2>/dev/null || true
}
trap stop INT TERM
if [ "${DANGBO_DEV:-0}" = 1 ]; then
  "$venv/bin/python" manage.py runserver "$addr" &
else
  export DANGBO_ADDR="$addr"
  "$venv/bin/gunicorn" -c config/gunicorn.conf.py config.wsgi:application &
fi
server=$!
status=0
while kill -0 "$server" 2>/dev/null; do
  wait "$server" || status=$?  # returns early when a signal is trapped: then wait again
done
stop
wait "$worker" 2>/dev/null || true
exit "$status"
