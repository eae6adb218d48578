"""Forms of the reorganization decisions: establish, rename, move, merge, split, dissolve."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from django import forms

from dangbo.core.dates import today
from dangbo.members.models import Member
from dangbo.organizations import names
from dangbo.organizations.models import (
    Kind,
    Organization,
    OrganizationEventCorrection,
    OrganizationVersion,
    Sector,
)
from dangbo.web.forms.base import DecisionForm, VnCharField, VnDateField, VnForm, text, textarea

Choice = tuple[str, str]
INDENT = "\u00a0\u00a0\u00a0\u00a0"  # non-breaking: a select keeps them


def version_choices(
    versions: Sequence[tuple[OrganizationVersion, int]], *, blank: str | None = None
) -> list[Choice]:
    """Select options for organizations, indented by depth, with their codes."""
    options: list[Choice] = [("", blank)] if blank is not None else []
    shown = names.display_names([v for v, _ in versions], today())
    for version, depth in versions:
        options.append(
            (
                str(version.organization_id),
                f"{INDENT * depth}{shown[version.organization_id]} ({version.organization.code})",
            )
        )
    return options


def cell_choices(cells: Sequence[tuple[OrganizationVersion, str]], *, blank: str) -> list[Any]:
    """Select options for cells, grouped under their parent organization."""
    groups: dict[str, list[Choice]] = {}
    shown = names.display_names([v for v, _ in cells], today())
    for version, parent_name in cells:
        groups.setdefault(parent_name or "—", []).append(
            (str(version.organization_id), f"{shown[version.organization_id]} ({version.organization.code})")
        )
    return [("", blank), *groups.items()]


class OrganizationPick:
    """Keeps the Organization objects behind a select's options, so a choice maps back without a query."""

    def __init__(self, options: Iterable[tuple[OrganizationVersion, Any]]) -> None:
        self.by_id: dict[str, Organization] = {str(v.organization_id): v.organization for v, _ in options}

    def get(self, value: str) -> Organization | None:
        return self.by_id.get(value) if value else None


DECISION_BLOCK = ("Quyết định", DecisionForm.decision_fields)


