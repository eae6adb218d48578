"""The start page: the user's part of the tree with its counts, and where to go next."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from dangbo.accounts.requests import user_of
from dangbo.accounts.scope import path_in_scope, sees_personal_data
from dangbo.admissions.selectors import pipeline_overview
from dangbo.core.dates import today
from dangbo.core.exceptions import NotFound
from dangbo.members import selectors as member_selectors
from dangbo.members.tree_counts import subtree_stats
from dangbo.organizations import selectors as org_selectors


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    day = today()
    roots = []
    scope = list(org_selectors.scope_roots(user))
    for organization in scope:
        try:
            stats = subtree_stats(user, organization, day)
        except NotFound:
            stats = None
        personal = path_in_scope(user, organization.path, personal=True)
        roots.append({"organization": organization, "stats": stats, "personal": personal})
    # the admission pipeline's alerts: counts only, for every role (the names are on its page)
    pipelines = [pipeline_overview(user, organization, day) for organization in scope]
    admission = {
        "code": scope[0].code if scope else "",
        "stuck": sum(p.stuck for p in pipelines),
        "incomplete": sum(p.incomplete for p in pipelines),
        "open": sum(p.total - p.counts.get("admitted", 0) for p in pipelines),
    }
    # the conversions due name members: not for a user who holds only viewer roles
    due, overdue = (
        member_selectors.conversions_due_counts(user, today=day) if sees_personal_data(user) else (0, 0)
    )
    return render(
        request,
        "web/home.html",
        {
            "roots": roots,
            "day": day,
            "due_count": due,
            "overdue_count": overdue,
            "can_write": org_selectors.can_write_anywhere(user),
            "admission": admission,
        },
    )
