"""The annual quality review (kiểm điểm, đánh giá, xếp loại chất lượng) and commendations.

Ranks are stored as 1 (HTXSNV) … 4 (KHTNV), comparable across schemes; the wording shown is the
scheme of the year's (rules.scheme_for). A rating moves through the regulation's order: the
self-assessment, the proposal of the cell or committee, the decision of the competent level; a
cycle, once approved, is locked and changes only by a recorded correction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Rank(models.IntegerChoices):
    HTXSNV = 1, "Hoàn thành xuất sắc nhiệm vụ"
    HTTNV = 2, "Hoàn thành tốt nhiệm vụ"
    HTNV = 3, "Hoàn thành nhiệm vụ"
    KHTNV = 4, "Không hoàn thành nhiệm vụ"


class ReviewCycle(models.Model):
    """The review of one year for one subtree (đợt đánh giá). Approved = locked."""

    class Stage(models.TextChoices):
        OPEN = "open", "Đang đánh giá"
        LOCKED = "locked", "Đã phê duyệt, khóa sổ"

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("năm")
    stage = models.CharField("giai đoạn", max_length=10, choices=Stage.choices, default=Stage.OPEN)
    deadline = models.DateField("hạn hoàn thành", null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_number = models.CharField("số quyết định phê duyệt", max_length=60, blank=True)
    # the approving decision's own date, as typed (locked_at is only when the lock was recorded)
    decision_date = models.DateField("ngày quyết định phê duyệt", null=True, blank=True)

    class Meta:
        verbose_name = "đợt đánh giá"
        verbose_name_plural = "đợt đánh giá"
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="reviewcycle_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year}"


class RatingBase(models.Model):
    year = models.PositiveSmallIntegerField("năm")
    self_rank = models.PositiveSmallIntegerField("tự đánh giá", choices=Rank.choices, null=True, blank=True)
    self_assessment = models.TextField("bản tự kiểm điểm (tóm tắt)", blank=True)
    proposed_rank = models.PositiveSmallIntegerField("đề xuất", choices=Rank.choices, null=True, blank=True)
    rank = models.PositiveSmallIntegerField("xếp loại", choices=Rank.choices, null=True, blank=True)
    not_rated_reason = models.CharField("lý do không xếp loại", max_length=255, blank=True)
    decision_number = models.CharField("số quyết định", max_length=60, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    override_reason = models.TextField("lý do vượt quy tắc", blank=True)
    # the 100-point score from 2025 (rules.scheme_for(year).scored): general criteria (of 30) and the
    # results of the tasks (of 70), at the self-assessment, the proposal (thẩm định, đề xuất) and the decision
    self_score_general = models.DecimalField(
        "tự chấm: tiêu chí chung (30)", max_digits=4, decimal_places=2, null=True, blank=True
    )
    self_score_results = models.DecimalField(
        "tự chấm: kết quả thực hiện nhiệm vụ (70)", max_digits=4, decimal_places=2, null=True, blank=True
    )
    proposed_score_general = models.DecimalField(
        "đề xuất: tiêu chí chung (30)", max_digits=4, decimal_places=2, null=True, blank=True
    )
    proposed_score_results = models.DecimalField(
        "đề xuất: kết quả thực hiện nhiệm vụ (70)", max_digits=4, decimal_places=2, null=True, blank=True
    )
    # the score the competent level's decision settled on (quyết định): the proposal's, or changed
    decided_score_general = models.DecimalField(
        "quyết định: tiêu chí chung (30)", max_digits=4, decimal_places=2, null=True, blank=True
    )
    decided_score_results = models.DecimalField(
        "quyết định: kết quả thực hiện nhiệm vụ (70)", max_digits=4, decimal_places=2, null=True, blank=True
    )
    # the conditions of the levels besides the score (from 2025)
    tasks_exceeding_percent = models.DecimalField(
        "tỷ lệ nhiệm vụ vượt mức (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    tasks_on_time = models.BooleanField("hoàn thành 100% nhiệm vụ đúng tiến độ", default=True)
    flags = models.JSONField("cảnh báo quy tắc", default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class MemberRating(RatingBase):
    # indexed by memberrating_one_per_year (member, year)
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="ratings", db_index=False
    )
    # the cell and grassroots organization where the member was reviewed that year
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    grassroots = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    disciplined_in_year = models.BooleanField("bị kỷ luật trong năm", default=False)
    decline_concluded = models.BooleanField("bị kết luận suy thoái", default=False)
    targets_met_percent = models.DecimalField(
        "tỷ lệ hoàn thành chỉ tiêu (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    sick_leave_months = models.DecimalField("số tháng nghỉ ốm", max_digits=4, decimal_places=1, default=0)
    # a member active temporarily elsewhere is rated at the official cell, after the temporary cell's
    # written comment (from 2025: rules.scheme_for(year).temporary_comment)
    temporary_cell = models.CharField("chi bộ sinh hoạt tạm thời", max_length=255, blank=True)
    temporary_comment = models.TextField("nhận xét của chi bộ sinh hoạt tạm thời", blank=True)

    class Meta:
        verbose_name = "xếp loại đảng viên"
        verbose_name_plural = "xếp loại đảng viên"
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="memberrating_one_per_year"),
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(not_rated_reason=""), name="memberrating_rated_or_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["year", "grassroots", "rank"], name="memberrating_year_gr_rank"),
            models.Index(fields=["year", "organization"], name="memberrating_year_org"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.year} {self.rank}"


class OrganizationRating(RatingBase):
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="ratings"
    )
    exemplary = models.BooleanField("tiêu biểu", default=False)
    score = models.DecimalField("điểm (thang 100)", max_digits=5, decimal_places=2, null=True, blank=True)
    tasks_done_percent = models.DecimalField(
        "tỷ lệ hoàn thành nhiệm vụ (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    shortcomings_fixed = models.BooleanField("đã khắc phục hạn chế được chỉ ra", default=True)
    leadership_disciplined = models.BooleanField("tập thể lãnh đạo bị kỷ luật", default=False)
    leadership_warning_or_above = models.BooleanField("cán bộ lãnh đạo bị kỷ luật từ cảnh cáo", default=False)
    disunity_concluded = models.BooleanField("bị kết luận mất đoàn kết", default=False)
    sub_units_disciplined = models.PositiveSmallIntegerField(
        "số tổ chức trực thuộc bị kỷ luật trong năm", default=0
    )

    class Meta:
        verbose_name = "xếp loại tổ chức đảng"
        verbose_name_plural = "xếp loại tổ chức đảng"
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="orgrating_one_per_year"),
            models.CheckConstraint(
                condition=Q(exemplary=False) | Q(rank=1), name="orgrating_exemplary_only_top"
            ),
        ]
        indexes = [models.Index(fields=["year", "rank"], name="orgrating_year_rank")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year} {self.rank}"


class RatingCorrection(models.Model):
    """A change to a locked year's rating: who, why, under which decision (never deleted)."""

    member_rating = models.ForeignKey(
        MemberRating, null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    organization_rating = models.ForeignKey(
        OrganizationRating, null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    before = models.JSONField()
    after = models.JSONField()
    reason = models.TextField("lý do")
    decision_number = models.CharField("số quyết định", max_length=60)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "điều chỉnh xếp loại"
        verbose_name_plural = "điều chỉnh xếp loại"
        constraints = [
            models.CheckConstraint(
                condition=Q(member_rating__isnull=False) ^ Q(organization_rating__isnull=False),
                name="correction_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision_number}: {self.reason[:40]}"


class Award(models.Model):
    """Khen thưởng: giấy khen, bằng khen, for a member or an organization."""

    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", "Giấy khen"
        MERIT = "merit", "Bằng khen"

    kind = models.CharField("hình thức", max_length=12, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("năm")
    title = models.CharField("nội dung khen thưởng", max_length=255)
    consecutive_years = models.PositiveSmallIntegerField("số năm liền", null=True, blank=True)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    given_by = models.CharField("cấp khen thưởng", max_length=255)
    decision_number = models.CharField("số quyết định", max_length=60)
    decision_date = models.DateField("ngày quyết định")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "khen thưởng"
        verbose_name_plural = "khen thưởng"
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) ^ Q(organization__isnull=False), name="award_one_target"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}: {self.title}"


class RatingTally(models.Model):
    """How many members of a cell got each level (or each reason not to be rated) in a year: a
    materialised count of MemberRating, kept by dangbo.evaluations.tallies, so that a city's or a
    nation's report sums a few rows per cell instead of millions of ratings."""

    year = models.PositiveSmallIntegerField()
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()  # 0: not rated
    not_rated_reason = models.CharField(max_length=255, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        verbose_name = "tổng hợp xếp loại"
        verbose_name_plural = "tổng hợp xếp loại"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "organization", "rank", "not_rated_reason"], name="ratingtally_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.organization_id} {self.rank}: {self.count}"


class YearEndHeadcount(models.Model):
    """Members on the books of a cell on 31/12 of a year, taken when the year is approved and locked
    (số đảng viên tại thời điểm khóa sổ): the denominator of the locked year's report, which then sums
    a row per cell instead of counting millions of member periods. Taken again at each lock that
    covers the cell; a later, back-dated transfer does not change a locked year's figures."""

    year = models.PositiveSmallIntegerField()
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField()

    class Meta:
        verbose_name = "số đảng viên cuối năm"
        verbose_name_plural = "số đảng viên cuối năm"
        constraints = [
            models.UniqueConstraint(fields=["year", "organization"], name="yearendheadcount_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.organization_id}: {self.count}"


class CapRaise(models.Model):
    """A decision of the competent level raising the HTXSNV cap for a group of comparable subjects in
    a year (QĐ 366, Điều 11, khoản 1.5: "cấp có thẩm quyền xem xét, quyết định", at most 25 %). The
    group is the organization's members, its affiliated units, or the grassroots organizations under
    it. Recorded through evaluations.services.cap_raise_record, never deleted: a later decision for the
    same group replaces its figures, the earlier kept in the audit trail."""

    class Group(models.TextChoices):
        MEMBERS = "members", "Đảng viên của tổ chức cơ sở đảng"
        SUB_UNITS = "sub_units", "Chi bộ, đảng bộ bộ phận trực thuộc"
        GRASSROOTS = "grassroots", "Tổ chức cơ sở đảng trực thuộc"

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức"
    )
    year = models.PositiveSmallIntegerField("năm")
    group = models.CharField("nhóm đối tượng", max_length=12, choices=Group.choices)
    percent = models.DecimalField("tỷ lệ tối đa (%)", max_digits=4, decimal_places=2)
    decision_number = models.CharField("số quyết định", max_length=60)
    decision_date = models.DateField("ngày quyết định")
    reason = models.TextField("lý do (kết quả nổi trội)", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "quyết định nâng giới hạn xếp loại xuất sắc"
        verbose_name_plural = "quyết định nâng giới hạn xếp loại xuất sắc"
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "group"], name="capraise_one_per_group"),
            models.CheckConstraint(
                condition=Q(percent__gt=0) & Q(percent__lte=25), name="capraise_at_most_25"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year} {self.group}: {self.percent}%"


from dangbo.evaluations.models_quarters import QuarterRating, Rerating  # noqa: E402, F401
