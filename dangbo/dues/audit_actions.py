"""The audit actions this app writes, with how a person reads them (see dangbo/audit/registry.py)."""

from django.db import models

from dangbo.audit.registry import declare


class AuditAction(models.TextChoices):
    DUES_BASIS_SET = "dues_basis_set", "Khai căn cứ tính đảng phí"
    DUES_PAYMENT_RECORD = "dues_payment_record", "Ghi thu đảng phí"
    DUES_MONTH_RECORD = "dues_month_record", "Ghi thu đảng phí cả tháng của chi bộ"
    DUES_EXCUSE_RECORD = "dues_excuse_record", "Ghi lý do chưa đóng đảng phí"
    DUES_IMPORT = "dues_import", "Nhập thu đảng phí từ Excel"
    EXPORT_DUES = "export.dues", "Xuất sổ thu đảng phí"


declare("Đảng phí", AuditAction)
