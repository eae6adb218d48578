"""Checks of a candidate list (danh sách bầu cử) and of nominations, from Quyết định 190-QĐ/TW.

Pure Python: numbers in, Vietnamese messages out.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = "Quyết định 190-QĐ/TW"


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str
    field: str = ""


def max_candidates(seats: int) -> int:
    """The largest list for `seats` places: at most 30 % more (extra ≤ 30 % of seats, whole people).
    Below 4 places 30 % is less than one person while the list must still be longer than the places:
    one more person is then allowed (the surplus rule wins)."""
    return seats + max(1, (seats * 3) // 10)


def candidate_list_violations(*, seats: int, candidates: int, equal_allowed: bool = False) -> list[Violation]:
    """QĐ 190: more candidates than seats, at most 30 % more. A list may equal the seats only where
    the setting allows it (the committee electing its standing committee, secretary, deputies)."""
    found: list[Violation] = []
    if seats < 1:
        return [Violation("seats", "Số lượng cần bầu phải từ 1 trở lên.", "seats")]
    if candidates < seats or (candidates == seats and not equal_allowed):
        need = "bằng hoặc nhiều hơn" if equal_allowed else "nhiều hơn"
        found.append(
            Violation(
                "too_few",
                f"Danh sách bầu cử có {candidates} người, phải {need} số lượng cần bầu ({seats}) ({SOURCE}).",
                "candidates",
            )
        )
    limit = max_candidates(seats)
    if candidates > limit and candidates > seats:
        found.append(
            Violation(
                "too_many",
                f"Danh sách bầu cử có {candidates} người, vượt quá 30 % so với số lượng cần bầu ({seats}): "
                f"tối đa {limit} người ({SOURCE}).",
                "candidates",
            )
        )
    return found


def nomination_passes(*, approvals: int, delegates_present: int) -> bool:
    """A candidate not proposed by the committee (tự ứng cử, được đề cử tại đại hội) enters the list
    only with the approval of more than 30 % of the delegates (QĐ 190)."""
    return delegates_present > 0 and approvals * 10 > delegates_present * 3


def nomination_violations(*, name: str, approvals: int | None, delegates_present: int) -> list[Violation]:
    if approvals is None:
        return [
            Violation(
                "nomination_missing",
                f"{name} không do cấp ủy giới thiệu: phải nhập số đại biểu tán thành đưa vào danh sách "
                f"(trên 30 % số đại biểu, {SOURCE}).",
                "approvals",
            )
        ]
    if approvals < 0 or approvals > delegates_present:
        return [
            Violation(
                "nomination_count",
                f"Số đại biểu tán thành ({approvals}) phải từ 0 đến số đại biểu có mặt ({delegates_present}).",
                "approvals",
            )
        ]
    if not nomination_passes(approvals=approvals, delegates_present=delegates_present):
        return [
            Violation(
                "nomination_below",
                f"{name} chỉ được {approvals}/{delegates_present} đại biểu tán thành, không quá 30 %: "
                f"không được đưa vào danh sách bầu cử ({SOURCE}).",
                "approvals",
            )
        ]
    return []


def extra_prepared_note(*, seats: int, prepared: int) -> str | None:
    """QĐ 190: the outgoing committee prepares 10–15 % more than the seats. A note, not a refusal."""
    if seats < 1:
        return None
    low = seats + -(-seats * 10 // 100)  # at least one more (10 %, rounded up)
    high = max(low, seats + seats * 15 // 100)
    if not low <= prepared <= high:
        return (
            f"Cấp ủy giới thiệu {prepared} người cho {seats} chỗ; {SOURCE} hướng dẫn chuẩn bị nhiều hơn "
            f"10–15 % ({low if low == high else f'{low}–{high}'} người)."
        )
    return None
