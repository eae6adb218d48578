"""Input shape of the planning pages; the rules live in the services."""

from __future__ import annotations

from django import forms

from dangbo.core.dates import DateKind
from dangbo.planning.models import Candidacy, PlannedPosition, Rotation
from dangbo.web.forms.base import VnDateField, VnForm, text, textarea


class PositionForm(VnForm):
    kind = forms.ChoiceField(
        label="Loại chức danh", choices=[("", "— chọn —"), *PlannedPosition.Kind.choices]
    )
    title = text("Tên chức danh (để trống: theo loại)", max_length=120)
    seats = forms.IntegerField(
        label="Số vị trí",
        min_value=1,
        max_value=200,
        initial=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )


class CandidacyForm(VnForm):
    member = text(
        "Đảng viên (mã số #… hoặc số thẻ đảng viên)",
        required=True,
        max_length=40,
        help_text="Tìm đảng viên bằng ô tìm kiếm bên dưới rồi bấm “Chọn”.",
    )
    added_on = VnDateField(label="Ngày bổ sung quy hoạch", required=True)
    decision_number = text("Số quyết định phê duyệt", max_length=60)
    note = textarea("Ghi chú")


class RemovalForm(VnForm):
    removed_on = VnDateField(label="Ngày đưa ra khỏi quy hoạch", required=True)
    removal_kind = forms.ChoiceField(label="Lý do", choices=[("", "— chọn —"), *Candidacy.Removal.choices])
    reason = textarea("Lý do cụ thể")


class ReviewForm(VnForm):
    year = forms.IntegerField(
        label="Năm",
        min_value=1990,
        max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": "4"}),
    )
    reviewed_on = VnDateField(label="Ngày rà soát", required=True)
    decision_number = text("Số quyết định phê duyệt", max_length=60)
    note = textarea("Ghi chú")


class RotationForm(VnForm):
    kind = forms.ChoiceField(label="Hình thức", choices=[("", "— chọn —"), *Rotation.Kind.choices])
    to_post = text("Chức vụ, nơi đến", required=True)
    to_organization = text("Tổ chức nơi đến (mã hoặc tên, nếu có)", max_length=255)
    starts_on = VnDateField(label="Từ ngày", required=True)
    ends_on = VnDateField(label="Đến ngày", required=False, kind=DateKind.DAY)
    decision_number = text("Số quyết định", required=True, max_length=60)
    note = textarea("Ghi chú")
