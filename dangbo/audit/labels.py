"""How an audit entry reads on a page: the action in Vietnamese, the changed fields with their labels
and values (CCCD masked for those who may not see it in full)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ACTIONS: dict[str, str] = {
    "member.admission": "Kết nạp vào Đảng",
    "member.transfer_in": "Tiếp nhận sinh hoạt đảng",
    "member.official": "Công nhận đảng viên chính thức",
    "member.transfer": "Chuyển sinh hoạt đảng",
    "member.return": "Kết thúc sinh hoạt tạm thời",
    "member.exemption": "Miễn công tác và sinh hoạt đảng",
    "member.exemption_end": "Thôi miễn công tác và sinh hoạt đảng",
    "member.discipline": "Kỷ luật",
    "member.removal": "Xóa tên khỏi danh sách đảng viên",
    "member.death": "Từ trần",
    "member.leaving": "Ra khỏi Đảng",
    "member.profile": "Sửa hồ sơ đảng viên",
    "member.event_withdraw": "Hủy sự kiện ghi nhầm (đính chính)",
    "member.event_correct": "Sửa sự kiện (đính chính)",
    "organization.establish": "Thành lập tổ chức",
    "organization.rename": "Đổi tên tổ chức",
    "organization.move": "Chuyển trực thuộc",
    "organization.change_kind": "Đổi cấp tổ chức",
    "organization.merge": "Hợp nhất, sáp nhập",
    "organization.split": "Chia tách",
    "organization.dissolve": "Giải thể",
    "rating.member.self": "Đảng viên tự đánh giá",
    "rating.member.proposal": "Đề xuất xếp loại đảng viên",
    "rating.member.decision": "Quyết định xếp loại đảng viên",
    "rating.organization.self": "Tổ chức tự đánh giá",
    "rating.organization.proposal": "Đề xuất xếp loại tổ chức",
    "rating.organization.decision": "Quyết định xếp loại tổ chức",
    "rating.correct": "Điều chỉnh kết quả xếp loại đã khóa sổ",
    "review.lock": "Phê duyệt, khóa sổ đánh giá",
    "award.create": "Khen thưởng",
    "import.apply": "Nhập dữ liệu từ Excel",
    "role.grant": "Giao vai trò",
    "role.change": "Sửa vai trò",
    "role.revoke": "Thu hồi vai trò",
    "user.create": "Tạo người dùng",
    "user.change": "Sửa người dùng",
    "user.permissions.add": "Thêm quyền",
    "user.permissions.remove": "Bớt quyền",
    "user.permissions.clear": "Xóa hết quyền",
    "user.otp.enable": "Bật xác thực hai bước",
    "user.otp.disable": "Tắt xác thực hai bước",
    "user.otp.device": "Sửa thiết bị xác thực hai bước (trang quản trị)",
    "user.otp.delete": "Xóa thiết bị xác thực hai bước (trang quản trị)",
    "user.password": "Đổi mật khẩu",
    "user.unlock": "Mở khóa đăng nhập",
    "api_token.create": "Tạo mã truy cập API",
    "api_token.revoke": "Thu hồi mã truy cập API",
    "api_token.revoke_all": "Thu hồi mọi mã truy cập API (đổi mật khẩu)",
    "backup.create": "Sao lưu toàn bộ dữ liệu",
    "backup.restore": "Phục hồi dữ liệu từ bản sao lưu",
    "export.members": "Xuất danh sách đảng viên",
    "export.register": "Xuất sổ đảng viên",
    "export.reviews": "Xuất kết quả xếp loại",
    "export.import_issues": "Xuất danh sách lỗi của tệp nhập",
    "export.report": "Tải báo cáo đánh giá, xếp loại",
    "api.members": "Đọc danh sách đảng viên qua API",
    "api.member": "Đọc hồ sơ đảng viên qua API",
    "api.member_events": "Đọc quá trình sinh hoạt của đảng viên qua API",
    "api.report": "Đọc báo cáo đánh giá, xếp loại qua API",
}

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
}

SENSITIVE = {"cccd"}


def action_label(action: str) -> str:
    return ACTIONS.get(action, action)


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


def action_options() -> list[tuple[str, str]]:
    """The search page's choice of action: groups (a prefix ending in ".") then each action."""
    groups = [
        ("member.", "Đảng viên: mọi việc"),
        ("organization.", "Tổ chức: mọi việc"),
        ("rating.", "Xếp loại: mọi việc"),
        ("export.", "Xuất dữ liệu cá nhân: mọi loại"),
        ("api.", "Đọc dữ liệu cá nhân qua API: mọi loại"),
        ("user.", "Người dùng: mọi việc"),
        ("role.", "Vai trò: mọi việc"),
        ("backup.", "Sao lưu, phục hồi"),
    ]
    return groups + sorted(ACTIONS.items(), key=lambda item: item[1])
