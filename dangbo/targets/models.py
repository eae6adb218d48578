"""Targets (chỉ tiêu) set by a superior for the organizations below it, and cell meetings (sinh hoạt
chi bộ) with their attendance. Achievements are never stored: they are computed from the recorded
events (admissions, establishments) by dangbo.targets.selectors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Target(models.Model):
    """Chỉ tiêu: a planned figure of one kind for an organization and a year."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="targets", verbose_name="tổ chức"
    )
    year = models.PositiveSmallIntegerField("năm")
    kind = models.CharField("loại chỉ tiêu", max_length=40)  # a key of selectors.target_kinds()
    value = models.PositiveIntegerField("chỉ tiêu")
    decision_number = models.CharField("số văn bản giao chỉ tiêu", max_length=60, blank=True)
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["organization_id", "year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "kind"], name="target_one_per_kind_year"),
            models.CheckConstraint(condition=Q(value__gte=1), name="target_value_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.value}"


class Meeting(models.Model):
    """Buổi sinh hoạt chi bộ."""

    class Kind(models.TextChoices):
        REGULAR = "regular", "Sinh hoạt thường kỳ"
        THEMATIC = "thematic", "Sinh hoạt chuyên đề"

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="meetings", verbose_name="chi bộ"
    )
    held_on = models.DateField("ngày sinh hoạt")
    kind = models.CharField("hình thức", max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    topics = models.TextField("nội dung sinh hoạt")
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "buổi sinh hoạt chi bộ"
        verbose_name_plural = "sinh hoạt chi bộ"
        ordering = ["organization_id", "held_on", "id"]
        indexes = [models.Index(fields=["organization", "held_on"], name="meeting_org_day")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class Attendance(models.Model):
    """Whether a member of the cell attended a meeting."""

    class Status(models.TextChoices):
        PRESENT = "present", "Có mặt"
        EXCUSED = "excused", "Vắng có lý do"
        UNEXCUSED = "unexcused", "Vắng không có lý do"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    member = models.ForeignKey(
        "members.Member",
        on_delete=models.PROTECT,
        related_name="meeting_attendance",
        verbose_name="đảng viên",
    )
    status = models.CharField("dự họp", max_length=10, choices=Status.choices)
    reason = models.CharField("lý do vắng", max_length=255, blank=True)

    class Meta:
        verbose_name = "dự sinh hoạt"
        verbose_name_plural = "dự sinh hoạt"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_one_per_member"),
        ]
        indexes = [models.Index(fields=["member", "status"], name="attendance_member_status")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.status}"
