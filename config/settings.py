"""Settings, read from the environment with safe defaults for the embedded (SQLite) mode.

DATABASE_URL  sqlite:///var/dangbo.sqlite3 by default; postgres://... for a city or the nation
SECRET_KEY    generated once into var/secret_key when unset
DEBUG         false by default
ALLOWED_HOSTS 127.0.0.1,localhost by default
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url

from config.env import env_bool, env_int, env_list, env_str, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("DANGBO_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = secret_key(VAR_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "dangbo.core",
    "dangbo.accounts",
    "dangbo.organizations",
    "dangbo.members",
    "dangbo.web",
    "dangbo.demo",
    "dangbo.evaluations",
    "dangbo.reports",
    "dangbo.imports",
    "dangbo.audit",
    "dangbo.planning",
    "dangbo.congresses",
    "dangbo.targets",
    "dangbo.documents",
    "dangbo.admissions",
    "dangbo.dues",
    "dangbo.badges",
    "dangbo.memberstats",
    "dangbo.api",
    # after dangbo.imports: its db_worker (the tasks' worker, failing the runs of a dead worker first)
    # is the one manage.py runs
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "dangbo.api.middleware.ApiJsonErrorsMiddleware",  # every refusal under /api/ as the API's JSON
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dangbo.audit.context.AuditContextMiddleware",
    "dangbo.core.middleware.RefuseNulMiddleware",  # a NUL in a query string: 400 (PostgreSQL cannot hold it)
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "dangbo" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["dangbo.core.templatetags.vn", "dangbo.organizations.templatetags.org_names"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'dangbo.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Password rules (dangbo/accounts/passwords.py, Vietnamese messages): 10 characters at least, not a
# common password (Django's list with Vietnamese ones), not a word or a name with digits, not like the
# user's names, not only digits. Applied by every form that sets a password (the page "Đổi mật khẩu",
# the admin, `changepassword`, `createsuperuser`); the demo's accounts are created directly.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "dangbo.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "dangbo.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "dangbo.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "dangbo.accounts.passwords.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "dangbo" / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600  # a working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Content security policy: scripts and everything else only from this server; inline styles allowed
# for the charts' SVG (which carry their own <style>) and htmx's indicator styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind HTTPS (DANGBO_HTTPS=true, see config/settings_production.py): secure cookies, HSTS, redirect.
if env_bool("DANGBO_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DANGBO_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Sign-in security (issue 5): lockout after failed logins, optional two-step verification ------
# django-axes counts failed logins per (login name, client address) and refuses that pair for a
# cool-off time; the administrator unlocks from the admin (Người dùng → "Mở khóa đăng nhập", or
# deleting the AXES access attempts) or with `manage.py axes_reset`.
# django-otp: TOTP codes (an authenticator app) asked after the password for users who enabled it
# on /tai-khoan/xac-thuc-hai-buoc/; DANGBO_OTP_REQUIRED_FOR_STAFF=true makes it compulsory for staff.
INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "dangbo.accounts.middleware.OtpRequiredMiddleware",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # last, as django-axes requires
AUTHENTICATION_BACKENDS = [
    "dangbo.accounts.backends.LockoutBackend",  # first: django-axes refuses a locked-out login
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("DANGBO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DANGBO_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "dangbo.accounts.views.lockout_response"  # Vietnamese page, cool-off in minutes
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Behind a reverse proxy (docs/operations.md): the proxies' addresses or ranges (CIDR), comma-separated.
# X-Forwarded-For is believed only from them, read from the right; the lockout and the audit trail
# then see the real client instead of the proxy. Empty (the default): REMOTE_ADDR as it is.
DANGBO_TRUSTED_PROXIES = env_list("DANGBO_TRUSTED_PROXIES", [])
for _proxy in DANGBO_TRUSTED_PROXIES:  # fail at start, not at the first request
    ipaddress.ip_network(_proxy, strict=False)
AXES_CLIENT_IP_CALLABLE = "dangbo.core.clientip.client_ip"
OTP_TOTP_ISSUER = "Dangbo"
DANGBO_OTP_REQUIRED_FOR_STAFF = env_bool("DANGBO_OTP_REQUIRED_FOR_STAFF", False)
# Figures of the dashboard and the statistics kept in the cache until the records change
# (dangbo/audit/figures.py: the latest audit entry names the state of the records).
DANGBO_FIGURES_CACHE = env_bool("DANGBO_FIGURES_CACHE", True)
# each process's memory; Django's default keeps 300 entries, fewer than a district's scopes, pages and
# years ask for (each entry is keyed on the records' version, so an old one is never read again)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": env_int("DANGBO_CACHE_ENTRIES", 3000)},
    }
}
TEMPLATES[0]["OPTIONS"]["context_processors"].append("dangbo.accounts.context_processors.security")  # type: ignore[index]

# --- Uploads and imports (issue 12): every cap a file must pass before it is read ---------------
# The uploaded file is streamed to a temporary file (0600) beyond FILE_UPLOAD_MAX_MEMORY_SIZE, and a
# file larger than DANGBO_UPLOAD_MAX_MB is dropped as it arrives (dangbo.core.uploads), never kept.
# A workbook is then inspected before it is read (dangbo.imports.guard): the caps below bound the
# memory of the read; a file passing one is refused with a message stating the limit.
DANGBO_UPLOAD_MAX_MB = env_int("DANGBO_UPLOAD_MAX_MB", 60)
DANGBO_IMPORT_MAX_ROWS = env_int("DANGBO_IMPORT_MAX_ROWS", 200_000)  # of one sheet
DANGBO_IMPORT_MAX_COLUMNS = env_int("DANGBO_IMPORT_MAX_COLUMNS", 200)  # of one sheet
DANGBO_IMPORT_MAX_CELLS = env_int("DANGBO_IMPORT_MAX_CELLS", 5_000_000)  # rows x columns, all sheets
DANGBO_IMPORT_MAX_SHARED_STRINGS = env_int("DANGBO_IMPORT_MAX_SHARED_STRINGS", 1_000_000)
DANGBO_IMPORT_MAX_UNCOMPRESSED_MB = env_int("DANGBO_IMPORT_MAX_UNCOMPRESSED_MB", 256)
DANGBO_IMPORT_MAX_COMPRESSION_RATIO = env_int("DANGBO_IMPORT_MAX_COMPRESSION_RATIO", 100)
DANGBO_IMPORT_MAX_ZIP_PARTS = env_int("DANGBO_IMPORT_MAX_ZIP_PARTS", 1_000)
# Imports are jobs (django-tasks, database backend): the web enqueues them, `manage.py db_worker`
# runs them (scripts/serve.sh starts it beside the server; deploy/systemd/dangbo-worker.service).
# A run left "checking"/"importing" by a worker that is gone is failed when a worker starts: at once
# on the same server (its pid is gone), after this many minutes without a sign of life (its progress)
# for a run of another server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
DANGBO_IMPORT_STALE_MINUTES = env_int("DANGBO_IMPORT_STALE_MINUTES", 180)
FILE_UPLOAD_HANDLERS = [
    "dangbo.core.uploads.UploadLimitHandler",  # first: drops a file over DANGBO_UPLOAD_MAX_MB
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("DANGBO_UPLOAD_MAX_MEMORY_BYTES", 2_621_440)  # larger: a temporary file
FILE_UPLOAD_PERMISSIONS = 0o600
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int(
    "DANGBO_DATA_UPLOAD_MAX_BYTES", 2_621_440
)  # a request's fields, files apart
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DANGBO_DATA_UPLOAD_MAX_FIELDS", 1_000)
# A long list (members, audit entries) counts its rows up to this many only: beyond, the page says
# "hơn 1.000" and pages on without a last page, so a city-wide first page does not read every row
# (dangbo/ui/views.py WholePagePaginator; the page's link "đếm chính xác" counts them all). 0: no cap.
DANGBO_LIST_COUNT_CAP = env_int("DANGBO_LIST_COUNT_CAP", 1_000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Rules the sources leave UNCONFIRMED (../shared/docs/domain.md): settings, shown as such in the UI.
DANGBO_RULES: dict[str, Any] = {
    # HD 21's 20 % cap on HTXSNV members: confirmed for 2018–2022, unconfirmed under QĐ 124 / QĐ 366.
    "excellent_cap_enabled": env_bool("DANGBO_EXCELLENT_CAP", True),
    # A grassroots committee delegating the decision on members to its partial committees (unconfirmed).
    "partial_committee_decides_members": env_bool("DANGBO_PARTIAL_COMMITTEE_DECIDES", False),
    # Whether the HTXSNV cap blocks a decision or only warns, per scheme (domain.md §2: 2023–2024
    # under QĐ 124 unconfirmed, warn): {"QD132-2018": True, "QD124-2023": False, "QD366-2025": True}.
    "cap_blocks": {
        "QD132-2018": env_bool("DANGBO_CAP_BLOCKS_QD132", True),
        "QD124-2023": env_bool("DANGBO_CAP_BLOCKS_QD124", False),
        "QD366-2025": env_bool("DANGBO_CAP_BLOCKS_QD366", True),
    },
}
# What a quarter's rating (xếp loại hằng quý, QĐ 366 from 2025) requires of the year's: the later
# guidance is UNCONFIRMED (evaluations/rules/quarters.py). Default: any quarter at KHTNV keeps the
# year at HTNV or below (no HTXSNV, no HTTNV), as a warning; "ceiling" empty: no rule.
DANGBO_QUARTER_RULES: dict[str, Any] = {
    "first_year": env_int("DANGBO_QUARTER_FIRST_YEAR", 2025),
    "ceiling": env_str("DANGBO_QUARTER_CEILING", "HTNV"),
    "blocks": env_bool("DANGBO_QUARTER_BLOCKS", False),
}
# Who decides a member's lifecycle event (dangbo/members/authority.py, domain.md §3): whether the
# grassroots committees are authorized by their superior to admit members (and so to convert, remove
# and expel) is decided per committee; the system holds one answer for all (UNCONFIRMED, on).
DANGBO_LIFECYCLE_RULES = {
    "grassroots_committee_admits": env_bool("DANGBO_GRASSROOTS_COMMITTEE_ADMITS", True),
}
# Congress elections (QĐ 190-QĐ/TW): at a delegates' congress a winner needs more than half of the
# valid ballots ("valid", UNCONFIRMED) or of the delegates called ("called"); the committee may elect
# its standing committee, secretary and deputies from a list equal to the seats (UNCONFIRMED, on).
DANGBO_CONGRESS_RULES = {
    "delegates_majority_of": env_str("DANGBO_DELEGATES_MAJORITY_OF", "valid"),
    "equal_list_for_committee_posts": env_bool("DANGBO_EQUAL_LIST_FOR_COMMITTEE_POSTS", True),
}
# Planning figures domain.md leaves UNCONFIRMED (dangbo/planning/rules/settings.py PlanningSettings):
# a dict of its fields overriding their defaults, e.g. {"young_age_limit": 35}.
DANGBO_PLANNING: dict = {}
# Target kinds beyond the built-in ones (dangbo/targets/rules/kinds.py): a list of dicts with the
# fields of a built-in kind.
DANGBO_TARGET_KINDS: list = []
# The admission pipeline's figures the sources leave UNCONFIRMED (dangbo/admissions/rules.py
# AdmissionSettings): {"stuck_days": {step: days}, "incomplete_warning_days": days} overriding the defaults.
DANGBO_ADMISSION_RULES: dict = {}
# Party dues (dangbo/dues/rules.py DuesSettings, domain.md §6): the figures the sources leave
# UNCONFIRMED (the month QĐ 01 starts, the rounding, the QĐ 342 rates and QĐ 01's other categories,
# the share each level keeps) as a dict overriding their defaults, e.g. {"keep_percent": {"grassroots": 70}}.
DANGBO_DUES: dict = {}
# Party badges (Huy hiệu Đảng, dangbo/badges/rules.py; domain.md §6, Hướng dẫn 01-HD/TW 2021 mục 18):
# the levels in years of party age; the occasions (dd/mm, UNCONFIRMED: 3/2, 19/5, 2/9, 7/11); whether
# a readmitted member's time out of the party is deducted (UNCONFIRMED details, on); a deceased member
# may be awarded posthumously up to `posthumous_early_months` early; the deaths listed apart are those
# of the `posthumous_within_months` before the occasion (UNCONFIRMED).
DANGBO_BADGES: dict[str, Any] = {
    "levels": [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90],
    "occasions": env_list("DANGBO_BADGE_OCCASIONS", ["03/02", "19/05", "02/09", "07/11"]),
    "deduct_time_out": env_bool("DANGBO_BADGE_DEDUCT_TIME_OUT", True),
    "posthumous_early_months": env_int("DANGBO_BADGE_POSTHUMOUS_EARLY_MONTHS", 12),
    "posthumous_within_months": env_int("DANGBO_BADGE_POSTHUMOUS_WITHIN_MONTHS", 12),
}
# Member statistics (dangbo/memberstats/rules.py; domain.md §6: the forms of HD 11-HD/BTCTW, their bands
# UNCONFIRMED): the age bands (upper bounds, completed years), the party-age bands (lower bounds of the
# next band) and how many occupations are named before "Khác".
DANGBO_MEMBER_STATS: dict[str, Any] = {
    "age_bands": [30, 40, 50, 60, 70],
    "party_age_bands": [10, 20, 30, 40, 50],
    "occupations_shown": 12,
}
# Dates typed in (dangbo/core/dates.py): a party decision may be dated at most this many days ahead.
DANGBO_DATE_MAX_FUTURE_DAYS = env_int("DANGBO_DATE_MAX_FUTURE_DAYS", 366)
