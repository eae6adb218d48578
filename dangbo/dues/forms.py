"""Forms of the dues pages (Vietnamese messages naming the field)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from dangbo.core.dates import DateKind
from dangbo.dues import rules
from dangbo.dues.models import DuesPayment
from dangbo.ui.forms import VnDateField, VnForm, YearField, text

Choice = tuple[str, str]
MONTHS = [(str(m), f"Tháng {m:02d}") for m in range(1, 13)]


def _money(label: str, *, required: bool, max_value: int) -> forms.IntegerField:
    field = forms.IntegerField(
        label=label,
        required=required,
        min_value=1,
        max_value=max_value,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    VnForm.localise(field)
    field.error_messages["invalid"] = f"{label}: phải là số nguyên (đồng), ví dụ 53000."
    field.error_messages["min_value"] = f"{label}: phải lớn hơn 0."
    field.error_messages["max_value"] = f"{label}: quá lớn (tối đa {max_value:,} đồng).".replace(",", ".")
    field.error_messages["required"] = f"Phải nhập {label.lower()}."
    return field


class PickForm(VnForm):
    """?org=CODE&nam=YYYY&thang=M (GET; no month: the whole year)."""

    org = forms.ChoiceField(label="Tổ chức đảng")
    nam = YearField(label="Năm", required=True)
    thang = forms.ChoiceField(label="Tháng", required=False, choices=[("", "Cả năm"), *MONTHS])

    def __init__(self, *args: Any, org_options: Sequence[Choice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = self.fields["org"]
        assert isinstance(org, forms.ChoiceField)
        org.choices = list(org_options)


class PaymentForm(VnForm):
    """Ghi thu đảng phí của một đảng viên trong tháng."""

    member = forms.ChoiceField(label="Đảng viên")
    amount = _money("Số tiền đã đóng (đồng)", required=True, max_value=rules.MAX_PAYMENT)
    method = forms.ChoiceField(label="Hình thức", choices=DuesPayment.Method.choices, initial="cash")
    paid_on = VnDateField(label="Ngày đóng", kind=DateKind.DAY)
    note = text("Ghi chú")

    def __init__(self, *args: Any, members: Sequence[Choice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member = self.fields["member"]
        assert isinstance(member, forms.ChoiceField)
        member.choices = list(members)


class ExcuseForm(VnForm):
    """Ghi lý do chưa đóng đảng phí của một đảng viên trong tháng."""

    member = forms.ChoiceField(label="Đảng viên")
    reason = text("Lý do chưa đóng", required=True)

    def __init__(self, *args: Any, members: Sequence[Choice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member = self.fields["member"]
        assert isinstance(member, forms.ChoiceField)
        member.choices = list(members)


class ImportForm(VnForm):
    file = forms.FileField(
        label="Tệp Excel thu đảng phí của tháng",
        help_text="Tệp .xlsx như sổ thu tháng tải về (cột “Họ và tên”, “Số tiền đã đóng (đồng)”, "
        "“Hình thức”, “Ngày đóng”); dòng để trống số tiền được bỏ qua. Tệp được kiểm tra toàn bộ trước khi ghi.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.ods"}),
        error_messages={"required": "Phải chọn tệp Excel.", "empty": "Tệp Excel trống."},
    )


class BasisForm(VnForm):
    """Khai căn cứ tính đảng phí."""

    category = forms.ChoiceField(label="Đối tượng", choices=list(rules.CATEGORIES.items()))
    income = forms.IntegerField(
        label="Thu nhập làm căn cứ (đồng/tháng)",
        required=False,
        min_value=0,
        max_value=rules.MAX_INCOME,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text="Tiền lương đóng bảo hiểm xã hội của tháng trước, trợ cấp hoặc lương hưu; bỏ trống với "
        "đối tượng đóng mức cố định.",
    )
    year = YearField(label="Áp dụng từ năm", required=True)
    month = forms.ChoiceField(label="Từ tháng", choices=MONTHS)
    note = text("Ghi chú")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        income = self.fields["income"]
        self.localise(income)
        income.error_messages["invalid"] = "Thu nhập làm căn cứ: phải là số nguyên (đồng/tháng)."
        income.error_messages["min_value"] = "Thu nhập làm căn cứ: không được âm."
        income.error_messages["max_value"] = "Thu nhập làm căn cứ: quá lớn."
