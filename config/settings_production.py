"""Production settings: the same settings, served behind HTTPS.

    DJANGO_SETTINGS_MODULE=config.settings_production SECRET_KEY=... ALLOWED_HOSTS=dangbo.example.vn \\
        DATABASE_URL=postgres://... python manage.py check --deploy
"""

import os

os.environ.setdefault("DANGBO_HTTPS", "true")
os.environ.setdefault("DEBUG", "false")

from config.settings import *  # noqa: E402, F403
