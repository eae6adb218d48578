"""The audit actions this app writes, with how a person reads them (see dangbo/audit/registry.py)."""

from django.db import models

from dangbo.audit.registry import declare


class AuditAction(models.TextChoices):
    TARGET_SET = "target_set", "Đặt chỉ tiêu"
    MEETING_RECORD = "meeting_record", "Ghi nhận buổi sinh hoạt chi bộ"
    EXPORT_MEETINGS = "export.meetings", "Xuất danh sách sinh hoạt chi bộ"


declare("Chỉ tiêu, sinh hoạt chi bộ", AuditAction)
