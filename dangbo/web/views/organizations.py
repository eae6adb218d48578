"""The organization tree, an organization's page, and the reorganization decisions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from dangbo.accounts.requests import user_of
from dangbo.accounts.scope import READ_ONLY, path_in_scope
from dangbo.core.dates import today
from dangbo.core.text import format_date, format_number
from dangbo.members import selectors as member_selectors
from dangbo.members.tree_counts import tree as counted_tree
from dangbo.organizations import names as org_names
from dangbo.organizations import selectors as org_selectors
from dangbo.organizations import services as org_services
from dangbo.organizations.models import (
    ALLOWED_CHILDREN,
    CELL_KINDS,
    COMMITTEE_KINDS,
    Kind,
    Organization,
    OrganizationEvent,
    OrganizationEventCorrection,
    Sector,
)
from dangbo.organizations.services import Decision
from dangbo.reorganizations import corrections
from dangbo.reorganizations import selectors as reorg_selectors
from dangbo.reorganizations import services as reorg_services
from dangbo.reorganizations.corrections import decision_label
from dangbo.reorganizations.services import SplitPart
from dangbo.ui.forms import VnForm
from dangbo.ui.listing import MEMBER_COLUMNS, Sorting, paginate_sorted
from dangbo.ui.views import as_of, posted, submit, submit_confirmed, visible_only, writable_only
from dangbo.web.audit import selectors as audit_selectors
from dangbo.web.audit.views import record_audit
from dangbo.web.forms.organizations import (
    DecisionCorrectionForm,
    DissolveForm,
    EstablishForm,
    MergeForm,
    MoveForm,
    RenameForm,
    SplitForm,
)
from dangbo.web.tree import flatten

ROOT_KINDS = (
    Kind.PROVINCE,
    Kind.DISTRICT,
    Kind.COMMUNE,
    Kind.SUPERIOR,
    Kind.GRASSROOTS_COMMITTEE,
    Kind.GRASSROOTS_CELL,
)

Action = OrganizationEvent.Action

# a select box lists at most this many organizations: in a city or the nation, the top levels
CHOICES_LIMIT = 4000


@login_required
@require_safe
def org_tree(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    day, date_error = as_of(request)
    trees = []
    for organization in org_selectors.scope_roots(user):
        root = counted_tree(user, organization, day)
        trees.append(
            {
                "organization": organization,
                "rows": flatten(root) if root else [],
                "personal": path_in_scope(user, organization.path, personal=True),  # the register's link
            }
        )
    return render(
        request,
        "web/org_tree.html",
        {"trees": trees, "day": day, "date_error": date_error, "ngay": request.GET.get("ngay", "")},
    )


def _named_events(events: Any) -> list[Any]:
    """The decisions, with the organizations a merge or a split names (stored as codes) by their
    names: e.merged_names, e.into_names."""
    events = list(events)
    codes = {code for e in events for key in ("merged", "into") for code in (e.details or {}).get(key) or []}
    found = list(Organization.objects.filter(code__in=codes)) if codes else []
    shown = org_names.display_names(found)
    by_code = {org.code: shown[org.pk] for org in found}
    for e in events:
        details = e.details or {}
        e.merged_names = [by_code.get(code, code) for code in details.get("merged") or []]
        e.into_names = [by_code.get(code, code) for code in details.get("into") or []]
    return events


@login_required
@require_safe
def org_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = user_of(request)
    day, date_error = as_of(request)
    with visible_only():
        organization = org_selectors.organization_by_code(user, code)
    last_day_shown = False
    if organization.ended_on is not None and not request.GET.get("ngay") and day >= organization.ended_on:
        day = organization.ended_on - timedelta(
            days=1
        )  # an ended organization: its last day, not an empty page
        last_day_shown = True
    version = org_selectors.version_of(organization, day)
    root = counted_tree(user, organization, day)
    # the members by name only where the user sees personal data; a viewer gets their number
    members_shown = path_in_scope(user, organization.path, personal=True)
    members_page, member_rows, sorting = None, [], None
    if members_shown:
        sorting = Sorting(request, MEMBER_COLUMNS[:3], "ten")
        dense = root is not None and member_selectors.dense_subtree(root.total)
        members = member_selectors.members_on(user, organization, day, dense=dense)
        members_page = paginate_sorted(request, members, sorting)
        periods = member_selectors.periods_on([m.pk for m in members_page.object_list], day)
        org_names.label((p.organization for p in periods.values()), day)
        member_rows = [(m, periods.get(m.pk)) for m in members_page.object_list]
    can_write = org_selectors.can_write_organization(user, organization) and organization.is_active
    can_reorganize = org_selectors.can_reorganize(user, organization) and organization.is_active
    events = list(org_selectors.organization_events(user, organization, withdrawn=True))
    # the link to correct a decision: on its principal row, and on its parts recorded here
    principals = {e.part_of_id or e.pk: e.part_of or e for e in events}
    correctable = reorg_selectors.correctable_decisions(user, principals.values())
    correct_urls = {
        e.pk: reverse(
            "organization_decision_correct",
            args=[principals[e.part_of_id or e.pk].organization.code, e.part_of_id or e.pk],
        )
        for e in events
        if (e.part_of_id or e.pk) in correctable
    }
    return render(
        request,
        "web/org_detail.html",
        {
            "organization": organization,
            "version": version,
            "day": day,
            "date_error": date_error,
            "ngay": request.GET.get("ngay", ""),
            "root": root,
            "rows": flatten(root, open_depth=1) if root and root.children else [],
            "versions": org_selectors.organization_versions(user, organization, out_of_force=True),
            "events": [(e, correct_urls.get(e.pk, "")) for e in _named_events(events)],
            "members_shown": members_shown,
            "members_page": members_page,
            "sorting": sorting,
            "member_rows": member_rows,
            "can_write": can_write,
            "can_reorganize": can_reorganize,
            "can_establish": can_write and bool(ALLOWED_CHILDREN.get(organization.kind)),
            "is_cell": organization.kind in CELL_KINDS,
            "is_committee": organization.kind in COMMITTEE_KINDS,
            "last_day_shown": last_day_shown,
            "void": organization.is_void,
            **record_audit(
                request,
                audit_selectors.organization_audit_entries(user, organization),
                loai="organizations.organization",
                ma=organization.pk,
            ),
        },
    )


def _decision(data: dict[str, Any]) -> Decision:
    return Decision(
        number=data["decision_number"],
        date=data["decision_date"],
        issued_by=data.get("issued_by") or "",
        note=data.get("note") or "",
    )


def _page(
    request: HttpRequest, template: str, organization: Organization | None, form: VnForm, **extra: Any
) -> HttpResponse:
    return render(request, template, {"organization": organization, "form": form, **extra})


def _detail_url(organization: Organization) -> str:
    return reverse("org_detail", args=[organization.code])


@login_required
def organization_establish(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Thành lập a child of the organization `code` (or a root, for the administrator)."""
    user = user_of(request)
    parent: Organization | None = None
    if code is None:
        if not user.is_superuser:
            raise Forbidden("Chỉ quản trị hệ thống được thành lập tổ chức cấp cao nhất.")
        kinds: tuple[str, ...] | set[str] = ROOT_KINDS
    else:
        with writable_only():
            parent = org_selectors.organization_for_update(user, code)
        kinds = ALLOWED_CHILDREN.get(parent.kind, set())
        if not kinds:
            raise Http404("Chi bộ không có tổ chức trực thuộc.")
    data = posted(request)
    initial = {"sector": parent.sector if parent else Sector.OTHER}
    form = EstablishForm(data, kinds=kinds, initial=initial)

    def run(d: dict[str, Any]) -> tuple[str, str]:
        created = org_services.organization_establish(
            actor=user,
            code=d["code"],
            name=d["name"],
            kind=d["kind"],
            sector=d["sector"],
            parent=parent,
            effective_on=d["effective_on"],
            decision=_decision(d),
        )
        return f"Đã thành lập {created.name}.", _detail_url(created)

    return submit(request, form, run, {"parent": "effective_on"}) or _page(
        request, "web/org_form.html", parent, form, title="Thành lập tổ chức"
    )


