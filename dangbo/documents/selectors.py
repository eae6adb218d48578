"""The reads behind the documents: the template in force, the choices remembered, and each
document's data from the records (a dict the template is filled with), always through the user's
scope. Dates as dd/mm/yyyy, numbers as 5.852, organizations named with their grassroots
organization (dangbo/organizations/names.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from dangbo.accounts.scope import authorize, path_in_scope
from dangbo.core.exceptions import ApplicationError, NotFound
from dangbo.core.text import format_date, format_number
from dangbo.documents.build import SHIPPED_DIR
from dangbo.documents.kinds import KINDS
from dangbo.documents.models import DocumentChoice, DocumentTemplate
from dangbo.members import selectors as member_selectors
from dangbo.members.models import Member, MemberEvent, TransferType
from dangbo.organizations import names
from dangbo.organizations.letterhead import Letterhead, letterhead
from dangbo.organizations.models import GRASSROOTS_KINDS, Organization, path_ids
from dangbo.targets import selectors as meeting_selectors
from dangbo.targets.models import Attendance

if TYPE_CHECKING:
    from dangbo.accounts.models import User

DECISION_KINDS = {
    MemberEvent.Kind.ADMISSION: "admission",
    MemberEvent.Kind.OFFICIAL: "official",
    MemberEvent.Kind.REMOVAL: "removal",
    MemberEvent.Kind.EXEMPTION: "exemption",
}
TRANSFER_KINDS = {MemberEvent.Kind.TRANSFER}

CHARTER = "Điều lệ Đảng Cộng sản Việt Nam"
STATUTE_RULES = "Quy định số 24-QĐ/TW, ngày 30/7/2021 của Ban Chấp hành Trung ương về thi hành Điều lệ Đảng"
MEMBER_GUIDANCE = (
    "Hướng dẫn số 12-HD/BTCTW, ngày 18/01/2022 của Ban Tổ chức Trung ương về một số vấn đề cụ thể "
    "nghiệp vụ công tác đảng viên"
)
ISSUERS_OF = {
    "QĐ/TW": "của Bộ Chính trị",
    "HD/BTCTW": "của Ban Tổ chức Trung ương",
    "HD/VPTW": "của Văn phòng Trung ương Đảng",
}
_CITATION = re.compile(
    r"(?P<type>Quy định|Hướng dẫn|HD|QĐ)\s+(?:số\s+)?(?P<number>\d+-(?P<suffix>[A-ZĐ]+/[A-ZĐ]+))"
    r"(?:\s*\((?P<when>[^)]*)\))?"
)


def full_citation(short: str) -> str:
    """A regulation cited in full, as the first mention in a document must be (HD 36-HD/VPTW):
    "HD 21-HD/BTCTW (18/10/2019)" → "Hướng dẫn số 21-HD/BTCTW, ngày 18/10/2019 của Ban Tổ chức
    Trung ương"; a year alone gives "năm 2018". Text without a citation is returned as it is."""

    def one(match: re.Match[str]) -> str:
        kind = {"HD": "Hướng dẫn", "QĐ": "Quy định"}.get(match["type"], match["type"])
        when = (match["when"] or "").strip()
        text = f"{kind} số {match['number']}"
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", when):
            text += f", ngày {when}"
        elif re.fullmatch(r"\d{4}", when):
            text += f" năm {when}"
        issuer = ISSUERS_OF.get(match["suffix"])
        return f"{text} {issuer}" if issuer else text

    return _CITATION.sub(one, short)


# --- the template and the choices -----------------------------------------------------------------


def template_in_force(kind: str) -> DocumentTemplate | None:
    """The uploaded template in force for `kind`, None when the shipped one is."""
    latest = DocumentTemplate.objects.filter(kind=kind).first()
    return None if latest is None or latest.shipped else latest


def template_bytes(kind: str) -> bytes:
    uploaded = template_in_force(kind)
    if uploaded is not None:
        return bytes(uploaded.content)
    return (SHIPPED_DIR / f"{kind}.docx").read_bytes()


def template_history(kind: str) -> list[DocumentTemplate]:
    return list(DocumentTemplate.objects.filter(kind=kind).select_related("uploaded_by").defer("content"))


@dataclass
class Choices:
    """What only a person can choose: the number, the date of signing, the signer, the recipients."""

    number: str = ""
    signed_on: date | None = None
    signer_title: str = ""
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)


