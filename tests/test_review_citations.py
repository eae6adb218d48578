"""Every citation of the review's regulations on pages, messages and documents comes from the scheme
of the year reviewed (dangbo/evaluations/rules/schemes.py): no template and no message elsewhere
names one (issue 15, item 2). Comments and docstrings may name them; strings shown to a user may not."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from dangbo.evaluations import rules

ROOT = Path(__file__).resolve().parents[1]
# the review's regulations and guidance, in every way they are written: "21-HD/BTCTW",
# "Quy định 132", "Hướng dẫn số 43", "QĐ 366", "HD 21"
_NUMBERS = r"(?:132|124|366|27|16|21|25|43)"
PATTERN = re.compile(
    rf"\b{_NUMBERS}-(?:QĐ|HD)/(?:TW|BTCTW)|\b(?:Quy định|Hướng dẫn|QĐ|HD)(?: số)? {_NUMBERS}\b(?!\s*(?:tháng|%|điểm))"
)
SCHEME_MODULES = {ROOT / "dangbo" / "evaluations" / "rules" / "schemes.py"}


def _shown_strings(path: Path) -> list[str]:
    """The string literals of a module but its docstrings (f-strings' literal parts included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def _modules() -> list[Path]:
    return [
        p
        for p in (ROOT / "dangbo").rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts and p not in SCHEME_MODULES
    ]


def test_the_pattern_finds_what_it_is_meant_to_find():
    for text in ("(Hướng dẫn 21-HD/BTCTW)", "Quy định 132", "QĐ 366", "HD 43", "Hướng dẫn số 25"):
        assert PATTERN.search(text), text
    for text in ("Số 21-QĐ/ĐU", "Quy định 294-QĐ/TW", "21 tháng", "hơn 21 %"):
        assert not PATTERN.search(text), text
    # the scheme modules do name them: the scan would see them
    schemes = next(iter(SCHEME_MODULES))
    assert any(PATTERN.search(s) for s in _shown_strings(schemes))


def test_no_message_outside_the_scheme_modules_names_a_review_regulation():
    found = [
        f"{path.relative_to(ROOT)}: {text[:90]!r}"
        for path in _modules()
        for text in _shown_strings(path)
        if PATTERN.search(text)
    ]
    assert found == []


def test_no_template_names_a_review_regulation():
    templates = list((ROOT / "dangbo").rglob("templates/**/*.html"))
    assert templates, "the scan found no template"
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()[:90]}"
        for path in templates
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if PATTERN.search(line)
    ]
    assert found == []


def test_each_scheme_cites_its_own_regulation():
    for scheme in rules.SCHEMES:
        number = re.search(r"\d+", scheme.regulation if scheme.code != "HD27-2014" else scheme.guidance)
        assert number is not None
        assert number.group() in scheme.cite("regime"), scheme.code
        for key in scheme.sources:
            assert key in rules.SOURCE_KEYS, (scheme.code, key)
    # a rule the 2019 page cites HD 21 for, the 2025 page cites QĐ 366 (or HD 43) for
    for key in ("not_rated", "cap", "authority", "member_khtnv", "commendation"):
        assert "21-HD" not in rules.scheme_for(2025).cite(key)
        assert re.search(r"366|43-HD", rules.scheme_for(2025).cite(key)), key
