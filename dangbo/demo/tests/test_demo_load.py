"""load_demo: the Quận 9 demo as the seed article describes it (loaded once for the module)."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Q
from django.test.utils import override_settings

from dangbo.accounts.models import RoleAssignment, User
from dangbo.accounts.scope import system_actor
from dangbo.demo import names
from dangbo.demo.generator import PASSWORD, build_plan, load_demo
from dangbo.members import tree_counts
from dangbo.members.models import Member, MemberEvent, MemberPeriod
from dangbo.organizations import selectors
from dangbo.organizations.models import Organization, OrganizationEvent, OrganizationVersion, Sector

pytestmark = pytest.mark.usefixtures("demo", "db")

YEAR_END = date(2019, 12, 31)
CUTOFF = date(2019, 6, 30)  # admitted later than this: not rated for 2019
DISSOLVED_ON = date(2019, 7, 1)
WARDS = (
    "Long Bình",
    "Long Phước",
    "Long Thạnh Mỹ",
    "Long Trường",
    "Phú Hữu",
    "Phước Bình",
    "Phước Long A",
    "Phước Long B",
    "Tân Phú",
    "Tăng Nhơn Phú A",
    "Tăng Nhơn Phú B",
    "Trường Thạnh",
    "Hiệp Phú",
)


def q9() -> Organization:
    return Organization.objects.get(code="Q9")


def stats_json(*args: str) -> dict:
    out = StringIO()
    call_command("tree_stats", "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def names_on(day: date) -> set[str]:
    return set(selectors.subtree_versions(q9(), day).values_list("name", flat=True))


def on_books_on(day: date):
    """Periods of the members on the books of Quận 9's tree on `day`."""
    org_ids = selectors.subtree_versions(q9(), day).values("organization_id")
    return MemberPeriod.objects.filter(
        valid_from__lte=day,
        valid_to__gt=day,
        organization_id__in=org_ids,
        status__in=["probationary", "official"],
    )


def admission_dates(member_ids) -> dict[int, date]:
    """The date each member joined the Party, read from their first admission or transfer-in event."""
    admitted: dict[int, date] = {}
    rows = (
        MemberEvent.objects.filter(member_id__in=member_ids, kind__in=["admission", "transfer_in"])
        .order_by("member_id", "effective_on", "pk")
        .values_list("member_id", "kind", "effective_on", "details")
    )
    for member_id, kind, effective_on, details in rows:
        if member_id not in admitted:
            admitted[member_id] = (
                effective_on if kind == "admission" else date.fromisoformat(details["admitted_on"])
            )
    return admitted


def row_counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            Organization,
            OrganizationVersion,
            OrganizationEvent,
            Member,
            MemberEvent,
            MemberPeriod,
            User,
            RoleAssignment,
        )
    )


def test_the_district_has_42_grassroots_organizations_at_the_end_of_2019():
    stats = stats_json("--org", "Q9", "--as-of", "2019-12-31")
    assert stats["organization"] == {"code": "Q9", "name": "Đảng bộ Quận 9"}
    assert stats["organizations"]["grassroots"] == 42
    kinds = stats["organizations"]["by_kind"]
    assert kinds["district"] == 1
    assert kinds["grassroots_committee"] + kinds["grassroots_cell"] == 42
    current = names_on(YEAR_END)
    for ward in WARDS:
        assert f"Đảng bộ phường {ward}" in current


