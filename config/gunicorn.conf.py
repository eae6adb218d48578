"""gunicorn's settings for Dangbo (`gunicorn -c config/gunicorn.conf.py config.wsgi:application`).

Read from the environment, like the rest of the settings:
DANGBO_ADDR     the address served, 127.0.0.1:8000 (behind the HTTPS proxy, keep it on loopback)
DANGBO_WORKERS  processes, 1 by default: an import's progress lives in the process that runs it, so
                more processes are for PostgreSQL sites that accept that a page polling an import may
                reach another process (it then shows the run's stored state, not its live progress)
DANGBO_THREADS  threads per process, 8 by default (SQLite serializes writers anyway)
"""

import os

bind = os.environ.get("DANGBO_ADDR", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("DANGBO_WORKERS", "1"))
threads = int(os.environ.get("DANGBO_THREADS", "8"))
# The year's report of a city or an import's check may take tens of seconds on a slow machine.
timeout = 120
graceful_timeout = 30
keepalive = 30
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()
