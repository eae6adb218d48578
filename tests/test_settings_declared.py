"""Every Dangbo setting the code reads is declared in config/settings.py with its default (issue 14,
item 5): no `getattr(settings, …)` with a default of its own, no setting documented but unread."""

from __future__ import annotations

import re
from pathlib import Path

from config import settings as declared

ROOT = Path(__file__).resolve().parents[1]
READ = re.compile(r"\bsettings\.(DANGBO_[A-Z0-9_]+)")
GETATTR = re.compile(r"getattr\(\s*settings\s*,")


def _sources() -> list[Path]:
    return [
        p for p in (ROOT / "dangbo").rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts
    ]


def test_every_setting_read_is_declared_with_its_default():
    read = {name for path in _sources() for name in READ.findall(path.read_text(encoding="utf-8"))}
    assert read, "the scan found no setting: the pattern is wrong"
    missing = sorted(name for name in read if not hasattr(declared, name))
    assert missing == []


def test_no_setting_is_read_with_a_default_of_its_own():
    found = [str(p.relative_to(ROOT)) for p in _sources() if GETATTR.search(p.read_text(encoding="utf-8"))]
    assert found == []


def test_every_declared_setting_is_read():
    text = "\n".join(path.read_text(encoding="utf-8") for path in _sources())
    names = [name for name in dir(declared) if name.startswith("DANGBO_")]
    unread = sorted(name for name in names if f"settings.{name}" not in text)
    assert unread == []
