"""Forms of the member lifecycle: admission, receiving, transfer, the other decisions, profile edit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms

from dangbo.core.dates import DateKind
from dangbo.members import selectors as member_selectors
from dangbo.members.models import (
    DisciplineForm,
    Force,
    Member,
    MemberEvent,
    MemberEventCorrection,
    PoliticalTheory,
    Sex,
    SourceGroup,
    Status,
    TransferType,
)
from dangbo.organizations.models import Organization, OrganizationVersion
from dangbo.ui.forms import DecisionForm, VnDateField, VnForm, text, textarea
from dangbo.web.forms.organizations import OrganizationPick, cell_choices

if TYPE_CHECKING:
    from dangbo.accounts.models import User

EventKind = MemberEvent.Kind

PROFILE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Lý lịch",
        (
            "full_name",
            "birth_name",
            "aliases",
            "sex",
            "birth_date",
            "birth_place",
            "hometown",
            "residence",
            "ethnicity",
            "religion",
            "cccd",
        ),
    ),
    (
        "Trình độ, nghề nghiệp",
        (
            "education",
            "profession",
            "political_theory",
            "foreign_language",
            "occupation_before",
            "occupation",
            "force",
        ),
    ),
    ("Hồ sơ đảng viên", ("party_card_number", "file_number", "badge_number", "notes")),
)
PROFILE_NAMES = tuple(name for _, names in PROFILE_GROUPS for name in names)


class ProfileForm(VnForm):
    """The personal fields of the register (Mẫu 7-HSĐV) and the biography."""

    full_name = text(
        "Họ và tên", required=True, max_length=120, name=True, help_text="Như trên căn cước công dân."
    )
    birth_name = text("Họ tên khai sinh", max_length=120, name=True)
    aliases = text("Bí danh", max_length=120)
    sex = forms.ChoiceField(label="Giới tính", choices=[("", "—"), *Sex.choices])
    birth_date = VnDateField(label="Ngày sinh", kind=DateKind.BIRTH)
    birth_place = text("Nơi sinh")
    hometown = text("Quê quán")
    residence = text("Nơi cư trú")
    ethnicity = text("Dân tộc", required=True, max_length=40, initial="Kinh")
    religion = text("Tôn giáo", required=True, max_length=40, initial="Không")
    cccd = text("Số CCCD", max_length=12, help_text="12 chữ số.")
    party_card_number = text("Số thẻ đảng viên", max_length=20)
    file_number = text("Số hồ sơ", max_length=20)
    badge_number = text("Số huy hiệu", max_length=20)
    education = text("Trình độ học vấn", max_length=20, help_text="Ví dụ: 12/12.")
    profession = text("Chuyên môn nghiệp vụ", max_length=120)
    political_theory = forms.ChoiceField(
        label="Lý luận chính trị", choices=PoliticalTheory.choices, required=False
    )
    foreign_language = text("Ngoại ngữ", max_length=60)
    occupation_before = text("Nghề nghiệp khi vào Đảng", max_length=120)
    occupation = text("Nghề nghiệp hiện nay", max_length=120)
    force = forms.ChoiceField(label="Quân đội, công an, nghỉ hưu", choices=Force.choices, required=False)
    notes = textarea("Ghi chú hồ sơ")

    def profile(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in PROFILE_NAMES}


class CellFormMixin(VnForm):
    cell = forms.ChoiceField(label="Chi bộ")

    def set_cells(self, cells: Sequence[tuple[OrganizationVersion, str]]) -> None:
        self.cell_pick = OrganizationPick(cells)
        field = self.fields["cell"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = cell_choices(cells, blank="— chọn chi bộ —")

    def clean_cell(self) -> Organization | None:
        return self.cell_pick.get(self.cleaned_data["cell"])


class AdmitForm(ProfileForm, CellFormMixin, DecisionForm):
    decision_date = VnDateField(label="Ngày quyết định", required=False)
    effective_on = VnDateField(
        label="Ngày kết nạp", help_text="Ngày của quyết định kết nạp: tuổi đảng tính từ ngày này."
    )
    ceremony_on = VnDateField(label="Ngày tổ chức lễ kết nạp", required=False)
    sponsors = text(
        "Người giới thiệu",
        help_text="Mã đảng viên (số # ở trang hồ sơ) hoặc số thẻ đảng viên, cách nhau bởi dấu phẩy. "
        "Người giới thiệu phải là đảng viên chính thức.",
    )
    source_group = forms.ChoiceField(
        label="Nguồn kết nạp", choices=SourceGroup.choices, initial=SourceGroup.OTHER
    )
    over_age_approved = forms.BooleanField(
        label="Người trên 60 tuổi: đã có ý kiến đồng ý của cấp ủy tỉnh, thành phố", required=False
    )
    note = None  # type: ignore[assignment]
    fieldsets = (
        *PROFILE_GROUPS,
        ("Kết nạp", ("cell", "effective_on", "ceremony_on", "sponsors", "source_group", "over_age_approved")),
        ("Quyết định kết nạp", ("decision_number", "decision_date", "issued_by")),
    )

    def __init__(
        self, *args: Any, user: User, cells: Sequence[tuple[OrganizationVersion, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.set_cells(cells)

    def clean_sponsors(self) -> list[Member]:
        refs = [
            r for r in (self.cleaned_data.get("sponsors") or "").replace(";", ",").split(",") if r.strip()
        ]
        found, unknown = member_selectors.members_by_refs(self.user, refs)
        if unknown:
            raise forms.ValidationError(
                f"Không tìm thấy người giới thiệu: {', '.join(u.strip() for u in unknown)}."
            )
        return found


class ReceiveForm(ProfileForm, CellFormMixin, DecisionForm):
    decision_date = VnDateField(label="Ngày quyết định", required=False)
    effective_on = VnDateField(label="Ngày tiếp nhận")
    status = forms.ChoiceField(
        label="Tình trạng",
        choices=[
            (Status.OFFICIAL.value, Status.OFFICIAL.label),
            (Status.PROBATIONARY.value, Status.PROBATIONARY.label),
        ],
    )
    admitted_on = VnDateField(label="Ngày vào Đảng")
    official_on = VnDateField(label="Ngày chính thức", required=False)
    origin = text("Nơi chuyển đến từ", help_text="Tổ chức đảng nơi đảng viên sinh hoạt trước.")
    note = None  # type: ignore[assignment]
    fieldsets = (
        *PROFILE_GROUPS,
        ("Tiếp nhận", ("cell", "effective_on", "status", "admitted_on", "official_on", "origin")),
        ("Quyết định tiếp nhận", ("decision_number", "decision_date", "issued_by")),
    )

    def __init__(self, *args: Any, cells: Sequence[tuple[OrganizationVersion, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_cells(cells)


class VersionMixin(VnForm):
    """The member's version when the page was opened (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].error_messages["required"] = (
            "Thiếu phiên bản hồ sơ; hãy tải lại trang và thực hiện lại."
        )


