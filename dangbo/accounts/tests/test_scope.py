"""dangbo/accounts/scope.py: the three levels of a user's scope (read, personal data, write), for a
read-only viewer alone, a viewer who is also staff of a subnode, and the system administrator."""

from __future__ import annotations

import pytest

from dangbo.accounts.scope import (
    NO_PERSONAL_DATA,
    READ_ONLY,
    authorize,
    path_in_scope,
    require_personal_data,
    scope_paths,
    scoped,
    sees_personal_data,
)
from dangbo.core.exceptions import PermissionDenied, PersonalDataDenied

pytestmark = pytest.mark.django_db


def _add_role(user, role, organization):
    from dangbo.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=user, role=role, organization=organization)


def _paths(*organizations):
    return sorted(o.path for o in organizations)


def test_a_viewer_reads_its_subtree_but_sees_no_personal_data_anywhere(personas, small_tree):
    viewer = personas["viewer"]
    assert scope_paths(viewer) == [small_tree.district.path]
    assert scope_paths(viewer, personal=True) == []
    assert scope_paths(viewer, write=True) == []
    assert not sees_personal_data(viewer)
    for organization in (small_tree.district, small_tree.ward, small_tree.cell_a):
        assert path_in_scope(viewer, organization.path)
        assert not path_in_scope(viewer, organization.path, personal=True)
        authorize(viewer, organization)  # reports and figures: allowed
        with pytest.raises(PersonalDataDenied) as refused:
            authorize(viewer, organization, personal=True)
        assert refused.value.message == NO_PERSONAL_DATA
    with pytest.raises(PersonalDataDenied):
        require_personal_data(viewer)


def test_a_viewer_asked_to_write_is_read_only_and_outside_is_denied(personas, small_tree):
    from dangbo.organizations.models import Organization

    viewer = personas["viewer"]
    with pytest.raises(PermissionDenied) as read_only:
        authorize(viewer, small_tree.cell_a, write=True)
    assert not isinstance(read_only.value, PersonalDataDenied) and read_only.value.message == READ_ONLY
    elsewhere = Organization(code="X", name="Đảng bộ khác", path="/999999/")
    with pytest.raises(PermissionDenied) as outside:
        authorize(viewer, elsewhere, personal=True)
    assert not isinstance(outside.value, PersonalDataDenied)  # not in the scope at all: the pages say 404


def test_a_viewer_of_the_district_who_is_staff_of_a_ward_sees_personal_data_of_the_ward_only(
    personas, small_tree
):
    from dangbo.accounts.models import RoleAssignment

    user = personas["viewer"]
    _add_role(user, RoleAssignment.Role.GRASSROOTS_STAFF, small_tree.ward)
    assert scope_paths(user) == [small_tree.district.path]
    assert scope_paths(user, personal=True) == [small_tree.ward.path]
    assert scope_paths(user, write=True) == [small_tree.ward.path]
    assert sees_personal_data(user)
    require_personal_data(user)
    for inside in (small_tree.ward, small_tree.cell_a, small_tree.cell_b):
        authorize(user, inside, personal=True)
        authorize(user, inside, write=True)
    for reports_only in (
        small_tree.district,
        small_tree.school,
        small_tree.other_ward,
        small_tree.other_cell,
    ):
        authorize(user, reports_only)
        with pytest.raises(PersonalDataDenied):
            authorize(user, reports_only, personal=True)


def test_the_personal_scope_filters_querysets_and_is_cached_apart_from_the_others(personas, small_tree):
    from dangbo.accounts.models import RoleAssignment
    from dangbo.organizations.models import Organization

    user = personas["viewer"]
    _add_role(user, RoleAssignment.Role.CELL_SECRETARY, small_tree.cell_a)
    everything = Organization.objects.all()
    assert _paths(*scoped(user, everything, "path")) == _paths(
        small_tree.district,
        small_tree.ward,
        small_tree.cell_a,
        small_tree.cell_b,
        small_tree.school,
        small_tree.other_ward,
        small_tree.other_cell,
    )
    assert _paths(*scoped(user, everything, "path", personal=True)) == [small_tree.cell_a.path]
    # the answers are cached on the user, each level under its own name
    assert user._dangbo_scope_read == [small_tree.district.path]
    assert user._dangbo_scope_personal == [small_tree.cell_a.path]


@pytest.mark.parametrize("role", ["committee_officer", "grassroots_staff", "cell_secretary"])
def test_every_other_role_sees_the_personal_data_of_its_subtree(role, personas, small_tree):
    from dangbo.accounts.models import User

    user = User.objects.create_user(username=f"r-{role}", password="mat-khau-thu-1")
    _add_role(user, role, small_tree.ward)
    assert scope_paths(user, personal=True) == scope_paths(user) == [small_tree.ward.path]
    authorize(user, small_tree.cell_b, personal=True)


def test_the_administrator_sees_everything_at_every_level(personas, small_tree):
    admin = personas["admin"]
    assert scope_paths(admin) is None
    assert scope_paths(admin, personal=True) is None
    assert scope_paths(admin, write=True) is None
    assert sees_personal_data(admin)
    require_personal_data(admin)
    authorize(admin, small_tree.other_cell, personal=True, write=True)


def test_an_inactive_or_anonymous_user_has_no_scope(personas, small_tree):
    from django.contrib.auth.models import AnonymousUser

    officer = personas["officer"]
    officer.is_active = False
    assert scope_paths(officer) == [] and scope_paths(officer, personal=True) == []
    assert not sees_personal_data(AnonymousUser())  # type: ignore[arg-type]
