"""The audit actions this app writes, with how a person reads them (see dangbo/audit/registry.py)."""

from django.db import models

from dangbo.audit.registry import declare


class AuditAction(models.TextChoices):
    TOKEN_CREATE = "api_token.create", "Cấp khóa truy cập API"
    TOKEN_REVOKE = "api_token.revoke", "Thu hồi khóa truy cập API"


declare("Khóa truy cập API", AuditAction)
