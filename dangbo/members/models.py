"""Member records (đảng viên) and their lifecycle.

MemberEvent is the history: dated decisions, never deleted. MemberPeriod rows are derived from the
events (one per stretch of days with the same cell and status) so that any "as of" question is a
range query. Member keeps a copy of the current state for lists and search.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Length, Replace
from django.db.models.lookups import Exact

from dangbo.core.dates import OPEN_END


class Status(models.TextChoices):
    PROBATIONARY = "probationary", "Dự bị"
    OFFICIAL = "official", "Chính thức"
    TRANSFERRED_OUT = "transferred_out", "Đã chuyển sinh hoạt đi"
    REMOVED = "removed", "Đã xóa tên"
    EXPELLED = "expelled", "Đã khai trừ"
    DECEASED = "deceased", "Từ trần"
    LEFT = "left", "Ra khỏi Đảng"


ON_BOOKS = (Status.PROBATIONARY, Status.OFFICIAL)


def _without_digits(field: str) -> Replace:
    expression: F | Replace = F(field)
    for digit in "0123456789":
        expression = Replace(expression, Value(digit), Value(""))
    assert isinstance(expression, Replace)
    return expression


# A CCCD is 12 digits: 12 characters, none left once the digits are taken out. Written with LENGTH
# and REPLACE, which SQLite computes itself, rather than a regular expression: on SQLite Django's
# REGEXP is a Python function, called back for every row written, and an import's writer thread
# that needed the GIL in the middle of a statement could wait for a thread waiting for SQLite
# (dangbo.imports.bulk; dangbo/imports/tests/test_bulk.py checks the written tables call none).
CCCD_12_DIGITS = Q(Exact(Length("cccd"), 12)) & Q(Exact(Length(_without_digits("cccd")), 0))


class Sex(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class PoliticalTheory(models.TextChoices):
    NONE = "", "Chưa qua đào tạo"
    ELEMENTARY = "elementary", "Sơ cấp"
    INTERMEDIATE = "intermediate", "Trung cấp"
    ADVANCED = "advanced", "Cao cấp"
    BACHELOR = "bachelor", "Cử nhân"


class Force(models.TextChoices):
    NONE = "", "—"
    ARMY = "army", "Quân đội"
    POLICE = "police", "Công an"
    RETIRED = "retired", "Nghỉ hưu"


class SourceGroup(models.TextChoices):
    """Nguồn kết nạp."""

    YOUTH_CONSCRIPT = "youth_conscript", "Thanh niên nhập ngũ"
    WORKER = "worker", "Công nhân lao động"
    MILITIA = "militia", "Dân quân thường trực"
    STUDENT = "student", "Học sinh, sinh viên"
    OTHER = "other", "Khác"


class DisciplineForm(models.TextChoices):
    REPRIMAND = "reprimand", "Khiển trách"
    WARNING = "warning", "Cảnh cáo"
    DISMISSAL = "dismissal", "Cách chức"
    EXPULSION = "expulsion", "Khai trừ"


class TransferType(models.TextChoices):
    OFFICIAL = "official", "Chuyển sinh hoạt chính thức"
    TEMPORARY = "temporary", "Chuyển sinh hoạt tạm thời"
    INTERNAL = "internal", "Chuyển sinh hoạt nội bộ"
    REORGANIZATION = "reorganization", "Chuyển do sắp xếp tổ chức"


class Member(models.Model):
    # Identity (lý lịch đảng viên)
    full_name = models.CharField("họ và tên", max_length=120)
    surname = models.CharField("họ", max_length=40, editable=False)
    middle_name = models.CharField("tên đệm", max_length=80, blank=True, editable=False)
    given_name = models.CharField("tên", max_length=40, editable=False)
    birth_name = models.CharField("họ tên khai sinh", max_length=120, blank=True)
    aliases = models.CharField("bí danh", max_length=120, blank=True)
    sex = models.CharField("giới tính", max_length=8, choices=Sex.choices)
    birth_date = models.DateField("ngày sinh")
    birth_place = models.CharField("nơi sinh", max_length=255, blank=True)
    hometown = models.CharField("quê quán", max_length=255, blank=True)
    residence = models.CharField("nơi cư trú", max_length=255, blank=True)
    ethnicity = models.CharField("dân tộc", max_length=40, default="Kinh")
    religion = models.CharField("tôn giáo", max_length=40, default="Không")
    cccd = models.CharField("số CCCD", max_length=12, null=True, blank=True, unique=True)
    party_card_number = models.CharField(
        "số thẻ đảng viên", max_length=20, null=True, blank=True, unique=True
    )
    file_number = models.CharField("số hồ sơ", max_length=20, blank=True)
    badge_number = models.CharField("số huy hiệu", max_length=20, blank=True)
    education = models.CharField("trình độ học vấn", max_length=20, blank=True)
    profession = models.CharField("chuyên môn nghiệp vụ", max_length=120, blank=True)
    political_theory = models.CharField(
        "lý luận chính trị", max_length=16, choices=PoliticalTheory.choices, blank=True, default=""
    )
    foreign_language = models.CharField("ngoại ngữ", max_length=60, blank=True)
    occupation_before = models.CharField("nghề nghiệp khi vào Đảng", max_length=120, blank=True)
    occupation = models.CharField("nghề nghiệp hiện nay", max_length=120, blank=True)
    force = models.CharField("quân đội, công an, nghỉ hưu", max_length=10, choices=Force.choices, blank=True)
    notes = models.TextField("ghi chú", blank=True)

    # Current state, derived from the events by the services.
    status = models.CharField("tình trạng", max_length=20, choices=Status.choices)
    organization = models.ForeignKey(  # indexed by member_org_status (organization, status)
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name="chi bộ",
        db_index=False,
    )
    temporary_organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="temporary_members",
        verbose_name="nơi sinh hoạt tạm thời",
    )
    exempted = models.BooleanField("miễn công tác và sinh hoạt", default=False)
    admitted_on = models.DateField("ngày vào Đảng")
    official_on = models.DateField("ngày chính thức", null=True, blank=True)
    ended_on = models.DateField("ngày ra khỏi danh sách", null=True, blank=True)

    # Derived text for search and sort.
    search_text = models.CharField(max_length=255, editable=False, db_index=True)
    sort_key = models.CharField(max_length=255, editable=False, db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "đảng viên"
        verbose_name_plural = "đảng viên"
        indexes = [
            models.Index(fields=["organization", "status"], name="member_org_status"),
            models.Index(fields=["status", "admitted_on"], name="member_status_admitted"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=CCCD_12_DIGITS | Q(cccd__isnull=True), name="member_cccd_12_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def on_books(self) -> bool:
        return self.status in ON_BOOKS


class InForce(models.Manager["MemberEvent"]):
    """The events in force: those not withdrawn or replaced by a correction (đính chính). Every reader of
    a member's history goes through it; `MemberEvent.recorded` has them all, for the history page."""

    def get_queryset(self) -> models.QuerySet[MemberEvent]:
        return super().get_queryset().filter(correction__isnull=True)