class ProfileEditForm(ProfileForm, VersionMixin):
    fieldsets = PROFILE_GROUPS


class TransferForm(DecisionForm, VersionMixin):
    decision_date = VnDateField(label="Ngày quyết định", required=False)
    transfer_type = forms.ChoiceField(
        label="Loại chuyển sinh hoạt",
        choices=[
            (TransferType.OFFICIAL.value, TransferType.OFFICIAL.label),
            (TransferType.TEMPORARY.value, TransferType.TEMPORARY.label),
            (TransferType.INTERNAL.value, TransferType.INTERNAL.label),
        ],
    )
    to_organization = forms.ChoiceField(label="Chi bộ chuyển đến", required=False)
    destination = text(
        "Nơi chuyển đến (ngoài đảng bộ)",
        help_text="Chỉ ghi khi chuyển ra ngoài phạm vi quản lý; khi đó để trống ô chi bộ chuyển đến.",
    )
    fieldsets = (
        ("Chuyển sinh hoạt đảng", ("transfer_type", "to_organization", "destination", "effective_on")),
        ("Quyết định, giấy giới thiệu", ("decision_number", "decision_date", "issued_by", "note")),
    )

    def __init__(self, *args: Any, cells: Sequence[tuple[OrganizationVersion, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pick = OrganizationPick(cells)
        field = self.fields["to_organization"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = cell_choices(cells, blank="— chuyển ra ngoài (ghi nơi chuyển đến) —")

    def clean_to_organization(self) -> Organization | None:
        return self.pick.get(self.cleaned_data["to_organization"])


# The lifecycle decisions with no destination: URL slug -> (event kind, page title, success message).
ACTS: dict[str, tuple[str, str, str]] = {
    "chinh-thuc": (EventKind.OFFICIAL, "Công nhận đảng viên chính thức", "Đã công nhận đảng viên chính thức"),
    "ket-thuc-tam-thoi": (
        EventKind.RETURN,
        "Kết thúc sinh hoạt tạm thời",
        "Đã ghi kết thúc sinh hoạt tạm thời",
    ),
    "mien-sinh-hoat": (
        EventKind.EXEMPTION,
        "Miễn công tác và sinh hoạt đảng",
        "Đã ghi miễn công tác và sinh hoạt đảng",
    ),
    "thoi-mien": (
        EventKind.EXEMPTION_END,
        "Thôi miễn công tác và sinh hoạt đảng",
        "Đã ghi thôi miễn công tác và sinh hoạt đảng",
    ),
    "dinh-chi": (EventKind.SUSPENSION, "Đình chỉ sinh hoạt đảng", "Đã ghi đình chỉ sinh hoạt đảng"),
    "het-dinh-chi": (
        EventKind.SUSPENSION_END,
        "Kết thúc đình chỉ sinh hoạt đảng",
        "Đã ghi kết thúc đình chỉ sinh hoạt đảng",
    ),
    "ky-luat": (EventKind.DISCIPLINE, "Kỷ luật", "Đã ghi quyết định kỷ luật"),
    "xoa-ten": (EventKind.REMOVAL, "Xóa tên khỏi danh sách đảng viên", "Đã xóa tên khỏi danh sách đảng viên"),
    "tu-tran": (EventKind.DEATH, "Ghi từ trần", "Đã ghi từ trần"),
    "ra-khoi-dang": (EventKind.LEAVING, "Ra khỏi Đảng", "Đã ghi ra khỏi Đảng"),
}
SLUG_OF_KIND = {kind: slug for slug, (kind, _, _) in ACTS.items()}


class ActForm(DecisionForm, VersionMixin):
    decision_date = VnDateField(label="Ngày quyết định", required=False)
    form = forms.ChoiceField(label="Hình thức kỷ luật", choices=[("", "—"), *DisciplineForm.choices])
    reason = text("Lý do")

    def __init__(
        self, *args: Any, kind: str, discipline_forms: list[str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind != EventKind.DISCIPLINE:
            del self.fields["form"]
        elif discipline_forms is not None:  # only the forms the user's level decides (Điều lệ Đảng, Điều 36)
            form_field = self.fields["form"]
            assert isinstance(form_field, forms.ChoiceField)
            form_field.choices = [
                ("", "—"),
                *((value, label) for value, label in DisciplineForm.choices if value in discipline_forms),
            ]
        if kind not in (
            EventKind.DISCIPLINE,
            EventKind.REMOVAL,
            EventKind.LEAVING,
            EventKind.EXEMPTION,
            EventKind.SUSPENSION,
        ):
            del self.fields["reason"]
        if kind == EventKind.DEATH:
            self.fields["effective_on"].label = "Ngày từ trần"
            self.fields["decision_number"].required = False
            self.fields["decision_number"].label = "Số văn bản (nếu có)"
        if kind == EventKind.OFFICIAL:
            self.fields["effective_on"].help_text = (
                "Mặc định là ngày hết 12 tháng dự bị, tính từ ngày tổ chức lễ kết nạp: "
                "đảng viên là chính thức từ ngày này "
                "dù chi bộ xét muộn (Điều lệ Đảng, Điều 5)."
            )
        for field in self.fields.values():
            self.localise(field)

    fieldsets = (
        ("Nội dung", ("form", "reason", "effective_on")),
        ("Quyết định", ("decision_number", "decision_date", "issued_by", "note")),
    )


class LookupForm(VnForm):
    q = text("Tìm đảng viên", max_length=100)


class CorrectionForm(DecisionForm):
    """Đính chính a recorded event: withdraw it (recorded by mistake) or correct its fields; either way
    with the reason and the committee's written approval."""

    action = forms.ChoiceField(
        label="Cách đính chính",
        choices=MemberEventCorrection.Action.choices,
        widget=forms.RadioSelect,
    )
    reason = textarea("Lý do đính chính", required=True)
    approval_number = text("Số văn bản đồng ý của cấp ủy", required=True, max_length=60)
    approval_date = VnDateField(label="Ngày văn bản đồng ý")
    decision_number = text("Số quyết định", max_length=60)
    decision_date = VnDateField(label="Ngày quyết định", required=False)
    effective_on = VnDateField(label="Ngày hiệu lực", required=False)
    to_organization = forms.ChoiceField(label="Chi bộ", required=False)
    form = forms.ChoiceField(
        label="Hình thức kỷ luật", required=False, choices=[("", "—"), *DisciplineForm.choices]
    )

    fieldsets = (
        ("Đính chính", ("action", "reason", "approval_number", "approval_date")),
        (
            "Nội dung đúng (khi sửa)",
            (
                "effective_on",
                "to_organization",
                "form",
                "decision_number",
                "decision_date",
                "issued_by",
                "note",
            ),
        ),
    )

    def __init__(
        self,
        *args: Any,
        event: MemberEvent,
        cells: Sequence[tuple[OrganizationVersion, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.pick = OrganizationPick(cells)
        if event.to_organization_id is None:
            del self.fields["to_organization"]
        else:
            field = self.fields["to_organization"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = cell_choices(cells, blank="—")
        if event.kind != EventKind.DISCIPLINE:
            del self.fields["form"]
        for field in self.fields.values():
            self.localise(field)

    def clean_to_organization(self) -> Organization | None:
        return self.pick.get(self.cleaned_data["to_organization"])
