"""The architecture as tests: the declared layers hold (import-linter's contract in pyproject.toml,
[tool.importlinter]) and no module reaches into another app's private names."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dangbo"


def test_the_layers_contract_holds() -> None:
    """A module importing from a higher layer (or a sibling declared independent) fails here with
    import-linter's list of the offending imports."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout, result.stdout


def _app_of(module: str) -> str | None:
    """`dangbo.<app>...` -> the app's name (None outside the package)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "dangbo" else None


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_imports_across_apps(source: str, app: str, path: str) -> list[str]:
    """The places in `source` (the module `path` of `app`) that use a private name of another app:
    `from dangbo.other.mod import _name`, a private module `dangbo.other._mod`, or `mod._name` on a
    module of another app bound by an import."""
    tree = ast.parse(source, filename=path)
    found: list[str] = []
    other_modules: dict[str, str] = {}  # local name -> module of another app
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            other = _app_of(node.module)
            if other is None or other == app:
                continue
            if any(_is_private(part) for part in node.module.split(".")):
                found.append(f"{path}:{node.lineno}: from {node.module} import …")
            for alias in node.names:
                if _is_private(alias.name):
                    found.append(f"{path}:{node.lineno}: from {node.module} import {alias.name}")
                elif alias.name[
                    :1
                ].islower():  # a module (a class's attributes, Model._meta, are not an app's)
                    other_modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                other = _app_of(alias.name)
                if other is None or other == app:
                    continue
                if any(_is_private(part) for part in alias.name.split(".")):
                    found.append(f"{path}:{node.lineno}: import {alias.name}")
                if alias.asname:
                    other_modules[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in other_modules
            and _is_private(node.attr)
        ):
            found.append(f"{path}:{node.lineno}: {other_modules[node.value.id]}.{node.attr}")
    return found


def _modules() -> list[Path]:
    """Every module of the package but the tests (a test may reach into anything it checks)."""
    return sorted(
        p
        for p in PACKAGE.rglob("*.py")
        if "tests" not in p.relative_to(PACKAGE).parts and "migrations" not in p.parts
    )


def test_no_module_uses_a_private_name_of_another_app() -> None:
    found = [
        line
        for path in _modules()
        for line in private_imports_across_apps(
            path.read_text(encoding="utf-8"), path.relative_to(PACKAGE).parts[0], str(path.relative_to(ROOT))
        )
    ]
    assert not found, "\n".join(found)


def test_the_private_name_check_finds_each_form() -> None:
    """The scan itself: each way of reaching into another app is reported, the app's own names and
    public names are not."""
    source = (
        "from dangbo.reports.render_docx import _place, issuing_body\n"
        "from dangbo.reports import selectors as report_selectors\n"
        "import dangbo.web._hidden\n"
        "from dangbo.targets.render import _pct\n"
        "x = report_selectors._named_first\n"
        "y = report_selectors.year_report\n"
        "from dangbo.members.models import Member\n"
        "z = Member._meta\n"
    )
    found = private_imports_across_apps(source, "targets", "dangbo/targets/probe.py")
    assert [line.split(": ", 1)[1] for line in found] == [
        "from dangbo.reports.render_docx import _place",
        "import dangbo.web._hidden",
        "dangbo.reports.selectors._named_first",
    ]
