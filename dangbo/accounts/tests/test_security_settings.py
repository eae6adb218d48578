"""Hardened defaults: Argon2, a content security policy and the usual headers, check --deploy clean."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]


def test_passwords_are_hashed_with_argon2_in_production():
    from config import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_pages_carry_a_content_security_policy_and_security_headers(client):
    response = client.get("/dang-nhap/")
    policy = response.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    )
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    env = {
        **{
            k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"
        },  # set for Playwright only
        "DJANGO_SETTINGS_MODULE": "config.settings_production",
        "SECRET_KEY": "x" * 20 + "-production-secret-key-of-sufficient-length-" + "y" * 20,
        "ALLOWED_HOSTS": "dangbo.example.vn",
        "DANGBO_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
