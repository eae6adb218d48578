"""The audit actions this app writes, with how a person reads them (see dangbo/audit/registry.py)."""

from django.db import models

from dangbo.audit.registry import declare


class AuditAction(models.TextChoices):
    EXPORT_REPORT = "export.report", "Tải báo cáo đánh giá, xếp loại"


declare("Báo cáo", AuditAction)
