"""The production story (docs/operations.md, deploy/): the files an operator installs say what runs,
and what they run exists: the manage.py commands and their options, gunicorn's configuration, the
settings the environment file sets. gunicorn is started for real and serves the login page."""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

from config import settings as project_settings

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))


def _unit(path: Path) -> dict[str, list[str]]:
    """A systemd unit's keys (a key may repeat, as ExecStartPre does)."""
    keys: dict[str, list[str]] = {}
    section = ""
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        keys.setdefault(f"{section}.{key}", []).append(value)
    return keys


def test_there_are_units_for_the_server_the_worker_and_the_scheduled_backup():
    names = {p.name for p in UNITS}
    assert {"dangbo.service", "dangbo-worker.service", "dangbo-backup.service"} <= names
    timer = _unit(DEPLOY / "systemd" / "dangbo-backup.timer")
    assert timer["Timer.OnCalendar"] and timer["Timer.Persistent"] == ["true"]


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_every_command_of_a_unit_exists_and_parses(unit, settings):
    settings.TASKS = project_settings.TASKS  # the tests run tasks at once; db_worker needs the database's
    keys = _unit(unit)
    assert keys["Service.EnvironmentFile"] == ["/etc/dangbo/dangbo.env"]
    assert keys["Service.UMask"] == ["0077"]  # the database and the backups are confidential
    workdir = keys["Service.WorkingDirectory"][0]
    commands = keys.get("Service.ExecStartPre", []) + keys["Service.ExecStart"]
    for line in commands:
        argv = shlex.split(line)
        assert argv[0].startswith(workdir + "/.venv/bin/"), line
        if argv[1:2] == ["manage.py"]:
            name, args = argv[2], argv[3:]
            assert name in get_commands(), f"{unit.name}: no command {name}"
            command = load_command_class(get_commands()[name], name)
            command.create_parser("manage.py", name).parse_args(args)  # exits on an unknown option
        else:
            assert argv[0].endswith("/gunicorn"), line
            config = argv[argv.index("-c") + 1]
            assert (ROOT / config).is_file()
            module, _, attribute = argv[-1].partition(":")
            assert (ROOT / (module.replace(".", "/") + ".py")).is_file() and attribute == "application"


def test_the_worker_runs_the_imports_queue_beside_the_server_and_is_restarted():
    """The imports are jobs (dangbo.imports.tasks): without a worker an uploaded file waits for ever."""
    keys = _unit(DEPLOY / "systemd" / "dangbo-worker.service")
    argv = shlex.split(keys["Service.ExecStart"][0])
    assert argv[1:3] == ["manage.py", "db_worker"] and "--reload" not in argv
    assert get_commands()["db_worker"] == "dangbo.imports"  # ours: it fails a dead worker's runs first
    assert keys["Service.Restart"] == ["always"]
    assert keys["Unit.PartOf"] == ["dangbo.service"]  # stopped and restarted with the server
    assert keys["Service.User"] == _unit(DEPLOY / "systemd" / "dangbo.service")["Service.User"]
    # stopping lets the running import end: longer than the server's stop
    assert int(keys["Service.TimeoutStopSec"][0]) > 35


def test_serve_sh_starts_the_worker_beside_the_server_and_stops_it_with_it(settings):
    settings.TASKS = project_settings.TASKS
    script = (ROOT / "scripts" / "serve.sh").read_text()
    worker = re.search(r'^"\$venv/bin/python" manage.py (db_worker[^&\n]*)&$', script, re.M)
    assert worker, "serve.sh does not start the worker in the background"
    name, *args = shlex.split(worker.group(1))
    load_command_class(get_commands()[name], name).create_parser("manage.py", name).parse_args(args)
    assert "trap stop INT TERM" in script and 'kill -TERM $server "$worker"' in script


def test_every_variable_of_the_environment_file_is_read_by_the_settings():
    read = "\n".join(p.read_text() for p in (ROOT / "config").glob("*.py"))
    names = re.findall(r"^([A-Z_]+)=", (DEPLOY / "dangbo.env.example").read_text(), re.M)
    assert "SECRET_KEY" in names and "DATABASE_URL" in names
    for name in names:
        if name == "DJANGO_SETTINGS_MODULE":
            continue
        assert f'"{name}"' in read, f"{name} is set in deploy/dangbo.env.example but read nowhere"
    module = re.search(r"^DJANGO_SETTINGS_MODULE=(\S+)", (DEPLOY / "dangbo.env.example").read_text(), re.M)
    assert module and (ROOT / (module.group(1).replace(".", "/") + ".py")).is_file()


def test_the_proxy_passes_what_the_settings_expect():
    conf = (DEPLOY / "nginx" / "dangbo.conf").read_text()
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf  # SECURE_PROXY_SSL_HEADER
    assert "proxy_pass http://127.0.0.1:8000;" in conf  # gunicorn.conf.py's default address


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_serves_with_the_shipped_configuration(tmp_path):
    port = _free_port()
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DANGBO_VAR_DIR=str(tmp_path),
        DANGBO_ADDR=f"127.0.0.1:{port}",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-c", "config/gunicorn.conf.py", "config.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=5) as response:
                    body = response.read().decode()
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:  # died, or never answered
                    raise
                time.sleep(0.3)
        assert response.status == 200 and "Đăng nhập" in body
    finally:
        server.terminate()
        server.wait(timeout=30)
