"""A payment recorded by mistake: withdrawn (hủy) or corrected (sửa) with a reason, the original kept and
marked; only payments in force count in the sheets, the report, the import and the removal ground."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from dangbo.audit.models import AuditEntry
from dangbo.core.exceptions import ApplicationError, PermissionDenied
from dangbo.dues import selectors
from dangbo.dues.models import DuesPayment
from dangbo.dues.services import dues_basis_set, dues_payment_record, dues_payment_withdraw

TODAY = date(2026, 12, 6)


@pytest.fixture
def cell(small_tree, make_member):
    an = make_member(small_tree.cell_a, "Nguyễn Văn An")
    binh = make_member(small_tree.cell_a, "Lê Thị Bình")
    return small_tree.cell_a, an, binh


def pay(actor, cell, member, month, amount, method="cash"):
    return dues_payment_record(
        actor=actor,
        cell=cell,
        member=member,
        year=2026,
        month=month,
        amount=amount,
        method=method,
        paid_on=date(2026, month, 10),
    )


def test_a_payment_is_withdrawn_kept_and_marked_with_its_audit_entry(cell, personas):
    organization, an, _ = cell
    secretary = personas["secretary_a"]
    payment = pay(secretary, organization, an, 3, 5_000)
    assert dues_payment_withdraw(actor=secretary, payment=payment, reason="Ghi nhầm người") is None
    payment.refresh_from_db()
    assert payment.withdrawn_at is not None and payment.withdrawn_by == secretary
    assert payment.withdrawal_reason == "Ghi nhầm người" and payment.replaced_by is None
    assert DuesPayment.objects.count() == 1 and not DuesPayment.objects.in_force().exists()
    entry = AuditEntry.objects.get(action="dues_payment_withdraw")
    assert entry.scope_path == organization.path and "Hủy" in entry.target_label
    before, after = entry.before or {}, entry.after or {}
    assert before["withdrawn_at"] is None and after["withdrawal_reason"] == "Ghi nhầm người"
    # the month is unpaid again: it may be recorded anew
    again = pay(secretary, organization, an, 3, 5_000, "online")
    assert list(DuesPayment.objects.in_force()) == [again]
    with pytest.raises(ApplicationError, match="đã được hủy hoặc sửa"):
        dues_payment_withdraw(actor=secretary, payment=payment, reason="lần nữa")


def test_a_correction_replaces_the_amount_and_method_and_points_to_the_new_row(cell, personas):
    organization, an, _ = cell
    secretary = personas["secretary_a"]
    payment = pay(secretary, organization, an, 3, 50_000)
    new = dues_payment_withdraw(
        actor=secretary, payment=payment, reason="Sai số tiền", amount=5_000, method="online"
    )
    assert new is not None and (new.amount, new.method, new.month, new.paid_on) == (
        5_000,
        "online",
        date(2026, 3, 1),
        date(2026, 3, 10),
    )
    payment.refresh_from_db()
    assert payment.replaced_by == new and payment.amount == 50_000 and payment.withdrawn_at is not None
    assert new.corrects == payment
    entry = AuditEntry.objects.get(action="dues_payment_withdraw")
    assert "Sửa" in entry.target_label and (entry.after or {})["replacement"]["amount"] == 5_000
    with pytest.raises(ApplicationError, match="không có gì để sửa"):
        dues_payment_withdraw(actor=secretary, payment=new, reason="x", amount=5_000, method="online")


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required_and_nothing_is_written(cell, personas, reason):
    organization, an, _ = cell
    payment = pay(personas["secretary_a"], organization, an, 3, 5_000)
    with pytest.raises(ApplicationError) as error:
        dues_payment_withdraw(actor=personas["secretary_a"], payment=payment, reason=reason, amount=6_000)
    assert error.value.field == "reason"
    payment.refresh_from_db()
    assert payment.withdrawn_at is None and DuesPayment.objects.count() == 1
    assert not AuditEntry.objects.filter(action="dues_payment_withdraw").exists()


@pytest.mark.parametrize(
    ("amount", "method", "field"), [(0, None, "amount"), (True, None, "amount"), (None, "gold", "method")]
)
def test_a_hostile_correction_is_refused_naming_the_field(cell, personas, amount, method, field):
    organization, an, _ = cell
    payment = pay(personas["secretary_a"], organization, an, 3, 5_000)
    with pytest.raises(ApplicationError) as error:
        dues_payment_withdraw(
            actor=personas["secretary_a"], payment=payment, reason="Sai", amount=amount, method=method
        )
    assert error.value.field == field
    assert DuesPayment.objects.in_force().get() == payment


def test_another_cells_secretary_and_the_viewer_write_nothing(cell, personas):
    organization, an, _ = cell
    payment = pay(personas["secretary_a"], organization, an, 3, 5_000)
    for name in ("secretary_b", "viewer"):
        with pytest.raises(PermissionDenied):
            dues_payment_withdraw(actor=personas[name], payment=payment, reason="Sai", amount=6_000)
    payment.refresh_from_db()
    assert payment.withdrawn_at is None and DuesPayment.objects.count() == 1
    assert not AuditEntry.objects.filter(action="dues_payment_withdraw").exists()
    dues_payment_withdraw(actor=personas["officer"], payment=payment, reason="Cấp trên sửa", amount=6_000)
    assert DuesPayment.objects.in_force().get().amount == 6_000


def test_the_sheet_and_the_report_follow_the_correction(cell, personas, small_tree):
    organization, an, binh = cell
    secretary, officer = personas["secretary_a"], personas["officer"]
    dues_basis_set(actor=secretary, member=an, category="salaried", income=6_000_000, year=2026, month=1)
    wrong = pay(secretary, organization, an, 3, 600_000)  # a zero too many
    mistaken = pay(secretary, organization, binh, 3, 5_000)  # Bình had not paid
    report = selectors.level_report(officer, small_tree.ward, 2026, 3, TODAY)
    cell_a = next(c for c in report["root"].children if c.code == "W1A")
    assert (cell_a.due, cell_a.paid, cell_a.arrears) == (65_000, 605_000, 0)
    dues_payment_withdraw(actor=secretary, payment=wrong, reason="Thừa một số 0", amount=60_000)
    dues_payment_withdraw(actor=secretary, payment=mistaken, reason="Ghi nhầm: chưa đóng")
    sheet = selectors.cell_month(secretary, organization, 2026, 3)
    assert (sheet["due"], sheet["paid"], sheet["arrears"]) == (65_000, 60_000, 5_000)
    report = selectors.level_report(officer, small_tree.ward, 2026, 3, TODAY)
    cell_a = next(c for c in report["root"].children if c.code == "W1A")
    assert (cell_a.due, cell_a.paid, cell_a.arrears) == (65_000, 60_000, 5_000)
    assert report["root"].paid == 60_000


def test_a_withdrawn_payment_is_no_longer_a_paid_month_of_the_removal_ground(cell, personas):
    organization, an, binh = cell
    secretary = personas["secretary_a"]
    for month in (1, 2, 3):
        pay(secretary, organization, binh, month, 5_000)
    mistaken = [pay(secretary, organization, an, month, 5_000) for month in (1, 2, 3)]
    assert selectors.unpaid_dues_months([an.pk, binh.pk], 2026, date(2026, 3, 31)) == {}
    for payment in mistaken:
        dues_payment_withdraw(actor=secretary, payment=payment, reason="Ghi nhầm người")
    assert selectors.unpaid_dues_months([an.pk, binh.pk], 2026, date(2026, 3, 31)) == {an.pk: 3}


# --- the page ----------------------------------------------------------------------------------------


def client_of(personas, name):
    client = Client()
    client.force_login(personas[name])
    return client


def test_the_cell_secretary_corrects_a_payment_on_its_page_after_the_confirmation(cell, personas):
    organization, an, _ = cell
    payment = pay(personas["secretary_a"], organization, an, 3, 50_000)
    month = reverse("dues_cell_month", args=["W1A", 2026, 3])
    url = reverse("dues_payment_correct", args=["W1A", 2026, 3, payment.pk])
    client = client_of(personas, "secretary_a")
    assert url in client.get(month).content.decode()  # the "Sửa / hủy" link
    assert client.get(url).status_code == 200
    data = {"action": "sua", "amount": "5.000", "method": "online", "reason": "Sai số tiền"}
    refused = client.post(url, {**data, "reason": ""})
    assert refused.status_code == 400 and "Lý do sửa hoặc hủy" in refused.content.decode()
    confirm = client.post(url, data)
    text = confirm.content.decode()
    assert confirm.status_code == 200 and "sẽ được thay bằng 5.000 đồng" in text
    assert DuesPayment.objects.in_force().get() == payment  # nothing written before the confirmation
    done = client.post(url, {**data, "xac-nhan": "1"})
    assert done.status_code == 302 and done["Location"] == month
    now = DuesPayment.objects.in_force().get()
    assert (now.amount, now.method) == (5_000, "online")
    assert "Đã sửa khoản thu đảng phí tháng 03/2026 của đồng chí Nguyễn Văn An: 5.000 đồng" in (
        client.get(month).content.decode()
    )
    assert client.get(url).status_code == 404  # the old row is no longer in force
    history = client.get(month).content.decode()
    assert "Khoản thu đã hủy hoặc sửa" in history and "Sai số tiền" in history
    withdraw = reverse("dues_payment_correct", args=["W1A", 2026, 3, now.pk])
    done = client.post(withdraw, {"action": "huy", "method": "cash", "reason": "Ghi nhầm", "xac-nhan": "1"})
    assert done.status_code == 302 and not DuesPayment.objects.in_force().exists()
    assert DuesPayment.objects.count() == 2


def test_another_cells_secretary_cannot_reach_the_page(cell, personas):
    organization, an, _ = cell
    payment = pay(personas["secretary_a"], organization, an, 3, 5_000)
    url = reverse("dues_payment_correct", args=["W1A", 2026, 3, payment.pk])
    other = client_of(personas, "secretary_b")
    assert other.get(url).status_code in (403, 404)
    response = other.post(url, {"action": "huy", "method": "cash", "reason": "x", "xac-nhan": "1"})
    assert response.status_code in (403, 404)
    assert DuesPayment.objects.in_force().get() == payment
    wrong_month = reverse("dues_payment_correct", args=["W1A", 2026, 4, payment.pk])
    assert client_of(personas, "secretary_a").get(wrong_month).status_code == 404


def test_the_import_reads_only_payments_in_force(cell, personas):
    organization, an, _ = cell
    secretary = personas["secretary_a"]
    payment = pay(secretary, organization, an, 3, 53_000)
    dues_payment_withdraw(actor=secretary, payment=payment, reason="Sai", amount=50_000)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["STT", "Họ và tên", "Số tiền đã đóng (đồng)", "Hình thức"])
    sheet.append([1, "Nguyễn Văn An", 50_000, "Tiền mặt"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "thu.xlsx"
    client = client_of(personas, "secretary_a")
    response = client.post(reverse("dues_cell_import", args=["W1A", 2026, 3]), {"file": buffer})
    assert response.status_code == 302  # identical to the payment in force: counted, not written
    assert DuesPayment.objects.count() == 2 and DuesPayment.objects.in_force().get().amount == 50_000


def test_the_members_page_links_to_the_dues_basis_for_a_writer_only(cell, personas):
    _, an, _ = cell
    basis = reverse("dues_member_basis", args=[an.pk])
    page = reverse("member_detail", args=[an.pk])
    assert basis in client_of(personas, "secretary_a").get(page).content.decode()
    viewed = client_of(personas, "viewer").get(page)
    assert basis not in viewed.content.decode()
