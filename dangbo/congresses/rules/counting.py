"""The count of an election (kiểm phiếu) under Quyết định 190-QĐ/TW, as pure functions.

A ballot keeps the names the voter elects (the others are crossed out). The votes of a candidate are
the valid ballots that keep the name. A candidate is elected with more than half of the base: at a
members' congress the official members called (those active elsewhere temporarily, exempted and
absent, suspended or detained, absent with reason not counted); at a delegates' congress the valid
ballots (a setting, domain.md §4: unconfirmed). Among those above half, the most votes take the
seats; a tie for the last seat leaves it to a further round among the tied.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from dangbo.congresses.rules.lists import SOURCE, Violation

Key = Any  # a candidate's identifier (its id in the database)


def ballot_violations(
    *, marks: Iterable[Key], seats: int, candidates: Iterable[Key], number: int | None = None
) -> list[Violation]:
    """A ballot entered as valid: known names only, each once, no more names kept than places
    (a ballot electing more than the places is invalid, QĐ 190)."""
    kept = list(marks)
    allowed = set(candidates)
    which = f"Phiếu số {number}" if number is not None else "Phiếu"
    found: list[Violation] = []
    if len(set(kept)) != len(kept):
        found.append(Violation("duplicate", f"{which} bầu một người hai lần.", "marks"))
    unknown = [k for k in kept if k not in allowed]
    if unknown:
        found.append(Violation("unknown", f"{which} có tên ngoài danh sách bầu cử ({SOURCE}).", "marks"))
    if len(set(kept)) > seats:
        found.append(
            Violation(
                "too_many_marks",
                f"{which} bầu {len(set(kept))} người, nhiều hơn số lượng được bầu ({seats}): "
                f"đó là phiếu bầu thừa số lượng, không hợp lệ ({SOURCE}). "
                f"Hãy ghi nó là phiếu không hợp lệ.",
                "marks",
            )
        )
    return found


@dataclass(frozen=True)
class Tally:
    """The figures of a count: ballots issued (phát ra), returned (thu vào), valid, invalid, and the
    votes of each candidate."""

    issued: int
    returned: int
    valid: int
    invalid: int
    votes: Mapping[Key, int]


def tally_from_ballots(
    ballots: Iterable[tuple[Iterable[Key], bool]], *, candidates: Iterable[Key], issued: int
) -> Tally:
    """Add up ballots entered one by one: (marks, valid) pairs."""
    votes: dict[Key, int] = dict.fromkeys(candidates, 0)
    valid = invalid = 0
    for marks, is_valid in ballots:
        if not is_valid:
            invalid += 1
            continue
        valid += 1
        for key in set(marks):
            votes[key] += 1
    return Tally(issued=issued, returned=valid + invalid, valid=valid, invalid=invalid, votes=votes)


def tally_violations(tally: Tally, *, seats: int, present: int, names: Mapping[Key, str]) -> list[Violation]:
    """A count that does not add up is refused: every figure named."""
    found: list[Violation] = []
    for label, value, name in (
        ("Số phiếu phát ra", tally.issued, "issued"),
        ("Số phiếu thu vào", tally.returned, "returned"),
        ("Số phiếu hợp lệ", tally.valid, "valid"),
        ("Số phiếu không hợp lệ", tally.invalid, "invalid"),
    ):
        if value < 0:
            found.append(Violation("negative", f"{label} không được âm ({value}).", name))
    if found:
        return found
    if tally.issued > present:
        found.append(
            Violation(
                "issued_above_present",
                f"Số phiếu phát ra ({tally.issued}) nhiều hơn số người bầu có mặt ({present}).",
                "issued",
            )
        )
    if tally.returned > tally.issued:
        found.append(
            Violation(
                "returned_above_issued",
                f"Số phiếu thu vào ({tally.returned}) nhiều hơn số phiếu phát ra ({tally.issued}).",
                "returned",
            )
        )
    if tally.valid + tally.invalid != tally.returned:
        found.append(
            Violation(
                "sum",
                f"Số phiếu hợp lệ ({tally.valid}) cộng số phiếu không hợp lệ ({tally.invalid}) "
                f"phải bằng số phiếu thu vào ({tally.returned}).",
                "valid",
            )
        )
    total = 0
    for key, count in tally.votes.items():
        name = names.get(key, str(key))
        if count < 0:
            found.append(Violation("votes_negative", f"Số phiếu bầu của {name} không được âm.", "votes"))
        elif count > tally.valid:
            found.append(
                Violation(
                    "votes_above_valid",
                    f"{name} được {count} phiếu, nhiều hơn số phiếu hợp lệ ({tally.valid}).",
                    "votes",
                )
            )
        total += max(count, 0)
    if total > tally.valid * seats:
        found.append(
            Violation(
                "votes_total",
                f"Tổng số phiếu bầu cho các ứng cử viên ({total}) nhiều hơn số phiếu hợp lệ × số lượng "
                f"được bầu ({tally.valid} × {seats} = {tally.valid * seats}).",
                "votes",
            )
        )
    return found


def has_majority(votes: int, base: int) -> bool:
    """More than half (quá một nửa): exactly half is not enough."""
    return base > 0 and votes * 2 > base


@dataclass
class Outcome:
    """Who is elected (in order of votes), who is elected alternate, who is tied for the last places
    (a further round among them), and how many places stay open."""

    elected: list[Key] = field(default_factory=list)
    alternates: list[Key] = field(default_factory=list)
    tied: list[Key] = field(default_factory=list)
    tied_for: str = ""  # "seats" or "alternates"
    seats_left: int = 0
    alternates_left: int = 0
    majority: list[Key] = field(default_factory=list)


def _fill(ranked: list[tuple[Key, int]], places: int) -> tuple[list[Key], list[Key], int, list[Key]]:
    """(taken, tied, places left, rest) of `places` from candidates ranked by votes (all above half)."""
    if places <= 0:
        return [], [], 0, [k for k, _ in ranked]
    if len(ranked) <= places:
        return [k for k, _ in ranked], [], places - len(ranked), []
    cut = ranked[places - 1][1]
    above = [k for k, v in ranked if v > cut]
    at_cut = [k for k, v in ranked if v == cut]
    if len(above) + len(at_cut) <= places:
        taken = above + at_cut
        return taken, [], places - len(taken), [k for k, v in ranked if v < cut]
    return above, at_cut, places - len(above), []


def decide(
    votes: Mapping[Key, int], *, seats: int, base: int, alternates: int = 0, order: Iterable[Key] = ()
) -> Outcome:
    """The winners of a count. `order` breaks nothing: it only keeps the list order among equal votes
    for display."""
    position = {key: i for i, key in enumerate(order)}
    ranked = sorted(
        ((k, v) for k, v in votes.items() if has_majority(v, base)),
        key=lambda kv: (-kv[1], position.get(kv[0], len(position))),
    )
    outcome = Outcome(majority=[k for k, _ in ranked])
    taken, tied, left, rest = _fill(ranked, seats)
    outcome.elected, outcome.seats_left = taken, left
    if tied:
        outcome.tied, outcome.tied_for = tied, "seats"
        outcome.alternates_left = alternates
        return outcome
    remaining = [(k, v) for k, v in ranked if k in set(rest)]
    alt_taken, alt_tied, alt_left, _ = _fill(remaining, alternates)
    outcome.alternates, outcome.alternates_left = alt_taken, alt_left
    if alt_tied:
        outcome.tied, outcome.tied_for = alt_tied, "alternates"
    return outcome


def majority_base(
    *, electorate: str, electors: int, valid_ballots: int, delegates_base: str = "valid"
) -> int:
    """The number a winner needs more than half of (QĐ 190): at a members' congress ("members") the
    official members called; where the committee elects its standing committee, secretary and
    deputies ("committee") the committee members; at a delegates' congress ("delegates") the valid
    ballots (setting "valid", the default; unconfirmed) or the delegates called (setting "called")."""
    if electorate == "delegates" and delegates_base != "called":
        return valid_ballots
    return electors
