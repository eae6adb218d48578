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
from dangbo.evaluations.models import Award
from dangbo.evaluations.selectors import Candidate, MemberReviewRow
from dangbo.web.forms.base import VnDateField, VnForm, text, textarea

Choice = tuple[str, str]
NOT_RATED = "khong"  # the select value of "Không xếp loại"
NOT_RATED_LABEL = "Không xếp loại"
STAGE_LABELS = {
    "self": "Tự đánh giá",
    "proposal": "Đề xuất",
    "decision": "Quyết định",
}
YEAR_RE = re.compile(r"^\d{4}$")


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


def parse_year(raw: str, *, label: str = "Năm") -> int:
    """A year typed in a box: four digits, else a Vietnamese ValidationError naming the field."""
    value = (raw or "").strip()
    if not YEAR_RE.match(value):
        raise forms.ValidationError(f"{label} “{value}” không hợp lệ: hãy nhập 4 chữ số, ví dụ 2019.")
    return int(value)


class YearField(forms.CharField):
    def __init__(self, *, label: str = "Năm", **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "class": "year"}))
        super().__init__(label=label, max_length=4, **kwargs)

    def clean(self, value: Any) -> int | None:  # type: ignore[override]
        raw = super().clean(value)
        if not raw:
            return None
        return parse_year(raw, label=str(self.label))


# --- the review ---------------------------------------------------------------------------------


class MemberRatingsForm(VnForm):
    """The proposal or the decision for the whole list of a cell at once: one select per member."""

    stage = forms.ChoiceField(
        choices=[("proposal", "Đề xuất"), ("decision", "Quyết định")], widget=forms.HiddenInput
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
        self.rule_violation = False
        self.fields["decision_number"].help_text = "Bắt buộc khi ghi quyết định."
        self.fields["override_reason"].help_text = (
            "Chỉ ghi khi cấp có thẩm quyền vẫn quyết định trái quy tắc (ví dụ vượt tỷ lệ 20% hoàn thành "
            "xuất sắc nhiệm vụ); lý do được lưu cùng kết quả."
        )
        for row in self.rows:
            excluded = row.excluded_reason is not None
            field = forms.ChoiceField(
                label=row.member.full_name,
                choices=level_choices(scheme.member_levels, not_rated=excluded, blank="—"),
                required=False,
            )
            self.localise(field)
            field.error_messages["invalid_choice"] = (
                f"Mức xếp loại “%(value)s” của {row.member.full_name} không có trong {scheme.regulation}."
            )
            self.fields[f"rank_{row.member.pk}"] = field

    def member_rows(self) -> list[tuple[MemberReviewRow, forms.BoundField]]:
        return [(row, self[f"rank_{row.member.pk}"]) for row in self.rows]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        entries = []
        for row in self.rows:
            value = data.get(f"rank_{row.member.pk}") or ""
            if value:
                entries.append((row.member, rank_value(value)))
        data["entries"] = entries
        if not entries and not any(f"rank_{row.member.pk}" in self.errors for row in self.rows):
            raise forms.ValidationError("Chưa chọn mức xếp loại cho đảng viên nào.")
        if data.get("stage") == "decision" and not (data.get("decision_number") or "").strip():
            self.add_error("decision_number", "Phải nhập số quyết định (hoặc thông báo) xếp loại.")
        return data

    def show_error(self, error: ApplicationError, aliases: dict[str, str] | None = None) -> None:
        """A refusal about one line ("Dòng 3 (Nguyễn Văn An): …") goes on that member's select too;
        a rule violation is shown above the form, next to the override reason."""
        self.rule_violation = isinstance(error, RuleViolation)
        self.add_error(None, error.message)
        for index, (member, _) in enumerate(self.cleaned_data.get("entries", []), start=1):
            prefix = f"Dòng {index} ("
            if error.message.startswith(prefix):
                self.add_error(f"rank_{member.pk}", error.message.split("): ", 1)[-1])
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
        label="Điểm (Quy định 366)", required=False, min_value=0, max_value=100, decimal_places=2
    )
    override_reason = textarea("Lý do vượt quy tắc")
    not_rated_reason = text("Lý do không xếp loại")
    leadership_disciplined = forms.BooleanField(label="Tập thể lãnh đạo bị kỷ luật", required=False)
    leadership_warning_or_above = forms.BooleanField(
        label="Thành viên lãnh đạo bị kỷ luật từ cảnh cáo trở lên", required=False
    )
    disunity_concluded = forms.BooleanField(label="Bị kết luận mất đoàn kết nội bộ", required=False)

    def __init__(self, *args: Any, scheme: rules.Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.rule_violation = False
        rank = self.fields["rank"]
        assert isinstance(rank, forms.ChoiceField)
        rank.choices = level_choices(scheme.organization_levels, not_rated=True, blank="— chọn mức —")
        self.fields["exemplary"].label = f"Tiêu biểu ({scheme.exemplary_label})"
        if not scheme.scored:
            del self.fields["score"]
        else:
            score = self.fields["score"]
            score.error_messages["invalid"] = "Điểm phải là một số, ví dụ 92,5."
            score.error_messages["min_value"] = "Điểm phải từ 0 đến 100."
            score.error_messages["max_value"] = "Điểm phải từ 0 đến 100."
        for field in self.fields.values():
            self.localise(field)

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


class LockForm(VnForm):
    decision_number = text(
        "Số quyết định phê duyệt",
        required=True,
        max_length=60,
        help_text="Quyết định (thông báo) phê duyệt kết quả đánh giá, xếp loại của năm.",
    )


class CorrectionForm(VnForm):
    rank = forms.ChoiceField(label="Mức xếp loại sau điều chỉnh")
    exemplary = forms.BooleanField(label="Tiêu biểu", required=False)
    reason = forms.CharField(label="Lý do điều chỉnh", widget=forms.Textarea(attrs={"rows": 3}))
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
    so_lieu = forms.CharField(
        label="Số liệu (SỐ_LƯỢNG:TỶ_LỆ, mỗi dòng một số liệu)",
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "8:19,04\n33:78,6\n1:2,3"}),
        help_text="Tỷ lệ ghi đúng như trong báo cáo, dấu phẩy hoặc dấu chấm, bao nhiêu chữ số thập phân cũng được.",
    )
    dang_vien = forms.BooleanField(
        label="Đây là số liệu đảng viên theo 4 mức (hoàn thành xuất sắc, tốt, hoàn thành, không hoàn thành nhiệm vụ — đúng thứ tự)",
        required=False,
    )
    nam = YearField(label="Năm đánh giá", required=False, help_text="Để áp dụng đúng quy định của năm.")

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