@login_required
def organization_rename(request: HttpRequest, code: str) -> HttpResponse:
    user = user_of(request)
    with writable_only():
        organization = org_selectors.organization_for_update(user, code, reorganize=True)
    form = RenameForm(posted(request))

    def run(d: dict[str, Any]) -> tuple[str, str]:
        old = organization.name
        org_services.organization_rename(
            actor=user,
            organization=organization,
            name=d["name"],
            effective_on=d["effective_on"],
            decision=_decision(d),
        )
        organization.refresh_from_db()
        return f"Đã đổi tên {old} thành {organization.name}.", _detail_url(organization)

    return submit(request, form, run) or _page(
        request, "web/org_form.html", organization, form, title="Đổi tên"
    )


@login_required
def organization_move(request: HttpRequest, code: str) -> HttpResponse:
    user = user_of(request)
    with writable_only():
        organization = org_selectors.organization_for_update(user, code, reorganize=True)
    parent_kinds = {kind for kind, children in ALLOWED_CHILDREN.items() if organization.kind in children}
    parents = [
        (v, depth)
        for v, depth in org_selectors.organization_choices(
            user, today(), write=True, kinds=parent_kinds, limit=CHOICES_LIMIT
        )
        if not v.path.startswith(organization.path) and v.organization_id != organization.parent_id
    ]
    form = MoveForm(posted(request), parents=parents)

    def run(d: dict[str, Any]) -> tuple[str, str]:
        org_services.organization_move(
            actor=user,
            organization=organization,
            new_parent=d["new_parent"],
            effective_on=d["effective_on"],
            decision=_decision(d),
        )
        return (
            f"Đã chuyển {org_names.display_name(organization)} trực thuộc {org_names.display_name(d['new_parent'])}.",
            _detail_url(organization),
        )

    return submit(request, form, run, {"parent": "new_parent"}) or _page(
        request, "web/org_form.html", organization, form, title="Chuyển trực thuộc"
    )


