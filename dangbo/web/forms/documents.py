"""Forms of the documents: what a person chooses before a document is printed, a template uploaded,
an organization's letterhead."""

from __future__ import annotations

from django import forms

from dangbo.core.dates import DateKind
from dangbo.documents.checks import MAX_TEMPLATE_BYTES
from dangbo.documents.kinds import KINDS
from dangbo.ui.forms import VnDateField, VnForm, text, textarea


class ChoicesForm(VnForm):
    """Số, ngày ký, người ký, nơi nhận: asked at every download, the last ones offered again."""

    so = text("Số văn bản", max_length=10, help_text="Chỉ phần số thứ tự (ví dụ 12); để trống để viết tay.")
    ngay_ky = VnDateField(label="Ngày ký", required=False, kind=DateKind.DAY)
    chuc_vu = text("Chức vụ người ký", required=True, max_length=120, help_text="Ví dụ: Bí thư, Phó Bí thư.")
    nguoi_ky = text("Họ tên người ký", required=True, max_length=120)
    noi_nhan = textarea("Nơi nhận", max_length=2000)

    def clean_so(self) -> str:
        number = self.cleaned_data.get("so") or ""
        if number and not (number.isascii() and number.isdigit()):
            raise forms.ValidationError(f"Số văn bản “{number}” chỉ gồm chữ số (ví dụ 12).")
        return number


class TemplateUploadForm(VnForm):
    loai = forms.ChoiceField(label="Loại văn bản", choices=[(key, kind.label) for key, kind in KINDS.items()])
    tep = forms.FileField(
        label="Tệp mẫu (.docx)",
        help_text=f"Tài liệu Word .docx, tối đa {MAX_TEMPLATE_BYTES // (1024 * 1024)} MB, chứa các trường của loại văn bản.",
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
        error_messages={
            "empty": "Tệp mẫu trống.",
            "invalid": "Tệp mẫu không hợp lệ: hãy chọn một tệp .docx.",
            "missing": "Chưa chọn tệp mẫu.",
            "max_length": "Tên tệp mẫu dài quá.",
        },
    )


class TemplateRevertForm(VnForm):
    loai = forms.ChoiceField(label="Loại văn bản", choices=[(key, kind.label) for key, kind in KINDS.items()])


class LetterheadForm(VnForm):
    number_abbreviation = text(
        "Ký hiệu cơ quan ban hành",
        max_length=12,
        help_text="Trong số văn bản, ví dụ QU, ĐU, CB; để trống: theo cấp tổ chức.",
    )
    superior_printed_name = text(
        "Tên cơ quan cấp trên (in trên văn bản)",
        max_length=255,
        help_text="Ví dụ: Đảng bộ Thành phố Hồ Chí Minh; để trống: tên tổ chức cấp trên.",
    )
