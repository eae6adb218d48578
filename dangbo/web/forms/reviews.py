"""Forms of the annual review (ratings of a cell's members, of organizations, lock, correction,
award) and of the report pages (the year's report, the check of figures, the dashboard)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms

from dangbo.core.dates import today
from dangbo.core.exceptions import ApplicationError, RuleViolation
from dangbo.evaluations import rules
from dangbo.evaluations.models import Award, CapRaise
from dangbo.evaluations.selectors import Candidate, MemberReviewRow
from dangbo.ui.forms import VnCharField, VnDateField, VnForm, YearField, text, textarea

Choice = tuple[str, str]
NOT_RATED = "khong"  # the select value of "Không xếp loại"
NOT_RATED_LABEL = "Không xếp loại"
STAGE_LABELS = {
    "self": "Tự đánh giá",
    "proposal": "Đề xuất",
    "decision": "Quyết định",
}


def level_choices(
    levels: Sequence[rules.Level], *, not_rated: bool, blank: str | None = None
) -> list[Choice]:
    """Select options: the scheme's official wording, best first; "Không xếp loại" when allowed."""
    options: list[Choice] = [("", blank)] if blank is not None else []
    options += [(str(level.rank), level.label) for level in levels]
    if not_rated:
        options.append((NOT_RATED, NOT_RATED_LABEL))
    return options


def rank_value(value: str) -> int | None:
    """The rank a select value stands for (None: not rated)."""
    return None if value in ("", NOT_RATED) else int(value)


def initial_rank(rank: int | None, not_rated: bool) -> str:
    if rank is not None:
        return str(rank)
    return NOT_RATED if not_rated else ""


# --- the review ---------------------------------------------------------------------------------


def _decimal(label: str, *, max_value: int, help_text: str = "") -> forms.DecimalField:
    field = forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=max_value,
        decimal_places=1 if max_value <= 12 else 2,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "number"}),
    )
    return field


# a refused line's field → the row's input it is about
_ERROR_TARGETS = {
    "targets_met_percent": "targets",
    "sick_leave_months": "sick",
    "score_general": "general",
    "score_results": "results",
    "tasks_exceeding_percent": "exceeding",
}


