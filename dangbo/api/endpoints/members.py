"""/api/members: search (CCCD masked), a member's file and history, and a change of the file through
the same service as the web form (scoped, audited, with the optimistic version)."""

# ruff: noqa: B008 — ninja declares parameters with Query(...) defaults

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path, Query, Router

from dangbo.accounts.exports import export_record
from dangbo.api.endpoints.common import CHANGE_ERRORS, ERRORS, found_only, user_of, visible_only
from dangbo.api.schemas import (
    Code,
    Id,
    MemberEventOut,
    MemberOut,
    MemberPage,
    MemberProfileIn,
    MemberRatingIn,
    MemberRatingOut,
    QueryBool,
    StatusFilter,
    Text,
    Year,
)
from dangbo.core.exceptions import ApplicationError
from dangbo.evaluations import services as review_services
from dangbo.members import selectors
from dangbo.members import services as member_services
from dangbo.members.models import ON_BOOKS, Member, Sex
from dangbo.organizations.models import Organization
from dangbo.organizations.selectors import organization_by_code

router = Router(tags=["Đảng viên"])

MAX_PAGE_SIZE = 200


def mask_cccd(value: str | None) -> str:
    """Only the last four digits of a citizen ID: ********1234 (as the web list shows it)."""
    if not value:
        return ""
    return "*" * max(len(value) - 4, 0) + value[-4:]


def _ref(organization: Organization | None) -> dict[str, str] | None:
    return None if organization is None else {"code": organization.code, "name": organization.name}


def _statuses(value: str) -> tuple[str, ...]:
    if value == "on_books":
        return tuple(ON_BOOKS)
    if value == "all":
        return ()
    return (value,)


@router.get("/members", response={200: MemberPage, **ERRORS}, summary="Tìm đảng viên")
def member_search(
    request: HttpRequest,
    q: Text(100, "Từ khóa tìm kiếm") = Query(  # type: ignore[valid-type]
        "", description="name (accents and case ignored), CCCD or card number"
    ),
    org: Code | None = Query(None, description="only the subtree of this organization"),
    status: StatusFilter = Query("on_books", description="on_books: probationary and official"),
    sex: Sex | None = Query(None),
    exempted: QueryBool | None = Query(None, description="exempted from activity (miễn sinh hoạt)"),
    page: int = Query(1, ge=1, le=100_000),
    page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE),
) -> dict[str, Any]:
    """Members in the user's scope, sorted the Vietnamese way (given name, then middle, then surname)."""
    user = user_of(request)
    organization = None
    if org:
        with visible_only():
            organization = organization_by_code(user, org)
    members = selectors.search_members(
        user,
        query=q,
        organization=organization,
        statuses=_statuses(status),
        sex=sex or "",
        exempted=exempted,
    )
    count = members.count()
    start = (page - 1) * page_size
    items = list(members[start : start + page_size]) if start < count else []
    filters = {"q": q, "org": org, "status": status, "sex": sex, "exempted": exempted}
    export_record(  # a page of names and birth dates: a read of personal data, as the web's exports
        actor=user,
        action="api.members",
        label=f"Danh sách đảng viên qua API{' — ' + organization.name if organization else ''}",
        organization=organization,
        details={
            "count": count,
            "page": page,
            "page_size": page_size,
            "returned": len(items),
            "ids": [m.pk for m in items],
            **{k: v for k, v in filters.items() if v not in ("", None)},
        },
    )
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "pages": (count + page_size - 1) // page_size,
        "items": [
            {
                "id": m.pk,
                "full_name": m.full_name,
                "sex": m.sex,
                "birth_date": m.birth_date,
                "status": m.status,
                "status_label": m.get_status_display(),
                "exempted": m.exempted,
                "organization": _ref(m.organization),
                "admitted_on": m.admitted_on,
                "official_on": m.official_on,
                "cccd": mask_cccd(m.cccd),
            }
            for m in items
        ],
    }


def _member_out(user: Any, member: Member) -> dict[str, Any]:
    can_write = selectors.can_write_member(user, member)
    data: dict[str, Any] = {name: getattr(member, name) for name in member_services.PROFILE_FIELDS}
    data["party_card_number"] = member.party_card_number or ""
    # As on the web: the file shows the CCCD masked; the whole number only to those who may change
    # the file (the edit form shows it to them).
    data["cccd"] = (member.cccd or "") if can_write else mask_cccd(member.cccd)
    data["cccd_masked"] = not can_write and bool(member.cccd)
    return {
        **data,
        "id": member.pk,
        "version": member.version,
        "status": member.status,
        "status_label": member.get_status_display(),
        "exempted": member.exempted,
        "organization": _ref(member.organization),
        "temporary_organization": _ref(member.temporary_organization),
        "admitted_on": member.admitted_on,
        "official_on": member.official_on,
        "ended_on": member.ended_on,
        "can_write": can_write,
    }


