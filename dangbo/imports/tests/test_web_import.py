"""The import pages: upload → preview (counts per sheet, errors, warnings) → confirm; scope; progress."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangbo.imports.models import ImportRun
from dangbo.imports.tests.helpers import MEMBER_HEADERS, member_row, xlsx
from dangbo.members.models import Member

pytestmark = pytest.mark.django_db


def _upload(client, data: bytes, name: str = "dang-vien.xlsx"):
    return client.post(reverse("imports_upload"), {"file": SimpleUploadedFile(name, data)}, follow=True)


def _good_file() -> bytes:
    return xlsx(
        {
            "Đảng viên": [
                MEMBER_HEADERS,
                member_row("Nguyễn Văn Mới", cccd="079090000001", cell="W1A"),
                member_row("Trần Thị Hai", sex="Nữ", cccd="079090000002", cell="W1B"),
            ]
        }
    )


def test_the_page_offers_templates_exports_and_the_upload_form(as_user, small_tree):
    response = as_user("officer").get(reverse("imports_index"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Tải lên và kiểm tra" in content
    assert reverse("imports_template", args=["dang-vien"]) in content
    assert "Sổ danh sách đảng viên (Mẫu 7-HSĐV)" in content


def test_upload_shows_the_preview_and_writes_nothing_until_confirmed(as_user, small_tree):
    client = as_user("officer")
    response = _upload(client, _good_file())
    assert response.status_code == 200
    content = response.content.decode()
    assert "Không có lỗi." in content
    assert "Xác nhận nhập" in content
    assert Member.objects.count() == 0
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.CHECKED
    response = client.post(reverse("imports_run_confirm", args=[run.pk]), follow=True)
    assert "Đã nhập xong" in response.content.decode()
    assert Member.objects.count() == 2
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE
    assert run.summary["written"]["members_new"] == 2


def test_a_file_with_errors_lists_each_cell_and_cannot_be_confirmed(as_user, small_tree):
    data = xlsx(
        {
            "Đảng viên": [
                MEMBER_HEADERS,
                member_row("Nguyễn Văn Mới", cccd="079090000001", birth="31/02/1990"),
                member_row("Trần Thị Hai", sex="Không rõ", cccd="079090000002"),
            ]
        }
    )
    client = as_user("officer")
    response = _upload(client, data)
    content = response.content.decode()
    assert "Tệp có 2 lỗi: không có gì được ghi." in content
    assert "Xác nhận nhập" not in content
    assert "31/02/1990" in content and "không phải là ngày hợp lệ" in content
    assert "Giới tính “Không rõ” không hợp lệ" in content
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.INVALID
    response = client.post(reverse("imports_run_confirm", args=[run.pk]), follow=True)
    assert Member.objects.count() == 0
    download = client.get(reverse("imports_run_issues", args=[run.pk]))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_row_outside_the_users_subtree_is_an_error_naming_the_row(as_user, small_tree):
    data = xlsx(
        {
            "Đảng viên": [
                MEMBER_HEADERS,
                member_row("Nguyễn Văn Mới", cccd="079090000001", cell="W1A"),
                member_row("Trần Thị Hai", sex="Nữ", cccd="079090000002", cell="W2A"),
            ]
        }
    )
    response = _upload(as_user("ward_staff"), data)
    content = response.content.decode()
    assert "Không có tổ chức mã “W2A” trong phạm vi của bạn" in content
    run = ImportRun.objects.get()
    issue = run.issues.get(severity="error")
    assert (issue.sheet, issue.row, issue.column) == ("Đảng viên", 3, "K")
    assert Member.objects.count() == 0


def test_a_read_only_role_cannot_upload(as_user, small_tree):
    response = as_user("viewer").post(
        reverse("imports_upload"), {"file": SimpleUploadedFile("a.xlsx", _good_file())}
    )
    assert response.status_code == 403
    assert ImportRun.objects.count() == 0


def test_someone_elses_run_is_not_found(as_user, small_tree):
    _upload(as_user("officer"), _good_file())
    run = ImportRun.objects.get()
    assert as_user("ward_staff").get(reverse("imports_run", args=[run.pk])).status_code == 404
    assert as_user("ward_staff").post(reverse("imports_run_confirm", args=[run.pk])).status_code == 404


def test_a_file_that_is_not_excel_is_refused_with_a_message(as_user, small_tree):
    response = _upload(as_user("officer"), b"not a workbook", name="danh-sach.xlsx")
    assert "Không đọc được tệp" in response.content.decode()
    response = _upload(as_user("officer"), b"a,b", name="danh-sach.csv")
    assert "Chỉ nhận tệp Excel" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_long_import_runs_in_the_background_and_shows_its_progress(as_user, small_tree, settings):
    settings.DANGBO_IMPORT_BACKGROUND_BYTES = 10  # every file is "long"
    client = as_user("officer")
    response = client.post(reverse("imports_upload"), {"file": SimpleUploadedFile("a.xlsx", _good_file())})
    assert response.status_code == 302
    _join()
    run = ImportRun.objects.get()
    _wait(run, {ImportRun.Status.CHECKED})
    page = client.get(reverse("imports_run", args=[run.pk])).content.decode()
    assert "Xác nhận nhập" in page
    client.post(reverse("imports_run_confirm", args=[run.pk]))
    _wait(run, {ImportRun.Status.DONE})
    assert Member.objects.count() == 2
    done = client.get(reverse("imports_run_progress", args=[run.pk]))
    assert done["HX-Refresh"] == "true"


def test_the_progress_fragment_polls_while_the_run_is_busy(as_user, small_tree):
    from dangbo.imports import progress

    client = as_user("officer")
    _upload(client, _good_file())
    run = ImportRun.objects.get()
    run.status = ImportRun.Status.IMPORTING
    run.save()
    progress.report(run.pk, "Đang ghi vào cơ sở dữ liệu", 1200, 100000)
    try:
        fragment = client.get(reverse("imports_run_progress", args=[run.pk])).content.decode()
    finally:
        progress.forget(run.pk)
    assert 'hx-trigger="every 1s"' in fragment
    assert "1.200/100.000 dòng" in fragment


def _wait(run: ImportRun, statuses: set[str], seconds: float = 120) -> None:
    """Wait for the run's thread to end, then read its status. Polling the run's row meanwhile
    would race the thread's writes: the tests' in-memory SQLite database shares its cache between
    connections, where a reader makes a writer fail at once ("database table is locked") instead of
    waiting as it does on the product's database file."""
    _join(seconds)
    run.refresh_from_db()
    assert run.status in statuses, f"run {run.status}"


def _join(seconds: float = 120) -> None:
    """Wait for the import threads (views._start) to end."""
    import threading

    for thread in threading.enumerate():
        if thread.name.startswith("import-run-"):
            thread.join(seconds)
            assert not thread.is_alive(), f"{thread.name} still busy after {seconds} s"


def test_templates_download_with_the_canonical_headers(as_user, small_tree):
    from python_calamine import CalamineWorkbook

    response = as_user("officer").get(reverse("imports_template", args=["dang-vien"]))
    assert response.status_code == 200
    import io

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = workbook.get_sheet_by_name("Đảng viên").to_python()
    assert rows[0][:3] == ["Họ và tên", "Giới tính", "Ngày sinh"]
    assert "Hướng dẫn" in workbook.sheet_names
