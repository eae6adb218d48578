"""Party congresses (đại hội) of a term, their personnel proposals and their elections.

A CongressRound is the congresses of one term under one node (đợt đại hội nhiệm kỳ): one Congress per
organization of the subtree, each with its planned day and the day each stage was reached. The
personnel proposal (đề án nhân sự) sets the numbers and the structure targets; an Election holds its
candidate list, the ballots (one by one) or the tally, and the outcome stored on each candidate.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class CongressRound(models.Model):
    """Đợt đại hội nhiệm kỳ of a subtree."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    term_start = models.PositiveSmallIntegerField("nhiệm kỳ từ năm")
    term_end = models.PositiveSmallIntegerField("đến năm")
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "đợt đại hội"
        verbose_name_plural = "đợt đại hội"
        constraints = [
            models.UniqueConstraint(fields=["organization", "term_start"], name="congressround_one_per_term"),
            models.CheckConstraint(
                condition=Q(term_end__gt=models.F("term_start")), name="congressround_term"
            ),
        ]

    def __str__(self) -> str:
        return f"Đại hội nhiệm kỳ {self.term}"

    @property
    def term(self) -> str:
        return f"{self.term_start}–{self.term_end}"


class Stage(models.TextChoices):
    PLANNED = "planned", "Đã lên kế hoạch"
    PROPOSAL = "proposal", "Đã có đề án nhân sự"
    DOCUMENTS = "documents", "Đã dự thảo văn kiện"
    OPINION = "opinion", "Đã xin ý kiến cấp trên"
    HELD = "held", "Đã tiến hành đại hội"
    APPROVED = "approved", "Cấp trên đã chuẩn y kết quả"


STAGE_ORDER = [s.value for s in Stage]
# the date field recording when a stage was reached
STAGE_DATE = {
    Stage.PROPOSAL: "proposal_on",
    Stage.DOCUMENTS: "documents_on",
    Stage.OPINION: "opinion_on",
    Stage.HELD: "held_on",
    Stage.APPROVED: "approved_on",
}


