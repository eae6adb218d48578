"""Vietnamese text habits: NFC storage, accent-insensitive search, the Vietnamese sort order,
and the way dates and numbers are written (dd/mm/yyyy, 5.852, 19,05 %).

Pure Python: no Django imports.
"""

from __future__ import annotations

import re
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


# --- the one cleaner of text that comes in (web forms, API, import) --------------------------------

# Zero-width characters (and the soft hyphen): invisible, yet they make two equal-looking values differ.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
# Bidirectional controls: they change the order in which the text is shown, not what it says.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_LINE_BREAKS = frozenset("\t\n\r")
_EDGE = " \t\n\r\xa0\u3000" + "".join(sorted(ZERO_WIDTH))


class TextRefused(ValueError):
    """A value refused by clean_text; `message` is Vietnamese and names the field."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _upper_first(label: str) -> str:
    return label[:1].upper() + label[1:]


def _code_point(ch: str) -> str:
    return f"U+{ord(ch):04X}"


_LETTER = re.compile(r"[^\W\d_]")


def _has_lone_mark(word: str) -> bool:
    """A combining mark (category M) that follows no letter, digit or other mark."""
    carrier = False  # the previous character can carry a mark
    for ch in word:
        if unicodedata.category(ch)[0] == "M":
            if not carrier:
                return True
        else:
            carrier = ch.isalnum()
    return False


def _refusal(ch: str, label: str, multiline: bool) -> str | None:
    """Why the character `ch` cannot be stored, or None when it can."""
    category = unicodedata.category(ch)
    if category == "Cc":
        if ch in _LINE_BREAKS:
            return (
                None if multiline else f"{label} có dấu xuống dòng hoặc tab ở giữa: hãy viết trên một dòng."
            )
        return f"{label} chứa ký tự điều khiển không hợp lệ ({_code_point(ch)})."
    if ch in BIDI_CONTROLS:
        return f"{label} chứa ký tự đảo chiều hiển thị không hợp lệ ({_code_point(ch)})."
    if ch in ZERO_WIDTH:
        return f"{label} chứa ký tự vô hình không hợp lệ ({_code_point(ch)}) ở giữa: hãy gõ lại giá trị này."
    if category == "Cf":
        return f"{label} chứa ký tự định dạng vô hình không hợp lệ ({_code_point(ch)})."
    if category == "Cs" or (category == "Cn" and (0xFDD0 <= ord(ch) <= 0xFDEF or ord(ch) & 0xFFFE == 0xFFFE)):
        return f"{label} chứa ký tự không hợp lệ ({_code_point(ch)})."
    if category in ("Zl", "Zp"):
        return None if multiline else f"{label} có dấu xuống dòng ở giữa: hãy viết trên một dòng."
    return None


def clean_text(
    value: str,
    *,
    label: str,
    max_length: int | None = None,
    multiline: bool = False,
    name: bool = False,
) -> str:
    """The one way text is taken in, by the web forms, the API and the import; TextRefused (a
    Vietnamese message naming the field `label`) when the value cannot be stored.

    - NFC; surrounding whitespace stripped, inner runs of spaces collapsed to one (in a multi-line
      field each line is, and line breaks are kept, at most one empty line in a row).
    - Control characters (C0, C1, DEL) are refused, tab and line breaks too except in a multi-line field.
    - Zero-width characters (U+200B–U+200D, U+2060, U+FEFF, the soft hyphen) and bidirectional controls
      (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) are refused, not silently removed: they
      are invisible, so a value that holds one is not what the person who typed it sees. A name with
      a zero-width space inside is not the same name to the search, the duplicate checks and the
      sort; a right-to-left override shows "Nguyễn" as "nễyugN" in one place and not in another.
      Removing them would store something nobody typed or checked; refusing says where the problem
      is and lets a person decide. Only at the very ends of a value, where they change nothing that
      can be seen (a byte-order mark or a zero-width space copied with a cell), are zero-width
      characters stripped as the surrounding whitespace is.
    - Any other invisible format character (category Cf), lone surrogates and non-characters are refused.
    - A combining mark standing alone (at the start or after a space: a tone mark on no letter) is refused.
    - `name`: a person's or an organization's name must contain letters.
    - `max_length`: counted after cleaning, in characters.
    """
    label = _upper_first(label)
    if not value.isprintable() or not value.isascii():
        value = unicodedata.normalize("NFC", value.strip(_EDGE))
        if not value.isprintable():
            for ch in value:
                if not ch.isprintable():
                    reason = _refusal(ch, label, multiline)
                    if reason:
                        raise TextRefused(reason)
        for word in value.split():
            # a word of letters and digits only (str.isalnum, in C) holds no mark: most words
            if not word.isascii() and not word.isalnum() and _has_lone_mark(word):
                raise TextRefused(f"{label} có dấu đứng riêng, không gắn với chữ cái nào.")
    if multiline:
        lines = [
            " ".join(line.split()) for line in value.replace("\r\n", "\n").replace("\r", "\n").splitlines()
        ]
        text = "\n".join(lines).strip("\n")
        while "\n\n\n" in text:
            text = text.replace("\n\n\n", "\n\n")
    else:
        text = " ".join(value.split())
    if name and text and not _LETTER.search(text):
        raise TextRefused(f"{label} phải có chữ cái.")
    if max_length is not None and len(text) > max_length:
        raise TextRefused(f"{label} dài tối đa {max_length} ký tự (đang có {len(text)}).")
    return text


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
    if decimals == 0 and type(value) is int:  # the common case (counts), without the Decimal
        return f"{value:,}".replace(",", ".")
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


_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})|(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(text: str) -> date:
    """Read dd/mm/yyyy (also dd.mm.yyyy, dd-mm-yyyy) or yyyy-mm-dd; ValueError with a Vietnamese
    message otherwise. The year has four digits: "1/1/20" is refused, not guessed (1920? 2020?),
    and "01/01/0000" is no day at all."""
    raw = text.strip()
    found = _DATE.fullmatch(raw)
    try:
        if found is None:
            raise ValueError(raw)
        if found.group(3):
            day, month, year = int(found.group(1)), int(found.group(2)), int(found.group(3))
        else:
            year, month, day = int(found.group(4)), int(found.group(5)), int(found.group(6))
        return date(year, month, day)
    except (ValueError, TypeError):
        raise ValueError(f"“{text}” không phải là ngày hợp lệ (dd/mm/yyyy, năm đủ 4 chữ số)") from None


def phrase_key(value: str) -> str:
    """Vietnamese order for names of things (organizations), word by word from the left."""
    return "".join(word_key(w) for w in nfc(value).split(" ") if w)[:250]


# --- the cleaner's rules as a regular expression (for the API's schema) ---------------------------


def _class(codes: list[int]) -> str:
    """A regex character class (its inside) of these code points, as ranges: `\\uXXXX` escapes in the
    Basic Multilingual Plane, the characters themselves beyond it (Python's `re` and ECMA 262 read both
    the same way; they spell escapes above U+FFFF differently)."""

    def one(code: int) -> str:
        return f"\\u{code:04X}" if code <= 0xFFFF else chr(code)

    parts: list[str] = []
    start = previous = -2
    for code in [*codes, -2]:
        if code == previous + 1:
            previous = code
            continue
        if start >= 0:
            parts.append(one(start) if start == previous else f"{one(start)}-{one(previous)}")
        start = previous = code
    return "".join(parts)


@lru_cache(maxsize=1)
def _character_kinds() -> dict[str, tuple[int, ...]]:
    """Every code point (surrogates aside: no JSON text or URL carries one alone) by what clean_text
    does with it, found by asking the cleaner's own tests, so that the pattern and the cleaner cannot
    disagree on a character."""
    kinds: dict[str, list[int]] = {
        name: [] for name in ("refused", "line", "mark", "digit", "carrier", "other", "space", "composing")
    }
    category = unicodedata.category
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        kind = category(ch)
        if kind == "Co" or (kind == "Cn" and code & 0xFFFE != 0xFFFE and not 0xFDD0 <= code <= 0xFDEF):
            kinds["other"].append(code)  # private use, unassigned (most code points): kept as they are
        elif kind[0] == "C" or kind in ("Zl", "Zp"):
            if _refusal(ch, "", True) is not None:
                kinds["refused"].append(code)
            elif _refusal(ch, "", False) is not None:
                kinds["line"].append(code)
            else:
                kinds["other"].append(code)
        elif kind[0] == "M":
            kinds["mark"].append(code)
        elif not unicodedata.is_normalized("NFC", ch) and _has_lone_mark(unicodedata.normalize("NFC", ch)):
            kinds["refused"].append(code)  # U+2ADC ⫝̸: NFC makes it a symbol and a mark on nothing
        elif kind[0] in "LN" and ch.isalnum():
            kinds["digit" if ch.isdigit() else "carrier"].append(code)
        else:
            kinds["other"].append(code)
            if ch.isspace():
                kinds["space"].append(code)
    # A symbol and a mark that NFC makes one character (= and U+0338 make ≠): that mark is not alone.
    carriers = {*kinds["carrier"], *kinds["digit"]}
    marks = set(kinds["mark"])
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split() if not 0xD800 <= code <= 0xDFFF else []
        if len(parts) == 2 and not parts[0].startswith("<"):
            base, mark = int(parts[0], 16), int(parts[1], 16)
            composes = len(unicodedata.normalize("NFC", chr(base) + chr(mark))) == 1
            if base not in carriers and base not in marks and mark in marks and composes:
                kinds["composing"].extend((base, mark))
    return {name: tuple(codes) for name, codes in kinds.items()}


@lru_cache(maxsize=8)
def text_pattern(*, multiline: bool = False, name: bool = False, digits: bool = True) -> str:
    """What clean_text accepts, as a regular expression (the `pattern` of the API's JSON Schema): none
    of the characters it refuses (control, invisible, bidirectional…), a combining mark only after a
    letter, digit or another mark (what it strips at the ends, such as a space, carries none). `name`:
    a letter somewhere, when anything is left after cleaning. `digits=False`: no digit at all.

    The rules on marks and letters are negative lookaheads: a generator (Hypothesis) draws from the
    one small class of refused characters and only checks the rest."""
    kinds = _character_kinds()
    refused = sorted(
        (*kinds["refused"], *(() if multiline else kinds["line"]), *(() if digits else kinds["digit"]))
    )
    marks = _class(list(kinds["mark"]))
    carriers = _class(sorted((*kinds["carrier"], *kinds["digit"], *kinds["mark"])))
    pairs = kinds["composing"]
    composing = "|".join(_class([pairs[i]]) + _class([pairs[i + 1]]) for i in range(0, len(pairs), 2))
    checks = (
        f"(?![{marks}])"  # a mark first
        f"(?![\\s\\S]*(?!{composing})[^{carriers}][{marks}])"  # a mark after a symbol or a space
        f"(?![\\s\\S]*(?:{composing})[{marks}])"  # a mark after a symbol that took the one before
    )
    if name:
        alnum = sorted((*kinds["carrier"], *kinds["digit"]))
        letters = _class([code for code in alnum if _LETTER.match(chr(code))])
        blank = _class(sorted({*kinds["space"], *(ord(ch) for ch in _EDGE)}))
        checks += f"(?![^{letters}]*[^{letters}{blank}][^{letters}]*$)"
    edge = _class(sorted(ord(ch) for ch in _EDGE))  # stripped from the ends, whatever they are
    return f"^{checks}[{edge}]*[^{_class(refused)}]*[{edge}]*$"


def edged_pattern(core: str, *, optional: bool = False) -> str:
    """`core` (a regular expression, in which `{space}` stands for the spaces clean_text turns into
    one), or nothing when `optional`, with what clean_text strips around it."""
    kinds = _character_kinds()
    edge = f"[{_class(sorted(ord(ch) for ch in _EDGE))}]*"  # stripped first, whatever they are
    space = f"[{_class(list(kinds['space']))}]"  # then the spaces (a zero-width one is no space)
    value = f"{space}*(?:{core.replace('{space}', space)}){'?' if optional else ''}{space}*"
    return f"^{edge}{value}{edge}$"


def filled_pattern() -> str:
    """A character that clean_text keeps (not a space, nor what it strips at the ends): the value is
    not empty once cleaned."""
    kinds = _character_kinds()
    return f"[^{_class(sorted({*kinds['space'], *(ord(ch) for ch in _EDGE)}))}]"


def words_pattern(count: int) -> str:
    """At least `count` words once cleaned: kept characters separated by spaces."""
    kinds = _character_kinds()
    space = f"[{_class(list(kinds['space']))}]+"
    return space.join([filled_pattern()] * count)