def remembered(organization: Organization, kind: str) -> Choices:
    choice = DocumentChoice.objects.filter(organization=organization, kind=kind).first()
    if choice is None:
        return Choices()
    return Choices(
        number="",  # a number is used once: not offered again
        signed_on=choice.signed_on,
        signer_title=choice.signer_title,
        signer_name=choice.signer_name,
        recipients=[line for line in choice.recipients.splitlines() if line.strip()],
    )


# --- the heading ----------------------------------------------------------------------------------


def _grassroots(organization: Organization) -> Organization | None:
    if organization.kind in GRASSROOTS_KINDS:
        return organization
    ids = path_ids(organization.path)[:-1]
    return Organization.objects.filter(pk__in=ids, kind__in=GRASSROOTS_KINDS).order_by("-path").first()


def heading_of(organization: Organization) -> Letterhead:
    parent = organization.parent
    place_from = ""
    if organization.is_cell or organization.kind == "partial_committee":
        grassroots = _grassroots(organization)
        place_from = grassroots.name if grassroots is not None else ""
    return letterhead(
        name=organization.name,
        kind=organization.kind,
        parent_name=parent.name if parent is not None else "",
        place_from=place_from,
        abbreviation=organization.number_abbreviation,
        superior_printed_name=organization.superior_printed_name,
    )


def signed_line(place: str, day: date | None) -> str:
    if day is None:
        return f"{place}, ngày      tháng      năm"
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def common(
    issuer: Organization, kind: str, choices: Choices, *, type_abbreviation: str = ""
) -> dict[str, Any]:
    head = heading_of(issuer)
    abbreviation = type_abbreviation or KINDS[kind].type_abbreviation
    number = choices.number.strip()
    return {
        "superior": head.superior,
        "issuer": head.issuer,
        "issuer_name": head.issuer_name,
        "abbreviation": head.abbreviation,
        "number": number,
        "number_line": f"Số {number or '      '}-{abbreviation}/{head.abbreviation}" if abbreviation else "",
        "place": head.place,
        "place_date": signed_line(head.place, choices.signed_on),
        "signed_on": format_date(choices.signed_on) if choices.signed_on else "",
        "signing_committee": head.signing_committee,
        "signer_title": choices.signer_title.upper(),
        "signer_name": choices.signer_name,
        "recipients": _recipients(choices.recipients, head),
        "organization": issuer.name,
    }


def _recipients(lines: list[str], head: Letterhead) -> list[str]:
    lines = [line.strip().lstrip("-").strip() for line in lines if line.strip()]
    if not lines:
        lines = [f"Lưu Văn phòng {head.issuer_name}"]
    return [line.rstrip(",.") + ("," if index < len(lines) - 1 else ".") for index, line in enumerate(lines)]


# --- the year's report ------------------------------------------------------------------------------


def _percent(text: str) -> str:
    return text.replace(".", ",")


def year_report_context(
    user: User, organization: Organization, year: int, choices: Choices
) -> dict[str, Any]:
    from dangbo.evaluations import services as review_services
    from dangbo.reports.render_text import SECTION_TITLES
    from dangbo.reports.selectors import year_report

    review_services.check_year(year)
    report = year_report(user, organization, year)
    context = common(organization, "year-report", choices)
    regulation, guidance = full_citation(report.scheme.regulation), full_citation(report.scheme.guidance)
    context["year"] = year
    context["opening"] = (
        f"Thực hiện {regulation} và {guidance}, {context['issuer_name']} báo cáo kết quả đánh giá, "
        f"xếp loại chất lượng tổ chức đảng và đảng viên năm {year} như sau:"
    )
    context["narrative"] = report.narrative
    sections = []
    for key, title in SECTION_TITLES.items():
        data = report.sections.of(key)
        rows = [
            {"label": level.label, "count": format_number(level.count), "percent": _percent(level.percent)}
            for level in data.levels
        ]
        rows.append(
            {
                "label": "Hoàn thành tốt nhiệm vụ trở lên",
                "count": format_number(data.good_or_above.count),
                "percent": _percent(data.good_or_above.percent),
            }
        )
        if data.exemplary is not None:
            rows.append(
                {"label": "Trong đó: tiêu biểu", "count": format_number(data.exemplary), "percent": ""}
            )
        sections.append(
            {
                "title": f"{title} ({format_number(data.evaluated)}/{format_number(data.total)} được đánh giá)",
                "rows": rows,
                "not_evaluated": [
                    f"Không đánh giá — {reason.reason}: {format_number(reason.count)}"
                    for reason in data.not_evaluated_reasons
                ],
            }
        )
    context["sections"] = sections
    context["commendations"] = [
        f"{group.kind} ({group.decision_number}): {group.title} — {format_number(group.count)}: "
        f"{', '.join(group.targets)}."
        for group in report.commendation_groups
    ]
    return context


