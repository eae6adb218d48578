"""Every write of party dues (đảng phí): one transaction each, with its audit entry. A cell's payments
and reasons are recorded by whoever may write in the cell (its secretary, the grassroots staff, the
committee officers above); a member's basis likewise, in the cell holding their books."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from dangbo.accounts.scope import authorize
from dangbo.audit.services import audit_record, snapshot
from dangbo.core.dates import today
from dangbo.core.exceptions import ApplicationError, RuleViolation
from dangbo.core.text import TextRefused, clean_text, format_number
from dangbo.dues import rules, selectors
from dangbo.dues.models import DuesBasis, DuesExcuse, DuesPayment
from dangbo.members.models import Member
from dangbo.organizations.models import Organization

if TYPE_CHECKING:
    from dangbo.accounts.models import User

PAYMENT_FIELDS = ("member_id", "organization_id", "month", "amount", "method", "paid_on", "note")
BASIS_FIELDS = ("category", "income", "valid_from", "note")


def _text(value: str, label: str, field_name: str, max_length: int = 255) -> str:
    try:
        return clean_text(value or "", label=label, max_length=max_length)
    except TextRefused as refused:
        raise ApplicationError(refused.message, field=field_name) from None


def _check_period(year: object, month: object) -> tuple[int, int]:
    y = selectors.check_year(year)
    m = selectors.check_month(month)
    now = today()
    if (y, m) > (now.year, now.month):
        raise ApplicationError(
            f"Tháng {m:02d}/{y} chưa đến: chỉ ghi đảng phí đến tháng {now.month:02d}/{now.year}.",
            field="month",
        )
    return y, m


def _on_list(cell: Organization, member: Member, year: int, month: int) -> None:
    listed = selectors.entries([cell.pk], year, [month], member_ids=[member.pk])
    if not listed:
        raise ApplicationError(
            f"Đồng chí {member.full_name} không có trong danh sách đóng đảng phí của {cell.name} "
            f"tháng {month:02d}/{year}.",
            field="member",
        )


def _cell_checks(actor: User, cell: Organization) -> None:
    authorize(actor, cell, write=True)
    if not cell.is_cell:
        raise ApplicationError(f"{cell.name} không phải là chi bộ; đảng phí được thu ở chi bộ.", field="cell")


@transaction.atomic
def dues_basis_set(
    *,
    actor: User,
    member: Member,
    category: str,
    income: int | None,
    year: int,
    month: int,
    note: str = "",
) -> DuesBasis:
    """Khai căn cứ tính đảng phí: the member's category and income from a month on. A basis of the same
    month is changed (with its before and after in the audit); earlier ones stay as history."""
    period = member.periods.select_related("organization").order_by("-valid_from").first()
    if period is None:
        raise ApplicationError("Đảng viên chưa có giai đoạn sinh hoạt.", field="member")
    cell = period.temporary_organization or period.organization
    authorize(actor, cell, write=True)
    y = selectors.check_year(year)
    m = selectors.check_month(month)
    if isinstance(income, bool) or (income is not None and not isinstance(income, int)):
        raise ApplicationError("Thu nhập phải là số nguyên (đồng/tháng).", field="income")
    problems = rules.basis_violations(category, income)
    if problems:
        raise RuleViolation(
            " ".join(problems), field="income" if category in rules.CATEGORIES else "category"
        )
    note = _text(note, "Ghi chú", "note")
    valid_from = selectors.month_start(y, m)
    basis = DuesBasis.objects.select_for_update().filter(member=member, valid_from=valid_from).first()
    before = snapshot(basis, BASIS_FIELDS) if basis else None
    if basis is None:
        basis = DuesBasis(member=member, valid_from=valid_from)
    basis.category = category
    basis.income = income or 0
    basis.note = note
    basis.recorded_by = actor if actor.pk else None
    basis.save()
    audit_record(
        actor=actor,
        action="dues_basis_set",
        target=basis,
        label=f"Căn cứ tính đảng phí từ tháng {m:02d}/{y} — {member.full_name}",
        before=before,
        after=snapshot(basis, BASIS_FIELDS),
        scope_path=cell.path,
    )
    return basis


def _payment_problems(
    amount: object, method: str, paid_on: object, year: int, month: int
) -> list[tuple[str, str]]:
    found = []
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
        found.append(("amount", "Số tiền phải là số nguyên lớn hơn 0 (đồng)."))
    elif amount > rules.MAX_PAYMENT:
        found.append(("amount", f"Số tiền quá lớn (tối đa {format_number(rules.MAX_PAYMENT)} đồng)."))
    if method not in DuesPayment.Method.values:
        found.append(("method", "Hình thức nộp phải là tiền mặt hoặc trực tuyến."))
    if not isinstance(paid_on, date):
        found.append(("paid_on", "Phải nhập ngày đóng."))
    elif paid_on > today():
        found.append(("paid_on", f"Ngày đóng {paid_on:%d/%m/%Y} ở tương lai."))
    elif paid_on < date(year - 1, 1, 1):
        found.append(("paid_on", f"Ngày đóng {paid_on:%d/%m/%Y} quá xa trước tháng {month:02d}/{year}."))
    return found


@transaction.atomic
def dues_payment_record(
    *,
    actor: User,
    cell: Organization,
    member: Member,
    year: int,
    month: int,
    amount: int,
    method: str,
    paid_on: date,
    note: str = "",
) -> DuesPayment:
    """Ghi thu đảng phí: a member's dues of a month, received by the cell (in cash or online)."""
    _cell_checks(actor, cell)
    y, m = _check_period(year, month)
    problems = _payment_problems(amount, method, paid_on, y, m)
    if problems:
        name, message = problems[0]
        raise ApplicationError(message, field=name)
    note = _text(note, "Ghi chú", "note")
    _on_list(cell, member, y, m)
    if DuesPayment.objects.filter(member=member, month=selectors.month_start(y, m)).exists():
        raise ApplicationError(
            f"Đã ghi đảng phí tháng {m:02d}/{y} của đồng chí {member.full_name}.", field="member"
        )
    payment = DuesPayment.objects.create(
        member=member,
        organization=cell,
        month=selectors.month_start(y, m),
        amount=amount,
        method=method,
        paid_on=paid_on,
        note=note,
        recorded_by=actor if actor.pk else None,
    )
    audit_record(
        actor=actor,
        action="dues_payment_record",
        target=payment,
        label=f"Đảng phí tháng {m:02d}/{y} — {member.full_name} ({cell.name})",
        after=snapshot(payment, PAYMENT_FIELDS),
        scope_path=cell.path,
    )
    return payment


