"""`coffeechat insights themes`: what several professionals told you, across interviews."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from rich.markup import escape

from coffeechat.commands import UserCommand
from coffeechat.insights.themes import Theme, find_themes
from coffeechat.network.models import Exploration


class Command(UserCommand):
    help = (
        "Recurring themes: skills, tools, certifications, habits, warnings, resources and ways "
        "in that two or more people raised in your interview notes, takeaways and notes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("what", choices=["themes"], help="What to show: themes.")
        parser.add_argument(
            "--exploration", metavar="NAME", help="Only the interviews of this exploration."
        )
        parser.add_argument(
            "--min-people",
            type=int,
            default=2,
            metavar="N",
            help="Show themes at least N distinct people raised (default 2).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = self.resolve_user(options)
        if options["min_people"] < 1:
            raise CommandError("--min-people: give a number of people of 1 or more.")
        exploration = None
        name = options.get("exploration")
        if name:
            exploration = (
                Exploration.objects.filter(user_id=user.pk, name__iexact=name.strip())
                .order_by("id")
                .first()
            )
            if exploration is None:
                known = ", ".join(
                    Exploration.objects.filter(user_id=user.pk).values_list("name", flat=True)
                )
                raise CommandError(
                    f"--exploration: you have no exploration called {name!r}."
                    + (f" Yours: {known}." if known else "")
                )
        themes = find_themes(user, exploration=exploration, min_people=options["min_people"])
        self.emit(options, [theme.as_json() for theme in themes], human(themes))


def human(themes: list[Theme]) -> str:
    if not themes:
        return (
            "No recurring themes yet: a theme needs the same idea in the notes of two or more "
            "people. Add notes or takeaways after each interview."
        )
    lines = []
    for theme in themes:
        lines.append(
            f"[bold]{escape(theme.theme)}[/bold] ({theme.kind}) — {theme.count} people: "
            + escape(", ".join(theme.people))
        )
        for mention in theme.mentions:
            lines.append(f"    {escape(mention.person)}: “{escape(mention.text)}”")
    return "\n".join(lines)
