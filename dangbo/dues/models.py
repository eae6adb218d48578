"""Party dues (đảng phí): each member's declared basis, the payments the cell records, and the
reasons it records for a month not paid. What is due is never stored: it is computed from the basis
and the rates in force on the month (dangbo.dues.rules)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangbo.dues import rules

CATEGORY_CHOICES = list(rules.CATEGORIES.items())


class DuesBasis(models.Model):
    """Căn cứ tính đảng phí: the member's category and income from a month on (history kept)."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="dues_bases", verbose_name="đảng viên"
    )
    category = models.CharField("đối tượng", max_length=20, choices=CATEGORY_CHOICES)
    income = models.PositiveBigIntegerField("thu nhập làm căn cứ (đồng/tháng)", default=0)
    valid_from = models.DateField("áp dụng từ tháng")  # the first day of the month
    note = models.CharField("ghi chú", max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "căn cứ tính đảng phí"
        verbose_name_plural = "căn cứ tính đảng phí"
        ordering = ["member_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["member", "valid_from"], name="duesbasis_one_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.category} {self.valid_from}"


class DuesPayment(models.Model):
    """Một lần thu đảng phí: a member's dues of one month, received by the cell."""

    class Method(models.TextChoices):
        CASH = "cash", "Tiền mặt"
        ONLINE = "online", "Trực tuyến"

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="dues_payments", verbose_name="đảng viên"
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="chi bộ"
    )
    month = models.DateField("tháng")  # the first day of the month the dues are for
    amount = models.PositiveIntegerField("số tiền (đồng)")
    method = models.CharField("hình thức", max_length=10, choices=Method.choices)
    paid_on = models.DateField("ngày đóng")
    note = models.CharField("ghi chú", max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "thu đảng phí"
        verbose_name_plural = "thu đảng phí"
        ordering = ["organization_id", "month", "member_id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="duespayment_one_per_month"),
            models.CheckConstraint(condition=Q(amount__gte=1), name="duespayment_amount_positive"),
        ]
        indexes = [models.Index(fields=["organization", "month"], name="duespayment_org_month")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.month:%m/%Y}: {self.amount}"


class DuesExcuse(models.Model):
    """Lý do chưa đóng đảng phí của một tháng, recorded by the cell (not a removal ground then)."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="dues_excuses", verbose_name="đảng viên"
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="chi bộ"
    )
    month = models.DateField("tháng")
    reason = models.CharField("lý do", max_length=255)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "lý do chưa đóng đảng phí"
        verbose_name_plural = "lý do chưa đóng đảng phí"
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="duesexcuse_one_per_month"),
        ]
        indexes = [models.Index(fields=["organization", "month"], name="duesexcuse_org_month")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.month:%m/%Y}"
