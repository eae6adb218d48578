"""Forms of the admission pipeline's pages (Vietnamese messages naming the field)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from dangbo.core.dates import DateKind
from dangbo.members.models import Sex, SourceGroup
from dangbo.ui.forms import VnCharField, VnDateField, VnForm, text, textarea

Choice = tuple[str, str]


class PickForm(VnForm):
    """?org=CODE (GET)."""

    org = forms.ChoiceField(label="Tổ chức đảng")

    def __init__(self, *args: Any, org_options: Sequence[Choice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = self.fields["org"]
        assert isinstance(org, forms.ChoiceField)
        org.choices = list(org_options)


class CandidateForm(VnForm):
    """Đưa quần chúng ưu tú vào danh sách."""

    full_name = VnCharField(label="Họ và tên", max_length=120, name=True)
    sex = forms.ChoiceField(label="Giới tính", choices=[("", "—"), *Sex.choices])
    birth_date = VnDateField(label="Ngày sinh", kind=DateKind.BIRTH)
    cccd = text("Số CCCD", max_length=12)
    ethnicity = text("Dân tộc", max_length=40, initial="Kinh")
    religion = text("Tôn giáo", max_length=40, initial="Không")
    hometown = text("Quê quán")
    residence = text("Nơi cư trú")
    education = text("Trình độ học vấn", max_length=20)
    occupation = text("Nghề nghiệp", max_length=120)
    source_group = forms.ChoiceField(
        label="Nguồn kết nạp", choices=SourceGroup.choices, initial=SourceGroup.OTHER
    )
    listed_on = VnDateField(label="Ngày đưa vào danh sách")
    resolution_planned_on = VnDateField(label="Dự kiến chi bộ xét", required=False)

    fieldsets: tuple[tuple[str, tuple[str, ...]], ...] = (
        (
            "Quần chúng",
            ("full_name", "sex", "birth_date", "cccd", "ethnicity", "religion", "hometown", "residence"),
        ),
        ("Học vấn, nghề nghiệp", ("education", "occupation", "source_group")),
        ("Theo dõi", ("listed_on", "resolution_planned_on")),
    )


class VersionedForm(VnForm):
    """A form that changes an existing candidate: the version it was opened on (hidden), so that a
    change made meanwhile by someone else is refused rather than overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].error_messages["invalid"] = "Phiên bản hồ sơ không hợp lệ; hãy tải lại trang."


class CandidateUpdateForm(CandidateForm, VersionedForm):
    """Sửa thông tin quần chúng: the profile and the source group (the listing day stays)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["listed_on"]
        del self.fields["resolution_planned_on"]

    fieldsets = CandidateForm.fieldsets[:2]


class StepForm(VnForm):
    """One step of the dossier: its day, the paper's number or who issued it, a note."""

    done_on = VnDateField(label="Ngày")
    reference = text("Số, nơi ban hành")
    note = textarea("Ghi chú", max_length=2000)

    def __init__(self, *args: Any, reference_label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if reference_label:
            self.fields["reference"].label = reference_label
            self.localise(self.fields["reference"])


class SponsorsForm(VnForm):
    """Hai người giới thiệu: official members of the cell, with the months each has worked with them."""

    done_on = VnDateField(label="Ngày giới thiệu")
    sponsor_1 = forms.ChoiceField(label="Người giới thiệu thứ nhất")
    months_1 = forms.IntegerField(
        label="Số tháng cùng công tác (người thứ nhất)", min_value=0, max_value=1200
    )
    sponsor_2 = forms.ChoiceField(label="Người giới thiệu thứ hai")
    months_2 = forms.IntegerField(label="Số tháng cùng công tác (người thứ hai)", min_value=0, max_value=1200)
    note = textarea("Ghi chú", max_length=2000)

    def __init__(self, *args: Any, sponsor_options: Sequence[Choice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("sponsor_1", "sponsor_2"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", "— chọn đảng viên chính thức —"), *sponsor_options]
        for name in ("months_1", "months_2"):
            field = self.fields[name]
            field.error_messages["invalid"] = f"{field.label}: phải là số nguyên."
            field.error_messages["min_value"] = f"{field.label}: không được âm."
            field.error_messages["max_value"] = f"{field.label}: quá lớn."


class ResolutionForm(VnForm):
    """Nghị quyết của chi bộ: the vote of the official members."""

    done_on = VnDateField(label="Ngày chi bộ họp xét")
    reference = text("Số nghị quyết", max_length=60, required=True)
    in_favour = forms.IntegerField(label="Số đảng viên chính thức tán thành", min_value=0, max_value=100_000)
    note = textarea("Ghi chú", max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["in_favour"]
        field.error_messages["invalid"] = "Số đảng viên tán thành phải là số nguyên."
        field.error_messages["min_value"] = "Số đảng viên tán thành không được âm."
        field.error_messages["max_value"] = "Số đảng viên tán thành quá lớn."


class AdmitForm(VnForm):
    """Quyết định kết nạp của cấp có thẩm quyền: creates the member record."""

    decision_number = text("Số quyết định", required=True, max_length=60)
    decision_date = VnDateField(label="Ngày ký quyết định", required=False)
    effective_on = VnDateField(label="Ngày quyết định kết nạp (ngày vào Đảng)")
    issued_by = text("Cơ quan quyết định")
    ceremony_on = VnDateField(label="Ngày lễ kết nạp", required=False)
    over_age_approved = forms.BooleanField(
        label="Đã có ý kiến đồng ý của cấp ủy tỉnh, thành phố (người trên 60 tuổi)", required=False
    )


class PlanForm(VersionedForm):
    resolution_planned_on = VnDateField(label="Ngày dự kiến chi bộ xét")


class CloseForm(VersionedForm):
    closed_on = VnDateField(label="Ngày thôi xem xét")
    reason = VnCharField(label="Lý do", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


REFERENCE_LABELS = {
    "course": "Số giấy chứng nhận, nơi cấp",
    "application": "Ghi chú về đơn",
    "biography": "Ghi chú về lý lịch",
    "verification": "Kết luận thẩm tra (cơ quan, số văn bản)",
    "mass_comment": "Đoàn thể nhận xét",
    "residence_comment": "Chi ủy, chi bộ nơi cư trú",
    "proposal": "Số văn bản đề nghị của đảng ủy cơ sở",
}
