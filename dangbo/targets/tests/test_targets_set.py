"""targets_set: the level above sets an organization's targets; nothing is written on a refusal."""

from __future__ import annotations

import pytest

from dangbo.audit.models import AuditEntry
from dangbo.core.exceptions import ApplicationError, PermissionDenied
from dangbo.targets.models import Target
from dangbo.targets.services import targets_set


def test_the_district_officer_sets_a_wards_targets_with_an_audit_entry(small_tree, personas):
    targets_set(
        actor=personas["officer"],
        organization=small_tree.ward,
        year=2019,
        values={"new_members": 12, "cells_apartment": 1, "cells_non_state": None},
        decision_number="48-KH/QU",
    )
    assert dict(
        Target.objects.filter(organization=small_tree.ward, year=2019).values_list("kind", "value")
    ) == {
        "new_members": 12,
        "cells_apartment": 1,
    }
    entry = AuditEntry.objects.filter(action="target_set").order_by("pk").first()
    assert entry is not None and entry.actor == personas["officer"]
    assert entry.after == {"value": 12, "decision_number": "48-KH/QU", "note": ""}


def test_setting_again_changes_the_value_and_records_before_and_after(small_tree, personas):
    targets_set(
        actor=personas["officer"], organization=small_tree.ward, year=2019, values={"new_members": 12}
    )
    targets_set(
        actor=personas["officer"], organization=small_tree.ward, year=2019, values={"new_members": 15}
    )
    assert Target.objects.get(organization=small_tree.ward, kind="new_members").value == 15
    last = AuditEntry.objects.filter(action="target_set").order_by("-pk").first()
    assert last is not None and (last.before, last.after) == ({"value": 12}, {"value": 15})


def test_an_organization_outside_the_users_subtree_is_refused(small_tree, personas):
    with pytest.raises(PermissionDenied, match="Bạn không có quyền với tổ chức"):
        targets_set(
            actor=personas["outsider"], organization=small_tree.ward, year=2019, values={"new_members": 3}
        )
    assert not Target.objects.exists()


def test_an_organization_does_not_set_its_own_targets(small_tree, personas):
    with pytest.raises(PermissionDenied, match="do cấp ủy cấp trên giao"):
        targets_set(
            actor=personas["ward_staff"], organization=small_tree.ward, year=2019, values={"new_members": 3}
        )
    with pytest.raises(PermissionDenied, match="do cấp ủy cấp trên giao"):
        targets_set(
            actor=personas["viewer"], organization=small_tree.ward, year=2019, values={"new_members": 3}
        )
    assert not Target.objects.exists()


def test_the_ward_sets_its_cells_targets(small_tree, personas):
    targets_set(
        actor=personas["ward_staff"], organization=small_tree.cell_a, year=2019, values={"new_members": 2}
    )
    assert Target.objects.get(organization=small_tree.cell_a).value == 2


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"new_members": 0}, "new_members", "phải lớn hơn 0"),
        ({"new_members": 5, "cells_apartment": -1}, "cells_apartment", "phải lớn hơn 0"),
        ({"new_members": None}, "values", "ít nhất một chỉ tiêu"),
        ({"meetings": 3}, "kind", "Loại chỉ tiêu “meetings” không có"),
    ],
)
def test_a_bad_value_is_refused_and_nothing_is_written(small_tree, personas, values, field, message):
    with pytest.raises(ApplicationError, match=message) as error:
        targets_set(actor=personas["officer"], organization=small_tree.ward, year=2019, values=values)
    assert error.value.field == field
    assert not Target.objects.exists()
    assert not AuditEntry.objects.filter(action="target_set").exists()


def test_a_year_outside_the_organizations_life_is_refused(small_tree, personas):
    with pytest.raises(ApplicationError, match="chưa thành lập trong năm 2010"):
        targets_set(
            actor=personas["officer"], organization=small_tree.ward, year=2010, values={"new_members": 3}
        )
    with pytest.raises(ApplicationError, match="Năm “1800” không hợp lệ"):
        targets_set(
            actor=personas["officer"], organization=small_tree.ward, year=1800, values={"new_members": 3}
        )
