"""/api/reports: the year's review report (the JSON of `evaluation_report --format json`), the check of
figures someone else wrote (the JSON of `check_figures --format json`), and who the token acts as."""

# ruff: noqa: B008 — ninja declares parameters with Query(...) defaults

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from dangbo.accounts.exports import export_record
from dangbo.accounts.models import RoleAssignment
from dangbo.api.endpoints.common import ERRORS, user_of, visible_only
from dangbo.api.schemas import CheckFiguresIn, CheckFiguresOut, Code, MeOut, Year
from dangbo.core.exceptions import ApplicationError
from dangbo.evaluations.services import check_year, rule_settings
from dangbo.organizations.selectors import organization_by_code
from dangbo.reports.figures import FigureError, audit_figures, parse_bases, parse_cap_percent, parse_total
from dangbo.reports.selectors import year_report

router = Router(tags=["Báo cáo"])


@router.get(
    "/reports/evaluation",
    response={200: dict[str, Any], **ERRORS},
    summary="Báo cáo kết quả đánh giá, xếp loại của một năm",
)
def evaluation_report(
    request: HttpRequest,
    org: Code = Query(..., description="code of the organization whose subtree is reported"),
    year: Year = Query(..., description="the year of the review"),
    decimals: int = Query(2, ge=1, le=2, description="decimals of the percentages"),
) -> dict[str, Any]:
    """The year's report of the subtree as it stood on 31/12: counts and percentages per level for
    grassroots organizations, affiliated cells and members, those not rated and why, the exemplary
    organizations, the breakdown by sector, the commendations and the narrative — the same JSON as
    `manage.py evaluation_report --format json`."""
    user = user_of(request)
    with visible_only():
        organization = organization_by_code(user, org)
        check_year(year)
        report = year_report(user, organization, year, decimals=decimals)
    export_record(  # the report names the members commended: as the web's download of it
        actor=user,
        action="api.report",
        label=f"Báo cáo đánh giá, xếp loại năm {year} — {organization.name} (API)",
        organization=organization,
        details={"year": year, "decimals": decimals},
    )
    return report.as_json()


@router.post(
    "/reports/check-figures",
    response={200: CheckFiguresOut, **ERRORS},
    summary="Kiểm tra số liệu phần trăm",
    exclude_none=True,  # a problem carries the details of its kind only, as the command's JSON
)
def check_figures_endpoint(request: HttpRequest, payload: CheckFiguresIn) -> dict[str, Any]:
    """Are the percentages of a report right, at the precision they were written? (8 of 42 written
    “19,04” is wrong: 19,05.) And the problems of the line, each named by its kind with a Vietnamese
    message: counts that do not add up to the total (sum_mismatch), a percentage cut instead of rounded
    (truncated), a percentage over another base (other_base: the sum of the counts or one of
    `base_alternatives`), a count that is the likely typo with the count that fits (count_typo), and on
    the four member levels (`four_levels`) the cap on HTXSNV of the `year`'s scheme, else 20 % (cap),
    or `cap_percent` where a recorded decision raised it (from 2025: 20 to 25).
    Nothing is read from the database or written."""
    try:
        if payload.year is not None:
            check_year(payload.year)
        total = parse_total(str(payload.total))
        settings = rule_settings()
        stated = None
        if payload.cap_percent is not None:
            # a JSON number to its hundredths (20.004 is 20,00 %), checked for the year's scheme
            hundredths = Decimal(str(payload.cap_percent)).quantize(Decimal("0.01"))
            stated = parse_cap_percent(f"{hundredths.normalize():f}", payload.year, settings)
        checks, problems = audit_figures(
            total,
            list(payload.figures),
            base_alternatives=parse_bases([str(b) for b in payload.base_alternatives]),
            four_levels=payload.four_levels,
            year=payload.year,
            settings=settings,
            cap_percent=stated,
        )
    except FigureError as error:
        raise ApplicationError(error.message, field=error.field) from None
    return {
        "total": total,
        "figures": [asdict(c) for c in checks],
        "problems": [p.as_dict() for p in problems],
    }


@router.get("/me", response={200: MeOut, **ERRORS}, summary="Người dùng của mã truy cập")
def me(request: HttpRequest) -> dict[str, Any]:
    """The user the token acts as, and their roles (each reaching the subtree of its organization)."""
    user = user_of(request)
    roles = RoleAssignment.objects.filter(user=user).select_related("organization").order_by("pk")
    return {
        "username": user.get_username(),
        "full_name": user.full_name,
        "is_superuser": user.is_superuser,
        "roles": [
            {
                "role": r.role,
                "role_label": r.get_role_display(),
                "organization": {"code": r.organization.code, "name": r.organization.name},
            }
            for r in roles
        ],
    }