@login_required
def organization_merge(request: HttpRequest, code: str) -> HttpResponse:
    """Sáp nhập: the chosen organizations merge into this one (the target)."""
    user = user_of(request)
    with writable_only():
        target = org_selectors.organization_for_update(user, code)
    is_cell = target.kind in CELL_KINDS
    sources = [
        (v, depth)
        for v, depth in org_selectors.organization_choices(
            user, today(), write=True, reorganizable=True, limit=CHOICES_LIMIT
        )
        if (v.kind in CELL_KINDS) == is_cell
        and v.organization_id != target.pk
        and not target.path.startswith(v.path)
    ]
    form = MergeForm(posted(request), sources=sources)

    def run(d: dict[str, Any]) -> tuple[str, str]:
        reorg_services.organization_merge(
            actor=user,
            sources=d["sources"],
            target=target,
            effective_on=d["effective_on"],
            decision=_decision(d),
        )
        names = ", ".join(org_names.display_name(s) for s in d["sources"])
        return f"Đã sáp nhập {names} vào {org_names.display_name(target)}.", _detail_url(target)

    def consequence(d: dict[str, Any]) -> str:
        names = ", ".join(org_names.display_name(s) for s in d["sources"])
        return (
            f"Sáp nhập {names} vào {org_names.display_name(target)} từ ngày {format_date(d['effective_on'])}: "
            f"{names} chấm dứt hoạt động; đảng viên và tổ chức trực thuộc chuyển về {org_names.display_name(target)}."
        )

    return submit_confirmed(request, form, run, consequence, title="Sáp nhập") or _page(
        request, "web/org_form.html", target, form, title="Sáp nhập vào tổ chức này", danger=True
    )


