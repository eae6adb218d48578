"""The one entry point other parts of the product call: the targets paragraph of the year's report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dangbo.targets.models import Target
from dangbo.targets.render import paragraph
from dangbo.targets.selectors import target_kinds, target_summary

if TYPE_CHECKING:
    from dangbo.accounts.models import User
    from dangbo.organizations.models import Organization


def report_paragraph(user: User, organization: Organization, year: int) -> str:
    """The sentence on the year's targets for the report of `organization` ("" when it has none)."""
    if not Target.objects.filter(organization=organization, year=year).exists():
        return ""
    return paragraph(target_summary(user, organization, year), target_kinds())
