"""The audit actions of the operator's commands (backup, restore: dangbo/web/management/commands), with
how a person reads them (see dangbo/audit/registry.py)."""

from django.db import models

from dangbo.audit.registry import declare


class AuditAction(models.TextChoices):
    BACKUP_CREATE = "backup.create", "Sao lưu toàn bộ dữ liệu"
    BACKUP_RESTORE = "backup.restore", "Phục hồi dữ liệu từ bản sao lưu"


declare("Sao lưu, phục hồi", AuditAction)
