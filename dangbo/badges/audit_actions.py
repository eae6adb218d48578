"""The audit actions this app writes, with how a person reads them (see dangbo/audit/registry.py)."""

from django.db import models

from dangbo.audit.registry import declare


class AuditAction(models.TextChoices):
    BADGE_PROPOSAL_SEND = "badge_proposal_send", "Gửi đề nghị tặng Huy hiệu Đảng"
    BADGE_AWARD_RECORD = "badge_award_record", "Ghi quyết định tặng Huy hiệu Đảng"
    PARTY_AGE_BREAK_RECORD = "party_age_break_record", "Ghi thời gian ra khỏi Đảng (không tính tuổi đảng)"
    EXPORT_BADGES = "export.badges", "Xuất danh sách đảng viên đến hạn tặng Huy hiệu Đảng"


declare("Huy hiệu Đảng", AuditAction)
