"""Forms of the badge pages (Vietnamese messages naming the field)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from dangbo.core.dates import DateKind
from dangbo.ui.forms import VnDateField, VnForm, text, textarea

Choice = tuple[str, str]


class PickForm(VnForm):
    """?org=CODE&dip=dd/mm/yyyy (GET)."""

    org = forms.ChoiceField(label="Tổ chức đảng")
    dip = VnDateField(label="Dịp trao tặng", kind=DateKind.DAY)

    def __init__(self, *args: Any, org_options: Sequence[Choice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = self.fields["org"]
        assert isinstance(org, forms.ChoiceField)
        org.choices = list(org_options)


class ProposalForm(VnForm):
    """Gửi tờ trình đề nghị tặng (truy tặng) Huy hiệu Đảng; the members come as checkboxes dv-<id>."""

    number = text("Số tờ trình", required=True, max_length=60)
    sent_on = VnDateField(label="Ngày gửi")
    note = textarea("Ghi chú")

    fieldsets = (("Tờ trình gửi cấp trên", ("number", "sent_on", "note")),)


class AwardForm(VnForm):
    """Ghi quyết định tặng Huy hiệu Đảng cho một đảng viên."""

    years = forms.TypedChoiceField(label="Mức huy hiệu (năm tuổi đảng)", coerce=int)
    occasion = VnDateField(label="Dịp trao tặng")
    posthumous = forms.BooleanField(label="Truy tặng (đảng viên đã từ trần)", required=False)
    decision_number = text("Số quyết định", required=True, max_length=60)
    decision_date = VnDateField(label="Ngày quyết định")
    issued_by = text("Cơ quan ban hành")
    badge_number = text("Số huy hiệu", max_length=20)

    fieldsets = (
        ("Huy hiệu", ("years", "occasion", "posthumous")),
        ("Quyết định", ("decision_number", "decision_date", "issued_by", "badge_number")),
    )

    def __init__(self, *args: Any, levels: Sequence[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = self.fields["years"]
        assert isinstance(years, forms.TypedChoiceField)
        years.choices = [("", "—"), *((str(level), f"{level} năm") for level in levels)]


class BreakForm(VnForm):
    """Ghi thời gian ra khỏi Đảng của đảng viên được kết nạp lại (không tính tuổi đảng)."""

    left_on = VnDateField(label="Ngày ra khỏi Đảng")
    returned_on = VnDateField(label="Ngày kết nạp lại")
    break_decision = text("Số quyết định kết nạp lại", required=True, max_length=60)
    break_note = textarea("Ghi chú")

    fieldsets = (("Thời gian ra khỏi Đảng", ("left_on", "returned_on", "break_decision", "break_note")),)