class EstablishForm(DecisionForm):
    code = text("Mã tổ chức", required=True, max_length=40, help_text="Ví dụ: W1C. Không trùng với mã đã có.")
    name = text("Tên tổ chức", required=True, name=True)
    kind = forms.ChoiceField(label="Cấp tổ chức")
    sector = forms.ChoiceField(label="Loại hình", choices=Sector.choices)
    fieldsets = (("Tổ chức mới", ("code", "name", "kind", "sector")), DECISION_BLOCK)

    def __init__(self, *args: Any, kinds: Collection[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = [(k.value, k.label) for k in Kind if k.value in kinds]
        self.order_fields(["code", "name", "kind", "sector"])


class RenameForm(DecisionForm):
    name = text("Tên mới", required=True, name=True)
    fieldsets = (("Đổi tên", ("name",)), DECISION_BLOCK)


class MoveForm(DecisionForm):
    new_parent = forms.ChoiceField(label="Cấp trên mới")
    fieldsets = (("Chuyển trực thuộc", ("new_parent",)), DECISION_BLOCK)

    def __init__(self, *args: Any, parents: Sequence[tuple[OrganizationVersion, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pick = OrganizationPick(parents)
        field = self.fields["new_parent"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = version_choices(parents, blank="— chọn cấp trên mới —")

    def clean_new_parent(self) -> Organization | None:
        return self.pick.get(self.cleaned_data["new_parent"])


class MergeForm(DecisionForm):
    sources = forms.MultipleChoiceField(
        label="Tổ chức được sáp nhập",
        widget=forms.CheckboxSelectMultiple,
        help_text="Tổ chức trực thuộc và đảng viên của các tổ chức này chuyển về tổ chức nhận; các tổ chức này kết thúc hoạt động.",
    )
    fieldsets = (("Sáp nhập vào tổ chức này", ("sources",)), DECISION_BLOCK)

    def __init__(self, *args: Any, sources: Sequence[tuple[OrganizationVersion, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pick = OrganizationPick(sources)
        field = self.fields["sources"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = version_choices(sources)

    def clean_sources(self) -> list[Organization]:
        return [org for value in self.cleaned_data["sources"] if (org := self.pick.get(value)) is not None]


def _member_label(member: Member) -> str:
    return f"{member.full_name} ({member.birth_date:%d/%m/%Y})"


class SplitForm(DecisionForm):
    """New sibling cells, each taking chosen members; the source may be dissolved."""

    fieldsets = (DECISION_BLOCK,)
    dissolve_source = forms.BooleanField(
        label="Giải thể chi bộ cũ (mọi đảng viên phải được phân về chi bộ mới)", required=False
    )

    def __init__(self, *args: Any, parts: int, members: Sequence[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.part_count = parts
        self.members = list(members)
        part_options = [("", "— ở lại chi bộ cũ —")] + [
            (str(i), f"Chi bộ mới {i}") for i in range(1, parts + 1)
        ]
        for i in range(1, parts + 1):
            self.fields[f"code_{i}"] = text(f"Mã chi bộ mới {i}", max_length=40)
            self.fields[f"name_{i}"] = text(f"Tên chi bộ mới {i}")
        for member in self.members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=_member_label(member), choices=part_options, required=False
            )
        for field in self.fields.values():
            self.localise(field)

    def part_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [(i, self[f"code_{i}"], self[f"name_{i}"]) for i in range(1, self.part_count + 1)]

    def member_rows(self) -> list[tuple[Member, forms.BoundField]]:
        return [(m, self[f"member_{m.pk}"]) for m in self.members]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts: list[dict[str, Any]] = []
        index_of: dict[int, int] = {}
        for i in range(1, self.part_count + 1):
            code = (data.get(f"code_{i}") or "").strip()
            name = (data.get(f"name_{i}") or "").strip()
            if not code and not name:
                continue
            if not code:
                self.add_error(f"code_{i}", f"Phải nhập mã chi bộ mới {i}.")
            if not name:
                self.add_error(f"name_{i}", f"Phải nhập tên chi bộ mới {i}.")
            index_of[i] = len(parts)
            parts.append({"code": code, "name": name, "members": []})
        if not parts:
            raise forms.ValidationError("Phải nhập ít nhất một chi bộ mới (mã và tên).")
        for member in self.members:
            choice = data.get(f"member_{member.pk}") or ""
            if not choice:
                continue
            if int(choice) not in index_of:
                self.add_error(f"member_{member.pk}", f"Chi bộ mới {choice} chưa có mã và tên.")
                continue
            parts[index_of[int(choice)]]["members"].append(member.pk)
        data["parts"] = parts
        return data


class DissolveForm(DecisionForm):
    fieldsets = (DECISION_BLOCK,)
    default_receiving = forms.ChoiceField(
        label="Chi bộ nhận đảng viên",
        required=False,
        help_text="Đảng viên không được chọn chi bộ nhận riêng sẽ chuyển về chi bộ này.",
    )

    def __init__(
        self,
        *args: Any,
        cells: Sequence[tuple[OrganizationVersion, str]],
        members: Sequence[Member],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.pick = OrganizationPick(cells)
        self.members = list(members)
        field = self.fields["default_receiving"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = cell_choices(cells, blank="— chọn chi bộ nhận —")
        # One datalist of cells for all the members (a select per member would repeat every cell);
        # a cell is found by its code or its name, typed with or without accents.
        shown = names.display_names([v for v, _ in cells], today())
        self.cell_options = [(v.organization, shown[v.organization_id]) for v, _ in cells]
        self.cell_list = [(org.code, name) for org, name in self.cell_options]
        for member in self.members:
            self.fields[f"member_{member.pk}"] = VnCharField(
                label=_member_label(member),
                required=False,
                max_length=255,
                widget=forms.TextInput(
                    attrs={
                        "list": "receiving-cells",
                        "placeholder": "mã hoặc tên chi bộ nhận riêng",
                        "autocomplete": "off",
                    }
                ),
            )
            self.localise(self.fields[f"member_{member.pk}"])

    def member_rows(self) -> list[tuple[Member, forms.BoundField]]:
        return [(m, self[f"member_{m.pk}"]) for m in self.members]

    def clean_default_receiving(self) -> Organization | None:
        return self.pick.get(self.cleaned_data["default_receiving"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        receiving: dict[int, Organization] = {}
        for member in self.members:
            typed = (data.get(f"member_{member.pk}") or "").strip()
            if not typed:
                continue
            found = names.match(typed, self.cell_options)
            if not found:
                self.add_error(
                    f"member_{member.pk}",
                    f"Không có chi bộ mã hoặc tên “{typed}” trong các chi bộ bạn được chọn.",
                )
                continue
            if len(found) > 1:
                by_id = {o.pk: n for o, n in self.cell_options}
                shown = "; ".join(f"{by_id[o.pk]} (mã {o.code})" for o in found[:6])
                self.add_error(
                    f"member_{member.pk}",
                    f"“{typed}” khớp với {len(found)} chi bộ: {shown}. Hãy gõ mã hoặc tên đầy đủ.",
                )
                continue
            receiving[member.pk] = found[0]
        data["receiving"] = receiving
        missing = len(self.members) - len(receiving)
        if (
            missing
            and not any(f"member_{m.pk}" in self.errors for m in self.members)
            and data.get("default_receiving") is None
            and "default_receiving" not in self.errors
        ):
            self.add_error(
                "default_receiving",
                f"Phải chọn chi bộ nhận: còn {missing} đảng viên chưa có chi bộ nhận.",
            )
        return data


class DecisionCorrectionForm(VnForm):
    """Đính chính a reorganization decision: correct its number, date, issuing body or text, or
    withdraw it; either way with the reason and the document that allows it."""

    action = forms.ChoiceField(
        label="Cách đính chính", choices=OrganizationEventCorrection.Action.choices, widget=forms.RadioSelect
    )
    reason = textarea("Lý do đính chính", required=True)
    approval_number = text("Số văn bản của cấp ủy cho phép", required=True, max_length=60)
    approval_date = VnDateField(label="Ngày văn bản")
    decision_number = text("Số quyết định", max_length=60)
    decision_date = VnDateField(label="Ngày quyết định", required=False)
    issued_by = text("Cơ quan ban hành")
    note = textarea("Ghi chú")

    fieldsets = (
        ("Đính chính", ("action", "reason", "approval_number", "approval_date")),
        ("Quyết định đúng (khi sửa)", ("decision_number", "decision_date", "issued_by", "note")),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            self.localise(field)
