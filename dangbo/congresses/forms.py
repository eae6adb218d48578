"""Forms of the congress pages: input shape only (numbers, dates); the rules are in the services."""

from __future__ import annotations

from typing import Any

from django import forms

from dangbo.congresses.models import STAGE_DATE, Congress, Election
from dangbo.web.forms.base import VnDateField, VnForm, text, textarea


def number(label: str, *, required: bool = True, min_value: int = 0) -> forms.IntegerField:
    field = forms.IntegerField(
        label=label,
        required=required,
        min_value=min_value,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    field.error_messages["invalid"] = f"{label} phải là số nguyên."
    field.error_messages["min_value"] = f"{label} phải từ {min_value} trở lên."
    return field


class RoundOpenForm(VnForm):
    org = text("Tổ chức (mã hoặc tên, có dấu hay không dấu)", required=True, max_length=255)
    term_start = number("Nhiệm kỳ từ năm", min_value=1990)
    term_end = number("Đến năm", min_value=1990)
    planned_on = VnDateField(label="Ngày dự kiến (mặc định cho mọi tổ chức)")


class PlanForm(VnForm):
    planned_on = VnDateField(label="Ngày dự kiến")
    kind = forms.ChoiceField(label="Hình thức", choices=Congress.Kind.choices)
    place = text("Địa điểm")


class StageForm(VnForm):
    stage = forms.ChoiceField(label="Giai đoạn", choices=[(s.value, s.label) for s in STAGE_DATE])
    on = VnDateField(label="Ngày")
    electors_called = number(
        "Số được triệu tập (đảng viên chính thức hoặc đại biểu)", required=False, min_value=1
    )
    present = number("Số có mặt", required=False, min_value=0)
    counting_board = textarea("Ban kiểm phiếu (mỗi dòng một người)")
    decision_number = text("Số quyết định chuẩn y", max_length=60)


class ProposalForm(VnForm):
    committee_size = number("Số lượng cấp ủy viên", min_value=1)
    standing_size = number("Số ủy viên ban thường vụ (0: không có)")
    deputies = number("Số phó bí thư")
    delegates = number("Số đại biểu dự đại hội cấp trên")
    alternates = number("Số đại biểu dự khuyết")
    young_percent = number("Chỉ tiêu dưới 40 tuổi (%)")
    women_percent = number("Chỉ tiêu nữ (%)")
    minority_percent = number("Chỉ tiêu dân tộc thiểu số (%)")
    on = VnDateField(label="Ngày thông qua đề án", required=False)
    note = textarea("Ghi chú")


class ElectionForm(VnForm):
    kind = forms.ChoiceField(label="Bầu", choices=Election.Kind.choices)
    seats = number("Số lượng cần bầu (để trống: theo đề án)", required=False, min_value=1)
    alternates = number("Số dự khuyết", required=False)
    committee_present = number("Số cấp ủy viên có mặt (bầu chức danh)", required=False, min_value=1)


class CandidateForm(VnForm):
    member = forms.TypedChoiceField(label="Đảng viên", coerce=int)
    proposed_by_committee = forms.BooleanField(label="Do cấp ủy giới thiệu", required=False, initial=True)
    approvals = number("Số đại biểu tán thành (nếu không do cấp ủy giới thiệu)", required=False)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "— chọn đảng viên —"), *choices]  # type: ignore[attr-defined]


class BallotForm(VnForm):
    marks = forms.TypedMultipleChoiceField(
        label="Người được bầu (tên giữ lại trên phiếu)",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    invalid = forms.BooleanField(label="Phiếu không hợp lệ", required=False)
    invalid_reason = text("Lý do không hợp lệ")

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["marks"].choices = choices  # type: ignore[attr-defined]


class CountForm(VnForm):
    issued = number("Số phiếu phát ra")
    on = VnDateField(label="Ngày kiểm phiếu", required=False)


class TallyForm(VnForm):
    issued = number("Số phiếu phát ra")
    returned = number("Số phiếu thu vào")
    valid = number("Số phiếu hợp lệ")
    invalid = number("Số phiếu không hợp lệ")
    on = VnDateField(label="Ngày kiểm phiếu", required=False)

    def __init__(self, *args: Any, candidates: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.vote_fields = []
        for pk, name in candidates:
            key = f"vote_{pk}"
            self.fields[key] = number(f"Số phiếu bầu {name}")
            self.localise(self.fields[key])
            self.vote_fields.append(key)

    def votes(self) -> dict[int, int]:
        return {int(key[5:]): self.cleaned_data[key] for key in self.vote_fields}
