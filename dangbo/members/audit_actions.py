"""The audit actions this app writes, with how a person reads them (see dangbo/audit/registry.py)."""

from django.db import models

from dangbo.audit.registry import declare


class AuditAction(models.TextChoices):
    ADMISSION = "member.admission", "Kết nạp vào Đảng"
    TRANSFER_IN = "member.transfer_in", "Tiếp nhận sinh hoạt đảng"
    OFFICIAL = "member.official", "Công nhận đảng viên chính thức"
    TRANSFER = "member.transfer", "Chuyển sinh hoạt đảng"
    RETURN = "member.return", "Kết thúc sinh hoạt tạm thời"
    EXEMPTION = "member.exemption", "Miễn công tác và sinh hoạt đảng"
    EXEMPTION_END = "member.exemption_end", "Thôi miễn công tác và sinh hoạt đảng"
    SUSPENSION = "member.suspension", "Đình chỉ sinh hoạt đảng"
    SUSPENSION_END = "member.suspension_end", "Kết thúc đình chỉ sinh hoạt đảng"
    DISCIPLINE = "member.discipline", "Kỷ luật"
    REMOVAL = "member.removal", "Xóa tên khỏi danh sách đảng viên"
    DEATH = "member.death", "Từ trần"
    LEAVING = "member.leaving", "Ra khỏi Đảng"
    PROFILE = "member.profile", "Sửa hồ sơ đảng viên"
    EVENT_WITHDRAW = "member.event_withdraw", "Hủy sự kiện ghi nhầm (đính chính)"
    EVENT_CORRECT = "member.event_correct", "Sửa sự kiện (đính chính)"


declare("Đảng viên", AuditAction)
