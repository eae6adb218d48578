"""POST /api/members/{id}/ratings/{year}: a step of the annual review through the review pages'
service — the year's rules, scope, audit."""

from __future__ import annotations

import pytest

from dangbo.audit.models import AuditEntry
from dangbo.evaluations.models import MemberRating


def _post(client, member_id, year, data):
    return client.post(f"/api/members/{member_id}/ratings/{year}", data, content_type="application/json")


DECISION = {"stage": "decision", "decision_number": "05-QĐ/ĐU", "decision_date": "2019-12-20"}


@pytest.mark.django_db
def test_the_cell_proposes_the_grassroots_committee_decides_and_each_step_is_audited(
    api_as, people, personas
):
    secretary = api_as("secretary_a")
    assert _post(secretary, people.an.pk, 2019, {"stage": "self", "rank": 2}).status_code == 200
    assert _post(secretary, people.an.pk, 2019, {"stage": "proposal", "rank": 2}).status_code == 200
    # the cell does not decide its members' ratings: its grassroots committee does (QĐ 132, HD 21)
    refused = _post(secretary, people.an.pk, 2019, {**DECISION, "rank": 2})
    assert refused.status_code == 403
    response = _post(api_as("ward_staff"), people.an.pk, 2019, {**DECISION, "rank": 2})
    assert response.status_code == 200
    body = response.json()
    assert (body["self_rank"], body["proposed_rank"], body["rank"]) == (2, 2, 2)
    assert body["rank_label"] == "Hoàn thành tốt nhiệm vụ" and body["flags"] == []
    rating = MemberRating.objects.get(member=people.an.pk, year=2019)
    assert rating.rank == 2 and rating.decided_by == personas["ward_staff"]
    actions = sorted(
        AuditEntry.objects.filter(
            actor__in=[personas["secretary_a"], personas["ward_staff"]], action__startswith="rating.member"
        ).values_list("action", flat=True)
    )
    assert actions == ["rating.member.decision", "rating.member.proposal", "rating.member.self"]


@pytest.mark.django_db
def test_a_decision_breaking_a_rule_needs_a_reason(api_as, people):
    client = api_as("ward_staff")
    response = _post(client, people.an.pk, 2019, {**DECISION, "rank": 1})  # HTXSNV, no HTTNV in the cell
    assert response.status_code == 409  # well-formed: the cell's other ratings refuse it
    assert response.json()["field"] == "rank" and "lý do vượt quy tắc" in response.json()["message"]
    assert not MemberRating.objects.filter(member=people.an.pk, year=2019, rank__isnull=False).exists()
    response = _post(
        client, people.an.pk, 2019, {**DECISION, "rank": 1, "override_reason": "Thành tích đột xuất"}
    )
    assert response.status_code == 200
    assert response.json()["override_reason"] == "Thành tích đột xuất" and response.json()["flags"]


@pytest.mark.django_db
def test_a_decision_needs_its_number_and_a_year_in_range(api_as, people):
    client = api_as("officer")
    response = _post(client, people.an.pk, 2019, {"stage": "decision", "rank": 2})
    assert response.json() == {
        "field": "decision_number",
        "message": "Phải nhập số quyết định (hoặc thông báo) xếp loại.",
    }
    response = _post(client, people.an.pk, 1950, {"stage": "self", "rank": 2})
    assert response.status_code == 400 and response.json()["field"] == "year"
    response = _post(client, people.an.pk, 2019, {"stage": "final", "rank": 2})
    assert response.status_code == 400 and response.json()["field"] == "stage"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "member"), [("secretary_b", "an"), ("outsider", "an"), ("ward_staff", "em")]
)
def test_a_member_outside_the_scope_is_not_found(api_as, people, persona, member):
    target = getattr(people, member)
    response = _post(api_as(persona), target.pk, 2019, {"stage": "self", "rank": 2})
    assert response.status_code == 404
    assert not MemberRating.objects.filter(member=target.pk).exists()


@pytest.mark.django_db
def test_a_viewer_may_not_record(api_as, people):
    response = _post(api_as("viewer"), people.an.pk, 2019, {"stage": "self", "rank": 2})
    assert response.status_code == 403
    assert not MemberRating.objects.exists()


@pytest.mark.django_db
def test_a_2025_decision_carries_its_score_as_the_page_does(api_as, people):
    from decimal import Decimal

    secretary, ward = api_as("secretary_a"), api_as("ward_staff")
    proposal = {"stage": "proposal", "rank": 2, "score_general": 25, "score_results": 55}
    assert _post(secretary, people.an.pk, 2025, proposal).status_code == 200
    decision = {**DECISION, "decision_date": "2025-12-20", "rank": 3}
    refused = _post(ward, people.an.pk, 2025, {**decision, "score_general": 20.5})
    assert refused.status_code == 400 and refused.json()["field"] == "score_results"
    assert "Phải nhập điểm kết quả thực hiện nhiệm vụ" in refused.json()["message"]
    invalid = _post(ward, people.an.pk, 2025, {**decision, "score_general": 31, "score_results": 40})
    assert invalid.status_code in (400, 422) and "score_general" in invalid.content.decode()
    response = _post(ward, people.an.pk, 2025, {**decision, "score_general": 20.5, "score_results": 40})
    assert response.status_code == 200 and response.json()["decided_score"] == [20.5, 40.0]
    rating = MemberRating.objects.get(member=people.an.pk, year=2025)
    assert (rating.decided_score_general, rating.proposed_score_general) == (Decimal("20.5"), Decimal(25))
