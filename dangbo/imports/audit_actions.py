"""The audit actions this app writes, with how a person reads them (see dangbo/audit/registry.py)."""

from django.db import models

from dangbo.audit.registry import declare


class AuditAction(models.TextChoices):
    APPLY = "import.apply", "Nhập dữ liệu từ Excel"
    EXPORT_MEMBERS = "export.members", "Xuất danh sách đảng viên"
    EXPORT_REGISTER = "export.register", "Xuất sổ đảng viên"
    EXPORT_REVIEWS = "export.reviews", "Xuất kết quả xếp loại"
    EXPORT_IMPORT_ISSUES = "export.import_issues", "Xuất danh sách lỗi của tệp nhập"


declare("Nhập, xuất dữ liệu", AuditAction)
