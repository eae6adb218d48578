"""The organization tree (tổ chức đảng) and its effective-dated history.

Organization holds what does not change (code, sector) and a copy of the current version for quick
display. OrganizationVersion rows hold name, kind, parent and materialised path over a date range
[valid_from, valid_to): the tree "as of" any day is the set of versions valid that day, so 2019's
tree stays answerable after later reorganizations. OrganizationEvent is the decision log.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangbo.core.dates import OPEN_END


class Kind(models.TextChoices):
    """Cấp tổ chức."""

    PROVINCE = "province", "Đảng bộ tỉnh, thành phố"
    DISTRICT = "district", "Đảng bộ quận, huyện"
    COMMUNE = "commune", "Đảng bộ xã, phường, đặc khu"
    SUPERIOR = "superior", "Đảng bộ cấp trên cơ sở khác"
    GRASSROOTS_COMMITTEE = "grassroots_committee", "Đảng bộ cơ sở"
    GRASSROOTS_CELL = "grassroots_cell", "Chi bộ cơ sở"
    PARTIAL_COMMITTEE = "partial_committee", "Đảng bộ bộ phận"
    AFFILIATED_CELL = "affiliated_cell", "Chi bộ trực thuộc"


COMMITTEE_KINDS = {Kind.PROVINCE, Kind.DISTRICT, Kind.COMMUNE, Kind.SUPERIOR}
GRASSROOTS_KINDS = {Kind.GRASSROOTS_COMMITTEE, Kind.GRASSROOTS_CELL}
# Members are kept in cells: a grassroots cell or an affiliated cell.
CELL_KINDS = {Kind.GRASSROOTS_CELL, Kind.AFFILIATED_CELL}
# Which kinds may sit directly under which.
ALLOWED_CHILDREN: dict[str, set[str]] = {
    Kind.PROVINCE: {Kind.DISTRICT, Kind.COMMUNE, Kind.SUPERIOR, *GRASSROOTS_KINDS},
    Kind.DISTRICT: {Kind.SUPERIOR, *GRASSROOTS_KINDS},
    Kind.COMMUNE: {Kind.SUPERIOR, *GRASSROOTS_KINDS},
    Kind.SUPERIOR: {Kind.SUPERIOR, *GRASSROOTS_KINDS},
    Kind.GRASSROOTS_COMMITTEE: {Kind.PARTIAL_COMMITTEE, Kind.AFFILIATED_CELL},
    Kind.PARTIAL_COMMITTEE: {Kind.AFFILIATED_CELL},
    Kind.GRASSROOTS_CELL: set(),
    Kind.AFFILIATED_CELL: set(),
}


class Sector(models.TextChoices):
    """Loại hình tổ chức."""

    WARD = "ward", "Xã, phường, thị trấn"
    AGENCY = "agency", "Cơ quan"
    PUBLIC_SCHOOL = "public_school", "Trường học công lập"
    PUBLIC_UNIT = "public_unit", "Đơn vị sự nghiệp công lập khác"
    STATE_ENTERPRISE = "state_enterprise", "Doanh nghiệp nhà nước"
    NON_STATE_ENTERPRISE = "non_state_enterprise", "Doanh nghiệp ngoài khu vực nhà nước"
    NON_PUBLIC_UNIT = "non_public_unit", "Đơn vị sự nghiệp ngoài công lập"
    RESIDENTIAL = "residential", "Khu phố, ấp"
    APARTMENT = "apartment", "Chung cư"
    ARMY = "army", "Quân đội"
    POLICE = "police", "Công an"
    OTHER = "other", "Khác"


def path_ids(path: str) -> list[int]:
    """The organization ids on a materialised path ("/1/7/23/" -> [1, 7, 23]): the node and its
    ancestors, from the root down."""
    return [int(p) for p in path.strip("/").split("/") if p]


class Organization(models.Model):
    code = models.CharField("mã tổ chức", max_length=40, unique=True)
    sector = models.CharField("loại hình", max_length=32, choices=Sector.choices, default=Sector.OTHER)
    established_on = models.DateField("ngày thành lập")
    ended_on = models.DateField("ngày giải thể/sáp nhập", null=True, blank=True)
    # A copy of the current version, maintained by the services.
    name = models.CharField("tên tổ chức", max_length=255)
    kind = models.CharField("cấp tổ chức", max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="cấp trên",
    )
    path = models.CharField("đường dẫn", max_length=255, db_index=True)
    version = models.PositiveIntegerField(default=1)
    # How its documents are headed (Hướng dẫn 36-HD/VPTW; dangbo/organizations/letterhead.py): the
    # issuing body's abbreviation in a number ("QU" in "Số 09-BC/QU") and the superior body's line as
    # printed; empty = derived from the kind and the parent's name.
    number_abbreviation = models.CharField("ký hiệu cơ quan ban hành", max_length=12, blank=True)
    superior_printed_name = models.CharField(
        "tên cơ quan cấp trên (in trên văn bản)", max_length=255, blank=True
    )

    class Meta:
        verbose_name = "tổ chức đảng"
        verbose_name_plural = "tổ chức đảng"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("established_on")),
                name="organization_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    @property
    def is_void(self) -> bool:
        """Established by a decision since withdrawn: ended the day it began, never in force (a
        dissolution on the day of an earlier decision is refused, so no other organization is)."""
        return self.ended_on is not None and self.ended_on == self.established_on

    @property
    def is_cell(self) -> bool:
        return self.kind in CELL_KINDS

    @property
    def is_grassroots(self) -> bool:
        return self.kind in GRASSROOTS_KINDS


class VersionsInForce(models.Manager["OrganizationVersion"]):
    """The versions in force: not replaced on their first day by a later decision, nor void because the
    decision that opened them was withdrawn. Every reader of the tree goes through it;
    `OrganizationVersion.recorded` has them all, for the history."""

    def get_queryset(self) -> models.QuerySet[OrganizationVersion]:
        return super().get_queryset().filter(replaced_by__isnull=True, withdrawn_by__isnull=True)


class OrganizationVersion(models.Model):
    """One stretch of an organization's name, kind and parent. Never deleted: a decision that changes
    the organization closes it (closed_by) and opens the next (opened_by); one that changes it on its
    first day keeps it, replaced (replaced_by), beside the new one; a withdrawn decision's versions are
    kept, void (withdrawn_by), and those it closed or replaced are in force again."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="versions")
    name = models.CharField("tên tổ chức", max_length=255)
    kind = models.CharField("cấp tổ chức", max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="cấp trên",
    )
    path = models.CharField(max_length=255)
    depth = models.PositiveSmallIntegerField()
    valid_from = models.DateField("hiệu lực từ")
    valid_to = models.DateField("hiệu lực đến (không kể)", default=OPEN_END)
    opened_by = models.ForeignKey(
        "OrganizationEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="quyết định mở",
    )
    closed_by = models.ForeignKey(
        "OrganizationEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="quyết định khép lại",
    )
    replaced_by = models.ForeignKey(
        "OrganizationEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="thay bằng quyết định",
    )
    withdrawn_by = models.ForeignKey(
        "OrganizationEventCorrection",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="vô hiệu do hủy quyết định",
    )

    objects = VersionsInForce()
    recorded = models.Manager()  # noqa: DJ012 (all the versions, replaced and void ones included)

    class Meta:
        verbose_name = "phiên bản tổ chức"
        verbose_name_plural = "lịch sử tổ chức"
        base_manager_name = "recorded"
        ordering = ["organization_id", "valid_from"]
        indexes = [
            models.Index(fields=["path", "valid_from", "valid_to"], name="orgversion_path_dates"),
            models.Index(fields=["parent", "valid_from", "valid_to"], name="orgversion_parent_dates"),
            models.Index(fields=["organization", "valid_from"], name="orgversion_org_from"),
            # a level of the tree in a scope (organization_choices counts the levels that fit a select)
            models.Index(fields=["depth", "path"], name="orgversion_depth_path"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__lt=models.F("valid_to")), name="orgversion_range_valid"
            ),
            models.UniqueConstraint(
                fields=["organization", "valid_from"],
                condition=Q(replaced_by__isnull=True, withdrawn_by__isnull=True),
                name="orgversion_one_per_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from}–{self.valid_to})"


class EventsInForce(models.Manager["OrganizationEvent"]):
    """The decisions in force: not withdrawn. `OrganizationEvent.recorded` has them all."""

    def get_queryset(self) -> models.QuerySet[OrganizationEvent]:
        return super().get_queryset().filter(withdrawn_by__isnull=True)


class OrganizationEvent(models.Model):
    """A decision that changed the tree: establish, rename, move, merge, split, dissolve.

    One decision may write several rows: a merge writes one on the receiving organization (the
    principal), one on each organization merged into it and one for each sub-unit it moved; a split
    one on the source and one establishing each new cell. Those rows name their principal (part_of),
    and are corrected or withdrawn together with it (OrganizationEventCorrection)."""

    class Action(models.TextChoices):
        ESTABLISH = "establish", "Thành lập"
        RENAME = "rename", "Đổi tên"
        MOVE = "move", "Chuyển trực thuộc"
        CHANGE_KIND = "change_kind", "Đổi cấp tổ chức"
        MERGE = "merge", "Hợp nhất, sáp nhập"
        SPLIT = "split", "Chia tách"
        DISSOLVE = "dissolve", "Giải thể"

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="events")
    action = models.CharField("việc", max_length=20, choices=Action.choices)
    effective_on = models.DateField("ngày hiệu lực")
    decision_number = models.CharField("số quyết định", max_length=60)
    decision_date = models.DateField("ngày quyết định")
    issued_by = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    counterpart = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="tổ chức liên quan",
    )
    details = models.JSONField("chi tiết", default=dict, blank=True)
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    part_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
        verbose_name="thuộc quyết định",
    )
    withdrawn_by = models.ForeignKey(
        "OrganizationEventCorrection",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="đã hủy theo",
    )

    objects = EventsInForce()
    recorded = models.Manager()  # noqa: DJ012 (all the decisions, withdrawn ones included)

    class Meta:
        verbose_name = "quyết định về tổ chức"
        verbose_name_plural = "quyết định về tổ chức"
        base_manager_name = "recorded"
        ordering = ["organization_id", "effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.decision_number}"

    @property
    def principal_id(self) -> int:
        return self.part_of_id or self.pk


class OrganizationEventCorrection(models.Model):
    """Đính chính a reorganization decision: its number, date, issuing body or text corrected (the
    values recorded before kept here), or the decision withdrawn (hủy: recorded by mistake) — the
    versions it opened void, those it closed in force again, the members it moved back in their cells.
    Nothing is deleted. Recorded on the decision's principal row; who, why, on which document."""

    class Action(models.TextChoices):
        WITHDRAW = "withdraw", "Hủy quyết định (ghi nhầm)"
        CORRECT = "correct", "Sửa số, ngày, nội dung quyết định"

    event = models.ForeignKey(
        OrganizationEvent, on_delete=models.PROTECT, related_name="corrections", verbose_name="quyết định"
    )
    action = models.CharField("cách đính chính", max_length=10, choices=Action.choices)
    reason = models.TextField("lý do")
    approval_number = models.CharField("số văn bản", max_length=60)
    approval_date = models.DateField("ngày văn bản")
    original = models.JSONField("giá trị đã ghi", default=dict, blank=True)
    corrected = models.JSONField("giá trị đúng", default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đính chính quyết định về tổ chức"
        verbose_name_plural = "đính chính quyết định về tổ chức"
        ordering = ["event_id", "id"]
        constraints = [
            # the field "action" of this model, written as a pair: the audit scan takes a keyword
            # argument named action for an audit action
            models.UniqueConstraint(
                fields=["event"],
                condition=Q(("action", "withdraw")),
                name="orgeventcorrection_one_withdrawal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.event_id}"

    @property
    def original_decision_date(self) -> date | None:
        """The decision date recorded before the correction."""
        value = (self.original or {}).get("decision_date")
        try:
            return date.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            return None