@router.get("/members/{member_id}", response={200: MemberOut, **ERRORS}, summary="Hồ sơ một đảng viên")
def member_detail(request: HttpRequest, member_id: Id) -> dict[str, Any]:
    user = user_of(request)
    with visible_only():
        member = selectors.member_detail(user, member_id)
    data = _member_out(user, member)
    _audit_member_read(
        user, member, "api.member", {"cccd_full": not data["cccd_masked"] and bool(member.cccd)}
    )
    return data


def _audit_member_read(user: Any, member: Member, action: str, details: dict[str, Any]) -> None:
    """One member's file or history read through the API: an entry on the member's record."""
    export_record(
        actor=user,
        action=action,
        label=member.full_name,
        organization=member.organization,
        target=member,
        details={"member": member.pk, **details},
    )


@router.get(
    "/members/{member_id}/events",
    response={200: list[MemberEventOut], **ERRORS},
    summary="Quá trình sinh hoạt của một đảng viên",
)
def member_events(request: HttpRequest, member_id: Id) -> list[dict[str, Any]]:
    """The member's dated decisions, oldest first (never updated or deleted)."""
    user = user_of(request)
    with visible_only():
        member = selectors.member_detail(user, member_id)
    events = list(selectors.member_history(member))
    _audit_member_read(user, member, "api.member_events", {"count": len(events)})
    return [
        {
            "id": e.pk,
            "kind": e.kind,
            "kind_label": e.get_kind_display(),
            "effective_on": e.effective_on,
            "decision_number": e.decision_number,
            "decision_date": e.decision_date,
            "issued_by": e.issued_by,
            "from_organization": _ref(e.from_organization),
            "to_organization": _ref(e.to_organization),
            "details": e.details or {},
            "note": e.note,
            "recorded_at": e.recorded_at.isoformat(),
        }
        for e in events
    ]


@router.patch(
    "/members/{member_id}",
    response={200: MemberOut, **CHANGE_ERRORS},
    summary="Sửa hồ sơ đảng viên",
)
def member_update_profile(request: HttpRequest, member_id: Id, payload: MemberProfileIn) -> dict[str, Any]:
    """Change the personal fields sent (the others stay). `version` must be the one read: if the file
    changed meanwhile the change is refused (409). Written by the same service as the web form, in one
    transaction with its audit entry."""
    user = user_of(request)
    with found_only():
        member = selectors.member_for_update(user, member_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    if not changes:
        raise ApplicationError("Không có trường nào để sửa: gửi kèm ít nhất một trường của hồ sơ.")
    for name in ("political_theory", "force"):  # "no value" is the empty choice, never null
        if name in changes and changes[name] is None:
            changes[name] = ""
    updated = member_services.member_update_profile(
        actor=user, member=member, changes=changes, expected_version=version
    )
    return _member_out(user, updated)


@router.post(
    "/members/{member_id}/ratings/{year}",
    response={200: MemberRatingOut, **CHANGE_ERRORS},
    summary="Ghi một bước đánh giá, xếp loại đảng viên",
)
def member_rating_record(
    request: HttpRequest, member_id: Id, year: Annotated[Year, Path()], payload: MemberRatingIn
) -> dict[str, Any]:
    """Record the member's self-assessment, the cell's proposal or the decision for `year`, through the
    same service as the review pages: the rules of the year's scheme apply (a decision that breaks one
    needs `override_reason`), a locked year is refused, the change is audited."""
    user = user_of(request)
    with found_only():
        member = selectors.member_for_update(user, member_id)
    rating = review_services.member_rating_record(
        actor=user,
        member=member,
        year=year,
        stage=payload.stage,
        rank=payload.rank,
        decision_number=payload.decision_number,
        decision_date=payload.decision_date,
        override_reason=payload.override_reason,
        score_general=_points(payload.score_general),
        score_results=_points(payload.score_results),
    )
    levels = review_services.scheme(year).member_levels
    general, results = rating.decided_score_general, rating.decided_score_results
    return {
        "member_id": member.pk,
        "year": rating.year,
        "self_rank": rating.self_rank,
        "proposed_rank": rating.proposed_rank,
        "rank": rating.rank,
        "rank_label": str(levels[rating.rank - 1].label) if rating.rank else "",
        "not_rated_reason": rating.not_rated_reason,
        "decision_number": rating.decision_number,
        "decision_date": rating.decision_date,
        "override_reason": rating.override_reason,
        "flags": rating.flags or [],
        "decided_score": [float(general), float(results)]
        if general is not None and results is not None
        else None,
    }


def _points(value: float | None) -> Decimal | None:
    """A score's part from JSON, kept to two decimals (the record's)."""
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))
