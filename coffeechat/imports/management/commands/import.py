from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from coffeechat.commands import UserCommand, terminal_progress
from coffeechat.imports.errors import ImportFileError
from coffeechat.imports.formats import csv_mapping
from coffeechat.imports.importer import KINDS, ImportReport, Progress, read_rows, run_import

MAX_FILE_BYTES = 200 * 1024 * 1024


class Command(UserCommand):
    help = (
        "Import people from a file: LinkedIn Connections.csv or messages.csv, Google or "
        "Outlook CSV, vCard, any CSV with a column mapping, or a folder of Markdown notes. "
        "Shows what changed and why rows were skipped; importing the same file again changes "
        "nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "kind",
            choices=[*KINDS, "json"],
            help="What kind of file it is; json is a whole Coffeechat export (`export json`), "
            "loaded into an empty account.",
        )
        parser.add_argument("file", help="The file (or, for notes, the folder or .zip).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )
        parser.add_argument(
            "--map",
            metavar="FIELD=COLUMN,...",
            help="For csv: which column fills which field, e.g. "
            '"first_name=Given,last_name=Family,email=Mail" (names or 1-based numbers).',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = self.resolve_user(options)
        kind, path = options["kind"], Path(options["file"]).expanduser()
        if kind == "json":
            self._import_everything(user, path, options)
            return
        try:
            source = self._source(kind, path)
            mapping = self._mapping(options.get("map"), source, path)
            rows = read_rows(kind, source, name=str(path), mapping=mapping)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        apply = not options["dry_run"]
        progress_bar = terminal_progress(options, "Importing", len(rows), self._announce_writing())
        with progress_bar as progress:
            report = run_import(user, rows, apply=apply, progress=progress)
        self.emit(options, report.as_json(), self._summary(report, path))

    def _import_everything(self, user: Any, path: Path, options: dict[str, Any]) -> None:
        """A whole export into an empty account: all of it, or nothing and the reason."""
        from coffeechat import portability

        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: can't be read ({error}).") from None
        try:
            data = portability.loads(text, name=str(path))
            if options["dry_run"]:
                counts = dict(portability.table_counts(data))
            else:
                with terminal_progress(options, "Importing") as progress:
                    counts = portability.import_user(user, data, name=str(path), progress=progress)
        except portability.ExportFormatError as error:
            raise CommandError(str(error)) from None
        total = sum(counts.values())
        verb = "Would import (dry run)" if options["dry_run"] else "Imported"
        self.emit(
            options,
            {"created": total, "updated": 0, "unchanged": 0, "skipped": [], "tables": counts},
            f"{verb} {path.name}: {total} rows in {sum(1 for n in counts.values() if n)} tables.",
        )

    def _source(self, kind: str, path: Path) -> bytes | Path:
        if KINDS[kind].folder and path.is_dir():
            return path
        if not path.exists():
            raise ImportFileError(f"{path}: there is no such file.")
        if path.is_dir():
            raise ImportFileError(f"{path}: this is a folder; give the file to import.")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportFileError(f"{path}: the file is larger than 200 MB.")
        try:
            return path.read_bytes()
        except OSError as error:
            raise ImportFileError(f"{path}: can't be read ({error.strerror}).") from None

    def _mapping(self, text: str | None, source: bytes | Path, path: Path) -> dict[str, int] | None:
        if not text:
            return None
        if not isinstance(source, bytes):
            raise ImportFileError(f"{path}: --map is for csv files only.")
        header, _ = csv_mapping.read_table(source, str(path))
        try:
            return {**csv_mapping.guess_mapping(header), **csv_mapping.parse_mapping(text, header)}
        except ValueError as error:
            raise ImportFileError(f"--map: {error}") from None

    def _announce_writing(self) -> Progress:
        """Tell stderr once when writing starts (the moment an interruption must undo)."""
        said = False

        def announce(done: int, total: int, what: str) -> None:
            nonlocal said
            if what == "Writing" and not said:
                said = True
                self.stderr.write(f"Writing {total} new people…")
                self.stderr.flush()

        return announce

    def _summary(self, report: ImportReport, path: Path) -> str:
        verb = "Imported" if report.applied else "Would import (dry run)"
        lines = [
            f"{verb} {path.name}: [bold]{report.created}[/bold] created, "
            f"[bold]{report.updated}[/bold] updated, {report.unchanged} unchanged, "
            f"{len(report.skipped)} skipped."
        ]
        lines += [f"  row {row.row}: skipped: {row.detail}" for row in report.skipped[:50]]
        if len(report.skipped) > 50:
            lines.append(f"  … and {len(report.skipped) - 50} more skipped rows (see --json).")
        for row in report.to_review[:20]:
            lines.append(f"  row {row.row}: {row.name} {row.review} — review under Duplicates.")
        return "\n".join(lines)
