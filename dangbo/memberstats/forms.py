"""Forms of the statistics pages (Vietnamese messages naming the field)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from dangbo.core.dates import DateKind
from dangbo.ui.forms import VnCharField, VnDateField, VnForm

Choice = tuple[str, str]


class StatsForm(VnForm):
    """?org=CODE&ngay=dd/mm/yyyy&tu=dd/mm/yyyy (GET)."""

    org = forms.ChoiceField(label="Tổ chức đảng")
    ngay = VnDateField(label="Tính đến ngày", kind=DateKind.DAY)
    tu = VnDateField(label="Biến động từ ngày", kind=DateKind.DAY, required=False)

    def __init__(self, *args: Any, org_options: Sequence[Choice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = self.fields["org"]
        assert isinstance(org, forms.ChoiceField)
        org.choices = list(org_options)


class MonthForm(VnForm):
    """?org=CODE&thang=mm/yyyy (GET)."""

    org = forms.ChoiceField(label="Tổ chức đảng")
    thang = VnCharField(label="Tháng (mm/yyyy)", max_length=7)

    def __init__(self, *args: Any, org_options: Sequence[Choice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = self.fields["org"]
        assert isinstance(org, forms.ChoiceField)
        org.choices = list(org_options)

    def clean_thang(self) -> tuple[int, int]:
        raw = (self.cleaned_data.get("thang") or "").strip()
        month_text, _, year_text = raw.partition("/")
        if not (
            month_text.isdigit()
            and year_text.isdigit()
            and len(year_text) == 4
            and 1 <= int(month_text) <= 12
        ):
            raise forms.ValidationError(
                f"Tháng “{raw[:20]}” không hợp lệ: hãy nhập theo dạng mm/yyyy, ví dụ 11/2019."
            )
        year = int(year_text)
        if not 1930 <= year <= 2100:
            raise forms.ValidationError(f"Năm {year} nằm ngoài khoảng 1930–2100.")
        return year, int(month_text)
