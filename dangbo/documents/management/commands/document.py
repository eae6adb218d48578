"""python manage.py document KIND --member ID | --event ID | --meeting ID | --org CODE --year YYYY
[--number N --date DD/MM/YYYY --signer-title T --signer-name N --recipient LINE ...] --output FILE.docx

KIND: year-report, member-sheet, transfer-letter, decision, meeting-minutes. FILE.pdf converts the
document with LibreOffice when it is installed (soffice). Bad input: a Vietnamese message, exit 1."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.accounts.scope import system_actor
from dangbo.core.exceptions import ApplicationError
from dangbo.core.text import TextRefused, clean_text
from dangbo.documents.kinds import KINDS
from dangbo.documents.produce import NEEDS, Target, make
from dangbo.documents.selectors import Choices

OPTIONS = {
    "member": "--member",
    "event": "--event",
    "meeting": "--meeting",
    "organization": "--org",
    "org": "--org",
}


def _integer(value: str | None, option: str) -> int | None:
    if value is None:
        return None
    value = value.strip()
    if not value.isdigit() or len(value) > 12:
        raise CommandError(f"{option}: “{value}” không phải là một số.")
    return int(value)


def _text(value: str | None, option: str, max_length: int) -> str:
    try:
        return clean_text(value or "", label=option, max_length=max_length)
    except TextRefused as error:
        raise CommandError(str(error)) from None


def to_pdf(docx: bytes, output: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise CommandError("--output: không có LibreOffice (soffice) để chuyển sang PDF; hãy ghi tệp .docx.")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "document.docx"
        source.write_bytes(docx)
        subprocess.run(  # noqa: S603 - a fixed program and arguments
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{folder}/profile",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        output.write_bytes((Path(folder) / "document.pdf").read_bytes())


class Command(BaseCommand):
    help = "In một văn bản theo thể thức Đảng từ dữ liệu: " + ", ".join(KINDS) + "."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", nargs="?", help="loại văn bản: " + ", ".join(KINDS))
        parser.add_argument("--member", help="mã đảng viên (số)")
        parser.add_argument("--event", help="mã sự kiện trong quá trình sinh hoạt (số)")
        parser.add_argument("--meeting", help="mã buổi sinh hoạt chi bộ (số)")
        parser.add_argument("--org", help="mã tổ chức (báo cáo năm)")
        parser.add_argument("--year", help="năm (báo cáo năm)")
        parser.add_argument("--number", help="số văn bản")
        parser.add_argument("--date", help="ngày ký, dd/mm/yyyy")
        parser.add_argument("--signer-title", help="chức vụ người ký, ví dụ “Bí thư”")
        parser.add_argument("--signer-name", help="họ tên người ký")
        parser.add_argument("--recipient", action="append", help="một dòng nơi nhận (lặp lại được)")
        parser.add_argument("--output", help="tệp kết quả .docx (hoặc .pdf khi có LibreOffice)")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = (options["kind"] or "").strip()
        if kind not in KINDS:
            raise CommandError(
                f"KIND: “{kind}” không phải là loại văn bản; chọn một trong: {', '.join(KINDS)}."
            )
        output = (options["output"] or "").strip()
        if not output or Path(output).suffix.lower() not in (".docx", ".pdf"):
            raise CommandError("--output: phải chỉ định tệp kết quả .docx (hoặc .pdf).")
        signed_on = None
        if options["date"]:
            try:
                signed_on = datetime.strptime(options["date"].strip(), "%d/%m/%Y").date()  # noqa: DTZ007 - a date, no time
            except ValueError:
                raise CommandError(f"--date: “{options['date']}” không phải là ngày dd/mm/yyyy.") from None
        number = _text(options["number"], "--number", 20)
        if number and not number.isdigit():
            raise CommandError(f"--number: “{number}” không phải là số thứ tự (chỉ gồm chữ số).")
        choices = Choices(
            number=number,
            signed_on=signed_on,
            signer_title=_text(options["signer_title"], "--signer-title", 120),
            signer_name=_text(options["signer_name"], "--signer-name", 120),
            recipients=[_text(line, "--recipient", 255) for line in options["recipient"] or []],
        )
        target = Target(
            member=_integer(options["member"], "--member"),
            event=_integer(options["event"], "--event"),
            meeting=_integer(options["meeting"], "--meeting"),
            organization=_text(options["org"], "--org", 40),
            year=_integer(options["year"], "--year"),
        )
        needed, how = NEEDS[kind]
        if getattr(target, needed) in (None, "") or (kind == "year-report" and target.year is None):
            raise CommandError(f"{kind}: cần {how}.")
        actor = system_actor(f"lệnh document {kind}")
        try:
            made = make(actor, kind, target, choices)
        except ApplicationError as error:
            option = OPTIONS.get(error.field or "", "--year" if error.field == "year" else f"{kind}")
            raise CommandError(f"{option}: {error.message}") from None
        path = Path(output)
        if path.suffix.lower() == ".pdf":
            to_pdf(made.content, path)
        else:
            path.write_bytes(made.content)
        self.stdout.write(f"Đã ghi {output} ({KINDS[kind].label}, {made.organization.name}).")
