"""The audit search page (tra cứu nhật ký thay đổi): who did what to which record, when — within the
officer's subtree."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from dangbo.accounts.requests import user_of
from dangbo.accounts.scope import path_in_scope
from dangbo.audit.models import AuditEntry
from dangbo.core.dates import query_day
from dangbo.organizations import selectors as org_selectors
from dangbo.ui.views import paginate, visible_only
from dangbo.web.audit import labels
from dangbo.web.audit import selectors as audit_selectors

NOT_ALLOWED = (
    "Nhật ký thay đổi chỉ dành cho cán bộ được giao quản lý hồ sơ; vai trò của bạn chỉ cho phép xem báo cáo."
)


def require_audit_reader(request: HttpRequest) -> None:
    if not audit_selectors.can_read_audit(user_of(request)):
        raise Forbidden(NOT_ALLOWED)


def _day(raw: str, errors: dict[str, str], name: str) -> date | None:
    if not raw:
        return None
    try:
        return query_day(raw)
    except ValueError as error:
        errors[name] = str(error)
        return None


@login_required
@require_GET
def audit_search(request: HttpRequest) -> HttpResponse:
    require_audit_reader(request)
    user = user_of(request)
    # query parameters (Vietnamese, hyphenated) -> template names
    params = {
        key.replace("-", "_"): request.GET.get(key, "").strip()
        for key in ("nguoi", "viec", "doi-tuong", "tu-ngay", "den-ngay", "org", "loai", "ma")
    }
    errors: dict[str, str] = {}
    date_from = _day(params["tu_ngay"], errors, "tu_ngay")
    date_to = _day(params["den_ngay"], errors, "den_ngay")
    if date_from and date_to and date_from > date_to:
        errors["den_ngay"] = "“Đến ngày” phải sau “từ ngày”."
    valid_actions = {value for _, options in labels.action_options() for value, _ in options}
    action = params["viec"] if params["viec"] in valid_actions else ""
    entries = audit_selectors.audit_search(
        user,
        actor=params["nguoi"],
        action=action,
        target=params["doi_tuong"],
        target_type=params["loai"] if params["loai"] in labels.TARGETS else "",
        target_id=params["ma"],
        date_from=date_from,
        date_to=date_to,
    )
    organization = None
    if params["org"]:
        with visible_only():
            organization = org_selectors.organization_by_code(user, params["org"], personal=True)
        entries = entries.filter(scope_path__under=organization.path)
    page = paginate(request, entries)
    return render(
        request,
        "audit/search.html",
        {
            "page": page,
            "rows": labels.rows(
                page.object_list,
                full_cccd=lambda e: path_in_scope(user, e.scope_path, write=True),
                reader=user,
            ),
            "params": params,
            "action": action,
            "errors": errors,
            "organization": organization,
            "action_options": labels.action_options(),
            "target_kind": labels.target_label(params["loai"]) if params["loai"] in labels.TARGETS else "",
        },
    )


def record_audit(
    request: HttpRequest, entries: QuerySet[AuditEntry], *, loai: str, ma: object
) -> dict[str, Any]:
    """The audit card of a record page: its latest entries (None when the user may not read the trail)
    and a link to the search page for all of them."""
    user = user_of(request)
    if not audit_selectors.can_read_audit(user):
        return {"audit_rows": None}
    latest = list(entries[: audit_selectors.RECORD_PAGE_ENTRIES + 1])
    shown = latest[: audit_selectors.RECORD_PAGE_ENTRIES]
    return {
        "audit_rows": labels.rows(
            shown, full_cccd=lambda e: path_in_scope(user, e.scope_path, write=True), reader=user
        ),
        "audit_more": len(latest) > len(shown),
        "audit_link": f"{reverse('audit_search')}?{urlencode({'loai': loai, 'ma': ma})}",
    }
