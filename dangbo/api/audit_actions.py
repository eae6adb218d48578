"""The audit actions this app writes, with how a person reads them (see dangbo/audit/registry.py)."""

from django.db import models

from dangbo.audit.registry import declare


class AuditAction(models.TextChoices):
    TOKEN_CREATE = "api_token.create", "Cấp khóa truy cập API"
    TOKEN_REVOKE = "api_token.revoke", "Thu hồi khóa truy cập API"
    TOKEN_REVOKE_ALL = "api_token.revoke_all", "Thu hồi mọi khóa truy cập API (đổi mật khẩu)"
    READ_MEMBERS = "api.members", "Đọc danh sách đảng viên qua API"
    READ_MEMBER = "api.member", "Đọc hồ sơ đảng viên qua API"
    READ_MEMBER_EVENTS = "api.member_events", "Đọc quá trình sinh hoạt của đảng viên qua API"
    READ_REPORT = "api.report", "Đọc báo cáo đánh giá, xếp loại qua API"


declare("Khóa truy cập API", AuditAction)
