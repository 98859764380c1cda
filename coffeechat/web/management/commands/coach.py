from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Protocol

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coffeechat.commands import console


class Report(Protocol):
    def as_json(self) -> Any: ...
    def as_text(self) -> str: ...


def read_text(name: str) -> str:
    """The file's text, or standard input for `-`; a missing file is named in the error."""
    if name == "-":
        return sys.stdin.read()
    path = Path(name)
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CommandError(f"{name}: no such file.") from None
    except UnicodeDecodeError as error:
        raise CommandError(f"{name}: not UTF-8 text (byte {error.start}).") from None
    except OSError as error:
        raise CommandError(f"{name}: can't be read: {error.strerror}.") from None


class Command(BaseCommand):
    help = "Coach a draft message or a list of questions, and explain each finding."

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="{message,questions}")
        message = kinds.add_parser(
            "message", help="Check a request or other message before sending it."
        )
        message.add_argument("file", help="The draft, or - for standard input.")
        message.add_argument(
            "--channel", choices=["email", "linkedin-note", "linkedin-message"], default="email"
        )
        message.add_argument("--to-name", default="", help="The recipient's name.")
        message.add_argument("--to-org", default="", help="The recipient's organization.")
        message.add_argument("--to-role", default="", help="The recipient's role or position.")
        message.add_argument(
            "--connection",
            default="",
            help="How you are connected: a referrer, school, event or mutual contact.",
        )
        message.add_argument("--json", action="store_true")
        questions = kinds.add_parser(
            "questions", help="Check the questions for an interview, one per line."
        )
        questions.add_argument("file", help="One question per line, or - for standard input.")
        questions.add_argument(
            "--minutes", type=int, default=None, help="The agreed length of the meeting."
        )
        questions.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        text = read_text(options["file"])
        report: Report
        if options["kind"] == "message":
            from coffeechat.outreach.coach import coach_message

            report = coach_message(
                text,
                channel=options["channel"],
                to_name=options["to_name"],
                to_org=options["to_org"],
                to_role=options["to_role"],
                connection=options["connection"],
            )
        else:
            from coffeechat.interviews.coach import coach_questions

            if options["minutes"] is not None and options["minutes"] < 1:
                raise CommandError("--minutes: give the meeting's length in minutes, 1 or more.")
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            report = coach_questions(lines, minutes=options["minutes"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
        else:
            console().print(report.as_text())