@transaction.atomic
def dues_excuse_record(
    *, actor: User, cell: Organization, member: Member, year: int, month: int, reason: str
) -> DuesExcuse:
    """Ghi lý do chưa đóng đảng phí của một tháng (the month is then no ground for removal)."""
    _cell_checks(actor, cell)
    y, m = _check_period(year, month)
    reason = _text(reason, "Lý do", "reason")
    if not reason:
        raise ApplicationError("Phải ghi lý do chưa đóng đảng phí.", field="reason")
    _on_list(cell, member, y, m)
    start = selectors.month_start(y, m)
    if DuesPayment.objects.filter(member=member, month=start).exists():
        raise ApplicationError(
            f"Đồng chí {member.full_name} đã đóng đảng phí tháng {m:02d}/{y}.", field="member"
        )
    if DuesExcuse.objects.filter(member=member, month=start).exists():
        raise ApplicationError(
            f"Đã ghi lý do chưa đóng tháng {m:02d}/{y} của đồng chí {member.full_name}.", field="member"
        )
    excuse = DuesExcuse.objects.create(
        member=member, organization=cell, month=start, reason=reason, recorded_by=actor if actor.pk else None
    )
    audit_record(
        actor=actor,
        action="dues_excuse_record",
        target=excuse,
        label=f"Lý do chưa đóng đảng phí tháng {m:02d}/{y} — {member.full_name}",
        after=snapshot(excuse, ("member_id", "organization_id", "month", "reason")),
        scope_path=cell.path,
    )
    return excuse


@dataclass(frozen=True)
class PaymentLine:
    member_id: int
    amount: int
    method: str
    paid_on: date
    note: str = ""


@transaction.atomic
def dues_month_record(
    *, actor: User, cell: Organization, year: int, month: int, payments: list[PaymentLine]
) -> list[DuesPayment]:
    """Ghi thu đảng phí cả tháng của chi bộ (the sheet filled in at the meeting): every line checked
    first, nothing written if one is refused; one audit entry for the month."""
    _cell_checks(actor, cell)
    y, m = _check_period(year, month)
    start = selectors.month_start(y, m)
    listed = {e.member_id for e in selectors.entries([cell.pk], y, [m])}
    done = set(
        DuesPayment.objects.filter(member_id__in=[p.member_id for p in payments], month=start).values_list(
            "member_id", flat=True
        )
    )
    seen: set[int] = set()
    for line in payments:
        if line.member_id not in listed or line.member_id in seen or line.member_id in done:
            raise ApplicationError(
                f"Đảng viên (mã {line.member_id}) không có trong danh sách chưa đóng đảng phí của "
                f"{cell.name} tháng {m:02d}/{y}.",
                field="payments",
            )
        seen.add(line.member_id)
        problems = _payment_problems(line.amount, line.method, line.paid_on, y, m)
        if problems:
            raise ApplicationError(problems[0][1], field="payments")
    written = DuesPayment.objects.bulk_create(
        [
            DuesPayment(
                member_id=line.member_id,
                organization=cell,
                month=start,
                amount=line.amount,
                method=line.method,
                paid_on=line.paid_on,
                note=_text(line.note, "Ghi chú", "payments"),
                recorded_by=actor if actor.pk else None,
            )
            for line in payments
        ]
    )
    audit_record(
        actor=actor,
        action="dues_month_record",
        target=cell,
        label=f"Thu đảng phí tháng {m:02d}/{y} — {cell.name}",
        after={"month": start.isoformat(), "recorded": len(written), "total": sum(p.amount for p in written)},
        scope_path=cell.path,
    )
    return written


