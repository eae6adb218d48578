"""Personnel planning (quy hoạch cán bộ): the pool of candidates for the leadership positions of a
committee for a term, reviewed every year ("động", "mở").

PlanningTerm is a term (nhiệm kỳ 2020 - 2025). PlannedPosition is one position of an organization's
committee for a term (ủy viên Ban Chấp hành, Ban Thường vụ, bí thư, phó bí thư …). Candidacy is a
member planned for a position: added on a day, removed on a day with a reason; never deleted.
PlanReview is the yearly review (rà soát, bổ sung quy hoạch hằng năm); Rotation the rotation
(luân chuyển) or transfer (điều động) of a planned cadre.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class PlanningTerm(models.Model):
    """Nhiệm kỳ."""

    start_year = models.PositiveSmallIntegerField("năm đầu")
    end_year = models.PositiveSmallIntegerField("năm cuối")

    class Meta:
        verbose_name = "nhiệm kỳ"
        verbose_name_plural = "nhiệm kỳ"
        ordering = ["start_year"]
        constraints = [
            models.UniqueConstraint(fields=["start_year", "end_year"], name="planningterm_unique"),
            models.CheckConstraint(
                condition=Q(end_year__gt=models.F("start_year")), name="planningterm_ends_after"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.start_year} - {self.end_year}"

    @property
    def slug(self) -> str:
        return f"{self.start_year}-{self.end_year}"


class PlannedPosition(models.Model):
    """Chức danh quy hoạch of an organization's committee for a term."""

    class Kind(models.TextChoices):
        EXECUTIVE = "executive", "Ủy viên Ban Chấp hành"
        STANDING = "standing", "Ủy viên Ban Thường vụ"
        SECRETARY = "secretary", "Bí thư"
        DEPUTY_SECRETARY = "deputy_secretary", "Phó Bí thư"
        INSPECTION_CHAIR = "inspection_chair", "Chủ nhiệm Ủy ban Kiểm tra"
        OTHER = "other", "Chức danh khác"

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    term = models.ForeignKey(PlanningTerm, on_delete=models.PROTECT, related_name="positions")
    kind = models.CharField("loại chức danh", max_length=20, choices=Kind.choices)
    title = models.CharField("chức danh", max_length=120)
    seats = models.PositiveSmallIntegerField("số vị trí", default=1)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "chức danh quy hoạch"
        verbose_name_plural = "chức danh quy hoạch"
        ordering = ["organization_id", "term_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "term", "title"], name="plannedposition_unique_title"
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="plannedposition_seats_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class Candidacy(models.Model):
    """A member planned for a position (cán bộ trong quy hoạch)."""

    class Removal(models.TextChoices):
        DISCIPLINE = "discipline", "Bị kỷ luật"
        AGE = "age", "Quá tuổi quy hoạch"
        OFF_BOOKS = "off_books", "Không còn trong danh sách đảng viên"
        STANDARD = "standard", "Không còn đủ tiêu chuẩn, điều kiện"
        ELECTED = "elected", "Đã được bầu, bổ nhiệm"
        OTHER = "other", "Lý do khác"

    position = models.ForeignKey(PlannedPosition, on_delete=models.PROTECT, related_name="candidacies")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    added_on = models.DateField("ngày bổ sung")
    decision_number = models.CharField("số quyết định phê duyệt", max_length=60, blank=True)
    first_planning = models.BooleanField("quy hoạch lần đầu", default=True)
    note = models.TextField("ghi chú", blank=True)
    removed_on = models.DateField("ngày đưa ra khỏi quy hoạch", null=True, blank=True)
    removal_kind = models.CharField("lý do", max_length=12, choices=Removal.choices, blank=True)
    removal_reason = models.TextField("lý do cụ thể", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "cán bộ trong quy hoạch"
        verbose_name_plural = "cán bộ trong quy hoạch"
        ordering = ["position_id", "added_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "member"],
                condition=Q(removed_on__isnull=True),
                name="candidacy_one_active_per_position",
            ),
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True) | Q(removed_on__gte=models.F("added_on")),
                name="candidacy_removed_after_added",
            ),
        ]
        indexes = [models.Index(fields=["member", "removed_on"], name="candidacy_member_removed")]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.position_id}"

    @property
    def active(self) -> bool:
        return self.removed_on is None


class PlanReview(models.Model):
    """The yearly review of an organization's plan for a term (rà soát, bổ sung quy hoạch)."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    term = models.ForeignKey(PlanningTerm, on_delete=models.PROTECT, related_name="reviews")
    year = models.PositiveSmallIntegerField("năm")
    reviewed_on = models.DateField("ngày rà soát")
    decision_number = models.CharField("số quyết định phê duyệt", max_length=60, blank=True)
    note = models.TextField("ghi chú", blank=True)
    added = models.PositiveIntegerField("số bổ sung trong năm", default=0)
    removed = models.PositiveIntegerField("số đưa ra trong năm", default=0)
    planned = models.PositiveIntegerField("số cán bộ trong quy hoạch sau rà soát", default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "rà soát quy hoạch"
        verbose_name_plural = "rà soát quy hoạch"
        ordering = ["organization_id", "term_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "term", "year"], name="planreview_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.term_id} {self.year}"


class Rotation(models.Model):
    """Luân chuyển or điều động of a planned cadre."""

    class Kind(models.TextChoices):
        ROTATION = "rotation", "Luân chuyển"
        TRANSFER = "transfer", "Điều động"

    candidacy = models.ForeignKey(Candidacy, on_delete=models.PROTECT, related_name="rotations")
    kind = models.CharField("hình thức", max_length=10, choices=Kind.choices)
    to_organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_post = models.CharField("chức vụ, nơi đến", max_length=255)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày", null=True, blank=True)
    decision_number = models.CharField("số quyết định", max_length=60)
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "luân chuyển, điều động"
        verbose_name_plural = "luân chuyển, điều động"
        ordering = ["candidacy_id", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=models.F("starts_on")),
                name="rotation_ends_after",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.to_post}"
