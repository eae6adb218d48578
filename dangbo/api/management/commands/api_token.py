"""python manage.py api_token create --user USERNAME --name NAME [--expires YYYY-MM-DD]
python manage.py api_token list --user USERNAME
python manage.py api_token revoke --id ID

Personal API tokens, by the operator on the server. A new token is printed once; only its digest is kept."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from dangbo.accounts.models import User
from dangbo.accounts.scope import system_actor
from dangbo.api import services
from dangbo.api.selectors import tokens_of
from dangbo.core.exceptions import ApplicationError
from dangbo.core.text import format_date


class Command(BaseCommand):
    help = "Tạo, liệt kê, thu hồi mã truy cập API của một người dùng."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="tạo mã mới (in ra một lần)")
        create.add_argument("--user", required=True, help="tên đăng nhập")
        create.add_argument("--name", required=True, help="tên gợi nhớ")
        create.add_argument("--expires", help="ngày hết hạn YYYY-MM-DD")
        listing = sub.add_parser("list", help="các mã của một người dùng")
        listing.add_argument("--user", required=True, help="tên đăng nhập")
        revoke = sub.add_parser("revoke", help="thu hồi một mã")
        revoke.add_argument("--id", type=int, required=True, help="số thứ tự của mã (xem list)")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = system_actor("lệnh api_token")
        try:
            if options["action"] == "create":
                expires = _day(options["expires"]) if options["expires"] else None
                token, raw = services.api_token_create(
                    actor=actor, user=_user(options["user"]), name=options["name"], expires_on=expires
                )
                self.stdout.write(f"Đã tạo mã #{token.pk} “{token.name}” cho {token.user.get_username()}.")
                self.stdout.write("Chép mã này ngay, sẽ không hiển thị lại:")
                self.stdout.write(raw)
            elif options["action"] == "list":
                for token in tokens_of(_user(options["user"])):
                    state = (
                        f"thu hồi {format_date(timezone.localdate(token.revoked_at))}"
                        if token.revoked_at
                        else "đang dùng"
                    )
                    until = f", hết hạn {format_date(token.expires_on)}" if token.expires_on else ""
                    self.stdout.write(f"#{token.pk}\t{token.prefix}…\t{token.name}\t{state}{until}")
            else:
                token = services.api_token_revoke(actor=actor, token_id=options["id"])
                self.stdout.write(
                    f"Đã thu hồi mã #{token.pk} “{token.name}” của {token.user.get_username()}."
                )
        except ApplicationError as error:
            raise CommandError(
                f"--{error.field}: {error.message}" if error.field else error.message
            ) from None


def _user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"--user: không có người dùng “{username}”.")
    return user


def _day(raw: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise CommandError(f"--expires: “{raw}” không phải là ngày dạng YYYY-MM-DD.") from None
