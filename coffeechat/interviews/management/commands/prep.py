from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser

from coffeechat.commands import UserCommand
from coffeechat.interviews.models import Interview
from coffeechat.interviews.prep import prep_sheet


class Command(UserCommand):
    help = (
        "Print an interview's prep sheet as Markdown: who they are, the organization, the "
        "objective, your introduction, the questions and a checklist."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("interview", metavar="INTERVIEW_ID", help="The interview's number.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = self.resolve_user(options)
        key = options["interview"]
        interview = (
            Interview.objects.for_user(user)
            .select_related("person", "person__organization")
            .filter(pk=int(key))
            .first()
            if str(key).isdigit()
            else None
        )
        if interview is None:
            raise CommandError(
                f"There is no interview {key} of yours; its number is in the interview's "
                "web address (/interviews/NUMBER/)."
            )
        sheet = prep_sheet(interview)
        # Markdown goes out as it is: rich would read "[ ]" and "**" as its own markup.
        if options.get("json"):
            self.stdout.write(json.dumps(sheet.as_json(), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(sheet.as_markdown(), ending="")
