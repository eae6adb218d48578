"""Forms of the target and meeting pages (Vietnamese messages naming the field)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from dangbo.targets import rules
from dangbo.targets.models import Attendance, Meeting
from dangbo.ui.forms import VnCharField, VnDateField, VnForm, YearField, text, textarea

Choice = tuple[str, str]


class PickForm(VnForm):
    """?org=CODE&nam=YYYY (GET)."""

    org = forms.ChoiceField(label="Tổ chức đảng")
    nam = YearField(label="Năm", required=True)

    def __init__(self, *args: Any, org_options: Sequence[Choice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = self.fields["org"]
        assert isinstance(org, forms.ChoiceField)
        org.choices = list(org_options)


class TargetForm(VnForm):
    """Giao chỉ tiêu: one number per kind (blank: unchanged)."""

    year = YearField(label="Năm", required=True)
    decision_number = text("Số văn bản giao chỉ tiêu", max_length=60)
    note = textarea("Ghi chú")

    def __init__(self, *args: Any, kinds: Sequence[rules.TargetKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = list(kinds)
        for kind in self.kinds:
            field = forms.IntegerField(label=kind.label, required=False, min_value=1, max_value=1_000_000)
            self.localise(field)
            field.error_messages["invalid"] = f"{kind.label}: chỉ tiêu phải là số nguyên."
            field.error_messages["min_value"] = (
                f"{kind.label}: chỉ tiêu phải lớn hơn 0 (bỏ trống nếu không giao)."
            )
            field.error_messages["max_value"] = f"{kind.label}: chỉ tiêu quá lớn (tối đa 1.000.000)."
            self.fields[kind.key] = field
        self.fieldsets = (
            ("Năm và văn bản", ("year", "decision_number", "note")),
            ("Chỉ tiêu (bỏ trống: không thay đổi)", tuple(k.key for k in self.kinds)),
        )


class MeetingForm(VnForm):
    """Ghi buổi sinh hoạt chi bộ; the attendance comes as one status (and reason) per member."""

    held_on = VnDateField(label="Ngày sinh hoạt")
    kind = forms.ChoiceField(label="Hình thức", choices=Meeting.Kind.choices, initial=Meeting.Kind.REGULAR)
    topics = VnCharField(
        label="Nội dung sinh hoạt", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    note = textarea("Ghi chú")

    fieldsets = (("Buổi sinh hoạt", ("held_on", "kind", "topics", "note")),)


STATUS_CHOICES = Attendance.Status.choices
