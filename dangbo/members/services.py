"""Every write to member records. One transaction each; refusals raise ApplicationError
(Vietnamese message, naming the field) and write nothing."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangbo.accounts.scope import authorize
from dangbo.audit.services import audit_record, snapshot
from dangbo.core.dates import OPEN_END, DateKind, DateRefused, add_months, check_date
from dangbo.core.exceptions import ApplicationError, Conflict
from dangbo.core.text import TextRefused, clean_text, fold, nfc, sort_key, split_name
from dangbo.members import lifecycle, selectors
from dangbo.members.models import (
    DisciplineForm,
    Force,
    Member,
    MemberEvent,
    MemberEventCorrection,
    MemberPeriod,
    PoliticalTheory,
    Sex,
    SourceGroup,
    Status,
    TransferType,
)
from dangbo.organizations.models import CELL_KINDS, Organization, OrganizationVersion
from dangbo.organizations.selectors import grassroots_of

if TYPE_CHECKING:
    from dangbo.accounts.models import User
    from dangbo.organizations.models import OrganizationEvent

Kind = MemberEvent.Kind

PROFILE_FIELDS = (
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
    "party_card_number",
    "file_number",
    "badge_number",
    "education",
    "profession",
    "political_theory",
    "foreign_language",
    "occupation_before",
    "occupation",
    "force",
    "notes",
)
_STATE_FIELDS = (
    "status",
    "organization_id",
    "temporary_organization_id",
    "exempted",
    "official_on",
    "ended_on",
)
_TEXT_FIELDS = set(PROFILE_FIELDS) - {
    "birth_date",
    "sex",
    "political_theory",
    "force",
    "cccd",
    "party_card_number",
}
_CCCD = re.compile(r"^[0-9]{12}$")


def clean_profile(data: dict[str, Any], *, instance: Member | None = None) -> dict[str, Any]:
    """Normalise (NFC, trimmed) and check a member's personal fields; ApplicationError names the field."""
    cleaned: dict[str, Any] = {}
    for key, value in data.items():
        if key not in PROFILE_FIELDS:
            raise ApplicationError(f"Trường “{key}” không có trong hồ sơ đảng viên.", field=key)
        if key in _TEXT_FIELDS or key in ("cccd", "party_card_number"):
            field = Member._meta.get_field(key)
            try:  # the cleaner of the forms, the API and the import, again: the service is the last door
                value = clean_text(
                    str(value or ""),
                    label=str(getattr(field, "verbose_name", key)),
                    max_length=getattr(field, "max_length", None) or 5000,
                    multiline=key == "notes",
                    name=key in ("full_name", "birth_name"),
                )
            except TextRefused as refused:
                raise ApplicationError(refused.message, field=key) from None
        cleaned[key] = value
    if "full_name" in cleaned or instance is None:
        name = cleaned.get("full_name", "")
        if not name:
            raise ApplicationError("Phải nhập họ và tên.", field="full_name")
        if len(name.split(" ")) < 2:
            raise ApplicationError("Họ và tên phải có ít nhất họ và tên.", field="full_name")
        if any(ch.isdigit() for ch in name):
            raise ApplicationError("Họ và tên không được chứa chữ số.", field="full_name")
    if ("sex" in cleaned or instance is None) and cleaned.get("sex") not in Sex.values:
        raise ApplicationError("Giới tính phải là Nam hoặc Nữ.", field="sex")
    if ("birth_date" in cleaned or instance is None) and not isinstance(cleaned.get("birth_date"), date):
        raise ApplicationError("Phải nhập ngày sinh (dd/mm/yyyy).", field="birth_date")
    if isinstance(cleaned.get("birth_date"), date):
        try:
            check_date(cleaned["birth_date"], kind=DateKind.BIRTH, label="Ngày sinh")
        except DateRefused as refused:
            raise ApplicationError(refused.message, field="birth_date") from None
    if cleaned.get("political_theory") not in (None, *PoliticalTheory.values):
        raise ApplicationError("Trình độ lý luận chính trị không hợp lệ.", field="political_theory")
    if cleaned.get("force") not in (None, *Force.values):
        raise ApplicationError("Giá trị quân đội/công an/nghỉ hưu không hợp lệ.", field="force")
    if "cccd" in cleaned:
        cccd = cleaned["cccd"] or None
        if cccd is not None and not _CCCD.match(cccd):
            raise ApplicationError(f"Số CCCD “{cccd}” phải gồm đúng 12 chữ số.", field="cccd")
        if cccd and Member.objects.filter(cccd=cccd).exclude(pk=instance.pk if instance else 0).exists():
            raise Conflict(f"Số CCCD {cccd} đã có trong hồ sơ một đảng viên khác.", field="cccd")
        cleaned["cccd"] = cccd
    if "party_card_number" in cleaned:
        card = cleaned["party_card_number"] or None
        if (
            card
            and Member.objects.filter(party_card_number=card)
            .exclude(pk=instance.pk if instance else 0)
            .exists()
        ):
            raise Conflict(f"Số thẻ đảng viên {card} đã được dùng.", field="party_card_number")
        cleaned["party_card_number"] = card
    return cleaned


