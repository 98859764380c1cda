from __future__ import annotations

import os
import webbrowser
from argparse import ArgumentTypeError
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from coffeechat import server
from coffeechat.accounts.models import LoginLink, ensure_owner, login_url
from coffeechat.backups import backup_before_migrating


def _at_least_one(text: str) -> int:
    number = int(text)
    if number < 1:
        raise ArgumentTypeError("must be at least 1")
    return number


class Command(BaseCommand):
    help = (
        "Migrate the database, make sure the owner exists, print a login link and serve Coffeechat."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help="Address to listen on (default: %(default)s)."
        )
        parser.add_argument(
            "--port", type=int, default=8000, help="Port to listen on (default: %(default)s)."
        )
        parser.add_argument(
            "--open", action="store_true", help="Open the login link in your web browser."
        )
        parser.add_argument(
            "--workers",
            type=_at_least_one,
            default=None,
            help="Processes serving requests (default: two per CPU plus one, at most "
            f"{server.MOST_WORKERS}; here {server.default_workers()}; waitress always runs one).",
        )
        parser.add_argument(
            "--threads",
            type=_at_least_one,
            default=None,
            help="Threads in each process (default: 1 with gunicorn, whose processes share "
            "the work; 8 with waitress, which runs one process).",
        )
        parser.add_argument(
            "--server",
            choices=server.SERVERS,
            default=server.default_server(),
            help="gunicorn: several processes, on Linux and macOS; waitress: one process, "
            "anywhere (default here: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from coffeechat.wsgi import application

        kind = options["server"]
        workers = 1 if kind == "waitress" else options["workers"] or server.default_workers()
        threads = options["threads"] or (1 if kind == "gunicorn" else 8)
        if kind == "gunicorn" and os.name != "posix":
            raise CommandError("gunicorn needs Linux or macOS; use --server waitress here.")
        saved = backup_before_migrating()
        if saved is not None:
            self.stdout.write(f"Backed up the database to {saved} before updating it.")
        call_command("migrate", interactive=False, verbosity=0)
        host, port = options["host"], options["port"]
        shown_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
        base_url = f"http://{shown_host}:{port}"
        self.stdout.write(
            f"Coffeechat is serving on {base_url}/ (data in {settings.COFFEECHAT_HOME}; "
            f"{kind}, {workers} {'process' if workers == 1 else 'processes'} "
            f"of {threads} {'thread' if threads == 1 else 'threads'})"
        )
        if settings.DEBUG:
            self.stdout.write(
                "DEBUG is on: every page is slower and error pages show your settings. "
                "Unset DEBUG for everyday use."
            )
        if not settings.HOSTED or not User.objects.exists():
            owner, created = ensure_owner()
            if created:
                self.stdout.write(f"Created the owner account {owner.username!r}.")
            url = login_url(base_url, LoginLink.issue(owner))
            self.stdout.write(
                f"Log in with this one-time link (valid {settings.COFFEECHAT_LOGIN_LINK_MINUTES} minutes):"
            )
            self.stdout.write(f"    {url}")
            self.stdout.write("Need another later? Run: coffeechat login-link")
            if options["open"]:
                webbrowser.open(url)
        self.stdout.flush()
        # The processes gunicorn forks must each open their own database connection.
        connections.close_all()
        server.run(
            application,
            server=options["server"],
            host=host,
            port=port,
            workers=workers,
            threads=threads,
        )
