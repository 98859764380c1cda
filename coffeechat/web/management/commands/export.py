from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from coffeechat.commands import UserCommand, terminal_progress

KINDS = {
    "json": "everything of yours, every field and link, in the documented format "
    "(docs/export-format.md) that `import json` loads",
    "ics": "every meeting and due follow-up as iCalendar, like the calendar feed",
    "vcard": "your people as vCard 3.0 for an address book (--tag and --organization narrow it)",
    "journal": "one row per interview as FILE.csv or FILE.xlsx (--format when writing to -)",
}


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
        parser.add_argument("--tag", default="", help="vcard: only the people with this tag.")
        parser.add_argument(
            "--organization", metavar="NAME", help="vcard: only the people at this organization."
        )
        parser.add_argument(
            "--format",
            choices=["csv", "xlsx"],
            help="journal: the file format (default: from the file name's ending, else csv).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = self.resolve_user(options)
        kind, name = options["kind"], options["file"]
        if kind == "json":
            from coffeechat import portability

            with terminal_progress(options, "Exporting") as progress:
                export = portability.export_user(user, progress)
                if progress is not None:
                    progress(1, 1, "Writing the file")
                data = portability.dumps(export).encode()
            count = sum(n for _, n in portability.table_counts(export))
            summary = {"kind": kind, "file": name, "rows": count}
            human = f"Wrote {count} row{'' if count == 1 else 's'} to {name}."
        if kind == "ics":
            from coffeechat.agenda.calendar import export_ics

            data, count = export_ics(user, options["base_url"])
            summary = {"kind": kind, "file": name, "events": count}
            human = f"Wrote {count} event{'' if count == 1 else 's'} to {name}."
        if kind == "vcard":
            data, count = _vcards(user, options)
            summary = {"kind": kind, "file": name, "people": count}
            human = f"Wrote {count} {'person' if count == 1 else 'people'} to {name}."
        if kind == "journal":
            data, count, form = _journal(user, name, options.get("format"))
            summary = {"kind": kind, "file": name, "format": form, "interviews": count}
            human = f"Wrote {count} interview{'' if count == 1 else 's'} to {name}."
            if name == "-" and form == "xlsx":
                self.stdout.buffer.write(data)  # type: ignore[attr-defined]
                self.stderr.write(human)
                return
        if name == "-":
            self.stdout.write(data.decode(), ending="")
            # Standard output holds the export; the summary goes to standard error.
            self.stderr.write(human)
            return
        write_atomically(Path(name), data)
        self.emit(options, summary, human)


def _vcards(user: Any, options: dict[str, Any]) -> tuple[bytes, int]:
    from coffeechat.network.vcards import export_vcards, organization_named, select_people

    organization = None
    if options.get("organization"):
        organization = organization_named(user, options["organization"])
        if organization is None:
            raise CommandError(
                f"--organization: you have no organization called {options['organization']!r}."
            )
    return export_vcards(select_people(user, organization=organization, tag=options["tag"]))


def _journal(user: Any, name: str, chosen: str | None) -> tuple[bytes, int, str]:
    from coffeechat.insights.journal import export_journal

    ending = Path(name).suffix.lower().lstrip(".")
    if chosen is None and name != "-" and ending not in ("csv", "xlsx"):
        raise CommandError(
            f"{name}: the journal is written as .csv or .xlsx; name the file so, or add --format."
        )
    form = chosen or (ending if ending in ("csv", "xlsx") else "csv")
    data, count = export_journal(user, form)
    return data, count, form


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