@login_required
def organization_split(request: HttpRequest, code: str) -> HttpResponse:
    user = user_of(request)
    with writable_only():
        source = org_selectors.organization_for_update(user, code, reorganize=True)
    if source.kind not in CELL_KINDS:
        raise Http404("Chỉ chia tách chi bộ.")
    try:
        parts = min(max(int(request.GET.get("so-phan", "2")), 1), 8)
    except ValueError:
        parts = 2
    members = list(member_selectors.search_members(user, organization=source))
    form = SplitForm(posted(request), parts=parts, members=members)

    def run(d: dict[str, Any]) -> tuple[str, str]:
        created = reorg_services.organization_split(
            actor=user,
            source=source,
            parts=[
                SplitPart(code=p["code"], name=p["name"], member_ids=tuple(p["members"])) for p in d["parts"]
            ],
            effective_on=d["effective_on"],
            decision=_decision(d),
            dissolve_source=d["dissolve_source"],
        )
        names = ", ".join(o.name for o in created)
        return f"Đã chia tách {source.name}: thành lập {names}.", _detail_url(source)

    def consequence(d: dict[str, Any]) -> str:
        names = ", ".join(p["name"] for p in d["parts"])
        moved = sum(len(p["members"]) for p in d["parts"])
        ended = f"; {org_names.display_name(source)} giải thể" if d["dissolve_source"] else ""
        return (
            f"Chia tách {org_names.display_name(source)} từ ngày {format_date(d['effective_on'])}: thành lập {names}; "
            f"{moved} đảng viên chuyển sinh hoạt sang các chi bộ mới{ended}."
        )

    return submit_confirmed(
        request, form, run, consequence, {"source": ""}, title="Chia tách chi bộ"
    ) or _page(request, "web/org_split.html", source, form, title="Chia tách chi bộ", parts=parts)


@login_required
def organization_dissolve(request: HttpRequest, code: str) -> HttpResponse:
    user = user_of(request)
    with writable_only():
        organization = org_selectors.organization_for_update(user, code, reorganize=True)
    members = (
        list(member_selectors.search_members(user, organization=organization))
        if organization.kind in CELL_KINDS
        else []
    )
    cells = [
        (v, parent)
        for v, parent in org_selectors.cell_options(user, today())
        if v.organization_id != organization.pk
    ]
    form = DissolveForm(posted(request), cells=cells, members=members)

    def run(d: dict[str, Any]) -> tuple[str, str]:
        event = reorg_services.organization_dissolve(
            actor=user,
            organization=organization,
            effective_on=d["effective_on"],
            decision=_decision(d),
            receiving=d["receiving"],
            default_receiving=d["default_receiving"],
        )
        moved = event.details.get("members_moved", 0)
        return (
            f"Đã giải thể {org_names.display_name(organization)}; {moved} đảng viên đã chuyển sinh hoạt.",
            _detail_url(organization),
        )

    def consequence(d: dict[str, Any]) -> str:
        # which cell receives how many members, by name (a receiving cell chosen for a member, else
        # the default one)
        counts: dict[str, int] = {}
        for member in members:
            cell = (d.get("receiving") or {}).get(member.pk) or d.get("default_receiving")
            if cell is not None:
                name = org_names.display_name(cell)
                counts[name] = counts.get(name, 0) + 1
        where = "; ".join(f"{n} đảng viên sang {name}" for name, n in counts.items())
        moved = f"; {len(members)} đảng viên chuyển sinh hoạt ({where})" if members and where else ""
        if members and not where:
            moved = f"; {len(members)} đảng viên chuyển sinh hoạt sang chi bộ tiếp nhận"
        return (
            f"Giải thể {org_names.display_name(organization)} từ ngày {format_date(d['effective_on'])}: tổ chức chấm dứt "
            f"hoạt động{moved}."
        )

    return submit_confirmed(
        request, form, run, consequence, {"receiving": "default_receiving"}, title="Giải thể"
    ) or _page(request, "web/org_dissolve.html", organization, form, title="Giải thể")


