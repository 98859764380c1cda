"""What every Coffeechat management command shares: acting for one user, and output."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any, cast

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import Progress as RichProgress

from coffeechat.accounts.models import ensure_owner

if TYPE_CHECKING:
    from coffeechat.imports.importer import Progress


class UserCommand(BaseCommand):
    """A command that reads or writes one user's data: `--user NAME`, else the local owner."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--user",
            metavar="NAME",
            help="Whose data to use (default: the local owner, created if needed).",
        )
        parser.add_argument("--json", action="store_true", help="Print machine-readable JSON.")

    def resolve_user(self, options: dict[str, Any]) -> User:
        name = options.get("user")
        if not name:
            owner, created = ensure_owner()
            if created:
                self.stderr.write(f"Created the local owner account {owner.username!r}.")
            return owner
        try:
            return User.objects.get(username=name)
        except User.DoesNotExist:
            raise CommandError(
                f"--user: there is no user called {name!r}. Add one with `coffeechat adduser`."
            ) from None

    def emit(self, options: dict[str, Any], data: Any, human: str) -> None:
        """Print `data` as JSON with --json, else the human text (rich markup allowed)."""
        if options.get("json"):
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str))
        else:
            console(cast(IO[str], self.stdout)).print(human)


def console(file: IO[str] = sys.stdout) -> Console:
    """Rich output for people: colour on a terminal, plain text in a pipe."""
    return Console(file=file, highlight=False, soft_wrap=True)


@contextlib.contextmanager
def terminal_progress(
    options: dict[str, Any],
    description: str,
    total: int | None = None,
    otherwise: Progress | None = None,
) -> Iterator[Progress | None]:
    """A progress bar on stderr for someone at a terminal (not with --json, not piped), as
    the function long work reports to; elsewhere `otherwise` (None: nothing is said)."""
    if not sys.stdout.isatty() or options.get("json"):
        yield otherwise
        return
    with RichProgress(console=console(sys.stderr), transient=True) as bar:
        task = bar.add_task(description, total=total)

        def advance(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total, description=what)

        yield advance
