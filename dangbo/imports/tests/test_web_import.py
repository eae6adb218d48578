"""The import pages: upload → preview (counts per sheet, errors, warnings) → confirm; scope; progress."""

from __future__ import annotations

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dangbo.core.tests.print_ready import assert_print_ready
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
    assert_print_ready(download.content, title="LỖI VÀ CẢNH BÁO")


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


def _worker() -> None:
    """A worker run as `manage.py db_worker --batch`: every queued task, then it stops."""
    import signal

    from django.core.management import call_command

    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


@pytest.mark.django_db(transaction=True)  # the worker closes a connection left inside a transaction
def test_the_web_only_queues_a_worker_checks_then_imports(as_user, small_tree, settings):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    client = as_user("officer")
    response = client.post(reverse("imports_upload"), {"file": SimpleUploadedFile("a.xlsx", _good_file())})
    assert response.status_code == 302
    run = ImportRun.objects.get()
    task = DBTaskResult.objects.get()
    assert (run.status, run.worker, run.task_id) == (ImportRun.Status.CHECKING, "", str(task.id))
    assert run.started_by == run.created_by and task.args_kwargs["args"] == [run.pk, "check"]
    page = client.get(reverse("imports_run", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "Đang chờ tiến trình xử lý" in page
    _worker()
    run.refresh_from_db()
    task.refresh_from_db()
    assert run.status == ImportRun.Status.CHECKED and task.status == TaskResultStatus.SUCCESSFUL
    assert run.worker.endswith(f":{os.getpid()}")
    assert "Xác nhận nhập" in client.get(reverse("imports_run", args=[run.pk])).content.decode()
    client.post(reverse("imports_run_confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportRun.Status.IMPORTING and Member.objects.count() == 0
    _worker()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE and Member.objects.count() == 2
    done = client.get(reverse("imports_run_progress", args=[run.pk]))
    assert done["HX-Refresh"] == "true"


def test_the_progress_fragment_reads_the_runs_row(as_user, small_tree):
    """Whichever web process answers, the progress is the one the worker wrote on the run's row."""
    from django.utils import timezone

    _upload(as_user("officer"), _good_file())
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.IMPORTING,
        worker="may-chu:42",
        progress_phase="Đang ghi vào cơ sở dữ liệu",
        progress_done=1200,
        progress_total=100000,
        progress_at=timezone.now(),
    )
    fragment = as_user("officer").get(reverse("imports_run_progress", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in fragment
    assert "Đang ghi vào cơ sở dữ liệu" in fragment and "1.200/100.000 dòng (1 %)" in fragment


@pytest.mark.django_db(transaction=True)  # the worker closes a connection left inside a transaction
def test_a_user_who_lost_the_right_to_import_is_refused_by_the_worker(
    as_user, small_tree, personas, settings
):
    """The task runs as the user who started it: their rights are checked again when it runs."""
    from dangbo.accounts.models import RoleAssignment

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    as_user("officer").post(reverse("imports_upload"), {"file": SimpleUploadedFile("a.xlsx", _good_file())})
    run = ImportRun.objects.get()
    RoleAssignment.objects.filter(user=personas["officer"]).delete()
    _worker()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED and "không còn quyền nhập" in run.message
    assert run.total_rows == 0 and not run.issues.exists()


def test_templates_download_with_the_canonical_headers(as_user, small_tree):
    from python_calamine import CalamineWorkbook

    response = as_user("officer").get(reverse("imports_template", args=["dang-vien"]))
    assert response.status_code == 200
    import io

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = workbook.get_sheet_by_name("Đảng viên").to_python()
    assert rows[0][0] == "MẪU NHẬP: ĐẢNG VIÊN"  # a title and a subtitle above, skipped by the import
    assert rows[2][:3] == ["Họ và tên", "Giới tính", "Ngày sinh"]
    assert "Hướng dẫn" in workbook.sheet_names
    assert response["Content-Disposition"].endswith('filename="mau-nhap-dang-vien.xlsx"')
    assert_print_ready(response.content, title="MẪU NHẬP")


@pytest.mark.parametrize("slug", ["dang-vien", "to-chuc"])
def test_a_filled_template_is_read_by_the_import_under_its_title_rows(as_user, small_tree, slug):
    from openpyxl import load_workbook

    from dangbo.imports.reader import read_workbook
    from dangbo.imports.views import TEMPLATES

    response = as_user("officer").get(reverse("imports_template", args=[slug]))
    kind = TEMPLATES[slug]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook[kind.title[:31]]
    for index in range(1, len(kind.template) + 1):
        sheet.cell(row=4, column=index).value = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheets, skipped = read_workbook(buffer.getvalue())
    [read] = [s for s in sheets if s.name == sheet.title]
    assert read.header_rows == (3,) and [number for number, _ in read.rows] == [4]
    assert "MẪU NHẬP" in " ".join(read.titles)