# --- the import of a month ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedRow:
    """A row of a month's payments as read from the file (dangbo.dues.importer)."""

    row: int
    full_name: str
    birth_date: date | None
    amount: int
    method: str
    paid_on: date | None
    note: str
    readable: bool = True  # False: a cell of the row was refused while reading (its name is still checked)


@dataclass
class ImportProblem:
    row: int | None
    column: str
    header: str
    message: str

    def line(self) -> str:
        where = f"Dòng {self.row}" if self.row is not None else "Tệp"
        if self.column:
            where += f", cột {self.column} ({self.header})"
        return f"{where}: {self.message}"


class ImportRefused(ApplicationError):
    """Every problem of the file at once; nothing written."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(f"Tệp có {len(problems)} lỗi; chưa ghi gì.", field="file")
        self.problems = problems


@dataclass
class ImportResult:
    recorded: int = 0
    already: int = 0
    total: int = 0
    lines: list[str] = field(default_factory=list)


@transaction.atomic
def dues_payments_import(
    *,
    actor: User,
    cell: Organization,
    year: int,
    month: int,
    rows: list[ImportedRow],
    problems: list[ImportProblem],
    columns: dict[str, tuple[str, str]],
    filename: str = "",
) -> ImportResult:
    """Nhập thu đảng phí một tháng: the rows of a file read by dangbo.dues.importer (with the problems
    found while reading), checked against the cell's list of the month; one problem anywhere and
    nothing is written (ImportRefused lists them all, by row and column). A row identical to a payment
    already recorded is counted, not written twice."""
    _cell_checks(actor, cell)
    y, m = _check_period(year, month)
    problems = list(problems)
    listed = selectors.entries([cell.pk], y, [m])
    members = Member.objects.in_bulk([e.member_id for e in listed])
    by_name: dict[str, list[Member]] = {}
    for member in members.values():
        by_name.setdefault(_key(member.full_name), []).append(member)
    start = selectors.month_start(y, m)
    recorded = {p.member_id: p for p in DuesPayment.objects.filter(member_id__in=list(members), month=start)}
    seen: dict[int, int] = {}
    chosen: list[tuple[ImportedRow, Member]] = []
    already = 0

    def problem(row: int, name: str, message: str) -> None:
        letter, header = columns.get(name, ("", ""))
        problems.append(ImportProblem(row, letter, header, message))

    for r in rows:
        candidates = by_name.get(_key(r.full_name), [])
        if r.birth_date is not None:
            candidates = [c for c in candidates if c.birth_date == r.birth_date]
        if not candidates:
            problem(
                r.row,
                "full_name",
                f"Không có đồng chí “{r.full_name}” trong danh sách đóng đảng phí "
                f"của {cell.name} tháng {m:02d}/{y}.",
            )
            continue
        if len(candidates) > 1:
            problem(
                r.row,
                "birth_date",
                f"Có {len(candidates)} đồng chí tên “{r.full_name}”: ghi ngày sinh để phân biệt.",
            )
            continue
        member = candidates[0]
        if member.pk in seen:
            problem(r.row, "full_name", f"Đồng chí {member.full_name} đã có ở dòng {seen[member.pk]}.")
            continue
        seen[member.pk] = r.row
        if not r.readable:
            continue
        for name, message in _payment_problems(r.amount, r.method, r.paid_on or _default_paid_on(y, m), y, m):
            problem(r.row, name, message)
        existing = recorded.get(member.pk)
        if existing is not None:
            if existing.amount == r.amount and existing.method == r.method:
                already += 1
                continue
            problem(
                r.row,
                "amount",
                f"Đã ghi đảng phí tháng {m:02d}/{y} của đồng chí {member.full_name} "
                f"({format_number(existing.amount)} đồng, {existing.get_method_display().lower()}) khác với dòng này.",
            )
            continue
        chosen.append((r, member))
    if problems:
        problems.sort(key=lambda p: (p.row or 0, p.column))
        raise ImportRefused(problems)
    payments = DuesPayment.objects.bulk_create(
        [
            DuesPayment(
                member=member,
                organization=cell,
                month=start,
                amount=r.amount,
                method=r.method,
                paid_on=r.paid_on or _default_paid_on(y, m),
                note=r.note,
                recorded_by=actor if actor.pk else None,
            )
            for r, member in chosen
        ]
    )
    total = sum(p.amount for p in payments)
    audit_record(
        actor=actor,
        action="dues_import",
        target=cell,
        label=f"Nhập thu đảng phí tháng {m:02d}/{y} — {cell.name}"
        + (f" (tệp {filename[:100]})" if filename else ""),
        after={"month": start.isoformat(), "recorded": len(payments), "already": already, "total": total},
        scope_path=cell.path,
    )
    return ImportResult(recorded=len(payments), already=already, total=total)


def _default_paid_on(year: int, month: int) -> date:
    return min(selectors.month_end(year, month), today())


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()