class Congress(models.Model):
    """One organization's congress in a round."""

    class Kind(models.TextChoices):
        MEMBERS = "members", "Đại hội đảng viên"
        DELEGATES = "delegates", "Đại hội đại biểu"

    round = models.ForeignKey(CongressRound, on_delete=models.PROTECT, related_name="congresses")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("tên tổ chức", max_length=255)  # as on the round's opening day
    path = models.CharField(max_length=255, db_index=True)  # copy for scope filters
    kind = models.CharField("hình thức", max_length=10, choices=Kind.choices, default=Kind.MEMBERS)
    planned_on = models.DateField("ngày dự kiến")
    stage = models.CharField("giai đoạn", max_length=10, choices=Stage.choices, default=Stage.PLANNED)
    proposal_on = models.DateField("ngày thông qua đề án nhân sự", null=True, blank=True)
    documents_on = models.DateField("ngày hoàn thành dự thảo văn kiện", null=True, blank=True)
    opinion_on = models.DateField("ngày xin ý kiến cấp trên", null=True, blank=True)
    held_on = models.DateField("ngày đại hội", null=True, blank=True)
    approved_on = models.DateField("ngày chuẩn y", null=True, blank=True)
    approval_decision = models.CharField("số quyết định chuẩn y", max_length=60, blank=True)
    place = models.CharField("địa điểm", max_length=255, blank=True)
    electors_called = models.PositiveIntegerField(
        "số đảng viên chính thức (đại biểu) được triệu tập", null=True, blank=True
    )
    present = models.PositiveIntegerField("số có mặt", null=True, blank=True)
    counting_board = models.TextField("ban kiểm phiếu (mỗi dòng một người)", blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "đại hội"
        verbose_name_plural = "đại hội"
        ordering = ["planned_on", "path"]
        constraints = [
            models.UniqueConstraint(fields=["round", "organization"], name="congress_one_per_round"),
            models.CheckConstraint(
                condition=Q(present__isnull=True)
                | Q(electors_called__isnull=True)
                | Q(present__lte=models.F("electors_called")),
                name="congress_present_le_called",
            ),
        ]

    def __str__(self) -> str:
        return f"Đại hội {self.name}"

    @property
    def stage_index(self) -> int:
        return STAGE_ORDER.index(self.stage)


class PersonnelProposal(models.Model):
    """Đề án nhân sự: the numbers to elect and the structure targets."""

    congress = models.OneToOneField(Congress, on_delete=models.PROTECT, related_name="proposal")
    committee_size = models.PositiveSmallIntegerField("số lượng cấp ủy viên")
    standing_size = models.PositiveSmallIntegerField("số lượng ủy viên ban thường vụ", default=0)
    deputies = models.PositiveSmallIntegerField("số phó bí thư", default=1)
    delegates = models.PositiveSmallIntegerField("số đại biểu dự đại hội cấp trên", default=0)
    alternates = models.PositiveSmallIntegerField("số đại biểu dự khuyết", default=0)
    young_percent = models.PositiveSmallIntegerField("chỉ tiêu dưới 40 tuổi (%)", default=10)
    women_percent = models.PositiveSmallIntegerField("chỉ tiêu nữ (%)", default=15)
    minority_percent = models.PositiveSmallIntegerField("chỉ tiêu dân tộc thiểu số (%)", default=0)
    note = models.TextField("ghi chú", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "đề án nhân sự"
        verbose_name_plural = "đề án nhân sự"
        constraints = [
            models.CheckConstraint(condition=Q(committee_size__gte=1), name="proposal_committee_size"),
            models.CheckConstraint(
                condition=Q(standing_size__lt=models.F("committee_size")) | Q(standing_size=0),
                name="proposal_standing_below_committee",
            ),
        ]

    def __str__(self) -> str:
        return f"Đề án nhân sự ({self.committee_size} cấp ủy viên)"


class Election(models.Model):
    """One secret ballot (bầu cử) of a congress, or of its new committee's first meeting."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", "Ban Chấp hành (cấp ủy)"
        STANDING = "standing", "Ban Thường vụ"
        SECRETARY = "secretary", "Bí thư"
        DEPUTY = "deputy", "Phó Bí thư"
        INSPECTION = "inspection", "Ủy ban Kiểm tra"
        DELEGATES = "delegates", "Đại biểu dự đại hội cấp trên"

    class Status(models.TextChoices):
        DRAFT = "draft", "Đang lập danh sách"
        VOTING = "voting", "Đang bỏ phiếu, kiểm phiếu"
        COUNTED = "counted", "Đã có kết quả"

    class Mode(models.TextChoices):
        NONE = "", "Chưa nhập"
        BALLOTS = "ballots", "Nhập từng phiếu"
        TALLY = "tally", "Nhập tổng hợp"

    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, related_name="elections")
    kind = models.CharField("bầu", max_length=12, choices=Kind.choices)
    round_number = models.PositiveSmallIntegerField("lần bầu", default=1)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="further_round"
    )
    seats = models.PositiveSmallIntegerField("số lượng cần bầu")
    for_alternates = models.BooleanField("bầu lại dự khuyết", default=False)
    alternates = models.PositiveSmallIntegerField("số dự khuyết", default=0)
    electors = models.PositiveIntegerField("số người được triệu tập bầu")
    present = models.PositiveIntegerField("số người bầu có mặt")
    status = models.CharField("trạng thái", max_length=8, choices=Status.choices, default=Status.DRAFT)
    mode = models.CharField("cách nhập", max_length=8, choices=Mode.choices, blank=True, default="")
    issued = models.PositiveIntegerField("số phiếu phát ra", null=True, blank=True)
    returned = models.PositiveIntegerField("số phiếu thu vào", null=True, blank=True)
    valid = models.PositiveIntegerField("số phiếu hợp lệ", null=True, blank=True)
    invalid = models.PositiveIntegerField("số phiếu không hợp lệ", null=True, blank=True)
    base = models.PositiveIntegerField("căn cứ tính quá nửa", null=True, blank=True)
    base_label = models.CharField(max_length=120, blank=True)
    counted_on = models.DateField("ngày kiểm phiếu", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "cuộc bầu cử"
        verbose_name_plural = "cuộc bầu cử"
        ordering = ["congress_id", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="election_seats_positive"),
            models.CheckConstraint(
                condition=Q(present__lte=models.F("electors")), name="election_present_le_electors"
            ),
        ]

    def __str__(self) -> str:
        suffix = f" (lần {self.round_number})" if self.round_number > 1 else ""
        return f"Bầu {self.get_kind_display()}{suffix}"


class Candidate(models.Model):
    class Result(models.TextChoices):
        NONE = "", "—"
        ELECTED = "elected", "Trúng cử"
        ALTERNATE = "alternate", "Trúng cử dự khuyết"
        TIED = "tied", "Bằng phiếu, bầu lại"
        NOT_ELECTED = "not_elected", "Không trúng cử"

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="candidates")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    full_name = models.CharField("họ và tên", max_length=120)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    proposed_by_committee = models.BooleanField("do cấp ủy giới thiệu", default=True)
    approvals = models.PositiveIntegerField("số đại biểu tán thành đưa vào danh sách", null=True, blank=True)
    votes = models.PositiveIntegerField("số phiếu bầu", null=True, blank=True)
    result = models.CharField("kết quả", max_length=12, choices=Result.choices, blank=True, default="")

    class Meta:
        verbose_name = "người trong danh sách bầu cử"
        verbose_name_plural = "danh sách bầu cử"
        ordering = ["election_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "member"], name="candidate_once_per_election"),
        ]

    def __str__(self) -> str:
        return self.full_name


class Ballot(models.Model):
    """One ballot as entered: the candidates it keeps, or invalid with the reason."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="ballots")
    number = models.PositiveIntegerField("số thứ tự phiếu")
    marks = models.JSONField("người được bầu (mã ứng cử viên)", default=list)
    valid = models.BooleanField("hợp lệ", default=True)
    invalid_reason = models.CharField("lý do không hợp lệ", max_length=255, blank=True)
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "phiếu bầu"
        verbose_name_plural = "phiếu bầu"
        ordering = ["election_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="ballot_number_once"),
        ]

    def __str__(self) -> str:
        return f"Phiếu số {self.number}"
