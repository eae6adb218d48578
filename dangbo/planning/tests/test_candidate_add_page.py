"""/quy-hoach/chuc-danh/<id>/bo-sung/: add a candidate; a rule's refusal next to the member field."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangbo.planning.models import Candidacy
from dangbo.planning.tests.helpers import position

pytestmark = pytest.mark.django_db


def _url(p):
    return reverse("planning_candidate_add", args=[p.pk])


def test_the_form_finds_members_to_choose(as_user, small_tree, make_member):
    member = make_member(small_tree.cell_a, "Trần Thị Lan", sex="female")
    response = as_user("ward_staff").get(_url(position(small_tree.ward)), {"q": "tran thi"})
    assert response.status_code == 200
    assert f'data-value="#{member.pk}"' in response.content.decode()


def test_the_staff_plans_a_member(as_user, small_tree, make_member):
    p = position(small_tree.ward)
    member = make_member(small_tree.cell_a, "Trần Thị Lan", sex="female")
    response = as_user("ward_staff").post(
        _url(p), {"member": f"#{member.pk}", "added_on": "03/06/2024", "decision_number": "9-QĐ/ĐU"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("planning_plan", args=["W1", "2025-2030"])
    candidacy = Candidacy.objects.get()
    assert (candidacy.member, candidacy.added_on) == (member, date(2024, 6, 3))


def test_an_ineligible_member_gets_the_rules_message_on_the_field(as_user, small_tree, make_member):
    p = position(small_tree.ward)
    old = make_member(small_tree.cell_a, "Lê Văn Cao", birth_date=date(1964, 3, 1))
    response = as_user("ward_staff").post(_url(p), {"member": str(old.pk), "added_on": "03/06/2024"})
    assert response.status_code == 200
    errors = response.context["form"].errors["member"]
    assert "Đồng chí Lê Văn Cao (sinh ngày 01/03/1964) đến tuổi nghỉ hưu ngày" in errors[0]
    assert "Quy định 50-QĐ/TW" in errors[0]
    assert not Candidacy.objects.exists()


def test_an_unknown_member_is_refused_on_the_field(as_user, small_tree, make_member):
    stranger = make_member(small_tree.other_cell)
    response = as_user("ward_staff").post(
        _url(position(small_tree.ward)), {"member": f"#{stranger.pk}", "added_on": "03/06/2024"}
    )
    assert "Không tìm thấy đảng viên" in response.context["form"].errors["member"][0]


def test_outside_the_scope_it_is_not_found_and_read_only_is_forbidden(as_user, small_tree, make_member):
    url = _url(position(small_tree.ward))
    member = make_member(small_tree.cell_a)
    data = {"member": f"#{member.pk}", "added_on": "03/06/2024"}
    for persona in ("outsider", "secretary_b"):
        assert as_user(persona).get(url).status_code == 404
        assert as_user(persona).post(url, data).status_code == 404
    assert as_user("viewer").get(url).status_code == 403
    assert as_user("viewer").post(url, data).status_code == 403
    assert not Candidacy.objects.exists()
