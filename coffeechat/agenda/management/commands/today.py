from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from coffeechat.accounts.models import profile_for
from coffeechat.agenda.rules import due_items
from coffeechat.commands import UserCommand


class Command(UserCommand):
    help = (
        "List what is due today: thank-yous, follow-ups, someone else to try, meetings to prepare."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--date", help="Show the list as it will stand at the end of this day (YYYY-MM-DD)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = self.resolve_user(options)
        now = timezone.now()
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(
                    f"--date: {options['date']!r} is not a date like 2026-12-01."
                ) from None
            zone = profile_for(user).zone
            now = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=zone)
        items = due_items(user, now)
        if not items:
            lines = "Nothing due."
        else:
            lines = "\n".join(
                f"[bold]{item.due:%Y-%m-%d %H:%M}[/bold]  {item.kind:<11} {item.title}"
                + ("  [red](overdue)[/red]" if item.is_overdue(now) else "")
                for item in items
            )
        self.emit(options, [item.as_json() for item in items], lines)