class MemberEvent(models.Model):
    """One dated decision in a member's life. Never updated or deleted: a mistaken one is withdrawn or
    replaced by a correction (MemberEventCorrection), which keeps it and says who, why and on whose
    approval. One exception: an event written by a reorganization carries a copy of that decision's
    number, date and issuing body, set again when the decision is corrected (the values recorded before
    are kept in the decision's OrganizationEventCorrection); withdrawn with the decision, it is marked
    like any other."""

    class Kind(models.TextChoices):
        ADMISSION = "admission", "Kết nạp vào Đảng"
        TRANSFER_IN = "transfer_in", "Tiếp nhận sinh hoạt đảng"
        OFFICIAL = "official", "Công nhận đảng viên chính thức"
        TRANSFER = "transfer", "Chuyển sinh hoạt đảng"
        RETURN = "return", "Kết thúc sinh hoạt tạm thời"
        EXEMPTION = "exemption", "Miễn công tác và sinh hoạt đảng"
        EXEMPTION_END = "exemption_end", "Thôi miễn công tác và sinh hoạt đảng"
        SUSPENSION = "suspension", "Đình chỉ sinh hoạt đảng"
        SUSPENSION_END = "suspension_end", "Kết thúc đình chỉ sinh hoạt đảng"
        DISCIPLINE = "discipline", "Kỷ luật"
        REMOVAL = "removal", "Xóa tên khỏi danh sách đảng viên"
        DEATH = "death", "Từ trần"
        LEAVING = "leaving", "Ra khỏi Đảng"

    # indexed by memberevent_member_date (member, effective_on)
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="events", db_index=False)
    kind = models.CharField("việc", max_length=20, choices=Kind.choices)
    effective_on = models.DateField("ngày hiệu lực")
    decision_number = models.CharField("số quyết định", max_length=60, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    issued_by = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    from_organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="từ",
    )
    to_organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="đến",
    )
    organization_event = models.ForeignKey(
        "organizations.OrganizationEvent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="member_events",
    )
    details = models.JSONField("chi tiết", default=dict, blank=True)
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = InForce()
    recorded = models.Manager()  # noqa: DJ012 (all the events, withdrawn ones included)

    class Meta:
        verbose_name = "sự kiện"
        base_manager_name = "recorded"
        verbose_name_plural = "quá trình sinh hoạt"
        ordering = ["member_id", "effective_on", "id"]
        indexes = [
            models.Index(fields=["member", "effective_on"], name="memberevent_member_date"),
            models.Index(fields=["kind", "effective_on"], name="memberevent_kind_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on}"


class MemberEventCorrection(models.Model):
    """Đính chính: a recorded event withdrawn (hủy: recorded by mistake) or replaced by a corrected one
    (sửa: a wrong date, decision number, cell, form…). The event itself is kept; the member's state and
    periods are derived again without it. Corrections of the member file need the committee's written
    approval (domain.md §3): its number and date are recorded. Append-only, one per event."""

    class Action(models.TextChoices):
        WITHDRAW = "withdraw", "Hủy (ghi nhầm)"
        CORRECT = "correct", "Sửa (thay bằng sự kiện đúng)"

    event = models.OneToOneField(
        MemberEvent, on_delete=models.PROTECT, related_name="correction", verbose_name="sự kiện"
    )
    action = models.CharField("cách đính chính", max_length=10, choices=Action.choices)
    replacement = models.OneToOneField(
        MemberEvent,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrects",
        verbose_name="sự kiện thay thế",
    )
    reason = models.TextField("lý do")
    approval_number = models.CharField("số văn bản đồng ý", max_length=60)
    approval_date = models.DateField("ngày văn bản đồng ý")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đính chính sự kiện"
        verbose_name_plural = "đính chính sự kiện"

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.event_id}"


class MemberPeriod(models.Model):
    """A stretch [valid_from, valid_to) during which a member's cell and status stayed the same."""

    # indexed by memberperiod_member_from (member, valid_from) and memberperiod_org_dates (organization, …)
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="periods", db_index=False)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    temporary_organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    exempted = models.BooleanField(default=False)
    valid_from = models.DateField()
    valid_to = models.DateField(default=OPEN_END)

    class Meta:
        verbose_name = "giai đoạn sinh hoạt"
        verbose_name_plural = "giai đoạn sinh hoạt"
        ordering = ["member_id", "valid_from"]
        indexes = [
            # status and exemption in the index: a subtree's members on a day are counted from the
            # index alone (SQLite has no INCLUDE; PostgreSQL also has memberperiod_org_cover, 0003)
            models.Index(
                fields=["organization", "valid_from", "valid_to", "status", "exempted"],
                name="memberperiod_org_dates",
            ),
            models.Index(fields=["member", "valid_from"], name="memberperiod_member_from"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__lt=models.F("valid_to")), name="memberperiod_range_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.status} {self.valid_from}–{self.valid_to}"
