"""Party badges (Huy hiệu Đảng): the proposals a board sends up before an occasion, the awards
decided with their decision and badge number, and the stretches out of the party of readmitted
members (not counted in party age). Who is due is never stored: dangbo.badges.selectors computes it
from the register (admission date, awards, stretches out, deaths)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class BadgeProposal(models.Model):
    """Tờ trình đề nghị tặng Huy hiệu Đảng: the list an organization sends up for an occasion."""

    class Status(models.TextChoices):
        SENT = "sent", "Đã gửi cấp trên"
        DECIDED = "decided", "Đã có quyết định"

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="tổ chức đề nghị",
    )
    occasion = models.DateField("dịp trao tặng")
    number = models.CharField("số tờ trình", max_length=60)
    sent_on = models.DateField("ngày gửi")
    status = models.CharField("tình trạng", max_length=10, choices=Status.choices, default=Status.SENT)
    posthumous = models.BooleanField("truy tặng", default=False)
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tờ trình đề nghị tặng Huy hiệu Đảng"
        verbose_name_plural = "tờ trình đề nghị tặng Huy hiệu Đảng"
        ordering = ["-occasion", "id"]
        indexes = [models.Index(fields=["organization", "occasion"], name="badgeproposal_org_occasion")]

    def __str__(self) -> str:
        return f"{self.number} ({self.occasion})"


class BadgeProposalLine(models.Model):
    """One member on a proposal, at the level proposed."""

    proposal = models.ForeignKey(BadgeProposal, on_delete=models.PROTECT, related_name="lines")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    years = models.PositiveSmallIntegerField("mức huy hiệu (năm tuổi đảng)")

    class Meta:
        verbose_name = "đảng viên được đề nghị"
        verbose_name_plural = "đảng viên được đề nghị"
        constraints = [
            models.UniqueConstraint(fields=["proposal", "member"], name="badgeline_one_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.years}"


class BadgeAward(models.Model):
    """Quyết định tặng (truy tặng) Huy hiệu Đảng to one member, with the badge's number."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="badge_awards", verbose_name="đảng viên"
    )
    years = models.PositiveSmallIntegerField("mức huy hiệu (năm tuổi đảng)")
    occasion = models.DateField("dịp trao tặng")
    posthumous = models.BooleanField("truy tặng", default=False)
    decision_number = models.CharField("số quyết định", max_length=60)
    decision_date = models.DateField("ngày quyết định")
    issued_by = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    badge_number = models.CharField("số huy hiệu", max_length=20, blank=True)
    proposal = models.ForeignKey(
        BadgeProposal, null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "Huy hiệu Đảng đã tặng"
        verbose_name_plural = "Huy hiệu Đảng đã tặng"
        ordering = ["member_id", "years"]
        constraints = [
            models.UniqueConstraint(fields=["member", "years"], name="badgeaward_one_per_level"),
            models.CheckConstraint(condition=Q(years__gte=1), name="badgeaward_years_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.years} năm"


class PartyAgeBreak(models.Model):
    """Thời gian ra khỏi Đảng of a readmitted member (kết nạp lại): [left_on, returned_on) does not
    count in party age. The member lifecycle keeps one admission per record (a readmission is not an
    event of dangbo.members.lifecycle), so the stretch is recorded here, with its decision."""

    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="party_age_breaks", verbose_name="đảng viên"
    )
    left_on = models.DateField("ngày ra khỏi Đảng")
    returned_on = models.DateField("ngày kết nạp lại")
    decision_number = models.CharField("số quyết định kết nạp lại", max_length=60)
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "thời gian ra khỏi Đảng"
        verbose_name_plural = "thời gian ra khỏi Đảng"
        ordering = ["member_id", "left_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__lt=models.F("returned_on")), name="partyagebreak_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.left_on}–{self.returned_on}"
