"""How an audit entry reads on a page: the action in Vietnamese, the changed fields with their labels
and values (CCCD masked for those who may not see it in full)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dangbo.audit import registry

TARGETS: dict[str, str] = {
    "members.member": "Đảng viên",
    "organizations.organization": "Tổ chức",
    "evaluations.memberrating": "Xếp loại đảng viên",
    "evaluations.organizationrating": "Xếp loại tổ chức",
    "evaluations.reviewcycle": "Đợt đánh giá",
    "evaluations.award": "Khen thưởng",
    "imports.importrun": "Lần nhập Excel",
    "accounts.user": "Người dùng",
    "accounts.roleassignment": "Vai trò",
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
}

SENSITIVE = {"cccd"}


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
        return "; ".join(f"{k}: {_show(v)}" for k, v in value.items())
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.replace("-", "").isdigit():
        return f"{text[8:10]}/{text[5:7]}/{text[:4]}"  # an ISO date
    return text


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


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
) -> list[Change]:
    """The entry's before → after, one line per field, in the order the entry holds them."""
    names = {**_field_labels(target_type), **FIELDS} if target_type else FIELDS
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    keys = list(after) + [k for k in before if k not in after]
    lines = []
    for key in keys:
        old, new = before.get(key), after.get(key)
        if key in SENSITIVE and not full_cccd:
            old = mask_cccd(old) if old else old
            new = mask_cccd(new) if new else new
        lines.append(Change(names.get(key, key), _show(old) if key in before else "", _show(new)))
    return lines


@dataclass(frozen=True)
class Row:
    entry: Any
    action: str
    target_kind: str
    changes: list[Change]


def rows(entries: Any, *, full_cccd: Callable[[Any], bool]) -> list[Row]:
    """Entries ready for the table of a record page or of the search page; full_cccd(entry) tells
    whether the reader may see a CCCD in that entry in full (else it is masked)."""
    return [
        Row(
            e,
            action_label(e.action),
            target_label(e.target_type),
            changes(e.before, e.after, full_cccd=full_cccd(e), target_type=e.target_type),
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
