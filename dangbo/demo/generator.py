"""The demo data: Đảng bộ Quận 9, Hồ Chí Minh City, 2014–2019 (the situation of the seed article).

build_plan() (dangbo.demo.simulation) simulates the district in memory from a fixed seed and returns the
same plan on every run; load_demo() writes it in one transaction: organizations through the
organization services, members in bulk (dangbo.members.bulk), and the 2019 dissolution of the ward
agency cells through organization_dissolve so that their members move to the khu phố cells with proper
transfer events. The dissolved cells' members' later events go through the member services.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from dangbo.accounts.scope import system_actor
from dangbo.demo import structure
from dangbo.demo.plan import HISTORY_START, MemberPlan, Plan
from dangbo.demo.reviews import Written, write_reviews
from dangbo.demo.simulation import RATING_CUTOFF, SEED, YEAR_END, build_plan, plan_figures

if TYPE_CHECKING:
    from dangbo.organizations.models import Organization

PASSWORD = "dangbo2019"

__all__ = ["PASSWORD", "SEED", "DemoSummary", "build_plan", "load_demo", "plan_figures"]


@dataclass
class DemoSummary:
    created: bool
    organizations: int = 0
    members: int = 0
    events: int = 0
    stats: dict[str, Any] = field(default_factory=dict)
    rated: int = 0
    yearly: dict[int, dict[str, int]] = field(default_factory=dict)
    users: list[tuple[str, str]] = field(default_factory=list)
    skipped_users: list[str] = field(default_factory=list)
    seconds: float = 0.0
    reviews: Written | None = None
    review_2025: Any = None  # dangbo.demo.review2025.Written2025: one ward under QĐ 366

    def lines(self) -> list[str]:
        from dangbo.core.text import format_number as n

        if not self.created:
            return ["Dữ liệu mẫu Đảng bộ Quận 9 đã được nạp trước đó (có tổ chức mã Q9); không thay đổi gì."]
        members = self.stats.get("members", {})
        orgs = self.stats.get("organizations", {})
        lines = [
            f"Đã nạp dữ liệu mẫu Đảng bộ Quận 9 (2014–2019) trong {n(self.seconds, 1)} giây:",
            f"  {n(self.organizations)} tổ chức đảng, {n(self.members)} đảng viên, {n(self.events)} sự kiện.",
            f"Ngày 31/12/2019: {n(orgs.get('grassroots', 0))} tổ chức cơ sở đảng, {n(orgs.get('cells', 0))} chi bộ; "
            f"{n(members.get('total', 0))} đảng viên ({n(members.get('official', 0))} chính thức, "
            f"{n(members.get('probationary', 0))} dự bị).",
            f"  Thuộc diện đánh giá, xếp loại năm 2019: {n(self.rated)} đảng viên "
            f"(không tính {n(members.get('exempted', 0))} đảng viên miễn công tác và sinh hoạt đảng và "
            f"{n(members.get('total', 0) - members.get('exempted', 0) - self.rated)} đảng viên kết nạp sau 30/06/2019).",
            "Theo năm: kết nạp / chính thức / tiếp nhận / chuyển đi / từ trần / xóa tên, khai trừ:",
        ]
        for year, row in sorted(self.yearly.items()):
            lines.append(
                f"  {year}: {n(row['admission'])} / {n(row['official'])} / {n(row['transfer_in'])} / "
                f"{n(row['transfer_out'])} / {n(row['death'])} / {n(row['removal'] + row['expulsion'])}"
            )
        if self.reviews:
            lines.append(
                "Đánh giá, xếp loại (HTXSNV / HTTNV / HTNV / KHTNV) — đảng viên; tổ chức cơ sở đảng:"
            )
            for year, figures in sorted(self.reviews.by_year.items()):
                members_row = " / ".join(n(x) for x in figures["members"])
                grassroots_row = " / ".join(n(x) for x in figures["grassroots"])
                lines.append(f"  {year}: {members_row}; {grassroots_row}")
        if self.review_2025:
            r = self.review_2025
            lines.append(
                f"Năm 2025 (chấm điểm thang 100), Đảng bộ phường Long Phước: {n(r.members)} đảng viên xếp loại "
                f"({n(r.excellent)} hoàn thành xuất sắc, {n(r.good)} hoàn thành tốt nhiệm vụ), {n(r.not_rated)} "
                f"không xếp loại (đình chỉ sinh hoạt: {r.suspended}); {n(r.cells)} chi bộ."
            )
        lines.append(f"Tài khoản đăng nhập (mật khẩu {PASSWORD}):")
        lines.extend(f"  {username}: {role}" for username, role in self.users)
        if self.skipped_users:
            lines.append(f"  Đã có sẵn, không thay đổi: {', '.join(self.skipped_users)}.")
        return lines


def load_demo(stdout: TextIO | None = None, *, seed: int = SEED) -> DemoSummary:
    """Write the demo into the database in one transaction; do nothing if Q9 is already there."""
    from django.db import connection, transaction

    from dangbo.congresses.demo import open_demo_round
    from dangbo.organizations.models import Organization
    from dangbo.planning.demo import write_planning

    started = time.monotonic()
    with transaction.atomic():
        if Organization.objects.filter(code=structure.ROOT_CODE).exists():
            summary = DemoSummary(created=False)
        else:
            plan = build_plan(seed)
            if stdout:
                stdout.write(f"Đã lập kế hoạch dữ liệu: {len(plan.members)} đảng viên.\n")
            organizations = _write_organizations(plan)
            from dangbo.organizations.services import organization_set_letterhead

            organization_set_letterhead(  # the district's superior, printed above it on its documents
                actor=system_actor("nạp dữ liệu mẫu"),
                organization=organizations[structure.ROOT_CODE],
                number_abbreviation="",
                superior_printed_name=structure.CITY_ORGANIZATION,
            )
            ids = _write_members(plan, organizations)
            _dissolve(plan, organizations, ids)
            summary = DemoSummary(created=True)
            summary.reviews = write_reviews(organizations[structure.ROOT_CODE])
            from dangbo.demo.review2025 import write_review_2025  # one ward under QĐ 366

            summary.review_2025 = write_review_2025(organizations[structure.ROOT_CODE])
            write_planning(organizations[structure.ROOT_CODE])
            from dangbo.targets.demo import load_targets_demo  # targets and cell meetings of 2019

            load_targets_demo(organizations[structure.ROOT_CODE])
            from dangbo.admissions.demo import load_admissions_demo  # candidates at every stage

            load_admissions_demo()
            from dangbo.dues.demo import load_dues_demo  # dues of 2026 for the cells of one ward

            load_dues_demo()
            from dangbo.demo.badges import load_badges_demo  # Huy hiệu Đảng around 07/11/2019

            load_badges_demo(organizations[structure.ROOT_CODE])
            summary.users, summary.skipped_users = _write_users(organizations)
            open_demo_round(organizations[structure.ROOT_CODE])  # Q9's 2020–2025 congresses, none held yet
            _summarize(summary, organizations[structure.ROOT_CODE])
    if summary.created:
        # the query planner's statistics of the tables just filled: without them SQLite reads a
        # ward's members through the index of their status, every member of the district, rather
        # than through the ward's organizations (a member list 10 times slower); PostgreSQL's
        # autovacuum would get there in its own time
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    summary.seconds = time.monotonic() - started
    if stdout:
        stdout.write("\n".join(summary.lines()) + "\n")
    return summary


def _write_organizations(plan: Plan) -> dict[str, Organization]:
    from dangbo.organizations.services import Decision, organization_establish

    created: dict[str, Organization] = {}
    for org in sorted(plan.organizations, key=lambda o: (o.established_on, o.code.count("-"))):
        created[org.code] = organization_establish(
            actor=system_actor("nạp dữ liệu mẫu"),
            code=org.code,
            name=org.name,
            kind=org.kind,
            sector=org.sector,
            parent=created[org.parent] if org.parent else None,
            effective_on=org.established_on,
            decision=Decision(number=org.decision_number, date=org.decision_date, issued_by=org.issued_by),
        )
    return created


def _write_members(plan: Plan, organizations: dict[str, Organization]) -> dict[int, int]:
    """Bulk-create the members batch by batch; events after a dissolution move are held back."""
    from dangbo.members.bulk import PlannedEvent, PlannedMember, bulk_create_members

    ids: dict[int, int] = {}
    batches: dict[int, list[MemberPlan]] = defaultdict(list)
    for member in plan.members:
        batches[member.batch].append(member)
    for batch in sorted(batches):
        members = batches[batch]
        planned = []
        for member in members:
            events = []
            for event in member.events:
                if event.by_dissolution:
                    break
                details = dict(event.details)
                if event.kind == "admission":
                    details["sponsors"] = [ids[key] for key in event.sponsors]
                events.append(
                    PlannedEvent(
                        kind=event.kind,
                        effective_on=event.effective_on,
                        to_organization_id=organizations[event.to_code].pk if event.to_code else None,
                        decision_number=event.decision_number,
                        decision_date=event.decision_date,
                        issued_by=event.issued_by,
                        details=details,
                        note=event.note,
                    )
                )
            planned.append(PlannedMember(profile=dict(member.profile), events=events))
        created = bulk_create_members(planned)
        for member, record in zip(members, created, strict=True):
            assert record.pk is not None
            ids[member.key] = record.pk
    return ids


def _dissolve(plan: Plan, organizations: dict[str, Organization], ids: dict[int, int]) -> None:
    """Dissolve the ward agency cells (their members go to the khu phố cells), then record the
    dissolved cells' members' later events through the member services."""
    from dangbo.members.models import Member
    from dangbo.members.services import member_record_event
    from dangbo.organizations.services import Decision
    from dangbo.reorganizations.services import organization_dissolve

    for org in plan.organizations:
        if org.dissolved_on is None:
            continue
        assert org.dissolution_date is not None
        moves = plan.receiving.get(org.code, {})
        receiving = {ids[key]: organizations[code] for key, code in moves.items()}
        organization_dissolve(
            actor=system_actor("nạp dữ liệu mẫu"),
            organization=organizations[org.code],
            effective_on=org.dissolved_on,
            decision=Decision(
                number=org.dissolution_number,
                date=org.dissolution_date,
                issued_by=structure.DISTRICT_COMMITTEE,
                note="Giải thể chi bộ cơ quan phường, chuyển đảng viên về sinh hoạt tại chi bộ khu phố",
            ),
            receiving=receiving,
        )
    for member in plan.members:
        later = False
        record: Member | None = None
        for event in member.events:
            if event.by_dissolution:
                later = True
                continue
            if not later:
                continue
            record = record or Member.objects.get(pk=ids[member.key])
            member_record_event(
                actor=system_actor("nạp dữ liệu mẫu"),
                member=record,
                kind=event.kind,
                effective_on=event.effective_on,
                decision_number=event.decision_number,
                decision_date=event.decision_date,
                issued_by=event.issued_by,
                to_organization=organizations[event.to_code] if event.to_code else None,
                details=dict(event.details),
                note=event.note,
            )


USERS = (
    ("quantri", "Quản trị hệ thống", None, None),
    ("bantochuc", "Ban Tổ chức Quận ủy Quận 9", "committee_officer", structure.ROOT_CODE),
    ("truongthanh", "Văn phòng Đảng ủy phường Trường Thạnh", "grassroots_staff", "Q9-TT"),
    ("bithu", "Bí thư Chi bộ Khu phố 1, phường Trường Thạnh", "cell_secretary", "Q9-TT-KP1"),
    ("xem", "Người xem báo cáo", "viewer", structure.ROOT_CODE),
)


def _write_users(organizations: dict[str, Organization]) -> tuple[list[tuple[str, str]], list[str]]:
    """The demo logins. An existing user of the same name is left as it is. The password is hashed
    once for all of them (the same public demo password; the production hasher is deliberately slow)."""
    from django.contrib.auth.hashers import make_password

    from dangbo.accounts.models import RoleAssignment, User

    hashed = make_password(PASSWORD)
    listed: list[tuple[str, str]] = []
    skipped: list[str] = []
    for username, full_name, role, code in USERS:
        if User.objects.filter(username=username).exists():
            skipped.append(username)
            continue
        superuser = role is None
        user = User.objects.create_user(
            username=username, password=None, full_name=full_name, is_superuser=superuser, is_staff=superuser
        )
        user.password = hashed
        user.save(update_fields=["password"])
        if role and code:
            organization = organizations[code]
            RoleAssignment.objects.create(user=user, organization=organization, role=role)
            listed.append((username, f"{RoleAssignment.Role(role).label} — {organization.name}"))
        else:
            listed.append((username, "Quản trị hệ thống (toàn quyền)"))
    return listed, skipped


def _summarize(summary: DemoSummary, root: Organization) -> None:
    from dangbo.members.models import Member, MemberEvent, MemberPeriod
    from dangbo.members.tree_counts import subtree_stats
    from dangbo.organizations.models import Organization

    summary.organizations = Organization.objects.filter(path__startswith=root.path).count()
    summary.members = Member.objects.count()
    summary.events = MemberEvent.objects.count()
    summary.stats = subtree_stats(system_actor("nạp dữ liệu mẫu"), root, YEAR_END)
    summary.rated = (
        MemberPeriod.objects.filter(
            organization__path__startswith=root.path,
            valid_from__lte=YEAR_END,
            valid_to__gt=YEAR_END,
            exempted=False,
            member__admitted_on__lte=RATING_CUTOFF,
        )
        .values("member_id")
        .distinct()
        .count()
    )
    yearly: dict[int, Counter[str]] = defaultdict(Counter)
    events = MemberEvent.objects.filter(
        effective_on__gte=HISTORY_START, member__organization__path__startswith=root.path
    ).values_list("effective_on", "kind", "to_organization_id", "details")
    for day, kind, to_organization, details in events.iterator(chunk_size=5000):
        if kind == "transfer":
            if details.get("transfer_type") == "temporary":
                kind = "temporary"
            elif to_organization is None:
                kind = "transfer_out"
            else:
                kind = "transfer_within"
        elif kind == "discipline" and details.get("form") == "expulsion":
            kind = "expulsion"
        yearly[day.year][kind] += 1
    summary.yearly = {year: _zero(yearly[year]) for year in sorted(yearly)}


def _zero(row: Counter[str]) -> dict[str, int]:
    keys = ("admission", "official", "transfer_in", "transfer_out", "death", "removal", "expulsion")
    return {key: row.get(key, 0) for key in keys}
