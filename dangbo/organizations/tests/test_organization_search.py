"""Finding an organization by what a person types: the code, or the name with or without accents,
only among those in the user's scope (search_organizations, organization_typed)."""

from __future__ import annotations

from datetime import date

import pytest

from dangbo.core.exceptions import NotFound
from dangbo.organizations.selectors import organization_typed, search_organizations

DAY = date(2020, 1, 1)


@pytest.mark.django_db
def test_the_code_is_found_in_any_case(personas, small_tree):
    assert organization_typed(personas["officer"], " w1b ", DAY) == small_tree.cell_b


@pytest.mark.django_db
def test_the_name_is_found_without_accents_whole_or_with_its_grassroots_organization(personas, small_tree):
    officer = personas["officer"]
    assert organization_typed(officer, "chi bo truong thpt dong hoa", DAY) == small_tree.school
    assert organization_typed(officer, "CHI BỘ KHU PHỐ 5", DAY) == small_tree.other_cell
    assert organization_typed(officer, "chi bo khu pho 1 - dang bo phuong an binh", DAY) == small_tree.cell_a


@pytest.mark.django_db
def test_several_matches_are_named_on_the_field(personas, small_tree):
    with pytest.raises(NotFound) as refused:
        organization_typed(personas["officer"], "phuong", DAY, label="Nơi đến", field="to")
    assert refused.value.field == "to"
    assert refused.value.message.startswith("Nơi đến: “phuong” khớp với 2 tổ chức: ")
    assert "(W1)" in refused.value.message and "(W2)" in refused.value.message


@pytest.mark.django_db
def test_outside_the_scope_is_answered_as_not_there(personas, small_tree):
    outsider = personas["outsider"]  # ward W2
    answers = []
    for typed in ("W1", "phuong an binh", "KHONG-CO"):
        with pytest.raises(NotFound) as refused:
            organization_typed(outsider, typed, DAY)
        answers.append(refused.value.message.replace(typed, "…"))
    assert len(set(answers)) == 1
    assert organization_typed(outsider, "khu pho 5", DAY) == small_tree.other_cell


@pytest.mark.django_db
def test_write_limits_the_choice_to_where_the_user_writes(personas, small_tree):
    with pytest.raises(NotFound):
        organization_typed(personas["viewer"], "W1", DAY, write=True)
    assert organization_typed(personas["viewer"], "W1", DAY) == small_tree.ward


@pytest.mark.django_db
def test_search_orders_the_exact_code_first_then_names_the_vietnamese_way(personas, small_tree):
    found = [v.organization.code for v in search_organizations(personas["officer"], "w1", DAY)]
    assert found == ["W1", "W1A", "W1B"]
    names = [v.name for v in search_organizations(personas["officer"], "binh", DAY)]
    assert names == ["Đảng bộ phường An Bình", "Đảng bộ phường Bình Đức"]
    assert search_organizations(personas["officer"], " \u0301 ", DAY) == []