def _withdrawal_consequence(summary: reorg_selectors.DecisionSummary) -> str:
    principal = summary.principal
    parts = [f"Hủy {decision_label(principal)}, hiệu lực {format_date(principal.effective_on)}"]
    if summary.ended:
        parts.append(
            f"{', '.join(org_names.display_name(o) for o in summary.ended)} hoạt động trở lại từ ngày đó"
        )
    if summary.established:
        parts.append(f"{', '.join(o.name for o in summary.established)} coi như chưa được thành lập")
    if principal.action in (Action.RENAME, Action.MOVE, Action.CHANGE_KIND):
        parts.append("tên gọi, cấp trên của tổ chức trở lại như trước quyết định")
    if summary.members_moved:
        parts.append(
            f"{format_number(summary.members_moved)} đảng viên trở về chi bộ cũ, quá trình sinh hoạt tính lại"
        )
    return (
        "; ".join(parts)
        + ". Số liệu các ngày từ ngày hiệu lực và số liệu năm tính lại theo đó; quyết định vẫn được giữ "
        "trong lịch sử, đánh dấu đã hủy."
    )


@login_required
def organization_decision_correct(request: HttpRequest, code: str, event_id: int) -> HttpResponse:
    """Đính chính a reorganization decision: correct its number, date, issuing body or text, or withdraw
    it (after a confirmation naming what is undone), with the reason and the document."""
    user = user_of(request)
    with writable_only():
        event = org_selectors.decision_for_correction(user, code, event_id)
    if event.pk not in reorg_selectors.correctable_decisions(user, [event]):
        if not path_in_scope(user, event.organization.path, write=True):
            raise Forbidden(READ_ONLY)
        raise Forbidden(
            "Quyết định này không đính chính được ở đây: đã bị hủy, là một phần của quyết định ghi ở tổ "
            "chức khác, hoặc do cấp khác quyết định."
        )
    organization = event.organization
    summary = reorg_selectors.decision_summary(event)
    initial = {
        "action": OrganizationEventCorrection.Action.CORRECT,
        "decision_number": event.decision_number,
        "decision_date": event.decision_date,
        "issued_by": event.issued_by,
        "note": event.note,
    }
    form = DecisionCorrectionForm(posted(request), initial=initial)
    what = decision_label(event)

    def run(d: dict[str, Any]) -> tuple[str, str]:
        approval = {
            "reason": d["reason"],
            "approval_number": d["approval_number"],
            "approval_date": d["approval_date"],
        }
        if d["action"] == OrganizationEventCorrection.Action.WITHDRAW:
            corrections.organization_decision_withdraw(actor=user, event=event, **approval)
            return f"Đã hủy {what}.", _detail_url(organization)
        corrections.organization_decision_correct(
            actor=user,
            event=event,
            decision=Decision(
                number=d["decision_number"],
                date=d["decision_date"],
                issued_by=d.get("issued_by") or "",
                note=d.get("note") or "",
            ),
            **approval,
        )
        return f"Đã sửa {what}.", _detail_url(organization)

    withdrawing = request.POST.get("action") == OrganizationEventCorrection.Action.WITHDRAW
    answer = (
        submit_confirmed(
            request, form, run, lambda d: _withdrawal_consequence(summary), title="Hủy quyết định"
        )
        if withdrawing
        else submit(request, form, run)
    )
    return answer or _page(
        request,
        "web/org_decision_correct.html",
        organization,
        form,
        title=f"Đính chính {what}",
        summary=summary,
    )
