from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from rich.markup import escape

from coffeechat.commands import UserCommand
from coffeechat.network.models import Exploration
from coffeechat.network.suggest import suggest


class Command(UserCommand):
    help = (
        "Who should I talk to? Rank your network for a field, role or organization: "
        'coffeechat suggest "UX research" [--limit N] [--json] [--exploration NAME].'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "query",
            nargs="?",
            default="",
            help="A field, a role or an organization (default: the exploration's name).",
        )
        parser.add_argument("--limit", type=int, default=10, help="How many people (default 10).")
        parser.add_argument(
            "--exploration",
            metavar="NAME",
            help="Rank for this exploration: its target organizations count, and people "
            "already interviewed for it are left out.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["limit"] < 1:
            raise CommandError("--limit: give a number of people, 1 or more.")
        if not options["query"].strip() and not options["exploration"]:
            raise CommandError('Say whom to look for: coffeechat suggest "product management".')
        user = self.resolve_user(options)
        exploration = None
        if options["exploration"]:
            exploration = (
                Exploration.objects.for_user(user)
                .filter(name__iexact=options["exploration"].strip())
                .first()
            )
            if exploration is None:
                raise CommandError(
                    f"--exploration: you have no exploration called {options['exploration']!r}."
                )
        found = suggest(user, options["query"], exploration=exploration, limit=options["limit"])
        if not found:
            human = "Nobody in your network fits that yet. Try a broader word, or add people."
        else:
            lines = []
            for place, item in enumerate(found, start=1):
                data = item.as_json()
                where = " at ".join(p for p in (data["position"], data["organization"]) if p)
                lines.append(
                    f"[bold]{place}. {escape(data['name'])}[/bold]"
                    + (f" — {escape(where)}" if where else "")
                    + f"  [dim]({data['score']:g})[/dim]"
                )
                lines.extend(f"     • {escape(reason)}" for reason in data["reasons"])
            human = "\n".join(lines)
        self.emit(options, [item.as_json() for item in found], human)
