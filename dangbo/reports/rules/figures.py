"""The figures auditor (kiểm tra số liệu báo cáo): what is wrong with a line of figures someone else
wrote — "12 : 20 %, 40 : 66,67 %, 7 : 11,67 % of 60" — beyond a percentage that is not the count over
the total rounded half-up. Pure Python.

Each problem has a kind:
- sum_mismatch: the counts of a breakdown do not add up to its total;
- truncated: a percentage cut to its decimals instead of rounded (8/42 = 19,047… written 19,04);
- other_base: a percentage that is the count over another base (the sum of the counts, or a base
  given as an alternative: all members instead of those rated);
- count_typo: a count that contradicts its percentage while the percentage fits the others — the count
  is the likely typo, and the count that fits is named;
- cap: on a four-level line of members (HTXSNV, HTTNV, HTNV, KHTNV in that order), more HTXSNV than the
  cap allows (a share of those rated HTTNV).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from dangbo.core.text import format_number

KINDS = ("sum_mismatch", "truncated", "other_base", "count_typo", "cap")
# A line of more figures than this is not searched for single-digit typos (a bound on the work).
_TYPO_SEARCH_LIMIT = 50


@dataclass(frozen=True)
class Written:
    """A figure as written: the count and the percentage with the decimals it was written with."""

    count: int
    stated: Decimal
    decimals: int


@dataclass(frozen=True)
class Problem:
    kind: str
    message: str  # Vietnamese
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message, **self.details}


@dataclass(frozen=True)
class Cap:
    """The cap on HTXSNV members: `percent` of those rated HTTNV, from `source` (the scheme's text)."""

    percent: Decimal
    source: str = ""


def rounded(count: int, base: int, decimals: int) -> Decimal:
    """count/base in percent, rounded half-up to `decimals`."""
    return (Decimal(count) * 100 / Decimal(base)).quantize(
        Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
    )


def truncated(count: int, base: int, decimals: int) -> Decimal:
    """count/base in percent, cut to `decimals` (what a spreadsheet's ROUNDDOWN or a careless hand gives)."""
    return (Decimal(count) * 100 / Decimal(base)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_DOWN)


def _pct(value: Decimal, decimals: int) -> str:
    return f"{format_number(value, decimals)} %"


def _num(value: int) -> str:
    return format_number(value)


def _fits(written: Written, count: int, base: int) -> bool:
    return 0 <= count <= base and rounded(count, base, written.decimals) == written.stated


def _ok(written: Written, total: int) -> bool:
    return _fits(written, written.count, total)


def _digit_edits(count: int) -> set[int]:
    """The counts one keystroke away from `count`: a digit deleted, added, changed, or two swapped."""
    text = str(count)
    digits = "0123456789"
    found: set[str] = set()
    for i in range(len(text) + 1):
        found.update(text[:i] + d + text[i:] for d in digits)  # a digit added
    for i in range(len(text)):
        found.add(text[:i] + text[i + 1 :])  # a digit deleted
        found.update(text[:i] + d + text[i + 1 :] for d in digits)  # a digit changed
        if i + 1 < len(text):
            found.add(text[:i] + text[i + 1] + text[i] + text[i + 2 :])  # two swapped
    return {int(t) for t in found if t and (t == "0" or not t.startswith("0"))} - {count}


def _fitting_counts(written: Written, total: int) -> tuple[int, int]:
    """The range of counts whose percentage of `total` rounds to the stated one (empty when lo > hi)."""
    half = Decimal(1).scaleb(-written.decimals) / 2
    start = max(0, int(((written.stated - half) * total / 100).to_integral_value(rounding=ROUND_FLOOR)))
    end = min(total, int(((written.stated + half) * total / 100).to_integral_value(rounding=ROUND_FLOOR)))
    low = next((c for c in (start, start + 1) if _fits(written, c, total)), None)
    high = next((c for c in (end, end - 1) if _fits(written, c, total)), None)
    if low is None or high is None:
        return (1, 0)
    return (low, high)


def _percent_sum_is_whole(line: list[Written]) -> bool:
    """The stated percentages add up to 100 % within what rounding each of them allows."""
    slack = sum((Decimal(1).scaleb(-w.decimals) / 2 for w in line), Decimal(0))
    return abs(sum((w.stated for w in line), Decimal(0)) - 100) <= slack


def audit(
    total: int,
    line: list[Written],
    *,
    base_alternatives: tuple[int, ...] = (),
    four_levels: bool = False,
    cap: Cap | None = None,
    level_labels: tuple[str, ...] = (),
) -> list[Problem]:
    """The problems of a line of figures over `total`, in the order of the kinds."""
    counts = [w.count for w in line]
    count_sum = sum(counts)
    breakdown = len(line) >= 2
    ok = [_ok(w, total) for w in line]
    explained: dict[int, Problem] = {}

    # other_base: the percentage is the count over another base (explicit, or the sum of the counts).
    bases = [b for b in dict.fromkeys(base_alternatives) if b > 0 and b != total]
    if breakdown and count_sum != total and count_sum > 0 and count_sum not in bases:
        bases.append(count_sum)
    for index, written in enumerate(line):
        if ok[index]:
            continue
        for base in bases:
            if _fits(written, written.count, base):
                what = " (tổng các số lượng)" if base == count_sum and base not in base_alternatives else ""
                explained[index] = Problem(
                    "other_base",
                    f"{_num(written.count)}: {_pct(written.stated, written.decimals)} là tỷ lệ trên "
                    f"{_num(base)}{what}, không phải trên tổng số {_num(total)}; trên {_num(total)} là "
                    f"{_pct(rounded(written.count, total, written.decimals), written.decimals)}.",
                    {
                        "figure": index + 1,
                        "count": written.count,
                        "stated": format_number(written.stated, written.decimals),
                        "base": base,
                        "correct": format_number(
                            rounded(written.count, total, written.decimals), written.decimals
                        ),
                    },
                )
                break

    # truncated: the percentage cut instead of rounded.
    for index, written in enumerate(line):
        if ok[index] or index in explained:
            continue
        if truncated(written.count, total, written.decimals) == written.stated:
            exact = (Decimal(written.count) * 100 / Decimal(total)).quantize(
                Decimal(1).scaleb(-(written.decimals + 2)), rounding=ROUND_DOWN
            )
            correct = rounded(written.count, total, written.decimals)
            explained[index] = Problem(
                "truncated",
                f"{_num(written.count)}/{_num(total)} = {format_number(exact, written.decimals + 2)}… %: "
                f"{_pct(written.stated, written.decimals)} là cắt bỏ chữ số thừa, làm tròn đúng là "
                f"{_pct(correct, written.decimals)}.",
                {
                    "figure": index + 1,
                    "count": written.count,
                    "stated": format_number(written.stated, written.decimals),
                    "correct": format_number(correct, written.decimals),
                },
            )

    # count_typo: the count contradicts its percentage, the percentage agrees with the others.
    typo_fixes: dict[int, int] = {}
    for index, written in enumerate(line):
        if ok[index] or index in explained or not breakdown:
            continue
        others = [j for j in range(len(line)) if j != index]
        if not all(ok[j] or (j in explained and explained[j].kind == "truncated") for j in others):
            continue
        low, high = _fitting_counts(written, total)
        if low > high:
            continue
        completion = total - (count_sum - written.count)
        fits: int | None = None
        adds_up = False
        if low <= completion <= high:
            fits, adds_up = completion, True
        elif _percent_sum_is_whole(line) and len(line) <= _TYPO_SEARCH_LIMIT:
            typos = sorted(
                (c for c in _digit_edits(written.count) if low <= c <= high),
                key=lambda c: (abs(c - written.count), c),
            )
            if typos:
                fits = typos[0]
            elif high == low:
                fits = low
        if fits is None:
            continue
        typo_fixes[index] = fits
        explained[index] = Problem(
            "count_typo",
            f"Số lượng {_num(written.count)} có lẽ ghi nhầm: {_pct(written.stated, written.decimals)} của "
            f"{_num(total)} là {_num(fits)}"
            + (
                f" (với {_num(fits)}, các số lượng cộng lại đúng bằng tổng số {_num(total)})"
                if adds_up
                else ""
            )
            + "; tỷ lệ này khớp với các số liệu khác, số lượng mới là chỗ sai.",
            {
                "figure": index + 1,
                "count": written.count,
                "stated": format_number(written.stated, written.decimals),
                "fits": fits,
                "adds_up": adds_up,
            },
        )

    problems: list[Problem] = []
    # sum_mismatch: unless the typo's fix makes the counts add up.
    fixed_sum = count_sum + sum(fits - line[i].count for i, fits in typo_fixes.items())
    if breakdown and count_sum != total and fixed_sum != total:
        difference = count_sum - total
        problems.append(
            Problem(
                "sum_mismatch",
                f"Các số lượng cộng lại {' + '.join(_num(c) for c in counts)} = {_num(count_sum)}, khác tổng số "
                f"{_num(total)} ({'thừa' if difference > 0 else 'thiếu'} {_num(abs(difference))}).",
                {"sum": count_sum, "total": total, "difference": difference},
            )
        )
    problems += [explained[i] for i in sorted(explained) if explained[i].kind == "truncated"]
    problems += [explained[i] for i in sorted(explained) if explained[i].kind == "other_base"]
    problems += [explained[i] for i in sorted(explained) if explained[i].kind == "count_typo"]

    # cap: HTXSNV above the cap's share of HTTNV, on a four-level line.
    if four_levels and cap is not None and len(line) == 4:
        excellent, good = counts[0], counts[1]
        limit = int((Decimal(good) * cap.percent / 100).to_integral_value(rounding=ROUND_FLOOR))
        if excellent > limit:
            names = level_labels or ("hoàn thành xuất sắc nhiệm vụ", "hoàn thành tốt nhiệm vụ")
            cap_text = format_number(cap.percent, 0 if cap.percent == cap.percent.to_integral() else 2)
            problems.append(
                Problem(
                    "cap",
                    f"Số đảng viên {names[0].lower()} ({_num(excellent)}) vượt quá {cap_text} % số đảng viên "
                    f"{names[1].lower()} ({_num(good)}; tối đa {_num(limit)})"
                    + (f" — {cap.source}" if cap.source else "")
                    + ". Giới hạn tính trong từng nhóm được so sánh (tổ chức cơ sở đảng); trên số liệu "
                    "tổng hợp chỉ để tham khảo.",
                    {
                        "excellent": excellent,
                        "good": good,
                        "cap_percent": cap_text,
                        "limit": limit,
                    },
                )
            )
    return problems
