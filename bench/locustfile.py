"""Locust's users for bench/loadtest.py: a district officer of the demo on the pages of the menu.

Each user signs in through the login form (the CSRF token of the page, then the session cookie) when
it starts, then opens the pages of PAGES in turn from a place of its own in the list, waiting between
two pages a random time of mean LOAD_THINK seconds (uniform from 0,5 to 1,5 times it; none when 0).
Every page request made once all the users have signed in, for LOAD_DURATION seconds, is written, with its time and
error, to the JSON file LOAD_SAMPLES when locust stops: bench/loadtest.py computes the exact
percentiles from them (locust's own are rounded to its histogram's buckets).
A page counts as failed when its status is not 200 or it lacks the text that proves it is the page
asked for (a redirect to the login page, an error page). The login, the password and the ward come
from LOAD_USERNAME, LOAD_PASSWORD, LOAD_WARD.

Run by bench/loadtest.py (locust --headless -f bench/locustfile.py …); not a test.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

import gevent
from locust import FastHttpUser, between, constant, events, task
from locust.exception import StopUser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # locust loads this file by its path
from bench.menu_pages import menu_pages  # noqa: E402

THINK = float(os.environ.get("LOAD_THINK", "5"))
DURATION = float(os.environ.get("LOAD_DURATION", "60"))
USERNAME = os.environ.get("LOAD_USERNAME", "bantochuc")
PASSWORD = os.environ.get("LOAD_PASSWORD", "dangbo2019")
PAGES = menu_pages(os.environ.get("LOAD_DISTRICT", "Q9"), os.environ.get("LOAD_WARD", "Q9-TT"))

SIGN_IN = ("sign in", "sign in (form)")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_places = itertools.count()


class Officer(FastHttpUser):
    """A district officer (bantochuc) reading the pages of the menu."""

    wait_time = between(0.5 * THINK, 1.5 * THINK) if THINK else constant(0)

    def on_start(self) -> None:
        self.index = next(_places) * 7 % len(PAGES)  # users do not all open the same page together
        try:
            self._sign_in()
        except StopUser:
            self._signed_in(ok=False)
            raise
        self._signed_in(ok=True)

    def _sign_in(self) -> None:
        with self.client.get("/dang-nhap/", name="sign in (form)", catch_response=True) as response:
            found = CSRF_INPUT.search(response.text or "")
            if response.status_code != 200 or not found:
                response.failure(f"the login page answered {response.status_code}")
                raise StopUser()
        with self.client.post(
            "/dang-nhap/",
            data={"csrfmiddlewaretoken": found.group(1), "username": USERNAME, "password": PASSWORD},
            headers={"Referer": f"{self.host}/dang-nhap/"},
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"signing in as {USERNAME} answered {response.status_code}")
                raise StopUser()

    def _signed_in(self, *, ok: bool) -> None:
        """The measured window opens when every user has signed in (or failed to), and closes
        LOAD_DURATION seconds later."""
        _signed["done"] += 1
        _signed["failed"] += 0 if ok else 1
        runner = self.environment.runner
        if not _window["start"] and runner is not None and _signed["done"] >= runner.target_user_count:
            _samples.clear()
            _window["start"] = time.time()
            gevent.spawn_later(DURATION, runner.quit)

    @task
    def next_page(self) -> None:
        label, path, marker = PAGES[self.index % len(PAGES)]
        self.index += 1
        with self.client.get(path, name=label, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif marker not in (response.text or ""):
                response.failure("unexpected page")


# --- the samples of the measured window ---------------------------------------------------------------
_samples: list[tuple[str, float, str]] = []  # (page, milliseconds, error)
_window = {"start": 0.0, "stop": 0.0}
_signed = {"done": 0, "failed": 0}


@events.request.add_listener
def _record(name: str, response_time: float, exception: Any = None, **_: Any) -> None:
    if _window["start"] and name not in SIGN_IN:
        _samples.append((name, response_time, "" if exception is None else str(exception)[:200]))


@events.test_stopping.add_listener
def _stopping(**_: Any) -> None:
    _window["stop"] = time.time()


@events.quitting.add_listener
def _write(**_: Any) -> None:
    target = os.environ.get("LOAD_SAMPLES")
    if target:
        stop = _window["stop"] or time.time()
        data = {
            "seconds": round(stop - _window["start"], 2) if _window["start"] else 0.0,
            "samples": _samples,
            "sign_in_failures": _signed["failed"],
        }
        Path(target).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
