"""Quarterly ratings (đánh giá, xếp loại hằng quý, QĐ 366 from 2025) and re-ratings by the superior
(hủy kết quả xếp loại và xếp loại lại, Mẫu 03 of HD 43). Imported by evaluations.models.

A quarter's rating is changed in place by its service (the audit entry keeps each before/after);
a re-rating keeps the cancelled level on its own row: history is never deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class QuarterRating(models.Model):
    """Xếp loại hằng quý of a member or of an organization (a collective): one per quarter."""

    class Rank(models.IntegerChoices):
        HTXSNV = 1, "Hoàn thành xuất sắc nhiệm vụ"
        HTTNV = 2, "Hoàn thành tốt nhiệm vụ"
        HTNV = 3, "Hoàn thành nhiệm vụ"
        KHTNV = 4, "Không hoàn thành nhiệm vụ"

    year = models.PositiveSmallIntegerField("năm")
    quarter = models.PositiveSmallIntegerField("quý")
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="quarter_ratings"
    )
    # the organization rated (a collective), or for a member the cell where the quarter was recorded
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField("xếp loại", choices=Rank.choices)
    score = models.DecimalField("điểm", max_digits=5, decimal_places=2, null=True, blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "xếp loại hằng quý"
        verbose_name_plural = "xếp loại hằng quý"
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year", "quarter"],
                condition=Q(member__isnull=False),
                name="quarterrating_member_one_per_quarter",
            ),
            models.UniqueConstraint(
                fields=["organization", "year", "quarter"],
                condition=Q(member__isnull=True),
                name="quarterrating_org_one_per_quarter",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="quarterrating_quarter_1_4"
            ),
            models.CheckConstraint(condition=Q(rank__gte=1, rank__lte=4), name="quarterrating_rank_1_4"),
        ]
        indexes = [models.Index(fields=["year", "organization"], name="quarterrating_year_org")]

    def __str__(self) -> str:
        return f"{self.member_id or self.organization_id} {self.year}/Q{self.quarter}: {self.rank}"


class Rerating(models.Model):
    """Hủy kết quả xếp loại và xếp loại lại (QĐ 366, Điều 12; Mẫu 03 of HD 43): the superior cancels
    a decided rating and rates again. The cancelled level stays here; the rating holds the new one."""

    member_rating = models.ForeignKey(
        "evaluations.MemberRating", null=True, blank=True, on_delete=models.PROTECT, related_name="reratings"
    )
    organization_rating = models.ForeignKey(
        "evaluations.OrganizationRating",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reratings",
    )
    cancelled_rank = models.PositiveSmallIntegerField("mức bị hủy", null=True, blank=True)
    cancelled_decision_number = models.CharField("số quyết định bị hủy", max_length=60, blank=True)
    cancelled_decision_date = models.DateField("ngày quyết định bị hủy", null=True, blank=True)
    new_rank = models.PositiveSmallIntegerField("mức xếp loại lại")
    reason = models.TextField("lý do hủy")
    decision_number = models.CharField("số quyết định", max_length=60)
    decision_date = models.DateField("ngày quyết định")
    # the superior that cancels and rates again
    deciding_organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    flags = models.JSONField("cảnh báo quy tắc", default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "hủy kết quả và xếp loại lại"
        verbose_name_plural = "hủy kết quả và xếp loại lại"
        constraints = [
            models.CheckConstraint(
                condition=Q(member_rating__isnull=False) ^ Q(organization_rating__isnull=False),
                name="rerating_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision_number}: {self.cancelled_rank} -> {self.new_rank}"
