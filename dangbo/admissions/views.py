"""The pages of the admission pipeline (phát triển đảng viên). Each parses input, checks permission and
calls one service or selector."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.views.decorators.http import require_safe

from dangbo.accounts.requests import user_of
from dangbo.accounts.scope import path_in_scope
from dangbo.admissions import rules, selectors, services
from dangbo.admissions.forms import (
    REFERENCE_LABELS,
    AdmitForm,
    CandidateForm,
    CandidateUpdateForm,
    CloseForm,
    PickForm,
    PlanForm,
    ResolutionForm,
    SponsorsForm,
    StepForm,
)
from dangbo.admissions.models import Candidate
from dangbo.core.dates import today
from dangbo.core.text import format_date
from dangbo.members.models import Member
from dangbo.organizations.models import Organization
from dangbo.organizations.pickers import chosen_organization, org_options
from dangbo.ui.forms import VnForm
from dangbo.ui.views import bound, posted, submit, visible_only, writable_only


def _form_page(
    request: HttpRequest,
    form: VnForm,
    run: Callable[[dict[str, Any]], tuple[str, str]],
    aliases: dict[str, str],
    *,
    title: str,
    candidate: Candidate | None = None,
    cell: Organization | None = None,
    **extra: Any,
) -> HttpResponse:
    """The ending of every form page of the pipeline: on a valid POST, the one service through `run`
    (a message and a redirect); else the form again, its errors on their fields with status 400.
    The cell is the candidate's unless named (a new candidate has none yet)."""
    if cell is None and candidate is not None:
        cell = candidate.organization
    response = submit(request, form, run, aliases)
    if response is not None:
        return response
    return render(
        request,
        "admissions/form.html",
        {"form": form, "title": title, "cell": cell, "candidate": candidate, **extra},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_safe
def pipeline_index(request: HttpRequest) -> HttpResponse:
    """Phát triển đảng viên: /phat-trien-dang-vien/?org=CODE (&dinh_dang=json: the counts per stage)."""
    user = user_of(request)
    organization = chosen_organization(request)
    form = PickForm(
        bound(request, ("org",), {"org": organization.code if organization else ""}),
        org_options=org_options(request, organization),
    )
    form.is_valid()
    overview = None
    day = today()
    if organization is not None:
        with visible_only():
            overview = selectors.pipeline_overview(user, organization, day)
    if overview is not None and request.GET.get("dinh_dang", "").strip().lower() == "json":
        response = HttpResponse(
            json.dumps(overview.as_json(), ensure_ascii=False, indent=2) + "\n",
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = content_disposition_header(
            True, f"phat-trien-dang-vien-{overview.organization.code}.json"
        )
        return response
    cells = selectors.cells_for_new_candidates(user, organization) if organization is not None else []
    return render(
        request,
        "admissions/index.html",
        {
            "form": form,
            "organization": organization,
            "overview": overview,
            "cells": cells,
            "settings_rules": overview.settings if overview else None,
            "stuck_days": [
                (rules.STAGE_LABELS[k], v)
                for k, v in (overview.settings.stuck_days.items() if overview else [])
            ],
            "query": urlencode({"org": organization.code}) if organization else "",
        },
    )


@login_required
def candidate_add(request: HttpRequest, code: str) -> HttpResponse:
    """Đưa quần chúng ưu tú vào danh sách của chi bộ: /phat-trien-dang-vien/<mã chi bộ>/them/."""
    user = user_of(request)
    with writable_only():
        cell = selectors.pipeline_cell(user, code, write=True)
    form = CandidateForm(posted(request), initial={"listed_on": today()})

    def run(data: dict[str, Any]) -> tuple[str, str]:
        profile = {key: data.get(key) for key in services.PROFILE_FIELDS}
        profile = {
            k: v for k, v in profile.items() if v not in (None, "") or k in ("full_name", "sex", "birth_date")
        }
        candidate = services.candidate_add(
            actor=user,
            cell=cell,
            profile=profile,
            listed_on=data["listed_on"],
            source_group=data["source_group"],
            resolution_planned_on=data.get("resolution_planned_on"),
        )
        return (
            f"Đã đưa {candidate.full_name} vào danh sách phát triển đảng viên của {cell.name}.",
            reverse("candidate_detail", args=[candidate.pk]),
        )

    return _form_page(
        request,
        form,
        run,
        {"profile": "", "cell": ""},
        title=f"Thêm quần chúng ưu tú — {cell.name}",
        cell=cell,
    )


@login_required
@require_safe
def candidate_detail(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """Hồ sơ một quần chúng: the checklist of the dossier, what is missing, the actions of each step."""
    user = user_of(request)
    with visible_only():
        candidate = selectors.candidate_for(user, candidate_id)
    steps = selectors.steps_of(candidate)
    done = selectors.done_on(steps)
    day = today()
    config = selectors.admission_settings()
    can_write = path_in_scope(user, candidate.organization.path, write=True) and candidate.is_open
    return render(
        request,
        "admissions/candidate.html",
        {
            "candidate": candidate,
            "checklist": selectors.checklist(user, candidate, steps, day),
            "stage_label": rules.STAGE_LABELS[rules.stage(done)],
            "missing": [rules.STEP_INFO[s].label for s in rules.missing(done)],
            "alerts": rules.alerts(
                listed_on=candidate.listed_on,
                done_on=done,
                resolution_planned_on=candidate.resolution_planned_on,
                today=day,
                settings=config,
            )
            if candidate.is_open
            else [],
            "can_write": can_write,
            "resolved": rules.RESOLUTION in done,
            "plan_form": PlanForm(
                initial={
                    "resolution_planned_on": candidate.resolution_planned_on,
                    "version": candidate.version,
                }
            ),
        },
    )


def _step_form(kind: str, data: Any, candidate: Candidate) -> VnForm:
    if kind == rules.SPONSORS:
        options = [
            (str(m.pk), m.full_name) for m in selectors.official_members(candidate.organization, today())
        ]
        return SponsorsForm(data, sponsor_options=options, initial={"done_on": today()})
    if kind == rules.RESOLUTION:
        return ResolutionForm(data, initial={"done_on": today()})
    if kind == rules.DECISION:
        return AdmitForm(data, initial={"effective_on": today()})
    return StepForm(data, reference_label=REFERENCE_LABELS.get(kind, ""), initial={"done_on": today()})


@login_required
def candidate_step(request: HttpRequest, candidate_id: int, kind: str) -> HttpResponse:
    """Ghi nhận một bước: /phat-trien-dang-vien/quan-chung/<id>/buoc/<bước>/."""
    user = user_of(request)
    if kind not in rules.STEPS:
        raise Http404("Không có bước này trong quy trình kết nạp.")
    with writable_only():
        candidate = selectors.candidate_for(user, candidate_id, write=True)
    form = _step_form(kind, posted(request), candidate)

    def run(data: dict[str, Any]) -> tuple[str, str]:
        url = reverse("candidate_detail", args=[candidate.pk])
        if kind == rules.DECISION:
            member = services.candidate_admit(
                actor=user,
                candidate=candidate,
                decision_number=data["decision_number"],
                decision_date=data.get("decision_date"),
                effective_on=data["effective_on"],
                issued_by=data.get("issued_by", ""),
                ceremony_on=data.get("ceremony_on"),
                over_age_approved=bool(data.get("over_age_approved")),
            )
            return (
                f"Đã kết nạp {member.full_name} vào Đảng từ ngày {format_date(member.admitted_on)}; "
                "hồ sơ đảng viên dự bị đã được lập.",
                url,
            )
        sponsors = []
        if kind == rules.SPONSORS:
            chosen = Member.objects.filter(pk__in=[int(data["sponsor_1"]), int(data["sponsor_2"])])
            by_id = {m.pk: m for m in chosen}
            sponsors = [
                services.SponsorChoice(by_id[int(data[f"sponsor_{i}"])], data[f"months_{i}"])
                for i in (1, 2)
                if int(data[f"sponsor_{i}"]) in by_id
            ]
        services.candidate_step_record(
            actor=user,
            candidate=candidate,
            kind=kind,
            done_on=data["done_on"],
            reference=data.get("reference", ""),
            note=data.get("note", ""),
            sponsors=sponsors,
            in_favour=data.get("in_favour"),
        )
        return f"Đã ghi nhận “{rules.STEP_INFO[kind].label}” của {candidate.full_name}.", url

    aliases = {
        "effective_on": "effective_on",
        "done_on": "effective_on" if kind == rules.DECISION else "done_on",
    }
    aliases.update({"kind": "", "sponsors": "", "cell": "", "birth_date": "", "to_organization": ""})
    return _form_page(
        request,
        form,
        run,
        aliases,
        title=rules.STEP_INFO[kind].label,
        candidate=candidate,
        source=rules.STEP_INFO[kind].source,
        official_count=len(selectors.official_members(candidate.organization, today()))
        if kind == rules.RESOLUTION
        else None,
        is_decision=kind == rules.DECISION,
    )


@login_required
def candidate_update(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """Sửa thông tin quần chúng: /phat-trien-dang-vien/quan-chung/<id>/sua/."""
    user = user_of(request)
    with writable_only():
        candidate = selectors.candidate_for(user, candidate_id, write=True)
    initial = {key: getattr(candidate, key) or "" for key in services.PROFILE_FIELDS}
    initial.update({"source_group": candidate.source_group, "version": candidate.version})
    form = CandidateUpdateForm(posted(request), initial=initial)

    def run(data: dict[str, Any]) -> tuple[str, str]:
        services.candidate_update(
            actor=user,
            candidate=candidate,
            profile={key: data.get(key) for key in services.PROFILE_FIELDS},
            source_group=data["source_group"],
            expected_version=data.get("version"),
        )
        return "Đã sửa thông tin quần chúng.", reverse("candidate_detail", args=[candidate.pk])

    return _form_page(
        request,
        form,
        run,
        {"profile": "", "kind": ""},
        title="Sửa thông tin quần chúng",
        candidate=candidate,
    )


@login_required
def candidate_plan(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """Dự kiến ngày chi bộ xét: /phat-trien-dang-vien/quan-chung/<id>/du-kien/."""
    user = user_of(request)
    with writable_only():
        candidate = selectors.candidate_for(user, candidate_id, write=True)
    form = PlanForm(
        posted(request),
        initial={"resolution_planned_on": candidate.resolution_planned_on, "version": candidate.version},
    )

    def run(data: dict[str, Any]) -> tuple[str, str]:
        services.candidate_plan(
            actor=user,
            candidate=candidate,
            resolution_planned_on=data.get("resolution_planned_on"),
            expected_version=data.get("version"),
        )
        return "Đã ghi ngày dự kiến chi bộ xét.", reverse("candidate_detail", args=[candidate.pk])

    return _form_page(
        request,
        form,
        run,
        {"kind": ""},
        title="Dự kiến ngày chi bộ xét",
        candidate=candidate,
    )


@login_required
def candidate_close(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """Thôi xem xét kết nạp: /phat-trien-dang-vien/quan-chung/<id>/thoi-xem-xet/."""
    user = user_of(request)
    with writable_only():
        candidate = selectors.candidate_for(user, candidate_id, write=True)
    form = CloseForm(posted(request), initial={"closed_on": today(), "version": candidate.version})

    def run(data: dict[str, Any]) -> tuple[str, str]:
        services.candidate_close(
            actor=user,
            candidate=candidate,
            closed_on=data["closed_on"],
            reason=data["reason"],
            expected_version=data.get("version"),
        )
        return (
            f"{candidate.full_name} đã thôi xem xét kết nạp; hồ sơ vẫn được lưu.",
            f"{reverse('pipeline_index')}?{urlencode({'org': candidate.organization.code})}",
        )

    return _form_page(
        request,
        form,
        run,
        {"kind": ""},
        title="Thôi xem xét kết nạp",
        candidate=candidate,
    )
