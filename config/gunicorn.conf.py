"""gunicorn's settings for Dangbo (`gunicorn -c config/gunicorn.conf.py config.wsgi:application`).

Read from the environment, like the rest of the settings:
DANGBO_ADDR     the address served, 127.0.0.1:8000 (behind the HTTPS proxy, keep it on loopback)
DANGBO_WORKERS  processes, 2 by default; any of them shows an import's progress (the imports run in
                the worker, `manage.py db_worker`, and write their progress in the database)
DANGBO_THREADS  threads per process, 8 by default (SQLite serializes writers anyway)
"""

import os

bind = os.environ.get("DANGBO_ADDR", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("DANGBO_WORKERS", "2"))
threads = int(os.environ.get("DANGBO_THREADS", "8"))
# The year's report of a city may take tens of seconds on a slow machine (imports: the worker).
timeout = 120
graceful_timeout = 30
keepalive = 30
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()
