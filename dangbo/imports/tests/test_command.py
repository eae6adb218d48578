"""python manage.py import_xlsx FILE [--dry-run] [--user USERNAME]: progress, summary, every error, exit codes."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from dangbo.imports.tests.helpers import MEMBER_HEADERS, member_row, xlsx
from dangbo.members.models import Member

pytestmark = pytest.mark.django_db


@pytest.fixture
def good(tmp_path, small_tree):
    path = tmp_path / "dang-vien.xlsx"
    path.write_bytes(
        xlsx(
            {
                "Đảng viên": [
                    MEMBER_HEADERS,
                    member_row(cccd="079090000001"),
                    member_row("Lê Thị Hai", sex="Nữ", cccd="079090000002"),
                ]
            }
        )
    )
    return path


@pytest.fixture
def bad(tmp_path, small_tree):
    path = tmp_path / "loi.xlsx"
    path.write_bytes(
        xlsx(
            {
                "Đảng viên": [
                    MEMBER_HEADERS,
                    member_row(cccd="079090000001"),
                    member_row("Lê Thị Hai", sex="?", cccd="12"),
                ]
            }
        )
    )
    return path


def test_it_imports_prints_progress_and_a_summary(good, capsys):
    call_command("import_xlsx", str(good))
    out = capsys.readouterr().out
    assert "Đang kiểm tra: 2/2" in out
    assert "Sheet “Đảng viên” (Đảng viên): 2 dòng — mới 2" in out
    assert "2 đảng viên mới" in out
    assert Member.objects.count() == 2


def test_a_second_run_changes_nothing(good, capsys):
    call_command("import_xlsx", str(good))
    call_command("import_xlsx", str(good))
    assert "Không có gì thay đổi." in capsys.readouterr().out
    assert Member.objects.count() == 2


def test_dry_run_writes_nothing(good, capsys):
    call_command("import_xlsx", str(good), "--dry-run")
    assert "Chưa ghi gì (--dry-run)" in capsys.readouterr().out
    assert Member.objects.count() == 0


def test_errors_are_all_listed_and_the_exit_status_is_1(bad, capsys):
    with pytest.raises(SystemExit) as exit_:
        call_command("import_xlsx", str(bad))
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "dòng 3, cột B (Giới tính)" in err
    assert "dòng 3, cột G (Số CCCD)" in err
    assert "2 lỗi: không có gì được ghi" in err
    assert Member.objects.count() == 0


def test_with_a_user_the_users_scope_applies(good, personas, capsys):
    from dangbo.accounts.models import RoleAssignment

    RoleAssignment.objects.filter(user=personas["secretary_b"]).delete()
    with pytest.raises(SystemExit):
        call_command("import_xlsx", str(good), "--user", "xem")  # read-only
    assert "Bạn chỉ được xem" in capsys.readouterr().err
    call_command("import_xlsx", str(good), "--user", "phuong1")
    assert Member.objects.count() == 2


def test_an_unknown_file_or_user_is_a_command_error(good):
    with pytest.raises(CommandError):
        call_command("import_xlsx", "/khong/co/tep.xlsx")
    with pytest.raises(CommandError):
        call_command("import_xlsx", str(good), "--user", "khongco")


def test_each_import_is_recorded_with_its_audit_entry(good):
    from dangbo.audit.models import AuditEntry
    from dangbo.imports.models import ImportRun

    call_command("import_xlsx", str(good))
    run = ImportRun.objects.get()
    assert (run.filename, run.status, run.summary["written"]["members_new"]) == ("dang-vien.xlsx", "done", 2)
    entry = AuditEntry.objects.get(action="import.apply")
    assert entry.target_id == str(run.pk)
    assert entry.after is not None and entry.after["members_new"] == 2


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's statistics (PostgreSQL's autovacuum)")
@pytest.mark.django_db(transaction=True)
def test_after_an_import_sqlite_has_statistics_of_the_members(good, capsys):
    """A database filled by imports alone had no statistics, and the planner chose its indexes blind."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # whatever ran before on this connection (load_demo analyzes) …
        cursor.execute("DROP TABLE sqlite_stat1")  # … forgotten: never analyzed, as a new database is
        cursor.execute("ANALYZE sqlite_schema")  # the connection reloads its (now missing) statistics
    call_command("import_xlsx", str(good))
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        analyzed = {row[0] for row in cursor.fetchall()}
    assert {"members_member", "members_memberperiod"} <= analyzed
