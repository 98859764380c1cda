from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coffeechat.commands import console


class Command(BaseCommand):
    # No system checks: some of them open the database, which would create an empty one
    # where there is none yet, and a copy must look at the files exactly as they are.
    requires_system_checks: list[str] = []
    help = (
        "Replace the database with a backup, after checking it. The current data is backed "
        "up first, so a restore can be undone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The backup to restore.")
        parser.add_argument(
            "--yes", action="store_true", help="Don't ask for confirmation (for scripts)."
        )
        parser.add_argument("--json", action="store_true", help="Print machine-readable JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        from coffeechat.backups import BackupError, check_backup, database_path, restore_database

        path = Path(options["file"]).expanduser()
        try:
            live = database_path()
            check_backup(path)
            if not options["yes"]:
                self.confirm(path, live)
            result = restore_database(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            data = {
                "restored": str(result.restored_from),
                "database": str(result.database),
                "previous": str(result.previous) if result.previous else None,
                "migrated": result.migrated,
            }
            self.stdout.write(json.dumps(data, indent=2))
            return
        lines = [f"Restored {result.database} from {result.restored_from}."]
        if result.migrated:
            lines.append(f"Brought it up to date with {len(result.migrated)} migration(s).")
        if result.previous:
            lines.append(f"The data from before the restore is in {result.previous}")
            lines.append(f"(undo with: coffeechat restore {result.previous}).")
        console(cast(IO[str], self.stdout)).print("\n".join(lines), markup=False)

    def confirm(self, path: Path, live: Path) -> None:
        if not sys.stdin.isatty():
            raise CommandError(
                f"{path}: not restoring without confirmation. Run `coffeechat restore {path} "
                "--yes` to replace the database without being asked."
            )
        self.stdout.write(
            f"This replaces the database {live} with {path}.\n"
            "The current data is backed up first, so you can undo it."
        )
        self.stdout.flush()
        try:
            answer = input("Restore? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            raise CommandError(f"{path}: not restored; the database is unchanged.")