def test_the_grassroots_organizations_are_of_the_realistic_kinds():
    versions = selectors.subtree_versions(q9(), YEAR_END).filter(
        kind__in=["grassroots_committee", "grassroots_cell"]
    )
    sectors = Counter(versions.values_list("organization__sector", flat=True))
    assert sectors[Sector.WARD] == 13
    for sector in (
        Sector.AGENCY,
        Sector.ARMY,
        Sector.POLICE,
        Sector.PUBLIC_SCHOOL,
        Sector.PUBLIC_UNIT,
        Sector.STATE_ENTERPRISE,
        Sector.NON_STATE_ENTERPRISE,
        Sector.NON_PUBLIC_UNIT,
    ):
        assert sectors[sector] >= 1, sector
    codes = list(Organization.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    assert all(code == "Q9" or code.startswith("Q9-") for code in codes)


def test_exactly_5852_members_are_to_be_rated_for_2019():
    periods = on_books_on(YEAR_END)
    assert periods.count() == periods.values("member_id").distinct().count()  # one cell per member
    not_exempted = list(periods.filter(exempted=False).values_list("member_id", flat=True))
    admitted = admission_dates(not_exempted)
    rated = [m for m in not_exempted if admitted[m] <= CUTOFF]
    admitted_late = [m for m in not_exempted if admitted[m] > CUTOFF]
    exempted = periods.filter(exempted=True).count()
    assert len(rated) == 5852
    assert 100 <= exempted <= 200
    assert 60 <= len(admitted_late) <= 120


def test_at_most_21_members_were_disciplined_during_2019_and_they_are_rated():
    disciplined = set(
        MemberEvent.objects.filter(kind="discipline", effective_on__year=2019).values_list(
            "member_id", flat=True
        )
    )
    assert 0 < len(disciplined) <= 21
    periods = on_books_on(YEAR_END).filter(member_id__in=disciplined, exempted=False)
    assert periods.count() == len(disciplined)
    forms = set(
        MemberEvent.objects.filter(kind="discipline", effective_on__year=2019).values_list(
            "details__form", flat=True
        )
    )
    assert forms <= {"reprimand", "warning"}


def test_yearly_admissions_are_realistic_and_each_has_two_sponsors_of_the_same_cell():
    admissions = MemberEvent.objects.filter(kind="admission")
    per_year = Counter(admissions.values_list("effective_on__year", flat=True))
    for year in range(2015, 2020):
        assert 200 <= per_year[year] <= 280, (year, per_year[year])
    periods = defaultdict(list)
    for period in MemberPeriod.objects.filter(status="official"):
        periods[period.member_id].append(period)
    for event in admissions.select_related("member"):
        sponsors = event.details["sponsors"]
        assert len(set(sponsors)) == 2, event.member
        for sponsor in sponsors:
            assert any(
                p.organization_id == event.to_organization_id
                and p.valid_from <= event.effective_on < p.valid_to
                for p in periods[sponsor]
            ), (event.member, sponsor)
        assert event.details["source_group"] in {"youth_conscript", "worker", "militia", "student", "other"}
        assert re.fullmatch(r"\d+-QĐ/(ĐU|QU)", event.decision_number)
        age = (event.effective_on - event.member.birth_date).days / 365.25
        assert 18 <= age < 56


def test_conversions_take_effect_12_months_after_the_ceremony_and_are_decided_within_30_working_days():
    from dangbo.core.dates import add_months, add_working_days

    starts = {}  # probation runs 12 months from the admission ceremony (Điều lệ Đảng, Điều 5)
    for member_id, kind, effective_on, details in MemberEvent.objects.filter(
        kind__in=["admission", "transfer_in"]
    ).values_list("member_id", "kind", "effective_on", "details"):
        if kind == "admission":
            starts[member_id] = date.fromisoformat(details.get("ceremony_on") or effective_on.isoformat())
        elif details["status"] == "probationary":
            starts[member_id] = date.fromisoformat(details["admitted_on"])
    conversions = MemberEvent.objects.filter(kind="official").select_related("member")
    assert conversions.count() > 1000
    late = 0
    for event in conversions:
        assert event.effective_on == add_months(starts[event.member_id], 12)
        assert event.effective_on >= add_months(event.member.admitted_on, 12)
        assert event.decision_date is not None
        assert event.effective_on < event.decision_date <= add_working_days(event.effective_on, 30)
        late += event.decision_date > add_working_days(event.effective_on, 15)
    assert late > 0  # a few cells considered it late, still within the 30 working days


def test_the_lifecycle_has_every_kind_of_event():
    kinds = Counter(MemberEvent.objects.values_list("kind", flat=True))
    for kind in (
        "admission",
        "transfer_in",
        "official",
        "transfer",
        "exemption",
        "discipline",
        "removal",
        "death",
    ):
        assert kinds[kind] > 0, kind
    transfers = MemberEvent.objects.filter(kind="transfer")
    types = Counter(transfers.values_list("details__transfer_type", flat=True))
    assert (
        types["official"] > 0
        and types["internal"] > 0
        and types["temporary"] > 0
        and types["reorganization"] > 0
    )
    out = transfers.filter(to_organization__isnull=True, details__transfer_type="official")
    assert out.count() > 300
    assert not out.filter(details__destination="").exists()
    expulsions = MemberEvent.objects.filter(kind="discipline", details__form="expulsion")
    assert 1 <= expulsions.count() <= 5


def test_the_ward_agency_cells_are_dissolved_in_2019_and_their_members_moved_to_khu_pho_cells():
    cells = Organization.objects.filter(name__startswith="Chi bộ Cơ quan phường")
    assert cells.count() == 13
    for cell in cells:
        assert cell.ended_on == DISSOLVED_ON
        dissolution = cell.events.get(action=OrganizationEvent.Action.DISSOLVE)
        assert dissolution.effective_on == DISSOLVED_ON
        assert re.fullmatch(r"\d+-QĐ/QU", dissolution.decision_number)
        ward = OrganizationVersion.objects.get(
            organization=cell, valid_from__lte=date(2019, 6, 30), valid_to__gt=date(2019, 6, 30)
        ).parent
        moves = MemberEvent.objects.filter(organization_event=dissolution)
        assert moves.count() == dissolution.details["members_moved"] > 0
        receiving = set()
        for move in moves.select_related("to_organization"):
            assert move.kind == "transfer"
            assert move.from_organization_id == cell.pk
            assert move.decision_number == dissolution.decision_number
            assert move.effective_on == DISSOLVED_ON
            target = move.to_organization
            assert target is not None and ward is not None
            assert target.sector == Sector.RESIDENTIAL
            assert target.parent_id == ward.pk
            assert target.name.startswith("Chi bộ Khu phố")
            period = MemberPeriod.objects.get(
                member_id=move.member_id, valid_from__lte=DISSOLVED_ON, valid_to__gt=DISSOLVED_ON
            )
            assert period.organization_id == move.to_organization_id
            receiving.add(move.to_organization_id)
        assert len(receiving) >= 2  # spread across the ward's khu phố cells
        assert not MemberPeriod.objects.filter(organization=cell, valid_to__gt=DISSOLVED_ON).exists()


def test_the_2018_tree_still_shows_the_ward_agency_cells():
    in_2018 = names_on(date(2018, 12, 31))
    in_2019 = names_on(YEAR_END)
    for ward in WARDS:
        assert f"Chi bộ Cơ quan phường {ward}" in in_2018
        assert f"Chi bộ Cơ quan phường {ward}" not in in_2019
    stats_2018 = stats_json("--org", "Q9", "--as-of", "2018-12-31")
    stats_2019 = stats_json("--org", "Q9", "--as-of", "2019-12-31")
    # 13 agency cells dissolved, 2 apartment cells set up in 2019
    affiliated_2018 = stats_2018["organizations"]["by_kind"]["affiliated_cell"]
    assert affiliated_2018 == stats_2019["organizations"]["by_kind"]["affiliated_cell"] + 13 - 2
    tree = tree_counts.tree(
        system_actor("kiểm thử"), Organization.objects.get(code="Q9-TT"), date(2018, 12, 31)
    )
    assert tree is not None
    assert "Chi bộ Cơ quan phường Trường Thạnh" in {child.version.name for child in tree.children}


def test_the_primary_school_cell_of_truong_thanh_has_members_every_year_from_2015():
    school = Organization.objects.get(name="Chi bộ Trường Tiểu học Trường Thạnh")
    assert school.kind == "affiliated_cell"
    assert school.sector == Sector.PUBLIC_SCHOOL
    assert school.parent is not None and school.parent.name == "Đảng bộ phường Trường Thạnh"
    assert school.ended_on is None
    for year in range(2015, 2020):
        day = date(year, 12, 31)
        assert selectors.version_of(school, day) is not None
        assert (
            MemberPeriod.objects.filter(organization=school, valid_from__lte=day, valid_to__gt=day).count()
            >= 5
        )


def test_two_apartment_cells_are_set_up_in_2019_with_members():
    apartments = Organization.objects.filter(sector=Sector.APARTMENT)
    assert apartments.count() == 2
    for apartment in apartments:
        assert apartment.established_on.year == 2019
        assert apartment.name.startswith("Chi bộ Chung cư")
        assert on_books_on(YEAR_END).filter(organization=apartment).count() >= 3


def test_every_cccd_has_12_digits_and_is_unique_and_consistent_with_the_member():
    codes = (
        {code for _, code, _, _ in names.PROVINCES}
        | {code for _, code, _ in names.KHMER_PROVINCES}
        | {code for _, code, _ in names.CHAM_PROVINCES}
    )
    rows = list(Member.objects.values_list("cccd", "sex", "birth_date"))
    cccds = [cccd for cccd, _, _ in rows]
    assert len(cccds) == len(set(cccds)) == Member.objects.count()
    for cccd, sex, birth in rows:
        assert cccd is not None and re.fullmatch(r"[0-9]{12}", cccd)
        assert cccd[:3] in codes
        assert int(cccd[3]) == (0 if birth.year < 2000 else 2) + (1 if sex == "female" else 0)
        assert cccd[4:6] == f"{birth.year % 100:02d}"
    cards = [c for c in Member.objects.values_list("party_card_number", flat=True) if c]
    assert len(cards) == len(set(cards))
    assert not Member.objects.filter(official_on__isnull=False, party_card_number__isnull=True).exists()


def test_members_look_like_the_population_of_the_district():
    members = Member.objects.all()
    surnames = Counter(members.values_list("surname", flat=True))
    assert surnames.most_common(1)[0][0] == "Nguyễn"
    assert 0.3 < surnames["Nguyễn"] / members.count() < 0.45
    ethnicity = Counter(members.values_list("ethnicity", flat=True))
    assert ethnicity["Kinh"] / members.count() > 0.9
    assert ethnicity["Hoa"] and ethnicity["Khmer"] and ethnicity["Chăm"]
    assert Counter(members.values_list("religion", flat=True)).most_common(1)[0][0] == "Không"
    assert members.filter(education="12/12").count() / members.count() > 0.9
    assert members.filter(Q(sex="female")).count() > 0.3 * members.count()


def test_the_demo_users_can_log_in_with_their_roles():
    expected = {
        "bantochuc": ("committee_officer", "Q9"),
        "truongthanh": ("grassroots_staff", "Q9-TT"),
        "xem": ("viewer", "Q9"),
    }
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        for username in ("quantri", "bantochuc", "truongthanh", "bithu", "xem"):
            assert authenticate(username=username, password=PASSWORD) is not None, username
    admin = User.objects.get(username="quantri")
    assert admin.is_superuser and admin.is_staff
    for username, (role, code) in expected.items():
        assignment = RoleAssignment.objects.get(user__username=username)
        assert (assignment.role, assignment.organization.code) == (role, code)
    secretary = RoleAssignment.objects.get(user__username="bithu")
    assert secretary.role == "cell_secretary"
    assert secretary.organization.parent is not None and secretary.organization.parent.code == "Q9-TT"
    assert secretary.organization.name.startswith("Chi bộ Khu phố")


def test_the_summary_is_in_vietnamese_with_the_key_figure(demo):
    text = "\n".join(demo.lines())
    assert demo.created
    assert "5.852" in text
    assert "42 tổ chức cơ sở đảng" in text
    for username in ("quantri", "bantochuc", "truongthanh", "bithu", "xem"):
        assert username in text


def test_a_second_load_changes_nothing():
    before = row_counts()
    summary = load_demo()
    assert not summary.created
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "đã được nạp" in out.getvalue()
    call_command("load_demo", "--if-empty", stdout=out)
    assert row_counts() == before


def test_the_loaded_data_is_the_plan_generated_in_memory():
    plan = build_plan()
    expected = sorted(
        (m.profile["cccd"], m.profile["full_name"], m.profile["birth_date"].isoformat()) for m in plan.members
    )
    # the members admitted from the admission pipeline's candidates (dangbo/admissions/demo.py) apart
    from dangbo.admissions.models import Candidate

    admitted = list(Candidate.objects.exclude(member=None).values_list("member_id", flat=True))
    assert len(admitted) == 1
    loaded = sorted(
        (cccd, name, birth.isoformat())
        for cccd, name, birth in Member.objects.exclude(pk__in=admitted).values_list(
            "cccd", "full_name", "birth_date"
        )
    )
    assert loaded == expected
    # and the suspension the 2025 review records (dangbo/demo/review2025.py), which the plan has not
    suspensions = MemberEvent.objects.filter(kind=MemberEvent.Kind.SUSPENSION)
    assert suspensions.count() == 1
    assert MemberEvent.objects.exclude(member_id__in=admitted).exclude(
        pk__in=suspensions.values("pk")
    ).count() == sum(len(m.events) for m in plan.members)
