from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coffeechat.commands import console


class Command(BaseCommand):
    # No system checks: some of them open the database, which would create an empty one
    # where there is none yet, and a copy must look at the files exactly as they are.
    requires_system_checks: list[str] = []
    help = (
        "Copy the whole database to a file while Coffeechat keeps running "
        "(default: a dated file in the data folder's backups folder)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            nargs="?",
            help="The file (or folder) to write; default: COFFEECHAT_HOME/backups/.",
        )
        parser.add_argument("--json", action="store_true", help="Print machine-readable JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        from coffeechat.backups import BackupError, backup_database

        target = Path(options["file"]).expanduser() if options["file"] else None
        try:
            path = backup_database(target)
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = path.stat().st_size
        if options["json"]:
            self.stdout.write(json.dumps({"file": str(path), "bytes": size}, indent=2))
        else:
            console(cast(IO[str], self.stdout)).print(
                f"Backed up the database to {path} ({human_size(size)}).", markup=False
            )


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    amount = size / 1024
    for unit in ("KB", "MB"):
        if amount < 1024:
            return f"{amount:.1f} {unit}"
        amount /= 1024
    return f"{amount:.1f} GB"