def derived_text(member: Member) -> None:
    member.surname, member.middle_name, member.given_name = split_name(member.full_name)
    member.sort_key = sort_key(member.full_name)
    member.search_text = " ".join(
        part for part in (fold(member.full_name), member.cccd or "", member.party_card_number or "") if part
    )[:255]


def _facts(member: Member) -> list[lifecycle.EventFact]:
    return [
        lifecycle.EventFact(
            kind=e.kind,
            effective_on=e.effective_on,
            to_organization_id=e.to_organization_id,
            details=e.details,
        )
        for e in MemberEvent.objects.filter(member=member).order_by("effective_on", "pk")
    ]


def _store_state(member: Member, state: lifecycle.State, periods: list[lifecycle.Period]) -> None:
    assert state.status is not None and state.organization_id is not None and state.admitted_on is not None
    member.status = state.status
    member.organization_id = state.organization_id
    member.temporary_organization_id = state.temporary_organization_id
    member.exempted = state.exempted
    member.admitted_on = state.admitted_on
    member.official_on = state.official_on
    member.ended_on = state.ended_on
    member.version += 1
    member.save()
    MemberPeriod.objects.filter(member=member).delete()  # a derived cache of the events, rebuilt whole
    MemberPeriod.objects.bulk_create(
        MemberPeriod(
            member=member,
            organization_id=p.organization_id,
            temporary_organization_id=p.temporary_organization_id,
            status=p.status,
            exempted=p.exempted,
            valid_from=p.valid_from,
            valid_to=p.valid_to or OPEN_END,
        )
        for p in periods
    )


def _require_cell(
    organization: Organization | None, day: date, field: str = "to_organization"
) -> OrganizationVersion:
    if organization is None:
        raise ApplicationError("Phải chọn chi bộ.", field=field)
    version = OrganizationVersion.objects.filter(
        organization=organization, valid_from__lte=day, valid_to__gt=day
    ).first()
    if version is None:
        raise ApplicationError(f"{organization.name} không hoạt động vào ngày {day:%d/%m/%Y}.", field=field)
    if version.kind not in CELL_KINDS:
        raise ApplicationError(
            f"{organization.name} không phải là chi bộ; đảng viên sinh hoạt tại chi bộ cơ sở hoặc chi bộ trực thuộc.",
            field=field,
        )
    return version


def require_decider(
    actor: User, kind: str, cell: Organization, day: date | None, *, discipline_form: str = ""
) -> None:
    """Refuse a user who does not keep the records of the level that decides the event (the rule
    finds that level; authorize checks the actor's right on it)."""
    decider = selectors.event_decider(
        kind, cell, day or timezone.localdate(), discipline_form=discipline_form
    )
    authorize(actor, decider.path, write=True, refusal=decider.refusal(), field="kind")


def _check_decision(decision_number: str, decision_date: date | None, effective_on: date | None) -> None:
    if effective_on is None:
        raise ApplicationError("Phải nhập ngày hiệu lực.", field="effective_on")
    if not nfc(decision_number or ""):
        raise ApplicationError("Phải nhập số quyết định.", field="decision_number")


