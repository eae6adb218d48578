"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

One Chromium for the whole session; a fresh context (cookies, storage) per test. Screenshots go to
test-artifacts/ (gitignored) so that a person can look at the pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "mat-khau-thu-1"  # the personas' password (conftest.py at the root)


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium của Debian chưa được cài (/usr/bin/chromium)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium, live_server, transactional_db):
    context = chromium.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 860}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(browser_page, personas):
    """login("officer") signs the persona in through the login form and returns the page."""

    def sign_in(name: str):
        user = personas[name]
        browser_page.goto("/dang-nhap/")
        browser_page.fill("#id_username", user.username)
        browser_page.fill("#id_password", PASSWORD)
        browser_page.click("button[type=submit]")
        browser_page.wait_for_url("**/")
        return browser_page

    return sign_in


@pytest.fixture
def shot():
    """shot(page, "name") saves a full-page screenshot to test-artifacts/name.png."""
    ARTIFACTS.mkdir(exist_ok=True)

    def save(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
