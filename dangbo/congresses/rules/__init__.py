"""Congress and election rules (Quyết định 190-QĐ/TW, Chỉ thị 35-CT/TW): pure Python, no Django."""

from dangbo.congresses.rules.counting import (
    Outcome,
    Tally,
    ballot_violations,
    decide,
    has_majority,
    majority_base,
    tally_from_ballots,
    tally_violations,
)
from dangbo.congresses.rules.lists import (
    Violation,
    candidate_list_violations,
    extra_prepared_note,
    max_candidates,
    nomination_passes,
    nomination_violations,
)
from dangbo.congresses.rules.structure import Line, Person, Targets, age_on, structure

__all__ = [
    "Line",
    "Outcome",
    "Person",
    "Tally",
    "Targets",
    "Violation",
    "age_on",
    "ballot_violations",
    "candidate_list_violations",
    "decide",
    "extra_prepared_note",
    "has_majority",
    "majority_base",
    "max_candidates",
    "nomination_passes",
    "nomination_violations",
    "structure",
    "tally_from_ballots",
    "tally_violations",
]
