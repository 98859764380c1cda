from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from coffeechat.accounts.models import LoginLink, login_url
from coffeechat.commands import UserCommand


class Command(UserCommand):
    help = "Print a one-time login link (single use, valid for 15 minutes)."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where Coffeechat is served (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = self.resolve_user(options)
        url = login_url(options["base_url"], LoginLink.issue(user))
        self.emit(options, {"user": user.get_username(), "url": url}, url)
