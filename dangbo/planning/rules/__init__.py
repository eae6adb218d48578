"""Personnel planning rules (quy hoạch cán bộ): pure Python, no Django imports."""

from dangbo.planning.rules.checks import (
    Discipline,
    PersonFacts,
    PositionFacts,
    Structure,
    TermFacts,
    Violation,
    add_months,
    age_on,
    candidate_violations,
    is_young,
    pool_structure,
    removal_reasons,
    retirement_date,
)
from dangbo.planning.rules.regulations import (
    QD_50,
    QD_377,
    REGULATIONS,
    Regulation,
    UnknownRegulation,
    regulation_for,
)
from dangbo.planning.rules.settings import DEFAULT, PlanningSettings

__all__ = [
    "DEFAULT",
    "QD_50",
    "QD_377",
    "REGULATIONS",
    "Discipline",
    "PersonFacts",
    "PlanningSettings",
    "PositionFacts",
    "Regulation",
    "Structure",
    "TermFacts",
    "UnknownRegulation",
    "Violation",
    "add_months",
    "age_on",
    "candidate_violations",
    "is_young",
    "pool_structure",
    "regulation_for",
    "removal_reasons",
    "retirement_date",
]
