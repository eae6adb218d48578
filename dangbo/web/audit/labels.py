"""How an audit entry reads on a page: the action in Vietnamese, the changed fields with their labels
and values (CCCD masked for those who may not see it in full)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from dangbo.audit import registry

TARGETS: dict[str, str] = {
    "members.member": "Đảng viên",
    "organizations.organization": "Tổ chức",
    "evaluations.memberrating": "Xếp loại đảng viên",
    "evaluations.organizationrating": "Xếp loại tổ chức",
    "evaluations.reviewcycle": "Đợt đánh giá",
    "evaluations.award": "Khen thưởng",
    "imports.importrun": "Lần nhập Excel",
    "admissions.candidate": "Quần chúng ưu tú (phát triển đảng viên)",
    "accounts.user": "Người dùng",
    "accounts.roleassignment": "Vai trò",
    "otp_totp.totpdevice": "Thiết bị xác thực hai bước",
    "axes.accessattempt": "Lần đăng nhập sai",
    "database": "Cơ sở dữ liệu",
    "scope": "Toàn bộ phạm vi của người dùng",
}

FIELDS: dict[str, str] = {
    "full_name": "Họ và tên",
    "birth_name": "Tên khai sinh",
    "aliases": "Bí danh",
    "sex": "Giới tính",
    "birth_date": "Ngày sinh",
    "cccd": "Số CCCD",
    "party_card_number": "Số thẻ đảng viên",
    "hometown": "Quê quán",
    "organization_id": "Chi bộ",
    "decision_number": "Số quyết định",
    "effective_on": "Ngày hiệu lực",
    "rank": "Xếp loại",
    "reason": "Lý do",
    "new_name": "Tên mới",
    "status": "Tình trạng",
    "password": "Mật khẩu",
    "temporary_organization_id": "Chi bộ sinh hoạt tạm thời",
    "to_organization_id": "Chuyển đến tổ chức",
    "from_organization_id": "Chuyển từ tổ chức",
    "counterpart": "Tổ chức liên quan",
    "attendance": "Dự sinh hoạt",
    "congresses": "Số đại hội",
    "planned_on": "Ngày dự kiến",
    "exempted": "Được miễn công tác và sinh hoạt đảng",
    "member_id": "Đảng viên",
    "user_id": "Người dùng",
    "year": "Năm",
    "kind": "Loại",
    "form": "Hình thức kỷ luật",
    "discipline_form": "Hình thức kỷ luật",
    "transfer_type": "Loại chuyển sinh hoạt",
    "otp": "Xác thực hai bước",
    "device": "Thiết bị",
    "decision": "Quyết định",
    "decision_date": "Ngày quyết định",
    "issued_by": "Cơ quan ban hành",
    "note": "Ghi chú",
    "event": "Sự kiện",
    "approval_number": "Số văn bản đồng ý",
    "approval_date": "Ngày văn bản đồng ý",
    "members_returned": "Số đảng viên trở về chi bộ cũ",
    "members_moved": "Số đảng viên chuyển sinh hoạt",
    "into": "Chia tách thành",
    "merged": "Tổ chức được sáp nhập",
    "old_name": "Tên cũ",
    "old_parent": "Cấp trên cũ",
    "new_parent": "Cấp trên mới",
    "organizations_reopened": "Tổ chức hoạt động trở lại",
    "organizations_void": "Tổ chức coi như chưa thành lập",
    "stage": "Giai đoạn kết nạp",
    "stage_since": "Ở giai đoạn từ ngày",
    "listed_on": "Ngày đưa vào danh sách",
    "source_group": "Nguồn kết nạp",
    "resolution_planned_on": "Dự kiến chi bộ xét",
    "closed_on": "Ngày thôi xem xét",
    "closed_reason": "Lý do thôi xem xét",
    "step": "Bước",
    "done_on": "Ngày",
    "in_favour": "Số đảng viên tán thành",
    "official_members": "Số đảng viên chính thức",
    "sponsors": "Người giới thiệu",
}

# keys whose value is an organization's id, or its code
ORGANIZATION_ID_KEYS = {
    "organization_id",
    "temporary_organization_id",
    "to_organization_id",
    "from_organization_id",
}
ORGANIZATION_CODE_KEYS = {"counterpart", "old_parent", "new_parent", "merged", "into"}
MEMBER_ID_KEYS = {"member_id"}
USER_ID_KEYS = {"user_id"}
HIDDEN_MEMBER = "một đảng viên"
# the keys inside a value stored as a dict (a meeting's attendance)
PARTS = {"present": "có mặt", "excused": "vắng có lý do", "unexcused": "vắng không lý do"}

SENSITIVE = {"cccd"}


def _choices() -> dict[str, dict[str, str]]:
    from dangbo.evaluations.models import Rank
    from dangbo.members.models import DisciplineForm, MemberEvent, Status, TransferType

    forms = {str(v): str(label) for v, label in DisciplineForm.choices}
    transfers = {str(v): str(label) for v, label in TransferType.choices}
    return {
        "form": forms,
        "discipline_form": forms,
        "transfer_type": transfers,
        "status": {str(v): str(label) for v, label in Status.choices},
        "rank": {str(v): str(label) for v, label in Rank.choices},
        "kind": {str(v): str(label) for v, label in MemberEvent.Kind.choices},
    }


def action_label(action: str) -> str:
    return registry.label(action) or action


def target_label(target_type: str) -> str:
    return TARGETS.get(target_type, target_type)


def mask_cccd(value: str) -> str:
    """Only the last four digits, as in the lists: 079080001234 -> ********1234."""
    text = str(value or "")
    return "*" * max(len(text) - 4, 0) + text[-4:]


def _show(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{PARTS.get(str(k), k)}: {_show(v)}" for k, v in value.items())
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.replace("-", "").isdigit():
        return f"{text[8:10]}/{text[5:7]}/{text[:4]}"  # an ISO date
    if len(text) >= 16 and text[10] == "T" and text[:4].isdigit() and text[4] == "-":
        return f"{text[8:10]}/{text[5:7]}/{text[:4]} {text[11:16]}"  # an ISO date and time
    return text


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def _field_choices(target_type: str) -> dict[str, dict[str, str]]:
    """The target model's fields with choices: attname -> {stored value (as text): label}."""
    from django.apps import apps

    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return {}
    return {
        f.attname: {str(value): str(label) for value, label in f.flatchoices}
        for f in model._meta.concrete_fields
        if f.choices
    }


