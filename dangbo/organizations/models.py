"""The organization tree (tổ chức đảng) and its effective-dated history.

Organization holds what does not change (code, sector) and a copy of the current version for quick
display. OrganizationVersion rows hold name, kind, parent and materialised path over a date range
[valid_from, valid_to): the tree "as of" any day is the set of versions valid that day, so 2019's
tree stays answerable after later reorganizations. OrganizationEvent is the decision log.
"""

from __future__ import annotations

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
    def is_cell(self) -> bool:
        return self.kind in CELL_KINDS

    @property
    def is_grassroots(self) -> bool:
        return self.kind in GRASSROOTS_KINDS


class OrganizationVersion(models.Model):
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

    class Meta:
        verbose_name = "phiên bản tổ chức"
        verbose_name_plural = "lịch sử tổ chức"
        ordering = ["organization_id", "valid_from"]
        indexes = [
            models.Index(fields=["path", "valid_from", "valid_to"], name="orgversion_path_dates"),
            models.Index(fields=["parent", "valid_from", "valid_to"], name="orgversion_parent_dates"),
            models.Index(fields=["organization", "valid_from"], name="orgversion_org_from"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__lt=models.F("valid_to")), name="orgversion_range_valid"
            ),
            models.UniqueConstraint(fields=["organization", "valid_from"], name="orgversion_one_per_start"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from}–{self.valid_to})"


class OrganizationEvent(models.Model):
    """A decision that changed the tree: establish, rename, move, merge, split, dissolve."""

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

    class Meta:
        verbose_name = "quyết định về tổ chức"
        verbose_name_plural = "quyết định về tổ chức"
        ordering = ["organization_id", "effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.decision_number}"
