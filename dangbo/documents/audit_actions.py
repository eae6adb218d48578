"""The audit actions this app writes, with how a person reads them (see dangbo/audit/registry.py)."""

from django.db import models

from dangbo.audit.registry import declare


class AuditAction(models.TextChoices):
    TEMPLATE_UPLOAD = "document.template_upload", "Thay mẫu văn bản"
    TEMPLATE_REVERT = "document.template_revert", "Trở lại mẫu văn bản gốc"
    NUMBER_ISSUE = "document.number_issue", "Cấp số giấy giới thiệu sinh hoạt đảng"
    EXPORT_DOCUMENT = "export.document", "In văn bản"


declare("Văn bản", AuditAction)
