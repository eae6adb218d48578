"""The audit actions this app writes, with how a person reads them (see dangbo/audit/registry.py)."""

from django.db import models

from dangbo.audit.registry import declare


class AuditAction(models.TextChoices):
    CANDIDATE_ADD = "admission.candidate_add", "Đưa quần chúng ưu tú vào danh sách phát triển đảng viên"
    CANDIDATE_UPDATE = "admission.candidate_update", "Sửa thông tin quần chúng ưu tú"
    CANDIDATE_PLAN = "admission.candidate_plan", "Dự kiến ngày chi bộ xét kết nạp"
    CANDIDATE_CLOSE = "admission.candidate_close", "Thôi xem xét kết nạp quần chúng"
    STEP = "admission.step", "Ghi nhận bước trong hồ sơ kết nạp đảng viên"
    ADMIT = "admission.admit", "Kết nạp quần chúng vào Đảng (tạo hồ sơ đảng viên)"


declare("Phát triển đảng viên", AuditAction)