@dataclass
class Names:
    """What the page's entries name, fetched once for the page: organizations by id and by code,
    members by id (only those the reader may see)."""

    organizations: dict[str, str]
    codes: dict[str, str]
    members: dict[str, str]
    users: dict[str, str]
    own_names: dict[str, str] = field(default_factory=dict)  # organization id -> its own name

    def show(self, key: str, value: Any) -> str | None:
        if value is None or value == "":
            return None
        if key in ORGANIZATION_ID_KEYS:
            return self.organizations.get(str(value), "một tổ chức")
        if key in ORGANIZATION_CODE_KEYS:
            if isinstance(value, list):  # a merge's sources, a split's new organizations
                return ", ".join(self.codes.get(str(v), str(v)) for v in value)
            return self.codes.get(str(value), str(value))
        if key in MEMBER_ID_KEYS:
            return self.members.get(str(value), HIDDEN_MEMBER)
        if key in USER_ID_KEYS:
            return self.users.get(str(value), "một người dùng")
        return None


NO_NAMES = Names({}, {}, {}, {})


def _field_labels(target_type: str) -> dict[str, str]:
    """The target model's own field names (verbose names), by attribute name: "residence" -> "Nơi cư trú"."""
    from django.apps import apps

    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return {}
    return {
        f.attname: str(f.verbose_name)[:1].upper() + str(f.verbose_name)[1:]
        for f in model._meta.concrete_fields
    }


def changes(
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    *,
    full_cccd: bool,
    target_type: str = "",
    names_of: Names = NO_NAMES,
) -> list[Change]:
    """The entry's before → after, one line per field, in the order the entry holds them: a value
    stored as a key or an id shown by its label or name."""
    names = {**_field_labels(target_type), **FIELDS} if target_type else FIELDS
    choices = {**_choices(), **_field_choices(target_type)} if target_type else _choices()

    def show(key: str, value: Any) -> str:
        named = names_of.show(key, value)
        if named is not None:
            return named
        if key in choices and value is not None and str(value) in choices[key]:
            return choices[key][str(value)]
        return _show(value)

    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    keys = list(after) + [k for k in before if k not in after]
    lines = []
    for key in keys:
        old, new = before.get(key), after.get(key)
        if key in SENSITIVE and not full_cccd:
            old = mask_cccd(old) if old else old
            new = mask_cccd(new) if new else new
        lines.append(Change(names.get(key, key), show(key, old) if key in before else "", show(key, new)))
    return lines


