"""The quarterly ratings of a cell (xếp loại hằng quý, QĐ 366 from 2025): the cell's secretary
records a quarter for the cell's members and the cell at once. Reads through the quarter
selectors; the write is one service call (evaluations.quarter_services.cell_quarter_record)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from dangbo.accounts.requests import user_of
from dangbo.core.dates import today
from dangbo.core.exceptions import ApplicationError
from dangbo.evaluations import quarter_selectors, quarter_services, rules
from dangbo.evaluations import services as review_services
from dangbo.organizations import selectors as org_selectors
from dangbo.organizations.models import CELL_KINDS
from dangbo.ui.views import posted, submit, visible_only
from dangbo.web.forms.quarters import QuarterForm
from dangbo.web.views.reviews import Refused, _for_change, _page_context, refusable

QUARTERS = (1, 2, 3, 4)


def _quarter(raw: str, year: int) -> int:
    """?quy= among 1–4 (anything else: the latest quarter of the year that has begun)."""
    begun = [q for q in QUARTERS if date(year, 3 * q - 2, 1) <= today()]
    latest = begun[-1] if begun else 1
    return int(raw) if raw in ("1", "2", "3", "4") and int(raw) in begun else latest


def _levels(scheme: Any, ranks: dict[int, Any], *, collective: bool) -> list[dict[str, Any]]:
    """The four quarters of a row: the level's code and wording, or None."""
    levels = scheme.organization_levels if collective else scheme.member_levels
    return [
        {"quarter": q, "level": levels[ranks[q].rank - 1] if q in ranks else None, "row": ranks.get(q)}
        for q in QUARTERS
    ]


@login_required
@refusable
def review_quarters(request: HttpRequest, year: int, code: str) -> HttpResponse:
    """Đánh giá, xếp loại hằng quý of a cell: one select per member and one for the cell, for the
    quarter chosen; the four quarters of the year beside each."""
    if year < quarter_services.QUARTER_FIRST_YEAR:
        raise Refused(
            f"Xếp loại hằng quý áp dụng từ năm {quarter_services.QUARTER_FIRST_YEAR} "
            f"({rules.scheme_for(quarter_services.QUARTER_FIRST_YEAR).regulation}); năm {year} không có."
        )
    try:
        scheme = review_services.check_year(year)
    except ApplicationError as error:
        raise Refused(error.message) from None
    user = user_of(request)
    cell = _for_change(request, code)
    if cell.kind not in CELL_KINDS:
        raise Refused("Xếp loại hằng quý được ghi ở từng chi bộ: hãy chọn một chi bộ.")
    source = request.POST if request.method == "POST" else request.GET
    quarter = _quarter(source.get("quy", ""), year)
    day = min(quarter_services.quarter_end(year, quarter), today())
    with visible_only():  # the members by name: 403 for a viewer
        members = quarter_selectors.cell_members_on(user, cell, day)
        recorded, own = quarter_selectors.cell_quarters(user, cell, year)
    initial: dict[str, Any] = {}
    for member in members:
        row = recorded.get(member.pk, {}).get(quarter)
        if row is not None:
            initial[f"rank_{member.pk}"] = str(row.rank)
            initial[f"note_{member.pk}"] = row.note
            initial[f"score_{member.pk}"] = row.score
    if quarter in own:
        initial["cell_rank"] = str(own[quarter].rank)
        initial["cell_note"] = own[quarter].note
        initial["cell_score"] = own[quarter].score
    form = QuarterForm(posted(request), members=members, scheme=scheme, initial=initial)
    here = reverse("review_quarters", args=[year, cell.code]) + f"?quy={quarter}"

    def run(d: dict[str, Any]) -> tuple[str, str]:
        saved = quarter_services.cell_quarter_record(
            actor=user,
            cell=cell,
            year=year,
            quarter=quarter,
            entries=d["entries"],
            cell_rank=d.get("cell_rank") or None,
            cell_note=d.get("cell_note") or "",
            cell_score=d.get("cell_score"),
        )
        return f"Đã ghi xếp loại quý {quarter} năm {year}: {len(saved)} dòng.", here

    response = submit(request, form, run)
    if response is not None:
        return response
    context = _page_context(request, cell, year)
    context["year_links"] = [
        (y, reverse("review_quarters", args=[y, cell.code]))
        for y in context["years"]
        if y >= quarter_services.QUARTER_FIRST_YEAR
    ]
    can_write = org_selectors.can_write_organization(user, cell) and context["cycle"] is None
    begun = [q for q in QUARTERS if date(year, 3 * q - 2, 1) <= today()]
    return render(
        request,
        "web/reviews/quarters.html",
        {
            **context,
            "quarter": quarter,
            "quarters": begun,
            "form": form,
            "can_write": can_write,
            "lines": [
                {
                    "member": member,
                    "field": field,
                    "note": note,
                    "score": score,
                    "quarters": _levels(scheme, recorded.get(member.pk, {}), collective=False),
                }
                for member, field, note, score in form.member_rows()
            ],
            "own": _levels(scheme, own, collective=True),
            "rule_text": review_services.quarter_rules().describe(),
        },
    )