# --- the member's documents ---------------------------------------------------------------------------


def _names(organizations: list[Organization | None]) -> dict[int, str]:
    return names.display_names([o for o in organizations if o is not None])


def _member_rows(member: Member, cell_name: str) -> list[dict[str, str]]:
    rows = [
        ("Họ và tên đang dùng", member.full_name),
        ("Họ và tên khai sinh", member.birth_name or member.full_name),
        ("Bí danh", member.aliases),
        ("Giới tính", member.get_sex_display()),
        ("Ngày sinh", format_date(member.birth_date)),
        ("Nơi sinh", member.birth_place),
        ("Quê quán", member.hometown),
        ("Nơi cư trú", member.residence),
        ("Dân tộc", member.ethnicity),
        ("Tôn giáo", member.religion),
        ("Số CCCD", member.cccd or ""),
        ("Trình độ học vấn", member.education),
        ("Chuyên môn nghiệp vụ", member.profession),
        ("Lý luận chính trị", member.get_political_theory_display() if member.political_theory else ""),
        ("Ngoại ngữ", member.foreign_language),
        ("Nghề nghiệp hiện nay", member.occupation),
        ("Ngày vào Đảng", format_date(member.admitted_on)),
        ("Ngày chính thức", format_date(member.official_on) if member.official_on else ""),
        ("Số thẻ đảng viên", member.party_card_number or ""),
        ("Số lý lịch", member.file_number),
        ("Tình trạng", member.get_status_display()),
        ("Sinh hoạt tại", cell_name),
    ]
    return [{"label": label, "value": value or "—"} for label, value in rows]


def member_sheet_context(
    user: User, member_id: int, choices: Choices
) -> tuple[dict[str, Any], Organization, Member]:
    member = member_selectors.member_detail(user, member_id)
    history = list(member_selectors.member_history(member))
    issuer = _grassroots(member.organization) or member.organization
    orgs: list[Organization | None] = [member.organization]
    for event in history:
        orgs += [event.from_organization, event.to_organization]
    shown = _names(orgs)
    context = common(issuer, "member-sheet", choices)
    context["member"] = {
        "full_name": member.full_name,
        "full_name_upper": member.full_name.upper(),
        "rows": _member_rows(member, shown.get(member.organization_id, member.organization.name)),
    }
    rows = []
    for event in history:
        if getattr(event, "correction", None) is not None and event.correction.action == "withdraw":
            continue
        where = " → ".join(
            shown.get(o.pk, o.name) for o in (event.from_organization, event.to_organization) if o is not None
        )
        decision = event.decision_number
        if event.decision_date:
            decision = f"{decision}, {format_date(event.decision_date)}".strip(", ")
        rows.append(
            {
                "day": format_date(event.effective_on),
                "kind": event.get_kind_display(),
                "decision": decision,
                "where": where,
            }
        )
    context["history"] = rows
    return context, issuer, member


def member_event(user: User, event_id: int) -> MemberEvent:
    event = (
        MemberEvent.objects.select_related("member", "from_organization", "to_organization")
        .filter(pk=event_id)
        .first()
    )
    if event is None or not path_in_scope(user, event.member.organization.path, personal=True):
        raise NotFound("Không tìm thấy sự kiện này trong hồ sơ đảng viên.")
    member_selectors.member_detail(user, event.member_id)
    return event


def deciding_organization(event: MemberEvent) -> Organization:
    """The body that signs the decision or the letter of an event (domain.md §3), or the member's
    grassroots organization when the tree does not say."""
    cell = event.from_organization or event.to_organization or event.member.organization
    decider = member_selectors.event_decider(event.kind, cell, event.effective_on)
    organization_id = decider.authority.organization_id
    if organization_id is not None:
        found = Organization.objects.select_related("parent").filter(pk=organization_id).first()
        if found is not None:
            return found
    return _grassroots(cell) or cell


