"""Who decides a member's lifecycle event (cấp có thẩm quyền): the pure rule, the services refusing
everyone else with the level named, and the pages offering only what the user decides."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from dangbo.core.exceptions import PermissionDenied
from dangbo.members import authority
from dangbo.members.models import Member, MemberEvent
from dangbo.members.services import member_act, member_transfer

DISTRICT, WARD, CELL, SCHOOL = 1, 2, 3, 4
WARD_CELL = [(DISTRICT, "district"), (WARD, "grassroots_committee"), (CELL, "affiliated_cell")]
GRASSROOTS_CELL = [(DISTRICT, "district"), (SCHOOL, "grassroots_cell")]
NOT_AUTHORIZED = authority.AuthoritySettings(grassroots_committee_admits=False)


@pytest.mark.parametrize(
    ("kind", "form", "chain", "rules", "decider"),
    [
        ("official", "", WARD_CELL, authority.DEFAULT, WARD),  # the authorized grassroots committee
        ("official", "", WARD_CELL, NOT_AUTHORIZED, DISTRICT),  # else the district's standing committee
        ("official", "", GRASSROOTS_CELL, authority.DEFAULT, DISTRICT),  # a grassroots cell never admits
        ("admission", "", WARD_CELL, authority.DEFAULT, WARD),
        ("removal", "", WARD_CELL, authority.DEFAULT, WARD),
        ("leaving", "", GRASSROOTS_CELL, authority.DEFAULT, DISTRICT),
        ("discipline", "reprimand", WARD_CELL, authority.DEFAULT, CELL),  # Điều 36: the cell
        ("discipline", "warning", GRASSROOTS_CELL, authority.DEFAULT, SCHOOL),
        ("discipline", "dismissal", WARD_CELL, authority.DEFAULT, WARD),
        ("discipline", "dismissal", GRASSROOTS_CELL, authority.DEFAULT, DISTRICT),
        ("discipline", "expulsion", WARD_CELL, NOT_AUTHORIZED, DISTRICT),
        ("exemption", "", WARD_CELL, authority.DEFAULT, CELL),  # QĐ 24, 7.1: the cell decides
        ("exemption_end", "", WARD_CELL, authority.DEFAULT, CELL),
        ("death", "", WARD_CELL, authority.DEFAULT, CELL),
        ("transfer", "", WARD_CELL, authority.DEFAULT, WARD),
        ("transfer", "", GRASSROOTS_CELL, authority.DEFAULT, SCHOOL),
        ("return", "", WARD_CELL, authority.DEFAULT, WARD),
    ],
)
def test_the_deciding_level(kind, form, chain, rules, decider):
    found = authority.event_authority(kind, chain, discipline_form=form, settings=rules)
    assert found.organization_id == decider
    assert found.source.startswith("Điều lệ Đảng")


def test_the_level_above_the_root_is_not_in_the_system():
    found = authority.event_authority("official", [(SCHOOL, "grassroots_cell")])
    assert found.organization_id is None  # only an administrator records it


def test_every_event_kind_has_a_deciding_level():
    for kind in MemberEvent.Kind.values:
        assert authority.event_authority(kind, WARD_CELL).who


def test_the_refusal_names_the_decision_the_level_and_the_article():
    found = authority.event_authority("discipline", WARD_CELL, discipline_form="expulsion")
    message = authority.refusal("discipline", found, "Đảng bộ phường An Bình", discipline_form="expulsion")
    assert message.startswith(
        "Việc kỷ luật khai trừ thuộc thẩm quyền của đảng ủy cơ sở (được ủy quyền quyết định kết nạp đảng viên) "
        "(Đảng bộ phường An Bình) (Điều lệ Đảng, Điều 36)"
    )


def _official(actor, member):
    return member_act(
        actor=actor,
        member=member,
        kind=MemberEvent.Kind.OFFICIAL,
        effective_on=date(2025, 3, 15),
        decision_number="12-QĐ/ĐU",
        decision_date=date(2025, 3, 15),
    )


def _act(actor, member, kind, form=""):
    return member_act(
        actor=actor,
        member=member,
        kind=kind,
        effective_on=date(2025, 6, 1),
        decision_number="20-QĐ",
        decision_date=date(2025, 6, 1),
        form=form,
    )


@pytest.fixture
def probationary(small_tree, make_member):
    return make_member(
        small_tree.cell_a,
        "Phạm Minh Dũng",
        status="probationary",
        admitted=date(2024, 3, 15),
        on=date(2024, 3, 15),
    )


@pytest.mark.django_db
def test_a_cell_secretary_is_refused_a_conversion_naming_the_level(personas, probationary):
    with pytest.raises(PermissionDenied) as refused:
        _official(personas["secretary_a"], probationary)
    assert "công nhận đảng viên chính thức thuộc thẩm quyền của đảng ủy cơ sở" in refused.value.message
    assert "(Đảng bộ phường An Bình)" in refused.value.message
    assert "Điều lệ Đảng, Điều 5" in refused.value.message
    assert MemberEvent.objects.filter(member=probationary, kind="official").count() == 0
    _official(personas["ward_staff"], probationary)  # the grassroots committee's staff decides
    assert Member.objects.get(pk=probationary.pk).status == "official"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "form", "level"),
    [
        ("removal", "", "đảng ủy cơ sở"),
        ("leaving", "", "đảng ủy cơ sở"),
        ("discipline", "expulsion", "đảng ủy cơ sở"),
        ("discipline", "dismissal", "đảng ủy cơ sở"),
    ],
)
def test_a_cell_secretary_is_refused_a_removal_or_a_heavy_discipline(
    personas, small_tree, make_member, kind, form, level
):
    member = make_member(small_tree.cell_a, "Nguyễn Văn An")
    events = MemberEvent.objects.count()
    with pytest.raises(PermissionDenied) as refused:
        _act(personas["secretary_a"], member, kind, form)
    assert level in refused.value.message and "Đảng bộ phường An Bình" in refused.value.message
    assert MemberEvent.objects.count() == events
    _act(personas["ward_staff"], member, kind, form)
    assert MemberEvent.objects.count() == events + 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "form"), [("discipline", "reprimand"), ("discipline", "warning"), ("exemption", "")]
)
def test_a_cell_secretary_records_what_the_cell_decides(personas, small_tree, make_member, kind, form):
    member = make_member(small_tree.cell_a, "Nguyễn Văn An")
    _act(personas["secretary_a"], member, kind, form)
    assert MemberEvent.objects.filter(member=member, kind=kind).count() == 1


@pytest.mark.django_db
def test_a_transfer_is_the_grassroots_committees(personas, small_tree, make_member):
    member = make_member(small_tree.cell_a, "Nguyễn Văn An")
    kwargs = {
        "member": member,
        "to_organization": small_tree.cell_b,
        "transfer_type": "internal",
        "effective_on": date(2025, 6, 1),
        "decision_number": "30-QĐ/ĐU",
        "decision_date": date(2025, 6, 1),
    }
    with pytest.raises(PermissionDenied) as refused:
        member_transfer(actor=personas["secretary_a"], **{**kwargs, "to_organization": small_tree.cell_a})
    assert "chuyển sinh hoạt đảng thuộc thẩm quyền của đảng ủy cơ sở" in refused.value.message
    member_transfer(actor=personas["ward_staff"], **kwargs)
    assert Member.objects.get(pk=member.pk).organization_id == small_tree.cell_b.pk


@pytest.mark.django_db
def test_without_the_authorization_the_district_converts(settings, personas, probationary):
    settings.DANGBO_LIFECYCLE_RULES = {"grassroots_committee_admits": False}
    with pytest.raises(PermissionDenied) as refused:
        _official(personas["ward_staff"], probationary)
    assert "ban thường vụ cấp ủy cấp trên trực tiếp" in refused.value.message
    assert "(Đảng bộ Quận Thử)" in refused.value.message
    _official(personas["officer"], probationary)
    assert Member.objects.get(pk=probationary.pk).status == "official"


@pytest.mark.django_db
def test_the_member_page_offers_a_secretary_only_what_the_cell_decides(client, personas, probationary):
    client.force_login(personas["secretary_a"])
    html = client.get(reverse("member_detail", args=[probationary.pk])).content.decode()
    assert reverse("member_act", args=[probationary.pk, "ky-luat"]) in html  # the cell may warn
    for slug in ("chinh-thuc", "xoa-ten", "ra-khoi-dang"):
        assert reverse("member_act", args=[probationary.pk, slug]) not in html
        response = client.get(reverse("member_act", args=[probationary.pk, slug]))
        assert response.status_code == 403 and "thẩm quyền" in response.content.decode()
    form = client.get(reverse("member_act", args=[probationary.pk, "ky-luat"])).content.decode()
    assert 'value="reprimand"' in form and 'value="warning"' in form
    assert 'value="expulsion"' not in form and 'value="dismissal"' not in form

    client.force_login(personas["ward_staff"])
    html = client.get(reverse("member_detail", args=[probationary.pk])).content.decode()
    assert reverse("member_act", args=[probationary.pk, "chinh-thuc"]) in html
