"""Member pages: the list, a member's record, and the lifecycle decisions (one service call each)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from dangbo.accounts.requests import user_of
from dangbo.accounts.scope import READ_ONLY, require_personal_data
from dangbo.core.dates import OPEN_END, today
from dangbo.core.text import format_date, phrase_key
from dangbo.members import authority
from dangbo.members import selectors as member_selectors
from dangbo.members import services as member_services
from dangbo.members.models import (
    DisciplineForm,
    Member,
    MemberEvent,
    Sex,
    SourceGroup,
    Status,
    TransferType,
)
from dangbo.organizations import names as org_names
from dangbo.organizations import selectors as org_selectors
from dangbo.organizations.models import Organization
from dangbo.organizations.pickers import grassroots_filter, org_options
from dangbo.reorganizations import selectors as reorg_selectors
from dangbo.ui.listing import MEMBER_COLUMNS, Column, Sorting, paginate_sorted
from dangbo.ui.views import posted, submit, submit_confirmed, visible_only, writable_only
from dangbo.web.audit import selectors as audit_selectors
from dangbo.web.audit.views import record_audit
from dangbo.web.forms.members import (
    ACTS,
    PROFILE_NAMES,
    SLUG_OF_KIND,
    ActForm,
    AdmitForm,
    CorrectionForm,
    ProfileEditForm,
    ProfileForm,
    ReceiveForm,
    TransferForm,
)

if TYPE_CHECKING:
    from dangbo.accounts.models import User

EventKind = MemberEvent.Kind


@login_required
@require_safe
def member_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    q = request.GET.get("q", "").strip()
    status = request.GET.get("tinh-trang", "")
    if status not in member_selectors.STATUS_FILTERS:
        status = ""
    sex = request.GET.get("gioi-tinh", "")
    if sex not in Sex.values:
        sex = ""
    exempted = request.GET.get("mien", "")
    if exempted not in member_selectors.EXEMPTED_FILTERS:
        exempted = ""
    code = request.GET.get("org", "").strip()
    organization: Organization | None = None
    with visible_only():  # personal data: 404 outside the scope, 403 to a viewer
        if code:
            organization = org_selectors.organization_by_code(user, code, personal=True)
        members = member_selectors.search_members(
            user,
            query=q,
            organization=organization,
            statuses=member_selectors.STATUS_FILTERS[status][1],
            sex=sex,
            exempted=member_selectors.EXEMPTED_FILTERS[exempted][1],
        )
    sorting = Sorting(request, MEMBER_COLUMNS, "ten")
    page = paginate_sorted(request, members, sorting)
    org_names.label(m.organization for m in page.object_list)
    options = org_options(request, organization, personal=True)
    return render(
        request,
        "web/member_list.html",
        {
            "page": page,
            "sorting": sorting,
            "q": q,
            "status": status,
            "sex": sex,
            "exempted": exempted,
            "organization": organization,
            "code": organization.code if organization else "",
            "status_filters": [(k, v[0]) for k, v in member_selectors.STATUS_FILTERS.items()],
            "sex_filters": Sex.choices,
            "exempted_filters": [(k, v[0]) for k, v in member_selectors.EXEMPTED_FILTERS.items()],
            "org_options": options,
            "can_write": org_selectors.can_write_anywhere(user),
        },
    )


@login_required
@require_safe
def member_lookup(request: HttpRequest) -> HttpResponse:
    """A short list of official members for the sponsor search of the admission form (htmx)."""
    user = user_of(request)
    q = request.GET.get("q", "").strip()
    found: list[Member] = []
    with visible_only():
        members = member_selectors.search_members(user, query=q, statuses=(Status.OFFICIAL,))
    if len(q) >= 2:
        found = list(members[:10])
        org_names.label(m.organization for m in found)
    return render(request, "web/_member_lookup.html", {"found": found, "q": q})


def _iso_to_vn(value: str) -> str:
    try:
        return format_date(date.fromisoformat(value))
    except (TypeError, ValueError):
        return str(value)


def _event_lines(event: MemberEvent, names: dict[int, str]) -> list[str]:
    """The details of a history entry, in words."""
    d = event.details or {}
    lines: list[str] = []
    if event.kind == EventKind.TRANSFER:
        transfer_type = d.get("transfer_type")
        if transfer_type in TransferType.values:
            lines.append(TransferType(transfer_type).label)
    if event.kind == EventKind.TRANSFER_IN:
        if d.get("status") in Status.values:
            lines.append(f"Tình trạng khi tiếp nhận: {Status(d['status']).label.lower()}")
        if d.get("origin"):
            lines.append(f"Chuyển đến từ: {d['origin']}")
    if event.kind == EventKind.ADMISSION:
        if d.get("source_group") in SourceGroup.values:
            lines.append(f"Nguồn kết nạp: {SourceGroup(d['source_group']).label}")
        sponsors = d.get("sponsors") or []
        if sponsors:
            lines.append("Người giới thiệu: " + ", ".join(names.get(i, f"#{i}") for i in sponsors))
        if d.get("ceremony_on"):
            lines.append(f"Lễ kết nạp: {_iso_to_vn(d['ceremony_on'])}")
    if event.kind == EventKind.DISCIPLINE and d.get("form") in DisciplineForm.values:
        lines.append(f"Hình thức: {DisciplineForm(d['form']).label}")
    if d.get("reason"):
        lines.append(f"Lý do: {d['reason']}")
    if event.organization_event is not None:
        org_event = event.organization_event
        lines.append(
            f"Theo quyết định {org_event.get_action_display().lower()} {org_names.display_name(org_event.organization)}"
        )
    if event.note:
        lines.append(event.note)
    return lines


@login_required
@require_safe
def member_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    user = user_of(request)
    with visible_only():
        member = member_selectors.member_detail(user, member_id)
    history = list(member_selectors.member_history(member))
    sponsor_ids = [i for e in history for i in (e.details or {}).get("sponsors", []) if isinstance(i, int)]
    names = member_selectors.member_names(user, sponsor_ids)
    can_write = member_selectors.can_write_member(user, member)
    actions = []
    if can_write:
        possible = member_selectors.allowed_actions(member, today=today())
        for kind in member_selectors.decidable_actions(user, member, possible, today=today()):
            if kind == EventKind.TRANSFER:
                actions.append(("Chuyển sinh hoạt", reverse("member_transfer", args=[member.pk]), False))
            else:
                slug = SLUG_OF_KIND[kind]
                actions.append(
                    (ACTS[slug][1], reverse("member_act", args=[member.pk, slug]), kind in DESTRUCTIVE_KINDS)
                )
    correctable = member_selectors.correctable_events(user, history) if can_write else set()
    decision_urls = _decision_urls(user, history) if can_write else {}
    state = member_selectors.member_state(member)
    periods = list(member_selectors.member_periods(member))
    org_names.label(
        [
            member.organization,
            member.temporary_organization,
            *(o for e in history for o in (e.from_organization, e.to_organization)),
            *(p.organization for p in periods),
        ]
    )
    return render(
        request,
        "web/member_detail.html",
        {
            "member": member,
            "history": [
                (e, _event_lines(e, names), e.pk in correctable, decision_urls.get(e.pk, "")) for e in history
            ],
            "periods": periods,
            "open_end": OPEN_END,
            "can_write": can_write,
            "actions": actions,
            "temporary_elsewhere": state.temporary,
            "profile": [(ProfileForm.base_fields[n].label, _display(member, n)) for n in PROFILE_NAMES],
            "full_cccd": can_write,  # the whole CCCD only for those who keep the record; masked otherwise
            **record_audit(
                request,
                audit_selectors.member_audit_entries(user, member),
                loai="members.member",
                ma=member.pk,
            ),
        },
    )


def _decision_urls(user: User, history: list[MemberEvent]) -> dict[int, str]:
    """An event a reorganization wrote is corrected with its decision: the link to that decision's
    page, where the user may correct it."""
    written = [e for e in history if e.organization_event_id is not None and not hasattr(e, "correction")]
    principals = reorg_selectors.correctable_principals(user, {e.organization_event_id for e in written})
    return {
        e.pk: reverse(
            "organization_decision_correct",
            args=[
                principals[e.organization_event_id].organization.code,
                principals[e.organization_event_id].pk,
            ],
        )
        for e in written
        if e.organization_event_id in principals
    }


def _display(member: Member, name: str) -> Any:
    if name == "cccd":
        return member.cccd or ""
    display = getattr(member, f"get_{name}_display", None)
    if display is not None:
        return display()
    return getattr(member, name)


@login_required
@require_safe
def conversions_due(request: HttpRequest) -> HttpResponse:
    """The probationary members due for conversion, by grassroots organization, sorted, in pages;
    recording a conversion from here comes back here with the same filters (?tiep=)."""
    user = user_of(request)
    day = today()
    with visible_only():  # a list of names: refused to a viewer
        require_personal_data(user)
    grassroots = grassroots_filter(request, user, day, personal=True)
    with visible_only():
        due = member_selectors.conversions_due(user, today=day, under=grassroots.organization)
    org_names.label(d.member.organization for d in due)
    sorting = Sorting(request, DUE_COLUMNS, "het-du-bi")
    page = paginate_sorted(request, due, sorting)
    back = request.get_full_path()
    # the button only for a user whose level decides the conversion (a cell secretary proposes)
    may_convert: dict[int, bool] = {}

    def can_convert(member: Member) -> bool:
        if member.organization_id not in may_convert:
            may_convert[member.organization_id] = member_selectors.can_write_member(user, member) and bool(
                member_selectors.decidable_actions(user, member, [EventKind.OFFICIAL], today=day)
            )
        return may_convert[member.organization_id]

    return render(
        request,
        "web/conversions_due.html",
        {
            "page": page,
            "rows": [(d, can_convert(d.member)) for d in page.object_list],
            "day": day,
            "sorting": sorting,
            "grassroots": grassroots,
            "back": back,
        },
    )


DUE_COLUMNS = (
    Column("ten", "Họ và tên", lambda d: d.member.sort_key),
    Column("chi-bo", "Chi bộ", lambda d: phrase_key(org_names.display_name(d.member.organization))),
    Column("vao-dang", "Ngày vào Đảng", lambda d: (d.member.admitted_on, d.member.sort_key)),
    Column("het-du-bi", "Hết dự bị", lambda d: (d.due_on, d.member.sort_key)),
    Column("han-xet", "Hạn xét", lambda d: (d.deadline, d.member.sort_key)),
)


def _detail_url(member: Member) -> str:
    return reverse("member_detail", args=[member.pk])


def _require_writer(request: HttpRequest) -> None:
    if not org_selectors.can_write_anywhere(user_of(request)):
        raise Forbidden(READ_ONLY)


def _initial_cell(request: HttpRequest, cells: list[Any]) -> dict[str, str]:
    code = request.GET.get("chi-bo", "").strip().upper()
    for version, _ in cells:
        if version.organization.code == code:
            return {"cell": str(version.organization_id)}
    return {}


@login_required
def member_admit(request: HttpRequest) -> HttpResponse:
    """Kết nạp đảng viên."""
    _require_writer(request)
    user = user_of(request)
    if not member_selectors.may_record_admissions(user, today()):
        raise Forbidden(authority.refusal(EventKind.ADMISSION, authority.ADMITTING_LEVEL, ""))
    cells = org_selectors.cell_options(user, today())
    form = AdmitForm(posted(request), user=user, cells=cells, initial=_initial_cell(request, cells))

    def run(d: dict[str, Any]) -> tuple[str, str]:
        member = member_services.member_admit(
            actor=user,
            profile=form.profile(),
            cell=d["cell"],
            effective_on=d["effective_on"],
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
            issued_by=d["issued_by"],
            ceremony_on=d["ceremony_on"],
            sponsors=d["sponsors"],
            source_group=d["source_group"],
            over_age_approved=d["over_age_approved"],
        )
        return (
            f"Đã kết nạp đồng chí {member.full_name} vào {org_names.display_name(member.organization)}.",
            _detail_url(member),
        )

    return submit(request, form, run, {"to_organization": "cell"}) or render(
        request, "web/member_form.html", {"form": form, "title": "Kết nạp đảng viên", "sponsor_lookup": True}
    )


@login_required
def member_receive(request: HttpRequest) -> HttpResponse:
    """Tiếp nhận đảng viên từ nơi khác chuyển đến."""
    _require_writer(request)
    user = user_of(request)
    cells = org_selectors.cell_options(user, today())
    form = ReceiveForm(posted(request), cells=cells, initial=_initial_cell(request, cells))

    def run(d: dict[str, Any]) -> tuple[str, str]:
        member = member_services.member_receive(
            actor=user,
            profile=form.profile(),
            cell=d["cell"],
            status=d["status"],
            admitted_on=d["admitted_on"],
            official_on=d["official_on"],
            effective_on=d["effective_on"],
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
            issued_by=d["issued_by"],
            origin=d["origin"],
        )
        return (
            f"Đã tiếp nhận đồng chí {member.full_name} vào {org_names.display_name(member.organization)}.",
            _detail_url(member),
        )

    return submit(request, form, run, {"to_organization": "cell"}) or render(
        request, "web/member_form.html", {"form": form, "title": "Tiếp nhận đảng viên chuyển đến"}
    )


@login_required
def member_transfer(request: HttpRequest, member_id: int) -> HttpResponse:
    """Chuyển sinh hoạt đảng: chính thức, tạm thời hoặc nội bộ."""
    user = user_of(request)
    with writable_only():
        member = member_selectors.member_for_update(user, member_id)
    cells = [
        (v, p)
        for v, p in org_selectors.cell_options(user, today())
        if v.organization_id != member.organization_id
    ]
    form = TransferForm(posted(request), cells=cells, initial={"version": member.version})

    def run(d: dict[str, Any]) -> tuple[str, str]:
        member_services.member_transfer(
            actor=user,
            member=member,
            to_organization=d["to_organization"],
            transfer_type=d["transfer_type"],
            effective_on=d["effective_on"],
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
            issued_by=d["issued_by"],
            destination=d["destination"],
            note=d["note"],
            expected_version=d["version"],
        )
        where = org_names.display_name(d["to_organization"]) if d["to_organization"] else d["destination"]
        return f"Đã chuyển sinh hoạt đảng của đồng chí {member.full_name} đến {where}.", _detail_url(member)

    return submit(request, form, run) or render(
        request, "web/member_form.html", {"form": form, "member": member, "title": "Chuyển sinh hoạt đảng"}
    )


# The decisions that take a member off the books or punish: their buttons look dangerous.
DESTRUCTIVE_KINDS = {EventKind.DISCIPLINE, EventKind.REMOVAL, EventKind.DEATH, EventKind.LEAVING}


@login_required
def member_act(request: HttpRequest, member_id: int, action: str) -> HttpResponse:
    """One form for the decisions with no destination: official, return, exemption, discipline, removal…"""
    if action not in ACTS:
        raise Http404("Không có việc này.")
    kind, title, done = ACTS[action]
    user = user_of(request)
    with writable_only():
        member = member_selectors.member_for_update(user, member_id)
    initial: dict[str, Any] = {"version": member.version}
    if kind == EventKind.OFFICIAL:
        initial["effective_on"] = member_services.official_earliest_on(member)
    forms = member_selectors.decidable_discipline_forms(user, member, today=today())
    if not member_selectors.decidable_actions(user, member, [kind], today=today()):
        decider = member_selectors.event_decider(kind, member.organization, today())
        raise Forbidden(decider.refusal())
    form = ActForm(posted(request), kind=kind, initial=initial, discipline_forms=forms)

    def run(d: dict[str, Any]) -> tuple[str, str]:
        member_services.member_act(
            actor=user,
            member=member,
            kind=kind,
            effective_on=d["effective_on"],
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
            issued_by=d["issued_by"],
            note=d["note"],
            form=d.get("form", ""),
            reason=d.get("reason", ""),
            expected_version=d["version"],
        )
        return f"{done}: đồng chí {member.full_name}.", back or _detail_url(member)

    back = _back_to_due(request) if kind == EventKind.OFFICIAL else ""
    if kind in CLOSING:
        return submit_confirmed(
            request, form, run, lambda d: _closing_consequence(member, kind, d), title=title
        ) or render(
            request,
            "web/member_form.html",
            {"form": form, "member": member, "title": title, "kind": kind, "danger": True},
        )
    return submit(request, form, run) or render(
        request,
        "web/member_form.html",
        {
            "form": form,
            "member": member,
            "title": title,
            "kind": kind,
            "danger": kind in DESTRUCTIVE_KINDS,
            "back": back,
        },
    )


def _back_to_due(request: HttpRequest) -> str:
    """?tiep=: the conversions list the conversion was started from, with its filters, sort and
    page; anything else (another page, another site) is ignored."""
    raw = request.GET.get("tiep", "")
    due = reverse("conversions_due")
    if len(raw) > 1000 or not raw.isprintable() or not (raw == due or raw.startswith(due + "?")):
        return ""
    if not url_has_allowed_host_and_scheme(raw, allowed_hosts=None):
        return ""
    return raw


# The decisions confirmed on a page naming their consequence before they are recorded.
CLOSING = (EventKind.REMOVAL, EventKind.LEAVING, EventKind.DEATH, EventKind.DISCIPLINE)


def _closing_consequence(member: Member, kind: str, d: dict[str, Any]) -> str:
    day = format_date(d["effective_on"])
    name = f"đồng chí {member.full_name} ({org_names.display_name(member.organization)})"
    if kind == EventKind.REMOVAL:
        return (
            f"Xóa tên {name} khỏi danh sách đảng viên từ ngày {day}: đồng chí không còn trong danh sách "
            "của chi bộ và không còn được tính trong số đảng viên từ ngày đó."
        )
    if kind == EventKind.LEAVING:
        return (
            f"Ghi {name} ra khỏi Đảng từ ngày {day}: hồ sơ khép lại, đồng chí không còn được tính "
            "trong số đảng viên từ ngày đó."
        )
    if kind == EventKind.DEATH:
        return (
            f"Ghi {name} từ trần ngày {day}: hồ sơ khép lại, đồng chí không còn trong danh sách từ ngày đó."
        )
    form = DisciplineForm(d["form"]).label.lower() if d.get("form") in DisciplineForm.values else ""
    if d.get("form") == DisciplineForm.EXPULSION:
        return (
            f"Kỷ luật khai trừ {name} từ ngày {day}: đồng chí không còn là đảng viên, hồ sơ khép lại "
            "và không còn được tính trong số đảng viên từ ngày đó."
        )
    return (
        f"Ghi quyết định kỷ luật {form} đối với {name}, hiệu lực từ ngày {day}: quyết định được ghi vào "
        "quá trình sinh hoạt và được tính khi đánh giá, xếp loại năm."
    )


@login_required
def member_update_profile(request: HttpRequest, member_id: int) -> HttpResponse:
    user = user_of(request)
    with writable_only():
        member = member_selectors.member_for_update(user, member_id)
    initial = {name: getattr(member, name) for name in PROFILE_NAMES}
    initial["cccd"] = member.cccd or ""
    initial["party_card_number"] = member.party_card_number or ""
    initial["version"] = member.version
    form = ProfileEditForm(posted(request), initial=initial)

    def run(d: dict[str, Any]) -> tuple[str, str]:
        updated = member_services.member_update_profile(
            actor=user, member=member, changes=form.profile(), expected_version=d["version"]
        )
        return f"Đã cập nhật hồ sơ đồng chí {updated.full_name}.", _detail_url(updated)

    return submit(request, form, run) or render(
        request, "web/member_form.html", {"form": form, "member": member, "title": "Sửa hồ sơ đảng viên"}
    )


@login_required
def member_event_correct(request: HttpRequest, member_id: int, event_id: int) -> HttpResponse:
    """Đính chính: withdraw a mistaken event, or correct it, with the reason and the approval."""
    user = user_of(request)
    with writable_only():
        member = member_selectors.member_for_update(user, member_id)
    event = member_selectors.event_of(member, event_id)
    if event.pk not in member_selectors.correctable_events(user, [event]):
        raise Forbidden(
            "Sự kiện này không đính chính được ở đây: đã được đính chính, là hệ quả của một quyết định sắp xếp "
            "tổ chức, hoặc thuộc thẩm quyền của cấp khác."
        )
    cells = org_selectors.cell_options(user, today()) if event.to_organization_id else []
    initial = {
        "action": "correct",
        "effective_on": event.effective_on,
        "decision_number": event.decision_number,
        "decision_date": event.decision_date,
        "issued_by": event.issued_by,
        "note": event.note,
        "to_organization": str(event.to_organization_id or ""),
        "form": (event.details or {}).get("form", ""),
    }
    form = CorrectionForm(posted(request), event=event, cells=cells, initial=initial)

    def run(d: dict[str, Any]) -> tuple[str, str]:
        approval = {
            "reason": d["reason"],
            "approval_number": d["approval_number"],
            "approval_date": d["approval_date"],
        }
        what = f"“{event.get_kind_display()}” ngày {event.effective_on:%d/%m/%Y}"
        if d["action"] == "withdraw":
            member_services.member_event_withdraw(actor=user, event=event, **approval)
            return f"Đã hủy {what} của đồng chí {member.full_name}.", _detail_url(member)
        member_services.member_event_correct(
            actor=user,
            event=event,
            effective_on=d["effective_on"],
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
            issued_by=d["issued_by"],
            to_organization=d.get("to_organization"),
            discipline_form=d.get("form", ""),
            note=d["note"],
            **approval,
        )
        return f"Đã sửa {what} của đồng chí {member.full_name}.", _detail_url(member)

    return submit(request, form, run) or render(
        request,
        "web/member_form.html",
        {
            "form": form,
            "member": member,
            "title": f"Đính chính: {event.get_kind_display()} ngày {format_date(event.effective_on)}",
        },
    )
