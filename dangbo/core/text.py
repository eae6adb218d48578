"""Vietnamese text habits: NFC storage, accent-insensitive search, the Vietnamese sort order,
and the way dates and numbers are written (dd/mm/yyyy, 5.852, 19,05 %).

Pure Python: no Django imports.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

# The Vietnamese alphabet (bảng chữ cái), with f j w z placed where Latin puts them for foreign words.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: index + 1 for index, letter in enumerate(ALPHABET)}
# Tone marks in dictionary order: ngang (none), huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Combining marks that make a letter of its own (ă â ê ô ơ ư) rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def nfc(value: str) -> str:
    """NFC-normalise and collapse runs of whitespace."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def fold(value: str) -> str:
    """Accent- and case-insensitive form used for search: "Nguyễn Đức" -> "nguyen duc"."""
    decomposed = unicodedata.normalize("NFD", value.lower().replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def split_name(full_name: str) -> tuple[str, str, str]:
    """(surname, middle names, given name): "Nguyễn Thị Minh Khai" -> ("Nguyễn", "Thị Minh", "Khai")."""
    words = nfc(full_name).split(" ")
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def _letters_and_tones(word: str) -> tuple[list[int], list[int]]:
    letters: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONES:
            if tones:
                tones[-1] = _TONES[ch]
            continue
        if ch in _LETTER_MARKS and letters:
            base = ALPHABET[letters[-1] - 1] if letters[-1] <= len(ALPHABET) else ""
            combined = unicodedata.normalize("NFC", base + ch)
            letters[-1] = _LETTER_RANK.get(combined, letters[-1])
            continue
        if unicodedata.combining(ch):
            continue
        letters.append(_LETTER_RANK.get(ch, len(ALPHABET) + 1 + (ord(ch) % 900)))
        tones.append(0)
    return letters, tones


def _code(number: int) -> str:
    """Two base-36 characters, ordered the same in every collation of [0-9a-z]."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    return digits[number // 36 % 36] + digits[number % 36]


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """The key of one word (names reuse a few thousand words: cached)."""
    letters, tones = _letters_and_tones(word)
    # letters first (the primary order), then the tones as a tie-break, then the word's end
    return "".join(_code(n) for n in letters) + "00" + "".join(_code(t + 1) for t in tones) + "00"


def sort_key(full_name: str) -> str:
    """A key that sorts names the Vietnamese way: given name, then middle names, then surname,
    letter by letter in the Vietnamese alphabet, tones breaking ties. Only [0-9a-z], so databases
    order it the same whatever their collation."""
    surname, middle, given = split_name(full_name)
    words = [given, *middle.split(" "), surname] if middle else [given, surname]
    return "".join(word_key(w) for w in words if w)[:250]


def vn_sorted(names: list[str]) -> list[str]:
    return sorted(names, key=sort_key)


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def format_number(value: int | Decimal | float, decimals: int = 0) -> str:
    """5852 -> "5.852"; Decimal("19.05"), 2 -> "19,05"."""
    quantized = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if quantized < 0 else ""
    text = f"{abs(quantized):.{decimals}f}"
    whole, _, fraction = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + fraction if fraction else "")


def percent(part: int, whole: int, decimals: int = 2) -> Decimal:
    """part/whole as a percentage rounded half-up: percent(8, 42) == Decimal("19.05")."""
    if whole == 0:
        return Decimal(0).quantize(Decimal(1).scaleb(-decimals))
    return (Decimal(part) * 100 / Decimal(whole)).quantize(
        Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
    )


def format_percent(part: int, whole: int, decimals: int = 2) -> str:
    """format_percent(8, 42) == "19,05 %"."""
    return f"{format_number(percent(part, whole, decimals), decimals)} %"


def parse_date(text: str) -> date:
    """Read dd/mm/yyyy, d/m/yy or yyyy-mm-dd; ValueError with a Vietnamese message otherwise."""
    raw = text.strip()
    try:
        if "-" in raw and len(raw.split("-")[0]) == 4:
            year, month, day = (int(p) for p in raw.split("-"))
        else:
            day, month, year = (int(p) for p in raw.replace(".", "/").replace("-", "/").split("/"))
            if year < 100:
                year += 2000 if year <= 40 else 1900
        return date(year, month, day)
    except (ValueError, TypeError):
        raise ValueError(f"“{text}” không phải là ngày hợp lệ (dd/mm/yyyy)") from None


def phrase_key(value: str) -> str:
    """Vietnamese order for names of things (organizations), word by word from the left."""
    return "".join(word_key(w) for w in nfc(value).split(" ") if w)[:250]
