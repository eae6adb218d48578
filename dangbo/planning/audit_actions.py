"""The audit actions this app writes, with how a person reads them (see dangbo/audit/registry.py)."""

from django.db import models

from dangbo.audit.registry import declare


class AuditAction(models.TextChoices):
    TERM_CREATE = "planning.term_create", "Tạo nhiệm kỳ quy hoạch"
    POSITION_CREATE = "planning.position_create", "Tạo chức danh quy hoạch"
    CANDIDACY_ADD = "planning.candidacy_add", "Đưa cán bộ vào quy hoạch"
    CANDIDACY_REMOVE = "planning.candidacy_remove", "Đưa cán bộ ra khỏi quy hoạch"
    REVIEW_RECORD = "planning.review_record", "Rà soát quy hoạch"
    ROTATION_RECORD = "planning.rotation_record", "Ghi nhận luân chuyển cán bộ"
    EXPORT_PLANNING = "export.planning", "Xuất danh sách quy hoạch"


declare("Quy hoạch cán bộ", AuditAction)