class MemberRatingsForm(VnForm):
    """A whole cell's list at once: the self-assessments (entered by the cell on the members' behalf:
    level and a short text), the cell's proposal or the decision (one select per member, with the
    facts the rules use: share of targets met, months of sick leave, a concluded decline)."""

    stage = forms.ChoiceField(
        choices=[("self", "Tự đánh giá"), ("proposal", "Đề xuất"), ("decision", "Quyết định")],
        widget=forms.HiddenInput,
    )
    decision_number = text("Số quyết định (thông báo)", max_length=60)
    decision_date = VnDateField(label="Ngày quyết định", required=False)
    override_reason = textarea("Lý do vượt quy tắc")

    def __init__(
        self,
        *args: Any,
        rows: Sequence[MemberReviewRow],
        scheme: rules.Scheme,
        stage: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        self.stage_name = stage
        # QĐ 366: the score's two parts at every step; at the decision, prefilled from the proposal
        self.scored = scheme.scored
        self.deciding = stage == "decision"
        self.rule_violation = False
        self.fields["decision_number"].help_text = "Bắt buộc khi ghi quyết định."
        self.fields["override_reason"].help_text = (
            "Chỉ ghi khi cấp có thẩm quyền vẫn quyết định trái quy tắc (ví dụ vượt giới hạn hoàn thành "
            "xuất sắc nhiệm vụ); lý do được lưu cùng kết quả."
        )
        # one control for the whole list: every member left at "—" (and rated, not excluded) gets it
        self.fields["all_unrated"] = forms.ChoiceField(
            label="Đặt mọi đảng viên chưa chọn mức thành",
            choices=level_choices(scheme.member_levels, not_rated=False, blank="—"),
            required=False,
        )
        self.localise(self.fields["all_unrated"])
        for row in self.rows:
            name = row.member.full_name
            excluded = row.excluded_reason is not None
            field = forms.ChoiceField(
                label=name,
                choices=level_choices(
                    scheme.member_levels, not_rated=excluded and stage != "self", blank="—"
                ),
                required=False,
            )
            self.localise(field)
            field.error_messages["invalid_choice"] = (
                f"Mức xếp loại “%(value)s” của {name} không có trong {scheme.regulation}."
            )
            pk = row.member.pk
            self.fields[f"rank_{pk}"] = field
            if stage == "self":
                self.fields[f"self_text_{pk}"] = VnCharField(
                    label=f"Tự kiểm điểm của {name}",
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
            else:
                self.fields[f"targets_{pk}"] = _decimal(
                    f"Tỷ lệ hoàn thành chỉ tiêu, nhiệm vụ của {name} (%)", max_value=100
                )
                self.fields[f"sick_{pk}"] = _decimal(f"Số tháng nghỉ ốm của {name}", max_value=12)
                self.fields[f"decline_{pk}"] = forms.BooleanField(
                    label=f"{name} bị kết luận suy thoái", required=False
                )
            if self.scored:  # QĐ 366: the score's two parts (at the decision: the decided score)
                step = " (quyết định)" if self.deciding else ""
                self.fields[f"general_{pk}"] = _decimal(
                    f"Điểm tiêu chí chung của {name}{step} (tối đa 30)", max_value=30
                )
                self.fields[f"results_{pk}"] = _decimal(
                    f"Điểm kết quả thực hiện nhiệm vụ của {name}{step} (tối đa 70)", max_value=70
                )
            if self.scored and not self.deciding:  # the conditions, entered with the proposal
                self.fields[f"exceeding_{pk}"] = _decimal(
                    f"Tỷ lệ nhiệm vụ vượt mức của {name} (%)", max_value=100
                )
                self.fields[f"late_{pk}"] = forms.BooleanField(
                    label=f"{name} có nhiệm vụ chưa hoàn thành đúng tiến độ", required=False
                )
                if scheme.temporary_comment and row.period.temporary_organization_id is not None:
                    self.fields[f"temporary_{pk}"] = VnCharField(
                        label=f"Nhận xét của chi bộ nơi {name} sinh hoạt tạm thời",
                        required=False,
                        max_length=2000,
                        widget=forms.Textarea(attrs={"rows": 2}),
                    )
            for key in (
                f"self_text_{pk}",
                f"targets_{pk}",
                f"sick_{pk}",
                f"general_{pk}",
                f"results_{pk}",
                f"exceeding_{pk}",
                f"temporary_{pk}",
            ):
                if key in self.fields:
                    self.localise(self.fields[key])
            for key, what, most in (
                (f"general_{pk}", "Điểm tiêu chí chung", "30"),
                (f"results_{pk}", "Điểm kết quả thực hiện nhiệm vụ", "70"),
                (f"exceeding_{pk}", "Tỷ lệ nhiệm vụ vượt mức", "100 %%"),
            ):
                if key in self.fields:
                    messages = self.fields[key].error_messages
                    messages["invalid"] = f"{what} của {name} phải là một số, ví dụ 25,5."
                    messages["min_value"] = f"{what} của {name} phải từ 0 đến {most}."
                    messages["max_value"] = f"{what} của {name} phải từ 0 đến {most}."
                    messages["max_decimal_places"] = f"{what} của {name} có quá nhiều chữ số thập phân."
                    messages["max_digits"] = f"{what} của {name} có quá nhiều chữ số."
            if f"targets_{pk}" in self.fields:
                for key, what in (
                    (f"targets_{pk}", "Tỷ lệ hoàn thành chỉ tiêu, nhiệm vụ"),
                    (f"sick_{pk}", "Số tháng nghỉ ốm"),
                ):
                    bound = "100 %%" if key.startswith("targets") else "12"
                    messages = self.fields[key].error_messages
                    messages["invalid"] = f"{what} của {name} phải là một số, ví dụ 45,5."
                    messages["min_value"] = f"{what} của {name} phải từ 0 đến {bound}."
                    messages["max_value"] = f"{what} của {name} phải từ 0 đến {bound}."
                    messages["max_decimal_places"] = f"{what} của {name} có quá nhiều chữ số thập phân."
                    messages["max_digits"] = f"{what} của {name} có quá nhiều chữ số."

    def member_rows(self) -> list[tuple[MemberReviewRow, dict[str, forms.BoundField | None]]]:
        def bound(name: str) -> forms.BoundField | None:
            return self[name] if name in self.fields else None

        return [
            (
                row,
                {
                    "rank": self[f"rank_{row.member.pk}"],
                    "self_text": bound(f"self_text_{row.member.pk}"),
                    "targets": bound(f"targets_{row.member.pk}"),
                    "sick": bound(f"sick_{row.member.pk}"),
                    "decline": bound(f"decline_{row.member.pk}"),
                    "general": bound(f"general_{row.member.pk}"),
                    "results": bound(f"results_{row.member.pk}"),
                    "exceeding": bound(f"exceeding_{row.member.pk}"),
                    "late": bound(f"late_{row.member.pk}"),
                    "temporary": bound(f"temporary_{row.member.pk}"),
                },
            )
            for row in self.rows
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        entries: list[Any] = []
        facts: dict[int, dict[str, Any]] = {}
        scores: dict[int, dict[str, Any]] = {}
        for row in self.rows:
            pk = row.member.pk
            value = data.get(f"rank_{pk}") or ""
            if not value and row.excluded_reason is None and f"rank_{pk}" not in self.errors:
                value = data.get("all_unrated") or ""
            if self.scored and self.deciding:  # the decided score only: the conditions are kept
                scores[pk] = {
                    "score_general": data.get(f"general_{pk}"),
                    "score_results": data.get(f"results_{pk}"),
                }
            elif self.scored:
                scores[pk] = {
                    "score_general": data.get(f"general_{pk}"),
                    "score_results": data.get(f"results_{pk}"),
                    "tasks_exceeding_percent": data.get(f"exceeding_{pk}"),
                    "tasks_on_time": not data.get(f"late_{pk}"),
                }
                if f"temporary_{pk}" in self.fields:
                    scores[pk]["temporary_comment"] = (data.get(f"temporary_{pk}") or "").strip()
            if self.stage_name == "self":
                text_value = (data.get(f"self_text_{pk}") or "").strip()
                if value or text_value:
                    entries.append((row.member, rank_value(value), text_value))
                continue
            if value and self.scored and self.deciding:  # the decided score: both parts, or neither
                parts = (data.get(f"general_{pk}"), data.get(f"results_{pk}"))
                for key, what, part in (
                    (f"general_{pk}", "điểm tiêu chí chung", parts[0]),
                    (f"results_{pk}", "điểm kết quả thực hiện nhiệm vụ", parts[1]),
                ):
                    if part is None and None in parts and parts != (None, None) and key not in self.errors:
                        self.add_error(
                            key,
                            f"Phải nhập {what} của {row.member.full_name} (hoặc để trống cả hai phần "
                            "để giữ điểm đề xuất).",
                        )
            if value:
                entries.append((row.member, rank_value(value)))
                facts[pk] = {
                    "targets_met_percent": data.get(f"targets_{pk}"),
                    "sick_leave_months": data.get(f"sick_{pk}") or 0,
                    "decline_concluded": bool(data.get(f"decline_{pk}")),
                    **scores.get(pk, {}),
                }
        data["entries"] = entries
        data["facts"] = facts
        data["scores"] = scores
        if not entries and not any(
            key.startswith(("rank_", "targets_", "sick_", "self_text_", "general_", "results_", "exceeding_"))
            for key in self.errors
        ):
            if self.stage_name == "self":
                raise forms.ValidationError("Chưa nhập tự đánh giá của đảng viên nào.")
            raise forms.ValidationError("Chưa chọn mức xếp loại cho đảng viên nào.")
        if data.get("stage") == "decision" and not (data.get("decision_number") or "").strip():
            self.add_error("decision_number", "Phải nhập số quyết định (hoặc thông báo) xếp loại.")
        return data

    def show_error(self, error: ApplicationError, aliases: dict[str, str] | None = None) -> None:
        """A refusal about one line ("Dòng 3 (Nguyễn Văn An): …") goes on that member's row too
        (the fact it names, else the select); a rule violation is shown above the form, next to
        the override reason."""
        self.rule_violation = isinstance(error, RuleViolation)
        self.add_error(None, error.message)
        # every refused line of a list at once: its reason on the fact it names, else the select
        rows: dict[int, tuple[str, str | None]] = getattr(error, "rows", {})
        for entry in self.cleaned_data.get("entries", []) if rows else []:
            if entry[0].pk in rows:
                message, field = rows[entry[0].pk]
                target = _ERROR_TARGETS.get(field or "", "rank")
                name = f"{target}_{entry[0].pk}"
                self.add_error(name if name in self.fields else f"rank_{entry[0].pk}", message)
        if rows:
            return
        for index, entry in enumerate(self.cleaned_data.get("entries", []), start=1):
            member = entry[0]
            prefix = f"Dòng {index} ("
            if error.message.startswith(prefix):
                target = _ERROR_TARGETS.get(error.field or "", "rank")
                name = f"{target}_{member.pk}"
                self.add_error(
                    name if name in self.fields else f"rank_{member.pk}", error.message.split("): ", 1)[-1]
                )
                return
        if error.field in ("decision_number", "decision_date", "override_reason"):
            self.add_error(error.field, error.message)


class OrganizationRatingForm(VnForm):
    """One organization's rating: the step, the level, tiêu biểu, the decision, override reason."""

    stage = forms.ChoiceField(
        label="Bước",
        choices=[("decision", "Quyết định"), ("proposal", "Đề xuất"), ("self", "Tự đánh giá")],
        initial="decision",
    )
    rank = forms.ChoiceField(label="Mức xếp loại")
    exemplary = forms.BooleanField(label="Tiêu biểu", required=False)
    decision_number = text("Số quyết định", max_length=60)
    decision_date = VnDateField(label="Ngày quyết định", required=False)
    score = forms.DecimalField(
        label="Điểm (thang 100)", required=False, min_value=0, max_value=100, decimal_places=2
    )
    override_reason = textarea("Lý do vượt quy tắc")
    not_rated_reason = text("Lý do không xếp loại")
    leadership_disciplined = forms.BooleanField(label="Tập thể lãnh đạo bị kỷ luật", required=False)
    leadership_warning_or_above = forms.BooleanField(
        label="Thành viên lãnh đạo bị kỷ luật từ cảnh cáo trở lên", required=False
    )
    disunity_concluded = forms.BooleanField(label="Bị kết luận mất đoàn kết nội bộ", required=False)
    sub_units_disciplined = forms.IntegerField(
        label="Số tổ chức trực thuộc bị kỷ luật trong năm",
        required=False,
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "number"}),
    )
    self_assessment = VnCharField(
        label="Tự kiểm điểm của tập thể (tóm tắt)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ghi cùng bước tự đánh giá.",
    )

    def __init__(
        self,
        *args: Any,
        scheme: rules.Scheme,
        decide_refusal: str = "",
        is_cell: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.rule_violation = False
        self.can_decide = not decide_refusal
        stage = self.fields["stage"]
        assert isinstance(stage, forms.ChoiceField)
        if decide_refusal:  # not the competent level: self-assessment and proposal only
            stage.choices = [("proposal", "Đề xuất"), ("self", "Tự đánh giá")]
        if is_cell:
            del self.fields["sub_units_disciplined"]
        else:
            units = self.fields["sub_units_disciplined"]
            units.error_messages["invalid"] = "Số tổ chức trực thuộc bị kỷ luật phải là một số nguyên."
            units.error_messages["min_value"] = "Số tổ chức trực thuộc bị kỷ luật không được âm."
        rank = self.fields["rank"]
        assert isinstance(rank, forms.ChoiceField)
        rank.choices = level_choices(scheme.organization_levels, not_rated=True, blank="— chọn mức —")
        self.fields["exemplary"].label = f"Tiêu biểu ({scheme.exemplary_label})"
        # the decided total is entered by the import alone; from 2025 the page enters the score's parts
        del self.fields["score"]
        if scheme.scored:  # QĐ 366: the score's parts at the step chosen (the decided total: their sum)
            self.fields["score_general"] = _decimal(
                "Điểm tiêu chí chung (tối đa 30)",
                max_value=30,
                help_text="Điểm của bước đã chọn (tự đánh giá, đề xuất hoặc quyết định); ở bước quyết định "
                "điền sẵn điểm đề xuất, để trống cả hai phần thì giữ điểm đề xuất.",
            )
            self.fields["score_results"] = _decimal(
                "Điểm kết quả thực hiện nhiệm vụ (tối đa 70)", max_value=70
            )
            self.fields["tasks_done_percent"] = _decimal("Tỷ lệ hoàn thành nhiệm vụ (%)", max_value=100)
            self.fields["tasks_exceeding_percent"] = _decimal("Tỷ lệ nhiệm vụ vượt mức (%)", max_value=100)
            self.fields["tasks_late"] = forms.BooleanField(
                label="Có nhiệm vụ chưa hoàn thành đúng tiến độ", required=False
            )
            self.fields["shortcomings_open"] = forms.BooleanField(
                label="Chưa khắc phục hạn chế, khuyết điểm đã được chỉ ra", required=False
            )
            for key, what, most in (
                ("score_general", "Điểm tiêu chí chung", "30"),
                ("score_results", "Điểm kết quả thực hiện nhiệm vụ", "70"),
                ("tasks_done_percent", "Tỷ lệ hoàn thành nhiệm vụ", "100 %%"),
                ("tasks_exceeding_percent", "Tỷ lệ nhiệm vụ vượt mức", "100 %%"),
            ):
                messages = self.fields[key].error_messages
                messages["invalid"] = f"{what} phải là một số, ví dụ 25,5."
                messages["min_value"] = f"{what} phải từ 0 đến {most}."
                messages["max_value"] = f"{what} phải từ 0 đến {most}."
                messages["max_decimal_places"] = f"{what} có quá nhiều chữ số thập phân."
                messages["max_digits"] = f"{what} có quá nhiều chữ số."
        for field in self.fields.values():
            self.localise(field)
        if decide_refusal:
            stage.error_messages["invalid_choice"] = decide_refusal

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("stage") == "decision" and not (data.get("decision_number") or "").strip():
            self.add_error("decision_number", "Phải nhập số quyết định xếp loại.")
        if data.get("stage") == "decision" and data.get("exemplary") and data.get("rank") not in ("1", None):
            # also a database constraint: not a rule that a reason may override
            violation = rules.exemplary_violations(2, True, self.scheme)[0]
            self.add_error("exemplary", violation.message)
        return data

    def show_error(self, error: ApplicationError, aliases: dict[str, str] | None = None) -> None:
        self.rule_violation = isinstance(error, RuleViolation)
        super().show_error(error, {"year": "", "organization": "", "stage": "stage"})


class SelfAssessmentForm(VnForm):
    """Tự đánh giá of one member: the level the member gives themself and the short text of the
    tự kiểm điểm (entered by the member's cell on their behalf, from the member's form)."""

    rank = forms.ChoiceField(label="Mức tự xếp loại", required=False)
    self_assessment = VnCharField(
        label="Tóm tắt bản tự kiểm điểm",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ưu điểm, khuyết điểm, hạn chế; kết quả thực hiện nhiệm vụ được giao.",
    )

    def __init__(self, *args: Any, scheme: rules.Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rank = self.fields["rank"]
        assert isinstance(rank, forms.ChoiceField)
        rank.choices = level_choices(scheme.member_levels, not_rated=False, blank="— chọn mức —")
        self.localise(rank)
        rank.error_messages["invalid_choice"] = (
            f"Mức tự xếp loại “%(value)s” không có trong {scheme.regulation}."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("rank") and not (data.get("self_assessment") or "").strip() and not self.errors:
            self.add_error("rank", "Phải chọn mức tự xếp loại hoặc ghi tóm tắt tự kiểm điểm.")
        return data


class CapRaiseForm(VnForm):
    """Quyết định của cấp có thẩm quyền nâng giới hạn hoàn thành xuất sắc nhiệm vụ của một nhóm
    đối tượng (from 2025: at most the scheme's most, 25 %)."""

    group = forms.ChoiceField(label="Nhóm đối tượng tương đồng", choices=CapRaise.Group.choices)
    percent = forms.DecimalField(
        label="Tỷ lệ tối đa (%)",
        min_value=0,
        max_value=100,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "number"}),
    )
    decision_number = text("Số quyết định", required=True, max_length=60)
    decision_date = VnDateField(label="Ngày quyết định")
    reason = textarea("Lý do (kết quả nổi trội của đơn vị)")

    def __init__(self, *args: Any, scheme: rules.Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        percent = self.fields["percent"]
        percent.help_text = f"Không quá {scheme.cap_percent_max}% ({scheme.cite('cap_raise')})."
        percent.error_messages["invalid"] = "Tỷ lệ tối đa phải là một số, ví dụ 25."
        percent.error_messages["min_value"] = f"Tỷ lệ tối đa phải từ 0 đến {scheme.cap_percent_max}%."
        percent.error_messages["max_value"] = f"Tỷ lệ tối đa không quá {scheme.cap_percent_max}%."
        percent.error_messages["max_decimal_places"] = "Tỷ lệ tối đa có quá nhiều chữ số thập phân."
        percent.error_messages["max_digits"] = "Tỷ lệ tối đa có quá nhiều chữ số."
        for field in self.fields.values():
            self.localise(field)


class LockForm(VnForm):
    decision_number = text(
        "Số quyết định phê duyệt",
        required=True,
        max_length=60,
        help_text="Quyết định (thông báo) phê duyệt kết quả đánh giá, xếp loại của năm.",
    )
    decision_date = VnDateField(label="Ngày quyết định phê duyệt", help_text="Ngày ghi trên quyết định.")


class CorrectionForm(VnForm):
    rank = forms.ChoiceField(label="Mức xếp loại sau điều chỉnh")
    exemplary = forms.BooleanField(label="Tiêu biểu", required=False)
    reason = VnCharField(label="Lý do điều chỉnh", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    decision_number = text("Số quyết định điều chỉnh", required=True, max_length=60)

    def __init__(self, *args: Any, scheme: rules.Scheme, organization: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        rank = self.fields["rank"]
        assert isinstance(rank, forms.ChoiceField)
        levels = scheme.organization_levels if organization else scheme.member_levels
        rank.choices = level_choices(levels, not_rated=False, blank="— chọn mức —")
        if organization:
            self.fields["exemplary"].label = f"Tiêu biểu ({scheme.exemplary_label})"
        else:
            del self.fields["exemplary"]
        for field in self.fields.values():
            self.localise(field)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("exemplary") and data.get("rank") not in ("1", None):
            self.add_error("exemplary", rules.exemplary_violations(2, True, self.scheme)[0].message)
        return data


class AwardForm(VnForm):
    target = forms.ChoiceField(label="Tổ chức, đảng viên được khen thưởng")
    kind = forms.ChoiceField(label="Hình thức", choices=Award.Kind.choices)
    title = text("Nội dung khen thưởng", required=True)
    consecutive_years = forms.IntegerField(
        label="Số năm liền", required=False, min_value=1, max_value=60, widget=forms.TextInput
    )
    given_by = text("Cấp khen thưởng", required=True, help_text="Ví dụ: Ban Thường vụ Quận ủy Quận 9.")
    decision_number = text("Số quyết định", required=True, max_length=60)
    decision_date = VnDateField(label="Ngày quyết định")
    fieldsets = (
        ("Khen thưởng", ("target", "kind", "title", "consecutive_years")),
        ("Quyết định", ("given_by", "decision_number", "decision_date")),
    )

    def __init__(
        self,
        *args: Any,
        organizations: Sequence[Candidate],
        members: Sequence[Candidate],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        target = self.fields["target"]
        assert isinstance(target, forms.ChoiceField)
        groups: list[Any] = [("", "— chọn trong danh sách đề nghị —")]
        if organizations:
            groups.append(
                (
                    "Tổ chức đảng",
                    [(f"o{c.target_id}", f"{c.name} ({c.years} năm liền)") for c in organizations],
                )
            )
        if members:
            groups.append(
                ("Đảng viên", [(f"m{c.target_id}", f"{c.name} ({c.years} năm liền)") for c in members])
            )
        target.choices = groups
        years = self.fields["consecutive_years"]
        years.error_messages["invalid"] = "Số năm liền phải là một số nguyên."
        years.error_messages["min_value"] = "Số năm liền phải từ 1 trở lên."
        years.error_messages["max_value"] = "Số năm liền không quá 60."

    def show_error(self, error: ApplicationError, aliases: dict[str, str] | None = None) -> None:
        super().show_error(error, {"member": "target", "organization": "target", "year": "target"})


# --- the reports --------------------------------------------------------------------------------


class ReportForm(VnForm):
    """?org=CODE&nam=YYYY&thap_phan=2 (GET)."""

    org = forms.ChoiceField(label="Tổ chức đảng")
    nam = YearField(label="Năm", required=True)
    thap_phan = forms.ChoiceField(
        label="Số chữ số thập phân của tỷ lệ",
        choices=[("2", "2 (19,05 %)"), ("1", "1 (19,0 %)")],
        required=False,
    )

    def __init__(self, *args: Any, org_options: Sequence[Choice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = self.fields["org"]
        assert isinstance(org, forms.ChoiceField)
        org.choices = list(org_options)

    def clean_thap_phan(self) -> int:
        return int(self.cleaned_data.get("thap_phan") or 2)


class DashboardForm(VnForm):
    org = forms.ChoiceField(label="Tổ chức đảng")
    tu_nam = YearField(label="Từ năm", required=False)
    den_nam = YearField(label="Đến năm", required=False)

    def __init__(self, *args: Any, org_options: Sequence[Choice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org = self.fields["org"]
        assert isinstance(org, forms.ChoiceField)
        org.choices = list(org_options)


class CheckFiguresForm(VnForm):
    """The figures of a report someone sent up: the total and lines of COUNT:PERCENT as written."""

    tong = text(
        "Tổng số",
        required=True,
        max_length=20,
        help_text="Mẫu số của các tỷ lệ, ví dụ 42 hoặc 5.852 (số được đánh giá).",
    )
    so_lieu = VnCharField(
        label="Số liệu (SỐ_LƯỢNG:TỶ_LỆ, mỗi dòng một số liệu)",
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "8:19,04\n33:78,6\n1:2,3"}),
        help_text="Tỷ lệ ghi đúng như trong báo cáo, dấu phẩy hoặc dấu chấm, bao nhiêu chữ số thập phân cũng được.",
    )
    dang_vien = forms.BooleanField(
        label="Đây là số liệu đảng viên theo 4 mức (hoàn thành xuất sắc, tốt, hoàn thành, không hoàn thành nhiệm vụ — đúng thứ tự)",
        required=False,
    )
    nam = YearField(label="Năm đánh giá", required=False, help_text="Để áp dụng đúng quy định của năm.")
    co_so_khac = text(
        "Cơ sở khác (nếu có)",
        max_length=200,
        help_text="Các tổng số khác mà báo cáo có thể đã dùng làm mẫu số, cách nhau dấu phẩy, ví dụ 5.900,5.852 "
        "(tổng số đảng viên, số được đánh giá). Tổng các số lượng luôn được thử.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["so_lieu"].error_messages["required"] = (
            "Phải nhập ít nhất một số liệu dạng SỐ_LƯỢNG:TỶ_LỆ (ví dụ 8:19,05)."
        )

    def figures(self) -> list[str]:
        raw = self.cleaned_data.get("so_lieu") or ""
        return [line.strip() for line in re.split(r"[\n;]", raw) if line.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year = data.get("nam")
        if year is not None and not 1990 <= year <= today().year:
            self.add_error("nam", f"Năm đánh giá “{year}” không hợp lệ (từ 1990 đến {today().year}).")
        if data.get("dang_vien"):
            if not year and "nam" not in self.errors:
                self.add_error("nam", "Phải nhập năm đánh giá để kiểm tra theo quy định của năm.")
            if "so_lieu" in data and len(self.figures()) != 4:
                self.add_error(
                    "so_lieu",
                    f"Số liệu đảng viên theo 4 mức cần đúng 4 dòng (đang có {len(self.figures())}).",
                )
        return data
