"""Forms of the quarterly ratings (xếp loại hằng quý: a cell's members and the cell, one select each)
and of the superior's re-rating (hủy kết quả xếp loại và xếp loại lại, Mẫu 03)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from dangbo.evaluations import rules
from dangbo.members.models import Member
from dangbo.ui.forms import VnCharField, VnDateField, VnForm, textarea
from dangbo.web.forms.reviews import level_choices


def _score(label: str) -> forms.DecimalField:
    """A quarter's score out of 100 (optional), with Vietnamese messages naming it."""
    field = forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        max_digits=5,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "number", "placeholder": "Điểm"}),
    )
    messages = field.error_messages
    messages["invalid"] = f"{label} phải là một số, ví dụ 85,5."
    for key in ("min_value", "max_value"):
        messages[key] = f"{label} phải từ 0 đến 100."
    messages["max_decimal_places"] = f"{label} có quá nhiều chữ số thập phân."
    messages["max_digits"] = f"{label} có quá nhiều chữ số."
    messages["max_whole_digits"] = f"{label} phải từ 0 đến 100."
    return field


class QuarterForm(VnForm):
    """A cell's quarter at once: a level (with a short note and a score out of 100, both optional)
    per member, and the cell's own level."""

    cell_rank = forms.ChoiceField(label="Xếp loại quý của chi bộ", required=False)
    cell_note = VnCharField(
        label="Ghi chú của chi bộ",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": "Ghi chú"}),
    )

    def __init__(self, *args: Any, members: Sequence[Member], scheme: rules.Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = list(members)
        cell_rank = self.fields["cell_rank"]
        assert isinstance(cell_rank, forms.ChoiceField)
        cell_rank.choices = level_choices(scheme.organization_levels, not_rated=False, blank="—")
        self.localise(cell_rank)
        self.fields["cell_score"] = _score("Điểm quý của chi bộ")
        cell_rank.error_messages["invalid_choice"] = (
            f"Mức xếp loại quý “%(value)s” của chi bộ không có trong {scheme.regulation}."
        )
        for member in self.members:
            name = member.full_name
            field = forms.ChoiceField(
                label=f"Xếp loại quý của {name}",
                choices=level_choices(scheme.member_levels, not_rated=False, blank="—"),
                required=False,
            )
            self.localise(field)
            field.error_messages["invalid_choice"] = (
                f"Mức xếp loại quý “%(value)s” của {name} không có trong {scheme.regulation}."
            )
            self.fields[f"rank_{member.pk}"] = field
            note = VnCharField(
                label=f"Ghi chú của {name}",
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"placeholder": "Ghi chú"}),
            )
            self.fields[f"note_{member.pk}"] = note
            self.localise(note)
            self.fields[f"score_{member.pk}"] = _score(f"Điểm quý của {name}")

    def member_rows(self) -> list[tuple[Member, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [(m, self[f"rank_{m.pk}"], self[f"note_{m.pk}"], self[f"score_{m.pk}"]) for m in self.members]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        entries = [
            (m, data.get(f"rank_{m.pk}") or "", data.get(f"note_{m.pk}") or "", data.get(f"score_{m.pk}"))
            for m in self.members
            if data.get(f"rank_{m.pk}")
        ]
        data["entries"] = entries
        if not entries and not data.get("cell_rank") and not self.errors:
            raise forms.ValidationError("Chưa chọn mức xếp loại quý cho đảng viên nào hay cho chi bộ.")
        return data

    def show_error(self, error: Any, aliases: dict[str, str] | None = None) -> None:
        """A refusal of one line ("Dòng 2 (Nguyễn Văn An): …") goes on that member's select too."""
        self.add_error(None, error.message)
        for index, (member, *_) in enumerate(self.cleaned_data.get("entries", []), start=1):
            if error.message.startswith(f"Dòng {index} ("):
                target = f"score_{member.pk}" if error.field == "score" else f"rank_{member.pk}"
                self.add_error(target, error.message.split("): ", 1)[-1])
                return


class RerateForm(VnForm):
    """Hủy kết quả xếp loại và xếp loại lại (the superior's decision, Mẫu 03)."""

    rank = forms.ChoiceField(label="Mức xếp loại lại")
    reason = textarea("Lý do hủy kết quả xếp loại", required=True, max_length=2000)
    decision_number = VnCharField(label="Số quyết định", required=True, max_length=60)
    decision_date = VnDateField(label="Ngày quyết định", required=True)

    def __init__(
        self, *args: Any, levels: Sequence[rules.Level], scheme: rules.Scheme, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        rank = self.fields["rank"]
        assert isinstance(rank, forms.ChoiceField)
        rank.choices = level_choices(levels, not_rated=False, blank="— chọn mức —")
        self.localise(rank)
        rank.error_messages["invalid_choice"] = (
            f"Mức xếp loại “%(value)s” không có trong {scheme.regulation}."
        )