def transfer_letter_context(
    event: MemberEvent, issuer: Organization, number: int, choices: Choices
) -> dict[str, Any]:
    if event.kind not in TRANSFER_KINDS:
        raise ApplicationError(
            "Giấy giới thiệu sinh hoạt đảng chỉ in cho việc chuyển sinh hoạt đảng.", field="event"
        )
    member = event.member
    details = event.details or {}
    temporary = details.get("transfer_type") == TransferType.TEMPORARY
    shown = _names([event.from_organization, event.to_organization])
    destination = (
        shown.get(event.to_organization.pk, event.to_organization.name)
        if event.to_organization is not None
        else str(details.get("destination") or details.get("to") or "—")
    )
    origin = shown.get(event.from_organization.pk, "") if event.from_organization is not None else ""
    context = common(issuer, "transfer-letter", Choices(**{**choices.__dict__, "number": str(number)}))
    status = "chính thức" if member.official_on and member.official_on <= event.effective_on else "dự bị"
    context["member"] = {
        "full_name": member.full_name,
        "full_name_upper": member.full_name.upper(),
        "rows": [
            {"label": "Sinh ngày", "value": format_date(member.birth_date)},
            {"label": "Quê quán", "value": member.hometown or "—"},
            {"label": "Là đảng viên", "value": status},
            {"label": "Vào Đảng ngày", "value": format_date(member.admitted_on)},
            {
                "label": "Chính thức ngày",
                "value": format_date(member.official_on) if member.official_on else "—",
            },
            {"label": "Số thẻ đảng viên", "value": member.party_card_number or "—"},
            {"label": "Đang sinh hoạt tại", "value": origin or "—"},
        ],
    }
    context["transfer_kind"] = "(Chuyển sinh hoạt tạm thời)" if temporary else "(Chuyển sinh hoạt chính thức)"
    context["transfer_sentence"] = (
        f"Được chuyển sinh hoạt đảng {'tạm thời' if temporary else 'chính thức'} đến {destination} "
        f"từ ngày {format_date(event.effective_on)}."
    )
    context["request_sentence"] = (
        f"Đề nghị {destination} tiếp nhận và quản lý, giúp đỡ đồng chí {member.full_name} sinh hoạt đảng."
    )
    context["validity_sentence"] = (
        "Đảng viên phải xuất trình giấy giới thiệu với tổ chức đảng nơi đến trong thời hạn 30 ngày "
        "kể từ ngày ký (Quy định số 24-QĐ/TW, ngày 30/7/2021 của Ban Chấp hành Trung ương)."
    )
    return context


DECISION_TEXT = {
    "admission": ("Về việc kết nạp đảng viên", "Kết nạp đồng chí {name} vào Đảng Cộng sản Việt Nam"),
    "official": (
        "Về việc công nhận đảng viên chính thức",
        "Công nhận đồng chí {name} là đảng viên chính thức",
    ),
    "removal": ("Về việc xóa tên đảng viên", "Xóa tên đồng chí {name} khỏi danh sách đảng viên"),
    "exemption": (
        "Về việc miễn công tác và sinh hoạt đảng",
        "Miễn công tác và sinh hoạt đảng cho đồng chí {name}",
    ),
}


