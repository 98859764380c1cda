from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from coffeechat.commands import UserCommand

KINDS = {"ics": "every meeting and due follow-up as iCalendar, like the calendar feed"}


class Command(UserCommand):
    help = "Export your data to a file: " + "; ".join(f"{k}: {v}" for k, v in KINDS.items()) + "."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("kind", choices=sorted(KINDS), help="What to export.")
        parser.add_argument("file", help="The file to write, or - for standard output.")
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where Coffeechat is served, for links back to it (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = self.resolve_user(options)
        kind, name = options["kind"], options["file"]
        if kind == "ics":
            from coffeechat.agenda.calendar import export_ics

            data, count = export_ics(user, options["base_url"])
            summary = {"kind": kind, "file": name, "events": count}
            human = f"Wrote {count} event{'' if count == 1 else 's'} to {name}."
        if name == "-":
            self.stdout.write(data.decode(), ending="")
            # Standard output holds the export; the summary goes to standard error.
            self.stderr.write(human)
            return
        write_atomically(Path(name), data)
        self.emit(options, summary, human)


def write_atomically(path: Path, data: bytes) -> None:
    """Write the whole file or nothing: a crash midway leaves any old file as it was."""
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise CommandError(f"{path}: can't be written: {error.strerror}.") from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise CommandError(f"{path}: can't be written: {error.strerror}.") from None