def _names(entries: list[Any], reader: Any) -> Names:
    """One query each for the organizations and the members the page's entries name."""
    from dangbo.accounts.scope import path_filter
    from dangbo.members.models import Member
    from dangbo.organizations import names as org_names
    from dangbo.organizations.models import Organization

    org_ids: set[int] = set()
    codes: set[str] = set()
    member_ids: set[int] = set()
    user_ids: set[int] = set()
    for e in entries:
        for side in (e.before, e.after):
            if not isinstance(side, dict):
                continue
            for key, value in side.items():
                if value in (None, ""):
                    continue
                if key in ORGANIZATION_ID_KEYS and str(value).isdigit():
                    org_ids.add(int(value))
                elif key in ORGANIZATION_CODE_KEYS:
                    codes.update(str(v) for v in (value if isinstance(value, list) else [value]))
                elif key in MEMBER_ID_KEYS and str(value).isdigit():
                    member_ids.add(int(value))
                elif key in USER_ID_KEYS and str(value).isdigit():
                    user_ids.add(int(value))
        if e.target_type == "evaluations.memberrating":
            head = str(e.target_label).split(" ")[0]
            if head.isdigit():
                member_ids.add(int(head))
        if e.target_type == "organizations.organization" and str(e.target_id).isdigit():
            org_ids.add(int(e.target_id))
        if e.target_type == "accounts.roleassignment":
            tail = str(e.target_label).rsplit(" — ", 1)[-1]
            if tail.isdigit():  # older entries named the organization by its id
                org_ids.add(int(tail))
    organizations: dict[str, str] = {}
    by_code: dict[str, str] = {}
    own_names: dict[str, str] = {}
    if org_ids or codes:
        # a cell named with its grassroots organization, as on every page (organizations/names.py)
        found = list(
            Organization.objects.filter(Q(pk__in=org_ids) | Q(code__in=codes)).only(
                "code", "name", "kind", "path"
            )
        )
        shown = org_names.display_names(found)
        for org in found:
            organizations[str(org.pk)] = shown[org.pk]
            by_code[org.code] = shown[org.pk]
            own_names[str(org.pk)] = org.name
    members: dict[str, str] = {}
    if member_ids and reader is not None:
        visible = Member.objects.filter(pk__in=member_ids).filter(
            path_filter(reader, "organization__path", personal=True)
        )
        members = {str(pk): name for pk, name in visible.values_list("pk", "full_name")}
    users: dict[str, str] = {}
    if user_ids:
        from dangbo.accounts.models import User

        users = {
            str(pk): name for pk, name in User.objects.filter(pk__in=user_ids).values_list("pk", "username")
        }
    return Names(organizations, by_code, members, users, own_names)


def _target_text(entry: Any, names_of: Names) -> str:
    """The entry's target as a person reads it: a member's rating ("5939 2020 2") by year and member."""
    if entry.target_type == "evaluations.memberrating":
        parts = str(entry.target_label).split(" ")
        if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
            return f"Xếp loại năm {parts[1]} của {names_of.members.get(parts[0], HIDDEN_MEMBER)}"
    if entry.target_type == "organizations.organization":
        # a cell with its grassroots organization, unless the entry named it otherwise (an older name)
        key = str(entry.target_id)
        if names_of.own_names.get(key) == str(entry.target_label):
            return names_of.organizations[key]
    if entry.target_type == "accounts.roleassignment":
        head, _, tail = str(entry.target_label).rpartition(" — ")
        if head and tail.isdigit():
            return f"{head} — {names_of.organizations.get(tail, 'một tổ chức')}"
    return str(entry.target_label)


@dataclass(frozen=True)
class Row:
    entry: Any
    action: str
    target_kind: str
    changes: list[Change]
    target: str = ""


def rows(entries: Any, *, full_cccd: Callable[[Any], bool], reader: Any = None) -> list[Row]:
    """Entries ready for the table of a record page or of the search page; full_cccd(entry) tells
    whether the reader may see a CCCD in that entry in full (else it is masked); members are named
    only to a reader who may see them."""
    entries = list(entries)
    names_of = _names(entries, reader)
    return [
        Row(
            e,
            action_label(e.action),
            target_label(e.target_type),
            changes(e.before, e.after, full_cccd=full_cccd(e), target_type=e.target_type, names_of=names_of),
            _target_text(e, names_of),
        )
        for e in entries
    ]


def action_options() -> list[tuple[str, list[tuple[str, str]]]]:
    """The search page's choice of action: first the groups of actions (a prefix ending in ".": all
    exports, each app's actions when they share one prefix), then one group per declaring app with each
    of its actions by its label."""
    heads = [("export.", "Xuất dữ liệu cá nhân: mọi loại")]
    options = []
    for group in registry.groups():
        actions = [(str(value), str(label)) for value, label in group.choices.choices]
        prefixes = {v.split(".", 1)[0] + "." for v, _ in actions if not v.startswith("export.")}
        if len(prefixes) == 1 and "." in actions[0][0]:
            heads.append((prefixes.pop(), f"{group.title}: mọi việc"))
        options.append((group.title, sorted(actions, key=lambda item: item[1])))
    return [("Nhóm việc", heads), *options]
