"""The dues services and sheets: a basis, a payment, a reason; the cell's month and year; the report of
a level adding up through the tree; the scope of each."""

from __future__ import annotations

from datetime import date

import pytest

from dangbo.audit.models import AuditEntry
from dangbo.core.exceptions import ApplicationError, PermissionDenied, PersonalDataDenied
from dangbo.dues import selectors
from dangbo.dues.models import DuesBasis, DuesExcuse, DuesPayment
from dangbo.dues.services import dues_basis_set, dues_excuse_record, dues_payment_record

TODAY = date(2026, 12, 6)


@pytest.fixture
def cell(small_tree, make_member):
    an = make_member(small_tree.cell_a, "Nguyễn Văn An")
    binh = make_member(small_tree.cell_a, "Lê Thị Bình")
    return small_tree.cell_a, an, binh


def pay(actor, cell, member, month, amount, method="cash", year=2026):
    return dues_payment_record(
        actor=actor,
        cell=cell,
        member=member,
        year=year,
        month=month,
        amount=amount,
        method=method,
        paid_on=date(year, month, 10),
    )


def test_the_secretary_records_a_payment_with_its_audit_entry(cell, personas):
    organization, an, _ = cell
    payment = pay(personas["secretary_a"], organization, an, 3, 5_000, "online")
    assert (payment.amount, payment.method, payment.month) == (5_000, "online", date(2026, 3, 1))
    entry = AuditEntry.objects.get(action="dues_payment_record")
    assert entry.scope_path == organization.path and "Nguyễn Văn An" in entry.target_label


def test_a_second_payment_of_the_same_month_is_refused(cell, personas):
    organization, an, _ = cell
    pay(personas["secretary_a"], organization, an, 3, 5_000)
    with pytest.raises(ApplicationError, match="Đã ghi đảng phí tháng 03/2026"):
        pay(personas["secretary_a"], organization, an, 3, 5_000)
    assert DuesPayment.objects.count() == 1


def test_another_cells_secretary_and_the_viewer_cannot_record(cell, personas):
    organization, an, _ = cell
    with pytest.raises(PermissionDenied):
        pay(personas["secretary_b"], organization, an, 3, 5_000)
    with pytest.raises(PermissionDenied):
        pay(personas["viewer"], organization, an, 3, 5_000)
    assert (
        not DuesPayment.objects.exists() and not AuditEntry.objects.filter(action__startswith="dues").exists()
    )


def test_a_member_of_another_cell_is_refused(cell, personas, make_member, small_tree):
    organization, _, _ = cell
    stranger = make_member(small_tree.cell_b, "Trần Văn Cường")
    with pytest.raises(ApplicationError, match="không có trong danh sách đóng đảng phí"):
        pay(personas["officer"], organization, stranger, 3, 5_000)


@pytest.mark.parametrize(
    ("amount", "field"),
    [(0, "amount"), (-5, "amount"), (True, "amount"), ("5000", "amount"), (10**12, "amount")],
)
def test_a_hostile_amount_is_refused_naming_the_field(cell, personas, amount, field):
    organization, an, _ = cell
    with pytest.raises(ApplicationError) as error:
        pay(personas["secretary_a"], organization, an, 3, amount)
    assert error.value.field == field
    assert not DuesPayment.objects.exists()


def test_a_month_not_yet_come_or_out_of_range_is_refused(cell, personas):
    organization, an, _ = cell
    for year, month in ((2100, 1), (2026, 13), (1989, 5)):
        with pytest.raises(ApplicationError) as error:
            dues_payment_record(
                actor=personas["secretary_a"],
                cell=organization,
                member=an,
                year=year,
                month=month,
                amount=5_000,
                method="cash",
                paid_on=date(2026, 1, 1),
            )
        assert error.value.field in {"year", "month"}
    with pytest.raises(ApplicationError, match="Hình thức"):
        dues_payment_record(
            actor=personas["secretary_a"],
            cell=organization,
            member=an,
            year=2026,
            month=3,
            amount=5_000,
            method="bitcoin",
            paid_on=date(2026, 3, 1),
        )


def test_the_due_follows_the_basis_and_the_regime_of_the_month(cell, personas):
    organization, an, binh = cell
    dues_basis_set(
        actor=personas["secretary_a"], member=an, category="salaried", income=5_310_000, year=2025, month=6
    )
    dues_basis_set(
        actor=personas["secretary_a"], member=binh, category="student", income=None, year=2025, month=1
    )
    january = selectors.cell_month(personas["secretary_a"], organization, 2026, 1)
    march = selectors.cell_month(personas["secretary_a"], organization, 2026, 3)
    dues = {line.member.full_name: line.entry.due.amount for line in january["lines"]}
    assert dues == {"Nguyễn Văn An": 53_000, "Lê Thị Bình": 2_000}  # QĐ 342 (settings)
    assert january["regime"] == "qd342" and march["regime"] == "qd01"
    dues = {line.member.full_name: line.entry.due.amount for line in march["lines"]}
    assert dues == {"Nguyễn Văn An": 53_000, "Lê Thị Bình": 5_000}  # QĐ 01: students 5.000


