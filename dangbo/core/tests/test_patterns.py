"""The API's schema states the text cleaner's and the date policy's rules as regular expressions: the
two must agree, or schemathesis (and any client that trusts the schema) would find valid data refused
or refused data accepted. Checked here on chosen values and on many drawn ones, against the cleaner
and the date policy themselves."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

import pytest

from dangbo.core.dates import DateKind, DateRefused, bounds, check_date, date_pattern
from dangbo.core.text import TextRefused, _character_kinds, clean_text, edged_pattern, text_pattern
from dangbo.reports.figures import FIGURE_PATTERN, TOTAL_PATTERN, FigureError, check_figure, parse_total

CHOSEN = [
    "Nguyễn Văn An",
    "Nguyễn Văn An",  # decomposed (NFD): letters and their marks
    "a\u0301",
    " \u0301a",  # a tone mark on nothing, once stripped
    "\u0301",
    "- \u0301",
    "1\u0301",
    "a\x1b",
    "\u200bab\u200b",  # zero-width at the ends: stripped
    "a\u200bb",  # inside: refused
    "\u2003\u200b\u2003",
    "  x  ",
    "a\tb",
    "\t x",
    "a\nb",
    "a\u2028b",
    "x\U000e0001",
    "\ufdd0",
    "x\U0010fffd",
    "\u2adc",  # NFC makes it a symbol and a mark on nothing
    "123",
    "²",
    "",
    "   ",
    "\U0001f600 x",
]


def _drawn(seed: int, count: int) -> list[str]:
    pool = [
        " ",
        "\t",
        "\n",
        "\u200b",
        "\u00ad",
        "\u3000",
        "\xa0",
        "\u2003",
        "a",
        "1",
        ".",
        "\u0301",
        "\u0302",
    ]
    draw = random.Random(seed)

    def one() -> str:
        if draw.random() < 0.4:
            return draw.choice(pool)
        block = draw.choice([0x300, 0x370, 0x3000, 0x110000])
        code = draw.randrange(block - 0x70 if block == 0x370 else 0, block)
        return chr(code) if not 0xD800 <= code <= 0xDFFF else "x"

    return ["".join(one() for _ in range(draw.randrange(0, 6))) for _ in range(count)]


def _accepts(value: str, **options: bool) -> bool:
    try:
        clean_text(value, label="x", **options)
    except TextRefused:
        return False
    return True


@pytest.mark.parametrize(
    "options", [{}, {"multiline": True}, {"name": True}, {"name": True, "digits": False}], ids=str
)
def test_text_pattern_accepts_what_the_cleaner_accepts(options):
    pattern = re.compile(text_pattern(**options))
    digits = options.pop("digits", True)
    disagree = []
    for value in CHOSEN + _drawn(seed=len(options) + digits, count=6000):
        expected = _accepts(value, **options) and (digits or not any(ch.isdigit() for ch in value))
        if bool(pattern.search(value)) != expected:
            disagree.append(value)
    assert not disagree, [ascii(value) for value in disagree[:10]]


def test_every_character_alone_and_between_letters():
    pattern = re.compile(text_pattern())
    kinds = _character_kinds()
    sample = [*kinds["refused"], *kinds["line"], *kinds["mark"], *kinds["digit"][::7]]
    for code in [*sample, *range(0, 0x3000, 3)]:
        for value in (chr(code), f"a{chr(code)}b", f" {chr(code)}"):
            assert bool(pattern.search(value)) == _accepts(value), ascii(value)


def test_edged_pattern_of_a_citizen_id():
    pattern = re.compile(edged_pattern("[0-9]{12}", optional=True))
    for value, expected in [
        ("079080001234", True),
        (" 079080001234\u200b", True),
        ("\u2003079080001234", True),
        ("", True),
        ("\u200b\t\u2003\u200d\u205f", False),  # a zero-width joiner between spaces is no space
        ("07908000123", False),
        ("０７９０８０００１２３４", False),  # full-width digits
    ]:
        assert bool(pattern.search(value)) == expected, ascii(value)


def test_figure_and_total_patterns_match_the_parser():
    figure = re.compile(edged_pattern(FIGURE_PATTERN))
    total = re.compile(edged_pattern(TOTAL_PATTERN))
    for value in ["8:19,04", " 8 : 19.04 % ", "1.234:5", "1.2:3", "8:", ":5", "٣:5", "8:19,04%%", "", "x"]:
        try:
            check_figure(10**9, clean_text(value, label="x"))
            parsed = True
        except (FigureError, TextRefused):
            parsed = False
        assert bool(figure.search(value)) == parsed, value
    for value in ["42", "5.852", "0", "000", "0.001", "007", "1.23", "١٢", " 42 ", ""]:
        try:
            parse_total(clean_text(value, label="x"))
            parsed = True
        except (FigureError, TextRefused):
            parsed = False
        assert bool(total.search(value)) == parsed, value


@pytest.mark.parametrize("kind", list(DateKind))
def test_date_pattern_is_the_date_policy(kind):
    today = date(2026, 3, 15)
    first, last = bounds(kind, today)
    pattern = re.compile(date_pattern(first, last))
    day = date(1899, 12, 1)
    while day < date(2102, 1, 31):
        try:
            check_date(day, kind=kind, label="x", today_=today)
            expected = True
        except DateRefused:
            expected = False
        assert bool(pattern.search(day.isoformat())) == expected, day
        day += timedelta(days=1)


def test_date_pattern_within_a_month():
    pattern = re.compile(date_pattern(date(2026, 3, 5), date(2026, 3, 9)))
    assert [d for d in range(1, 32) if pattern.search(f"2026-03-{d:02d}")] == [5, 6, 7, 8, 9]


def test_words_pattern_counts_words_as_the_cleaner_does():
    from dangbo.core.text import words_pattern

    pattern = re.compile(words_pattern(2))
    for value in CHOSEN + _drawn(seed=7, count=3000):
        try:
            words = len(clean_text(value, label="x").split())
        except TextRefused:
            continue
        assert bool(pattern.search(value)) == (words >= 2), ascii(value)
