"""The audit actions this app writes, with how a person reads them (see dangbo/audit/registry.py)."""

from django.db import models

from dangbo.audit.registry import declare


class AuditAction(models.TextChoices):
    ROLE_GRANT = "role.grant", "Giao vai trò"
    ROLE_CHANGE = "role.change", "Sửa vai trò"
    ROLE_REVOKE = "role.revoke", "Thu hồi vai trò"
    USER_CREATE = "user.create", "Tạo người dùng"
    USER_CHANGE = "user.change", "Sửa người dùng"
    PERMISSIONS_ADD = "user.permissions.add", "Thêm quyền"
    PERMISSIONS_REMOVE = "user.permissions.remove", "Bớt quyền"
    PERMISSIONS_CLEAR = "user.permissions.clear", "Xóa hết quyền"
    OTP_ENABLE = "user.otp.enable", "Bật xác thực hai bước"
    OTP_DISABLE = "user.otp.disable", "Tắt xác thực hai bước"
    OTP_DEVICE = "user.otp.device", "Sửa thiết bị xác thực hai bước (trang quản trị)"
    OTP_DELETE = "user.otp.delete", "Xóa thiết bị xác thực hai bước (trang quản trị)"
    PASSWORD = "user.password", "Đổi mật khẩu"
    UNLOCK = "user.unlock", "Mở khóa đăng nhập"


declare("Người dùng, vai trò", AuditAction)