def test_a_new_basis_applies_from_its_month_and_the_history_stays(cell, personas):
    organization, an, _ = cell
    secretary = personas["secretary_a"]
    dues_basis_set(actor=secretary, member=an, category="salaried", income=5_000_000, year=2026, month=1)
    dues_basis_set(actor=secretary, member=an, category="pension", income=6_000_000, year=2026, month=5)
    due = {
        m: next(
            x for x in selectors.cell_month(secretary, organization, 2026, m)["lines"] if x.member == an
        ).entry.due.amount
        for m in (4, 5)
    }
    assert due == {4: 50_000, 5: 30_000}
    assert DuesBasis.objects.filter(member=an).count() == 2
    with pytest.raises(ApplicationError, match="phải nhập thu nhập"):
        dues_basis_set(actor=secretary, member=an, category="salaried", income=None, year=2026, month=6)


def test_the_cells_month_adds_due_paid_and_arrears(cell, personas):
    organization, an, binh = cell
    secretary = personas["secretary_a"]
    dues_basis_set(actor=secretary, member=an, category="salaried", income=6_000_000, year=2026, month=1)
    pay(secretary, organization, an, 3, 50_000)  # 10.000 short
    sheet = selectors.cell_month(secretary, organization, 2026, 3)
    # An 60.000 due, 50.000 paid; Bình without a basis: "other" 5.000 (a setting), nothing paid
    assert (sheet["due"], sheet["paid"], sheet["arrears"]) == (65_000, 50_000, 15_000)


def test_an_excuse_is_recorded_once_and_not_beside_a_payment(cell, personas):
    organization, an, binh = cell
    secretary = personas["secretary_a"]
    dues_excuse_record(
        actor=secretary, cell=organization, member=binh, year=2026, month=2, reason="Ốm dài ngày"
    )
    with pytest.raises(ApplicationError, match="Đã ghi lý do"):
        dues_excuse_record(actor=secretary, cell=organization, member=binh, year=2026, month=2, reason="Ốm")
    pay(secretary, organization, an, 2, 5_000)
    with pytest.raises(ApplicationError, match="đã đóng đảng phí"):
        dues_excuse_record(actor=secretary, cell=organization, member=an, year=2026, month=2, reason="x")
    with pytest.raises(ApplicationError, match="Phải ghi lý do"):
        dues_excuse_record(actor=secretary, cell=organization, member=an, year=2026, month=4, reason="  ")
    assert DuesExcuse.objects.count() == 1


def test_three_unpaid_months_without_reason_are_a_removal_ground(cell, personas):
    organization, an, binh = cell
    secretary = personas["secretary_a"]
    for month in (1, 2, 3, 4):
        pay(secretary, organization, an, month, 5_000)  # the book is kept these months
    dues_excuse_record(actor=secretary, cell=organization, member=binh, year=2026, month=4, reason="Đi viện")
    found = selectors.unpaid_dues_months([an.pk, binh.pk], 2026, TODAY)
    assert found == {binh.pk: 3}  # months 1, 2, 3 (4 excused; 5 onward: no book kept)
    sheet = selectors.cell_year(secretary, organization, 2026, TODAY)
    grounds = {row["member"].full_name: row["ground"] for row in sheet["rows"]}
    assert grounds["Nguyễn Văn An"] is None
    assert "tháng 01, 02, 03" in grounds["Lê Thị Bình"]


def test_the_report_of_a_level_adds_up_through_the_tree(small_tree, make_member, personas):
    secretary_a, officer = personas["secretary_a"], personas["officer"]
    a1 = make_member(small_tree.cell_a, "Nguyễn Văn An")
    make_member(small_tree.cell_a, "Lê Thị Bình")
    b1 = make_member(small_tree.cell_b, "Trần Văn Cường")
    s1 = make_member(small_tree.school, "Phạm Thị Dung")
    o1 = make_member(small_tree.other_cell, "Hồ Văn Em")
    dues_basis_set(actor=officer, member=a1, category="salaried", income=7_000_000, year=2026, month=1)
    pay(secretary_a, small_tree.cell_a, a1, 3, 70_000)
    pay(officer, small_tree.cell_b, b1, 3, 5_000, "online")
    pay(officer, small_tree.school, s1, 3, 2_000)
    pay(officer, small_tree.other_cell, o1, 3, 9_000)
    report = selectors.level_report(officer, small_tree.district, 2026, 3, TODAY)
    root = report["root"]

    def check(node):
        if node.children:
            for name in ("due", "paid", "arrears", "members"):
                assert getattr(node, name) == sum(getattr(c, name) for c in node.children), (node.code, name)
            assert node.received == sum(c.sent_up for c in node.children)
        assert node.kept + node.sent_up == node.received
        for child in node.children:
            check(child)

    check(root)
    assert root.paid == 70_000 + 5_000 + 2_000 + 9_000
    assert root.due == 70_000 + 5_000 * 4 and root.members == 5
    ward = next(c for c in root.children if c.code == "W1")
    assert (ward.due, ward.paid, ward.arrears) == (80_000, 75_000, 5_000)  # Bình owes 5.000
    cell_a = next(c for c in ward.children if c.code == "W1A")
    assert (cell_a.kept, cell_a.sent_up) == (21_000, 49_000)  # a cell keeps 30 % (setting)


def test_the_scope_of_the_sheets_and_the_report(cell, personas, small_tree):
    organization, an, _ = cell
    with pytest.raises(PermissionDenied):
        selectors.level_report(personas["secretary_a"], small_tree.ward, 2026, None, TODAY)
    with pytest.raises(PersonalDataDenied):
        selectors.cell_month(personas["viewer"], organization, 2026, 3)
    report = selectors.level_report(personas["viewer"], small_tree.district, 2026, None, TODAY)
    assert report["root"].due > 0
