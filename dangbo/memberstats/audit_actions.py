"""The audit actions this app writes, with how a person reads them (see dangbo/audit/registry.py)."""

from django.db import models

from dangbo.audit.registry import declare


class AuditAction(models.TextChoices):
    EXPORT_MEMBER_STATISTICS = "export.member_statistics", "Xuất thống kê đảng viên"


declare("Thống kê đảng viên", AuditAction)
