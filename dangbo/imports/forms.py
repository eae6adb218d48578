"""The forms of the import and export pages (Vietnamese messages, dd/mm/yyyy dates)."""

from __future__ import annotations

from django import forms

from dangbo.core.dates import DateKind
from dangbo.web.forms.base import VnDateField, VnForm


class UploadForm(VnForm):
    file = forms.FileField(
        label="Tệp Excel",
        help_text=(
            "Tệp .xlsx (hoặc .ods) theo các mẫu bên dưới (có thể gồm nhiều sheet); tệp .xls cũ hãy lưu lại "
            "dạng .xlsx trước. Tệp được kiểm tra toàn bộ trước khi ghi."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.ods"}),
    )


class DayExportForm(VnForm):
    org = forms.ChoiceField(label="Tổ chức")
    ngay = VnDateField(label="Tại ngày", required=False, kind=DateKind.DAY)

    def __init__(self, *args: object, options: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["org"].choices = options  # type: ignore[attr-defined]


class YearExportForm(VnForm):
    org = forms.ChoiceField(label="Tổ chức")
    nam = forms.IntegerField(label="Năm", min_value=1990, max_value=2100)

    def __init__(self, *args: object, options: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["org"].choices = options  # type: ignore[attr-defined]
