"""The search box of the header: members by name or CCCD (where the user sees personal data),
organizations by code or by name typed with or without accents (wherever the user sees the tree)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from dangbo.accounts.requests import user_of
from dangbo.accounts.scope import sees_personal_data
from dangbo.core.dates import today
from dangbo.core.text import fold
from dangbo.members import selectors as member_selectors
from dangbo.organizations import names as org_names
from dangbo.organizations import selectors as org_selectors
from dangbo.ui.views import count_cap, count_upto

SHOWN = 20  # of each kind; the member list and a longer query find the rest
MAX_QUERY = 100
PARAM = "tim"  # not "q": the header's box must not be taken for a page's own search field


@login_required
@require_safe
def search(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    # what a person can type: control characters (a NUL that PostgreSQL refuses) are dropped
    raw = request.GET.get(PARAM, "")[: MAX_QUERY * 10]
    q = " ".join("".join(ch for ch in raw if ch.isprintable() or ch.isspace()).split())
    error = ""
    if len(q) > MAX_QUERY:
        q, error = (
            q[:MAX_QUERY],
            f"Nội dung tìm kiếm dài tối đa {MAX_QUERY} ký tự: đã lấy {MAX_QUERY} ký tự đầu.",
        )
    day = today()
    personal = sees_personal_data(user)
    members: list = []
    member_count = 0
    member_capped = False
    organizations: list = []
    if fold(q):  # something to look for (not only marks or spaces)
        if personal:  # only where the user sees the members' files: names and CCCD alike
            found = member_selectors.search_members(user, query=q, statuses=())
            members = list(found[: SHOWN + 1])
            member_count = len(members)
            if len(members) > SHOWN:  # counted up to the lists' cap only (a common name, city-wide)
                cap = count_cap()
                member_count = count_upto(found, cap + 1) if cap is not None else found.count()
                member_capped = cap is not None and member_count > cap
            members = members[:SHOWN]
            org_names.label(m.organization for m in members)
        organizations = org_selectors.search_organizations(user, q, day)
        org_names.label(organizations[:SHOWN], day)
    return render(
        request,
        "web/search.html",
        {
            "q": q,
            "error": error,
            "personal": personal,
            "members": members,
            "member_count": member_count,
            "member_capped": member_capped,
            "member_cap": count_cap(),
            "organizations": organizations[:SHOWN],
            "organization_count": len(organizations),
            "organization_more": max(len(organizations) - SHOWN, 0),
            "shown": SHOWN,
        },
    )
