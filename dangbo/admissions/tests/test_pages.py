"""The pipeline's pages: the viewer's counts without names, a secretary's own cell only, the forms of
the sponsors, the resolution and the decision given hostile input (a Vietnamese message naming the
field, status 400, nothing written)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from dangbo.admissions import rules, services
from dangbo.admissions.models import CandidateStep
from dangbo.audit.models import AuditEntry
from dangbo.members.models import Member


@pytest.fixture
def setup(small_tree, personas, make_member):
    sponsors = [
        make_member(small_tree.cell_a, "Nguyễn Văn Giới"),
        make_member(small_tree.cell_a, "Trần Thị Thiệu"),
    ]
    secretary = personas["secretary_a"]
    candidate = services.candidate_add(
        actor=secretary,
        cell=small_tree.cell_a,
        profile={"full_name": "Phạm Minh Tuấn", "sex": "male", "birth_date": date(2000, 4, 5)},
        listed_on=date(2026, 1, 5),
    )
    return small_tree, personas, sponsors, candidate


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_viewer_sees_the_counts_per_stage_never_a_name(setup):
    tree, people, _, candidate = setup
    client = _client(people["viewer"])
    page = client.get(reverse("pipeline_index"), {"org": "D"})
    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-stage="course"' in body and "Phạm Minh Tuấn" not in body
    assert "1 quần chúng" in body  # the hidden count
    assert client.get(reverse("candidate_detail", args=[candidate.pk])).status_code == 403
    data = json.loads(client.get(reverse("pipeline_index"), {"org": "D", "dinh_dang": "json"}).content)
    assert data["stages"]["course"] == 1 and "Phạm" not in json.dumps(data, ensure_ascii=False)


def test_a_secretary_sees_their_cell_s_candidates_only(setup):
    tree, people, _, candidate = setup
    own = _client(people["secretary_a"])
    body = own.get(reverse("pipeline_index"), {"org": "W1A"}).content.decode()
    assert "Phạm Minh Tuấn" in body and "Hồ sơ còn thiếu" in body
    assert own.get(reverse("candidate_detail", args=[candidate.pk])).status_code == 200
    neighbour = _client(people["secretary_b"])
    assert neighbour.get(reverse("candidate_detail", args=[candidate.pk])).status_code == 404
    assert neighbour.get(reverse("pipeline_index"), {"org": "W1A"}).status_code == 404
    assert (
        neighbour.post(
            reverse("candidate_step", args=[candidate.pk, "course"]), {"done_on": "01/02/2026"}
        ).status_code
        == 404
    )
    assert not CandidateStep.objects.exists()


def _dossier_but_sponsors(candidate, actor):
    for index, kind in enumerate(rules.DOSSIER[:-1]):
        services.candidate_step_record(
            actor=actor, candidate=candidate, kind=kind, done_on=date(2026, 1, 10 + index)
        )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("months_1", "-3", "không được âm"),
        ("months_1", "mười hai", "số nguyên"),
        ("sponsor_2", "999999", "không hợp lệ"),
        ("done_on", "31/02/2026", "Ngày giới thiệu"),
        ("months_2", "11", "12 tháng"),
    ],
)
def test_the_sponsors_form_refuses_bad_input_naming_the_field(setup, field, value, message):
    tree, people, sponsors, candidate = setup
    secretary = people["secretary_a"]
    _dossier_but_sponsors(candidate, secretary)
    data = {
        "done_on": "02/02/2026",
        "sponsor_1": str(sponsors[0].pk),
        "months_1": "24",
        "sponsor_2": str(sponsors[1].pk),
        "months_2": "24",
        field: value,
    }
    entries = AuditEntry.objects.count()
    page = _client(secretary).post(reverse("candidate_step", args=[candidate.pk, "sponsors"]), data)
    assert page.status_code == 400
    assert message in page.content.decode()
    assert AuditEntry.objects.count() == entries


def test_the_resolution_form_refuses_a_vote_short_of_two_thirds(setup):
    tree, people, sponsors, candidate = setup
    secretary = people["secretary_a"]
    _dossier_but_sponsors(candidate, secretary)
    services.candidate_step_record(
        actor=secretary,
        candidate=candidate,
        kind=rules.SPONSORS,
        done_on=date(2026, 2, 2),
        sponsors=[services.SponsorChoice(m, 24) for m in sponsors],
    )
    url = reverse("candidate_step", args=[candidate.pk, "resolution"])
    client = _client(secretary)
    assert "<strong>2</strong> đảng viên chính thức" in client.get(url).content.decode()
    short = client.post(url, {"done_on": "03/03/2026", "reference": "1-NQ/CB", "in_favour": "1"})
    assert short.status_code == 400 and "hai phần ba" in short.content.decode()
    huge = client.post(url, {"done_on": "03/03/2026", "reference": "1-NQ/CB", "in_favour": "9" * 30})
    assert huge.status_code == 400
    done = client.post(url, {"done_on": "03/03/2026", "reference": "1-NQ/CB", "in_favour": "2"})
    assert done.status_code == 302
    # the decision form refuses a ceremony before the decision and creates nothing
    services.candidate_step_record(
        actor=people["ward_staff"],
        candidate=candidate,
        kind=rules.PROPOSAL,
        done_on=date(2026, 3, 5),
        reference="2",
    )
    ward = _client(people["ward_staff"])
    decision = reverse("candidate_step", args=[candidate.pk, "decision"])
    early = ward.post(
        decision, {"decision_number": "9-QĐ/ĐU", "effective_on": "10/03/2026", "ceremony_on": "01/03/2026"}
    )
    assert early.status_code == 400 and "Lễ kết nạp" in early.content.decode()
    assert not Member.objects.filter(full_name="Phạm Minh Tuấn").exists()
    # the secretary is not shown the decision's button: the ward decides
    detail = client.get(reverse("candidate_detail", args=[candidate.pk])).content.decode()
    assert reverse("candidate_step", args=[candidate.pk, "decision"]) not in detail
    assert "Do đảng ủy cơ sở" in detail
    admitted = ward.post(decision, {"decision_number": "9-QĐ/ĐU", "effective_on": "10/03/2026"})
    assert admitted.status_code == 302
    assert Member.objects.get(full_name="Phạm Minh Tuấn").admitted_on == date(2026, 3, 10)


def test_an_unknown_step_is_not_found(setup):
    _, people, _, candidate = setup
    assert (
        _client(people["secretary_a"])
        .get(f"/phat-trien-dang-vien/quan-chung/{candidate.pk}/buoc/nope/")
        .status_code
        == 404
    )


def test_the_secretary_corrects_a_candidate_and_a_stale_form_is_refused(setup):
    _, people, _, candidate = setup
    client = _client(people["secretary_a"])
    url = reverse("candidate_update", args=[candidate.pk])
    data = {
        "full_name": "Phạm Minh Tuân",
        "sex": "male",
        "birth_date": "05/04/2000",
        "ethnicity": "Kinh",
        "religion": "Không",
        "source_group": "worker",
        "version": str(candidate.version),
    }
    assert client.post(url, {**data, "birth_date": "31/13/2000"}).status_code == 400
    assert client.post(url, {**data, "cccd": "abc"}).status_code == 400
    assert client.post(url, data).status_code == 302
    candidate.refresh_from_db()
    assert candidate.full_name == "Phạm Minh Tuân" and candidate.source_group == "worker"
    stale = client.post(url, {**data, "full_name": "Phạm Minh Tuấn"})
    assert stale.status_code == 400 and "người khác cập nhật" in stale.content.decode()
    assert _client(people["secretary_b"]).post(url, data).status_code == 404
    assert _client(people["viewer"]).post(url, data).status_code == 403


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("candidate_plan", {"resolution_planned_on": "04/05/2026"}),
        ("candidate_close", {"closed_on": "04/05/2026", "reason": "Chuyển công tác"}),
    ],
)
def test_the_plan_and_close_forms_carry_their_version_and_refuse_a_stale_one(setup, name, data):
    _, people, _, candidate = setup
    client = _client(people["secretary_a"])
    url = reverse(name, args=[candidate.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert f'name="version" value="{candidate.version}"' in page.content.decode()
    stale = client.post(url, {**data, "version": str(candidate.version - 1)})
    assert stale.status_code == 400 and "người khác cập nhật" in stale.content.decode()
    assert not AuditEntry.objects.filter(action=f"admission.{name}").exists()
    assert client.post(url, {**data, "version": str(candidate.version)}).status_code == 302
    assert AuditEntry.objects.filter(action=f"admission.{name}").count() == 1