def decision_context(event: MemberEvent, issuer: Organization, choices: Choices) -> dict[str, Any]:
    what = DECISION_KINDS.get(event.kind)  # type: ignore[call-overload]
    if what is None:
        raise ApplicationError(
            "Quyết định chỉ in cho việc kết nạp, công nhận chính thức, xóa tên, miễn công tác và sinh hoạt đảng.",
            field="event",
        )
    member = event.member
    cell = event.to_organization or event.from_organization or member.organization
    cell_name = _names([cell]).get(cell.pk, cell.name)
    number = choices.number.strip()
    if not number and event.decision_number:  # the number recorded with the decision: "12-QĐ/QU" → "12"
        number = event.decision_number.split("-")[0].strip()
    if choices.signed_on is None and event.decision_date is not None:
        choices = Choices(**{**choices.__dict__, "signed_on": event.decision_date})
    context = common(issuer, "decision", Choices(**{**choices.__dict__, "number": number}))
    summary, article = DECISION_TEXT[what]
    head = heading_of(issuer)
    context["summary"] = summary
    context["deciding_body"] = (
        f"BAN THƯỜNG VỤ {head.issuer}" if head.signing_committee == "T/M BAN THƯỜNG VỤ" else head.issuer
    )
    proposed_by = (
        cell_name if issuer.kind in GRASSROOTS_KINDS or issuer.is_cell else f"{cell_name} và của cấp ủy cơ sở"
    )
    context["grounds"] = [
        f"- Căn cứ {CHARTER};",
        f"- Căn cứ {STATUTE_RULES};",
        f"- Căn cứ {MEMBER_GUIDANCE};",
        f"- Xét đề nghị của {proposed_by},",
    ]
    details = [
        f"sinh ngày {format_date(member.birth_date)}",
        f"quê quán {member.hometown}" if member.hometown else "",
        f"nơi cư trú {member.residence}" if member.residence else "",
        f"vào Đảng ngày {format_date(member.admitted_on)}" if what != "admission" else "",
        f"sinh hoạt tại {cell_name}",
    ]
    first = article.format(name=member.full_name) + " (" + "; ".join(d for d in details if d) + ")"
    if what == "official":
        first += f", kể từ ngày {format_date(event.effective_on)}"
    elif what in ("removal", "exemption"):
        first += f", kể từ ngày {format_date(event.effective_on)}"
        reason = (event.details or {}).get("reason") or event.note
        if reason:
            first += f". Lý do: {reason}"
    context["articles"] = [
        f"Điều 1. {first}.",
        f"Điều 2. Cấp ủy cơ sở, {cell_name} và đồng chí {member.full_name} có trách nhiệm thi hành quyết định này.",
        "Điều 3. Quyết định có hiệu lực kể từ ngày ký.",
    ]
    return context


# --- the meeting minutes ---------------------------------------------------------------------------


def meeting_minutes_context(
    user: User, meeting_id: int, choices: Choices
) -> tuple[dict[str, Any], Organization]:
    meeting = meeting_selectors.meeting_detail(user, meeting_id)
    attendance = meeting_selectors.meeting_attendance(meeting)
    cell = meeting.organization
    if choices.signed_on is None:
        choices = Choices(**{**choices.__dict__, "signed_on": meeting.held_on})
    context = common(cell, "meeting-minutes", choices)
    cell_name = _names([cell]).get(cell.pk, cell.name)
    present = [a for a in attendance if a.status == Attendance.Status.PRESENT]
    context["summary"] = (
        f"{meeting.get_kind_display().lower()} tháng {meeting.held_on.month:02d}/{meeting.held_on.year}"
    )
    context["opening"] = (
        f"Hôm nay, ngày {format_date(meeting.held_on)}, {cell_name} họp {meeting.get_kind_display().lower()}."
    )
    context["attendance_line"] = (
        f"Tổng số đảng viên của chi bộ được triệu tập: {format_number(len(attendance))}; có mặt: "
        f"{format_number(len(present))}; vắng: {format_number(len(attendance) - len(present))}."
    )
    context["absent"] = [
        f"{a.member.full_name} ({a.get_status_display().lower()}{': ' + a.reason if a.reason else ''})"
        for a in attendance
        if a.status != Attendance.Status.PRESENT
    ]
    context["chair_line"] = (
        f"Chủ trì: đồng chí {choices.signer_name}, {choices.signer_title.lower() or 'bí thư chi bộ'}."
        if choices.signer_name
        else "Chủ trì: đồng chí ……………………, bí thư chi bộ."
    )
    context["topics"] = [line.strip() for line in meeting.topics.splitlines() if line.strip()] or ["—"]
    if meeting.note:
        context["topics"].append(f"Ghi chú: {meeting.note}")
    context["closing"] = "Buổi sinh hoạt kết thúc cùng ngày; biên bản đã được thông qua trước chi bộ."
    # minutes are signed by the chair (chủ trì) and the clerk (thư ký), not on behalf of the committee;
    # the record has no clerk: the name is written by hand on the line left for it
    context["signing_committee"] = "CHỦ TRÌ"
    context["clerk_name"] = ""
    return context, cell


def organization_for_report(user: User, code: str) -> Organization:
    organization = Organization.objects.select_related("parent").filter(code=code.strip().upper()).first()
    if organization is None or not path_in_scope(user, organization.path):
        raise NotFound(f"Không có tổ chức mã “{code}”.", field="org")
    authorize(user, organization)
    return organization