def _check_version(member: Member, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != member.version:
        raise ApplicationError(
            "Hồ sơ đã được người khác cập nhật sau khi bạn mở; hãy tải lại trang và thực hiện lại.",
            field="version",
        )


@transaction.atomic
def member_record_event(
    *,
    actor: User,
    member: Member,
    kind: str,
    effective_on: date,
    decision_number: str = "",
    decision_date: date | None = None,
    issued_by: str = "",
    to_organization: Organization | None = None,
    details: dict[str, Any] | None = None,
    note: str = "",
    organization_event: OrganizationEvent | None = None,
    expected_version: int | None = None,
) -> MemberEvent:
    """Append one lifecycle event, re-derive the member's state and periods."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    _check_version(member, expected_version)
    if effective_on is None:
        raise ApplicationError("Phải nhập ngày hiệu lực.", field="effective_on")
    event = MemberEvent(
        member=member,
        kind=kind,
        effective_on=effective_on,
        decision_number=nfc(decision_number or ""),
        decision_date=decision_date,
        issued_by=nfc(issued_by or ""),
        from_organization_id=(
            None
            if kind in (Kind.ADMISSION, Kind.TRANSFER_IN)
            else member.temporary_organization_id
            if kind == Kind.RETURN
            else member.organization_id
        ),
        to_organization=to_organization,
        details=details or {},
        note=note or "",
        organization_event=organization_event,
        recorded_by=actor if actor.pk else None,
    )
    facts = [
        *_facts(member),
        lifecycle.EventFact(
            kind, effective_on, to_organization.pk if to_organization else None, event.details
        ),
    ]
    try:
        state, periods = lifecycle.replay(facts)
    except lifecycle.LifecycleError as error:
        raise ApplicationError(error.message, field=error.field) from None
    before = snapshot(member, _STATE_FIELDS)
    event.save()
    _store_state(member, state, periods)
    audit_record(
        actor=actor,
        action=f"member.{kind}",
        target=member,
        label=member.full_name,
        before=before,
        after={
            **snapshot(member, _STATE_FIELDS),
            "decision_number": event.decision_number,
            "effective_on": effective_on,
        },
        scope_path=member.organization.path,
    )
    return event


def ceremony_dates(member_ids: Sequence[int]) -> dict[int, date]:
    """Lễ kết nạp: the ceremony date recorded with each member's admission, where there is one."""
    result = {}
    for member_id, details in MemberEvent.objects.filter(
        member_id__in=member_ids, kind=Kind.ADMISSION
    ).values_list("member_id", "details"):
        if details and details.get("ceremony_on"):
            result[member_id] = date.fromisoformat(details["ceremony_on"])
    return result


def probation_end(admitted_on: date, ceremony_on: date | None) -> date:
    """The 12 months of probation run from the admission ceremony (Điều lệ Đảng, Điều 5), or from
    the admission decision when no ceremony date was recorded."""
    return add_months(ceremony_on or admitted_on, 12)


def official_earliest_on(member: Member) -> date:
    """The earliest effective date member_act accepts for the member's conversion to official:
    the end of probation counted from the admission ceremony (the conversion form's default)."""
    return probation_end(member.admitted_on, ceremony_dates([member.pk]).get(member.pk))


def _decision_kwargs(decision_number: str, decision_date: date | None, issued_by: str) -> dict[str, Any]:
    return {"decision_number": decision_number, "decision_date": decision_date, "issued_by": issued_by}


@transaction.atomic
def member_admit(
    *,
    actor: User,
    profile: dict[str, Any],
    cell: Organization,
    effective_on: date,
    decision_number: str,
    decision_date: date | None,
    issued_by: str = "",
    ceremony_on: date | None = None,
    sponsors: Sequence[Member] = (),
    source_group: str = SourceGroup.OTHER,
    over_age_approved: bool = False,
    check_scope: bool = True,
) -> Member:
    """Kết nạp: a new probationary member in `cell` from the admission decision's date."""
    if check_scope:  # False: a reorganization's service, which authorized the whole move
        authorize(actor, cell, write=True)
        require_decider(actor, Kind.ADMISSION, cell, effective_on)
    _check_decision(decision_number, decision_date, effective_on)
    cleaned = clean_profile(profile)
    _require_cell(cell, effective_on, field="cell")
    if source_group not in SourceGroup.values:
        raise ApplicationError("Nguồn kết nạp không hợp lệ.", field="source_group")
    birth: date = cleaned["birth_date"]
    if add_months(birth, 18 * 12) > effective_on:
        raise ApplicationError(
            "Người vào Đảng phải đủ 18 tuổi, tính theo tháng (Điều lệ Đảng, Điều 1).", field="birth_date"
        )
    if add_months(birth, 60 * 12) <= effective_on and not over_age_approved:
        raise ApplicationError(
            "Người trên 60 tuổi vào Đảng phải được cấp ủy tỉnh, thành phố đồng ý (Quy định về thi hành Điều lệ Đảng); "
            "hãy đánh dấu đã có ý kiến đồng ý.",
            field="birth_date",
        )
    sponsor_ids = []
    for sponsor in sponsors:
        if sponsor.status != Status.OFFICIAL or (sponsor.official_on and sponsor.official_on > effective_on):
            raise ApplicationError(
                f"Người giới thiệu {sponsor.full_name} phải là đảng viên chính thức (Điều lệ Đảng, Điều 4).",
                field="sponsors",
            )
        sponsor_ids.append(sponsor.pk)
    member = Member(
        **cleaned,
        status=Status.PROBATIONARY,
        organization=cell,
        admitted_on=effective_on,
    )
    derived_text(member)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise Conflict("Số CCCD hoặc số thẻ đảng viên đã được dùng.", field="cccd") from None
    details: dict[str, Any] = {"source_group": source_group, "sponsors": sponsor_ids}
    if ceremony_on:
        details["ceremony_on"] = ceremony_on.isoformat()
    member_record_event(
        actor=actor,
        member=member,
        kind=Kind.ADMISSION,
        effective_on=effective_on,
        to_organization=cell,
        details=details,
        **_decision_kwargs(decision_number, decision_date, issued_by),
    )
    member.refresh_from_db()
    return member


@transaction.atomic
def member_receive(
    *,
    actor: User,
    profile: dict[str, Any],
    cell: Organization,
    status: str,
    admitted_on: date,
    official_on: date | None,
    effective_on: date,
    decision_number: str,
    decision_date: date | None,
    issued_by: str = "",
    origin: str = "",
    check_scope: bool = True,
) -> Member:
    """Tiếp nhận: a member whose record arrives from outside the tree (transfer in)."""
    if check_scope:  # False: a reorganization's service, which authorized the whole move
        authorize(actor, cell, write=True)
        require_decider(actor, Kind.TRANSFER_IN, cell, effective_on)
    _check_decision(decision_number, decision_date, effective_on)
    cleaned = clean_profile(profile)
    _require_cell(cell, effective_on, field="cell")
    if status not in (Status.PROBATIONARY, Status.OFFICIAL):
        raise ApplicationError("Tình trạng phải là dự bị hoặc chính thức.", field="status")
    if admitted_on is None or admitted_on > effective_on:
        raise ApplicationError("Ngày vào Đảng phải trước ngày tiếp nhận.", field="admitted_on")
    if status == Status.OFFICIAL and (official_on is None or official_on < admitted_on):
        raise ApplicationError(
            "Đảng viên chính thức phải có ngày chính thức sau ngày vào Đảng.", field="official_on"
        )
    member = Member(
        **cleaned, status=status, organization=cell, admitted_on=admitted_on, official_on=official_on
    )
    derived_text(member)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise Conflict("Số CCCD hoặc số thẻ đảng viên đã được dùng.", field="cccd") from None
    member_record_event(
        actor=actor,
        member=member,
        kind=Kind.TRANSFER_IN,
        effective_on=effective_on,
        to_organization=cell,
        details={
            "status": status,
            "admitted_on": admitted_on.isoformat(),
            "official_on": official_on.isoformat() if official_on else None,
            "origin": nfc(origin or ""),
        },
        **_decision_kwargs(decision_number, decision_date, issued_by),
    )
    member.refresh_from_db()
    return member


@transaction.atomic
def member_update_profile(
    *, actor: User, member: Member, changes: dict[str, Any], expected_version: int | None
) -> Member:
    authorize(actor, member.organization, write=True)
    member = Member.objects.select_for_update().get(pk=member.pk)
    _check_version(member, expected_version)
    cleaned = clean_profile(changes, instance=member)
    before = snapshot(member, PROFILE_FIELDS)
    for key, value in cleaned.items():
        setattr(member, key, value)
    derived_text(member)
    member.version += 1
    member.save()
    audit_record(
        actor=actor,
        action="member.profile",
        target=member,
        label=member.full_name,
        before=before,
        after=snapshot(member, PROFILE_FIELDS),
        scope_path=member.organization.path,
    )
    return member


@transaction.atomic
def member_transfer(
    *,
    actor: User,
    member: Member,
    to_organization: Organization | None,
    transfer_type: str,
    effective_on: date,
    decision_number: str,
    decision_date: date | None,
    issued_by: str = "",
    destination: str = "",
    note: str = "",
    organization_event: OrganizationEvent | None = None,
    expected_version: int | None = None,
    check_scope: bool = True,
) -> MemberEvent:
    """Chuyển sinh hoạt đảng: official (to another grassroots organization, or out of the tree),
    temporary (3 months to under a year away), internal (within one grassroots organization)."""
    if transfer_type not in TransferType.values:
        raise ApplicationError("Phải chọn loại chuyển sinh hoạt.", field="transfer_type")
    if check_scope:  # False: a reorganization's service, which authorized the whole move
        authorize(actor, member.organization, write=True)
        if to_organization is not None:
            authorize(actor, to_organization, write=True)
        require_decider(actor, Kind.TRANSFER, member.organization, effective_on)
    _check_decision(decision_number, decision_date, effective_on)
    destination = nfc(destination or "")
    if to_organization is None:
        if transfer_type in (TransferType.INTERNAL, TransferType.REORGANIZATION):
            raise ApplicationError("Phải chọn chi bộ chuyển đến.", field="to_organization")
        if not destination:
            raise ApplicationError(
                "Phải chọn chi bộ chuyển đến, hoặc ghi nơi chuyển đến khi chuyển ra ngoài đảng bộ.",
                field="to_organization",
            )
    else:
        target_version = _require_cell(to_organization, effective_on)
        if transfer_type in (TransferType.INTERNAL, TransferType.OFFICIAL):
            source_version = OrganizationVersion.objects.filter(
                organization_id=member.organization_id,
                valid_from__lte=effective_on,
                valid_to__gt=effective_on,
            ).first()
            same = source_version is not None and grassroots_of(
                source_version, effective_on
            ) == grassroots_of(target_version, effective_on)
            if transfer_type == TransferType.INTERNAL and not same:
                raise ApplicationError(
                    "Chuyển sinh hoạt nội bộ chỉ trong cùng một đảng bộ cơ sở; hãy chọn chuyển sinh hoạt chính thức.",
                    field="transfer_type",
                )
            if transfer_type == TransferType.OFFICIAL and same:
                raise ApplicationError(
                    "Hai chi bộ cùng một đảng bộ cơ sở: hãy chọn chuyển sinh hoạt nội bộ.",
                    field="transfer_type",
                )
    return member_record_event(
        actor=actor,
        member=member,
        kind=Kind.TRANSFER,
        effective_on=effective_on,
        to_organization=to_organization,
        details={"transfer_type": transfer_type, "destination": destination},
        note=note,
        organization_event=organization_event,
        expected_version=expected_version,
        **_decision_kwargs(decision_number, decision_date, issued_by),
    )


@transaction.atomic
def member_act(
    *,
    actor: User,
    member: Member,
    kind: str,
    effective_on: date,
    decision_number: str,
    decision_date: date | None,
    issued_by: str = "",
    note: str = "",
    form: str = "",
    reason: str = "",
    expected_version: int | None = None,
) -> MemberEvent:
    """The lifecycle actions that need no destination: official, return, exemption (and its end),
    discipline, removal, death, leaving."""
    allowed = {
        Kind.OFFICIAL,
        Kind.RETURN,
        Kind.EXEMPTION,
        Kind.EXEMPTION_END,
        Kind.SUSPENSION,
        Kind.SUSPENSION_END,
        Kind.DISCIPLINE,
        Kind.REMOVAL,
        Kind.DEATH,
        Kind.LEAVING,
    }
    if kind not in allowed:
        raise ApplicationError(f"Việc “{kind}” không hợp lệ ở đây.", field="kind")
    authorize(actor, member.organization, write=True)
    if kind == Kind.DISCIPLINE and form not in DisciplineForm.values:
        raise ApplicationError("Phải chọn hình thức kỷ luật.", field="form")
    require_decider(
        actor,
        kind,
        member.organization,
        effective_on,
        discipline_form=form if kind == Kind.DISCIPLINE else "",
    )
    if kind != Kind.DEATH:
        _check_decision(decision_number, decision_date, effective_on)
    details: dict[str, Any] = {}
    if kind == Kind.DISCIPLINE:
        details["form"] = form
    if kind == Kind.OFFICIAL and effective_on is not None:
        due = official_earliest_on(member)
        if effective_on < due:
            raise ApplicationError(
                f"Chưa hết 12 tháng dự bị: sớm nhất là ngày {due:%d/%m/%Y} (Điều lệ Đảng, Điều 5).",
                field="effective_on",
            )
    if reason:
        details["reason"] = nfc(reason)
    return member_record_event(
        actor=actor,
        member=member,
        kind=kind,
        effective_on=effective_on,
        details=details,
        note=note,
        expected_version=expected_version,
        **_decision_kwargs(decision_number, decision_date, issued_by),
    )


# --- corrections (đính chính) ----------------------------------------------------------------------

_FIRST_KINDS = (Kind.ADMISSION, Kind.TRANSFER_IN)


def _check_approval(reason: str, approval_number: str, approval_date: date | None) -> str:
    reason = nfc(reason or "").strip()
    if not reason:
        raise ApplicationError("Phải ghi lý do đính chính.", field="reason")
    if not nfc(approval_number or "").strip():
        raise ApplicationError(
            "Phải ghi số văn bản đồng ý của cấp ủy: sửa hồ sơ đảng viên phải được cấp ủy đồng ý bằng văn bản.",
            field="approval_number",
        )
    if approval_date is None:
        raise ApplicationError("Phải nhập ngày văn bản đồng ý.", field="approval_date")
    return reason


def _event_for_correction(actor: User, event: MemberEvent) -> tuple[Member, MemberEvent]:
    member = Member.objects.select_for_update().get(pk=event.member_id)
    event = MemberEvent.recorded.select_for_update().get(pk=event.pk)
    if MemberEventCorrection.objects.filter(event=event).exists():
        raise ApplicationError(
            "Sự kiện này đã được đính chính; hãy đính chính sự kiện thay thế nó.", field="event"
        )
    if event.organization_event_id is not None:
        raise ApplicationError(
            "Sự kiện này là hệ quả của một quyết định sắp xếp tổ chức; hãy đính chính quyết định đó.",
            field="event",
        )
    authorize(actor, member.organization, write=True)
    cell = event.from_organization or event.to_organization or member.organization
    require_decider(
        actor, event.kind, cell, event.effective_on, discipline_form=(event.details or {}).get("form", "")
    )
    return member, event


def _replay_without(
    member: Member, event: MemberEvent | Sequence[MemberEvent], replacement: lifecycle.EventFact | None
) -> None:
    """Derive the member's state and periods again, without `event` (or those events; and with the
    replacement)."""
    excluded = [event.pk] if isinstance(event, MemberEvent) else [e.pk for e in event]
    facts = [
        lifecycle.EventFact(e.kind, e.effective_on, e.to_organization_id, e.details)
        for e in MemberEvent.objects.filter(member=member)
        .exclude(pk__in=excluded)
        .order_by("effective_on", "pk")
    ]
    if replacement is not None:
        facts.append(replacement)
        facts.sort(key=lambda f: f.effective_on)  # stable: a replacement goes after the same day's others
    if not facts:
        raise ApplicationError(
            "Không thể hủy sự kiện duy nhất của hồ sơ; hãy sửa sự kiện này.", field="action"
        )
    try:
        state, periods = lifecycle.replay(facts)
    except lifecycle.LifecycleError as error:
        raise ApplicationError(
            f"Sau khi đính chính, quá trình sinh hoạt không còn hợp lệ: {error.message}", field=error.field
        ) from None
    _store_state(member, state, periods)


def _record_correction(
    actor: User,
    event: MemberEvent,
    action: str,
    reason: str,
    approval_number: str,
    approval_date: date,
    *,
    replacement: MemberEvent | None = None,
) -> MemberEventCorrection:
    """The correction's own record: which event, how, why and on whose written approval."""
    return MemberEventCorrection.objects.create(
        event=event,
        action=action,
        replacement=replacement,
        reason=reason,
        approval_number=nfc(approval_number).strip(),
        approval_date=approval_date,
        recorded_by=actor if actor.pk else None,
    )


@transaction.atomic
def member_event_withdraw(
    *,
    actor: User,
    event: MemberEvent,
    reason: str,
    approval_number: str,
    approval_date: date | None,
) -> MemberEventCorrection:
    """Hủy một sự kiện ghi nhầm: the event is kept and marked; the member's state and periods (and so
    the counts on any day and the year's figures) are derived again without it."""
    member, event = _event_for_correction(actor, event)
    reason = _check_approval(reason, approval_number, approval_date)
    assert approval_date is not None
    if event.kind in _FIRST_KINDS:
        raise ApplicationError(
            "Không thể hủy quyết định kết nạp hoặc tiếp nhận, là khởi đầu của hồ sơ: hãy sửa nó.",
            field="action",
        )
    before = snapshot(member, _STATE_FIELDS)
    _replay_without(member, event, None)
    correction = _record_correction(
        actor, event, MemberEventCorrection.Action.WITHDRAW, reason, approval_number, approval_date
    )
    audit_record(
        actor=actor,
        action="member.event_withdraw",
        target=member,
        label=f"{member.full_name}: hủy “{event.get_kind_display()}” ngày {event.effective_on:%d/%m/%Y}",
        before=before,
        after={
            **snapshot(member, _STATE_FIELDS),
            "event": event.get_kind_display(),
            "decision_number": event.decision_number,
            "reason": reason,
            "approval_number": correction.approval_number,
        },
        scope_path=member.organization.path,
    )
    return correction


@transaction.atomic
def member_event_correct(
    *,
    actor: User,
    event: MemberEvent,
    reason: str,
    approval_number: str,
    approval_date: date | None,
    effective_on: date | None,
    decision_number: str,
    decision_date: date | None,
    issued_by: str = "",
    to_organization: Organization | None = None,
    discipline_form: str = "",
    note: str = "",
) -> MemberEventCorrection:
    """Sửa một sự kiện: a new event of the same kind with the corrected fields replaces it; the old one
    is kept and marked; the state and periods are derived again."""
    member, event = _event_for_correction(actor, event)
    reason = _check_approval(reason, approval_number, approval_date)
    assert approval_date is not None
    if effective_on is None:
        raise ApplicationError("Phải nhập ngày hiệu lực.", field="effective_on")
    if event.kind != Kind.DEATH and not nfc(decision_number or "").strip():
        raise ApplicationError("Phải nhập số quyết định.", field="decision_number")
    details = dict(event.details or {})
    if event.kind == Kind.DISCIPLINE:
        if discipline_form not in DisciplineForm.values:
            raise ApplicationError("Phải chọn hình thức kỷ luật.", field="form")
        details["form"] = discipline_form
        require_decider(actor, event.kind, member.organization, effective_on, discipline_form=discipline_form)
    target = to_organization if event.to_organization_id is not None else None
    if event.to_organization_id is not None:
        if to_organization is None:
            raise ApplicationError("Phải chọn chi bộ.", field="to_organization")
        _require_cell(to_organization, effective_on)
        if to_organization.pk != event.to_organization_id:
            authorize(actor, to_organization, write=True)
    if event.kind == Kind.ADMISSION:
        member.admitted_on = effective_on
    before = snapshot(member, _STATE_FIELDS)
    replacement_fact = lifecycle.EventFact(event.kind, effective_on, target.pk if target else None, details)
    _replay_without(member, event, replacement_fact)
    replacement = MemberEvent.objects.create(
        member=member,
        kind=event.kind,
        effective_on=effective_on,
        decision_number=nfc(decision_number or "").strip(),
        decision_date=decision_date,
        issued_by=nfc(issued_by or "").strip(),
        from_organization_id=event.from_organization_id,
        to_organization=target,
        details=details,
        note=nfc(note or ""),
        recorded_by=actor if actor.pk else None,
    )
    correction = _record_correction(
        actor,
        event,
        MemberEventCorrection.Action.CORRECT,
        reason,
        approval_number,
        approval_date,
        replacement=replacement,
    )
    audit_record(
        actor=actor,
        action="member.event_correct",
        target=member,
        label=f"{member.full_name}: sửa “{event.get_kind_display()}” ngày {event.effective_on:%d/%m/%Y}",
        before={
            **before,
            "effective_on": event.effective_on,
            "decision_number": event.decision_number,
            "decision_date": event.decision_date,
        },
        after={
            **snapshot(member, _STATE_FIELDS),
            "effective_on": replacement.effective_on,
            "decision_number": replacement.decision_number,
            "decision_date": replacement.decision_date,
            "reason": reason,
            "approval_number": correction.approval_number,
        },
        scope_path=member.organization.path,
    )
    return correction


@transaction.atomic
def member_events_withdraw_with_decision(
    *,
    actor: User,
    organization_event_ids: Sequence[int],
    reason: str,
    approval_number: str,
    approval_date: date,
    decision_label: str,
) -> list[Member]:
    """The member events a withdrawn reorganization decision wrote (the transfers it made, the returns
    from temporary attendance) withdrawn with it, by organization_decision_withdraw, which has checked
    that nothing later in those members' records depends on them: each event kept and marked, each
    member's state and periods derived again. Returns the members, back where they were."""
    events = list(
        MemberEvent.objects.filter(organization_event_id__in=organization_event_ids).order_by(
            "member_id", "pk"
        )
    )
    by_member: dict[int, list[MemberEvent]] = {}
    for event in events:
        by_member.setdefault(event.member_id, []).append(event)
    members = []
    for member_id, withdrawn in by_member.items():
        member = Member.objects.select_for_update().get(pk=member_id)
        before = snapshot(member, _STATE_FIELDS)
        _replay_without(member, withdrawn, None)
        for event in withdrawn:
            _record_correction(
                actor, event, MemberEventCorrection.Action.WITHDRAW, reason, approval_number, approval_date
            )
        kinds = ", ".join(f"“{e.get_kind_display()}” ngày {e.effective_on:%d/%m/%Y}" for e in withdrawn)
        audit_record(
            actor=actor,
            action="member.event_withdraw",
            target=member,
            label=f"{member.full_name}: hủy {kinds} ({decision_label})",
            before=before,
            after={
                **snapshot(member, _STATE_FIELDS),
                "event": ", ".join(e.get_kind_display() for e in withdrawn),
                "decision_number": withdrawn[0].decision_number,
                "reason": reason,
                "approval_number": nfc(approval_number).strip(),
            },
            scope_path=member.organization.path,
        )
        members.append(member)
    return members


@transaction.atomic
def member_events_correct_decision(
    *, organization_event_ids: Sequence[int], decision_number: str, decision_date: date, issued_by: str
) -> int:
    """The copies of a reorganization decision's number, date and issuing body on the member events it
    wrote, set to the corrected values by organization_decision_correct (which keeps the values recorded
    before in its correction record and its audit entry). Returns how many events were set."""
    return MemberEvent.recorded.filter(organization_event_id__in=organization_event_ids).update(
        decision_number=decision_number, decision_date=decision_date, issued_by=issued_by
    )
