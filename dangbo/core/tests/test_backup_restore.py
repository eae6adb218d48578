"""manage.py backup / restore: a copy of everything, checked before it replaces the live database."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from dangbo.accounts.models import RoleAssignment, User
from dangbo.audit.models import AuditEntry
from dangbo.core import backup
from dangbo.members.models import Member, MemberEvent, MemberPeriod
from dangbo.members.services import member_update_profile
from dangbo.organizations.models import Organization, OrganizationVersion

TABLES = (Organization, OrganizationVersion, Member, MemberEvent, MemberPeriod, User, RoleAssignment)


def _supported() -> None:
    if connection.vendor == "postgresql" and (
        shutil.which("pg_dump") is None or shutil.which("pg_restore") is None
    ):
        pytest.skip("pg_dump / pg_restore (postgresql-client) không có trên máy này")
    if connection.vendor not in ("sqlite", "postgresql"):
        pytest.skip(f"chưa hỗ trợ {connection.vendor}")


def _contents() -> dict[str, list[tuple]]:
    return {
        model.__name__: [tuple(row) for row in model.objects.order_by("pk").values_list()] for model in TABLES
    } | {
        "AuditEntry": list(
            AuditEntry.objects.order_by("pk").values_list("pk", "action", "target_id", "after")
        )
    }


@pytest.mark.django_db(transaction=True)
def test_backup_then_change_then_restore_gives_back_the_backed_up_data(
    tmp_path, small_tree, make_member, personas
):
    _supported()
    an = make_member(small_tree.cell_a, "Nguyễn Văn An", cccd="079080001234")
    make_member(small_tree.cell_b, "Trần Thị Bình", sex="female")
    saved = _contents()
    path = tmp_path / "dangbo.backup"

    call_command("backup", str(path))
    assert path.stat().st_size > 0
    assert AuditEntry.objects.filter(action="backup.create").count() == 1  # the export is audited

    # change the data after the backup: an edit, a new member
    member_update_profile(
        actor=personas["officer"], member=an, changes={"full_name": "Nguyễn Văn Ân"}, expected_version=None
    )
    make_member(small_tree.other_cell, "Lê Văn Cường")
    assert _contents() != saved

    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(path))
    assert Member.objects.filter(full_name="Lê Văn Cường").exists()  # refused: nothing changed

    call_command("restore", str(path), "--force")
    restored = _contents()
    restored_audit = restored.pop("AuditEntry")
    expected_audit = saved.pop("AuditEntry")
    assert restored == saved
    # the audit trail is the backup's (made before its own entry was written), plus the restore's
    assert restored_audit[: len(expected_audit)] == expected_audit
    assert [a for _, a, _, _ in restored_audit[len(expected_audit) :]] == ["backup.restore"]
    assert Member.objects.get(pk=an.pk).full_name == "Nguyễn Văn An"
    # the restored database works: a new change goes through
    member_update_profile(
        actor=personas["officer"],
        member=Member.objects.get(pk=an.pk),
        changes={"hometown": "Huế"},
        expected_version=None,
    )


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_file_that_is_not_a_dangbo_backup(tmp_path, small_tree):
    _supported()
    text = tmp_path / "notes.txt"
    text.write_text("không phải bản sao lưu")
    with pytest.raises(CommandError, match="không phải là bản sao lưu Dangbo"):
        call_command("restore", str(text), "--force")
    with pytest.raises(CommandError, match="Không có tệp"):
        call_command("restore", str(tmp_path / "missing.backup"), "--force")
    assert Organization.objects.filter(code="W1A").exists()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_another_sqlite_database(tmp_path, small_tree):
    if connection.vendor != "sqlite":
        pytest.skip("an SQLite file is only a candidate on SQLite")
    other = tmp_path / "other.sqlite3"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app TEXT, name TEXT, applied TEXT)")
    db.commit()
    db.close()
    with pytest.raises(CommandError, match="không phải là bản sao lưu Dangbo"):
        call_command("restore", str(other), "--force")


@pytest.mark.django_db(transaction=True)
def test_a_backup_from_newer_code_is_refused(tmp_path, small_tree):
    if connection.vendor != "sqlite":
        pytest.skip("the migrations of a pg_dump archive are not read before restoring")
    path = tmp_path / "dangbo.backup"
    call_command("backup", str(path))
    db = sqlite3.connect(path)
    db.execute(
        "INSERT INTO django_migrations (app, name, applied) VALUES ('members', '9999_future', '2030-01-01')"
    )
    db.commit()
    db.close()
    with pytest.raises(CommandError, match="mới hơn"):
        call_command("restore", str(path), "--force")


@pytest.mark.django_db(transaction=True)
def test_check_reports_a_valid_backup(tmp_path, small_tree, capsys):
    _supported()
    path = tmp_path / "dangbo.backup"
    call_command("backup", str(path))
    info = backup.inspect(path)
    assert info.tables > 10
    call_command("restore", str(path), "--check")
    assert "bản sao lưu Dangbo hợp lệ" in capsys.readouterr().out


@pytest.mark.django_db
def test_print_commands_names_the_exact_postgresql_commands(capsys):
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="chỉ dùng với PostgreSQL"):
            call_command("backup", "x.backup", "--print-commands")
        return
    call_command("backup", "/tmp/x.backup", "--print-commands")
    dump, restore = capsys.readouterr().out.splitlines()
    name = connection.settings_dict["NAME"]
    assert dump.startswith("pg_dump --format=custom") and dump.endswith(f"--file=/tmp/x.backup {name}")
    assert restore.startswith("pg_restore --clean --if-exists") and f"--dbname={name}" in restore


@pytest.mark.django_db(transaction=True)
def test_scheduled_backup_names_by_time_and_keeps_the_newest(tmp_path, small_tree):
    """`backup --dir DIR --keep N` (the systemd timer's command): a file per run, the oldest removed,
    other files of the directory left alone."""
    _supported()
    directory = tmp_path / "backups"
    directory.mkdir()
    old = [directory / f"dangbo-2026010{day}-020000.backup" for day in (1, 2, 3)]
    for path in old:
        path.write_bytes(b"old")
    unrelated = directory / "ghi-chu.txt"
    unrelated.write_text("không phải bản sao lưu")

    call_command("backup", "--dir", str(directory), "--keep", "2")

    made = sorted(p.name for p in directory.glob("dangbo-*.backup"))
    assert len(made) == 2 and made[0] == old[2].name  # the new one and the newest old one
    assert backup.inspect(directory / made[1]).tables > 0  # a sound backup
    assert unrelated.exists()


def test_backup_needs_a_file_or_a_directory_not_both(tmp_path):
    with pytest.raises(CommandError, match="đúng một"):
        call_command("backup")
    with pytest.raises(CommandError, match="đúng một"):
        call_command("backup", str(tmp_path / "a.backup"), "--dir", str(tmp_path))
    with pytest.raises(CommandError, match="--keep"):
        call_command("backup", "--dir", str(tmp_path), "--keep", "0")
