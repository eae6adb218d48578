"""The README and docs/: every relative link resolves, every path of the repository they name exists,
and the README stays the front door (short)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *(ROOT / "bench").glob("*.md")])
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
# a path of the repository in backquotes: `dangbo/evaluations/rules/authority.py`, `scripts/serve.sh`
REPO_PATH = re.compile(r"`((?:dangbo|config|scripts|bench|docs|tests)/[\w./-]+)`")


def _relative_links(text: str) -> list[str]:
    links = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # an address outside the repository, or an anchor in the same file
        links.append(target.split("#", 1)[0])
    return links


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_resolves(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    missing = [link for link in _relative_links(text) if not (document.parent / link).exists()]
    assert not missing, f"{document.relative_to(ROOT)} links to missing files: {missing}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_named_path_exists(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    missing = sorted(
        {
            path
            for path in REPO_PATH.findall(text)
            if "*" not in path and not (ROOT / path.rstrip("/")).exists()
        }
    )
    assert not missing, f"{document.relative_to(ROOT)} names paths that do not exist: {missing}"


def test_link_checker_sees_a_broken_link(tmp_path: Path) -> None:
    assert _relative_links("[a](docs/nowhere.md) [b](https://example.org) [c](#anchor) [d](x.md#y)") == [
        "docs/nowhere.md",
        "x.md",
    ]


def test_readme_is_the_front_door() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode()) < 12 * 1024
    assert "./scripts/serve.sh" in readme and "./scripts/test.sh" in readme
    for login in ("quantri", "bantochuc", "truongthanh", "bithu", "xem"):
        assert f"`{login}`" in readme
