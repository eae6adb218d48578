"""Candidates for admission (quần chúng ưu tú) and the steps of their dossier.

A candidate belongs to a cell; each step (the certificate, the application, … the decision) is one
dated row, recorded once and never deleted. The stage is derived from the steps (rules.stage) and
kept on the candidate for lists. A candidate no longer considered is closed with a day and a reason;
an admitted one points to the member record created from them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from dangbo.admissions import rules
from dangbo.members.models import CCCD_12_DIGITS, Sex, SourceGroup


class Stage(models.TextChoices):
    COURSE = rules.COURSE, rules.STAGE_LABELS[rules.COURSE]
    APPLICATION = rules.APPLICATION, rules.STAGE_LABELS[rules.APPLICATION]
    BIOGRAPHY = rules.BIOGRAPHY, rules.STAGE_LABELS[rules.BIOGRAPHY]
    VERIFICATION = rules.VERIFICATION, rules.STAGE_LABELS[rules.VERIFICATION]
    MASS_COMMENT = rules.MASS_COMMENT, rules.STAGE_LABELS[rules.MASS_COMMENT]
    RESIDENCE_COMMENT = rules.RESIDENCE_COMMENT, rules.STAGE_LABELS[rules.RESIDENCE_COMMENT]
    SPONSORS = rules.SPONSORS, rules.STAGE_LABELS[rules.SPONSORS]
    RESOLUTION = rules.RESOLUTION, rules.STAGE_LABELS[rules.RESOLUTION]
    PROPOSAL = rules.PROPOSAL, rules.STAGE_LABELS[rules.PROPOSAL]
    DECISION = rules.DECISION, rules.STAGE_LABELS[rules.DECISION]
    ADMITTED = rules.ADMITTED, rules.STAGE_LABELS[rules.ADMITTED]


class StepKind(models.TextChoices):
    COURSE = rules.COURSE, rules.STEP_INFO[rules.COURSE].label
    APPLICATION = rules.APPLICATION, rules.STEP_INFO[rules.APPLICATION].label
    BIOGRAPHY = rules.BIOGRAPHY, rules.STEP_INFO[rules.BIOGRAPHY].label
    VERIFICATION = rules.VERIFICATION, rules.STEP_INFO[rules.VERIFICATION].label
    MASS_COMMENT = rules.MASS_COMMENT, rules.STEP_INFO[rules.MASS_COMMENT].label
    RESIDENCE_COMMENT = rules.RESIDENCE_COMMENT, rules.STEP_INFO[rules.RESIDENCE_COMMENT].label
    SPONSORS = rules.SPONSORS, rules.STEP_INFO[rules.SPONSORS].label
    RESOLUTION = rules.RESOLUTION, rules.STEP_INFO[rules.RESOLUTION].label
    PROPOSAL = rules.PROPOSAL, rules.STEP_INFO[rules.PROPOSAL].label
    DECISION = rules.DECISION, rules.STEP_INFO[rules.DECISION].label


class Candidate(models.Model):
    """Quần chúng ưu tú: a non-member the cell brings through the admission steps (confidential like a
    member's record)."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="chi bộ"
    )
    full_name = models.CharField("họ và tên", max_length=120)
    sex = models.CharField("giới tính", max_length=8, choices=Sex.choices)
    birth_date = models.DateField("ngày sinh")
    cccd = models.CharField("số CCCD", max_length=12, null=True, blank=True)
    ethnicity = models.CharField("dân tộc", max_length=40, default="Kinh")
    religion = models.CharField("tôn giáo", max_length=40, default="Không")
    hometown = models.CharField("quê quán", max_length=255, blank=True)
    residence = models.CharField("nơi cư trú", max_length=255, blank=True)
    education = models.CharField("trình độ học vấn", max_length=20, blank=True)
    occupation = models.CharField("nghề nghiệp", max_length=120, blank=True)
    source_group = models.CharField(
        "nguồn kết nạp", max_length=20, choices=SourceGroup.choices, default=SourceGroup.OTHER
    )
    listed_on = models.DateField("ngày đưa vào danh sách")
    resolution_planned_on = models.DateField("dự kiến chi bộ xét", null=True, blank=True)
    stage = models.CharField("giai đoạn", max_length=20, choices=Stage.choices, default=Stage.COURSE)
    stage_since = models.DateField("từ ngày")
    member = models.OneToOneField(
        "members.Member",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="hồ sơ đảng viên",
    )
    closed_on = models.DateField("ngày thôi xem xét", null=True, blank=True)
    closed_reason = models.TextField("lý do thôi xem xét", blank=True)
    sort_key = models.CharField(max_length=255, editable=False, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "quần chúng ưu tú"
        verbose_name_plural = "quần chúng ưu tú"
        indexes = [models.Index(fields=["organization", "stage"], name="candidate_org_stage")]
        constraints = [
            models.CheckConstraint(
                condition=CCCD_12_DIGITS | Q(cccd__isnull=True), name="candidate_cccd_12_digits"
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | ~Q(closed_reason=""), name="candidate_closed_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_open(self) -> bool:
        return self.closed_on is None and self.member_id is None


class CandidateStep(models.Model):
    """One step of a candidate's dossier or decision, as recorded: its day, its paper's number or
    the body that issued it, and what the step needs (the sponsors, the vote)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField("bước", max_length=20, choices=StepKind.choices)
    done_on = models.DateField("ngày")
    reference = models.CharField("số, nơi ban hành", max_length=255, blank=True)
    details = models.JSONField(default=dict, blank=True)
    note = models.TextField("ghi chú", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bước kết nạp"
        verbose_name_plural = "bước kết nạp"
        ordering = ["candidate_id", "done_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "kind"], name="candidatestep_once_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.kind} {self.done_on}"
