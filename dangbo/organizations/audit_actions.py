"""The audit actions this app writes, with how a person reads them (see dangbo/audit/registry.py)."""

from django.db import models

from dangbo.audit.registry import declare


class AuditAction(models.TextChoices):
    ESTABLISH = "organization.establish", "Thành lập tổ chức"
    RENAME = "organization.rename", "Đổi tên tổ chức"
    MOVE = "organization.move", "Chuyển trực thuộc"
    CHANGE_KIND = "organization.change_kind", "Đổi cấp tổ chức"
    MERGE = "organization.merge", "Hợp nhất, sáp nhập"
    SPLIT = "organization.split", "Chia tách"
    DISSOLVE = "organization.dissolve", "Giải thể"
    DECISION_CORRECT = "organization.decision_correct", "Sửa quyết định về tổ chức"
    DECISION_WITHDRAW = "organization.decision_withdraw", "Hủy quyết định về tổ chức"
    LETTERHEAD = "organization.letterhead", "Sửa ký hiệu, tên cấp trên trên văn bản"


declare("Tổ chức", AuditAction)
