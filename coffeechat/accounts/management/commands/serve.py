from __future__ import annotations

import webbrowser
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from coffeechat.accounts.models import LoginLink, ensure_owner, login_url
from coffeechat.backups import backup_before_migrating


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
            "--threads", type=int, default=8, help="Worker threads (default: %(default)s)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve

        from coffeechat.wsgi import application

        saved = backup_before_migrating()
        if saved is not None:
            self.stdout.write(f"Backed up the database to {saved} before updating it.")
        call_command("migrate", interactive=False, verbosity=0)
        host, port = options["host"], options["port"]
        shown_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
        base_url = f"http://{shown_host}:{port}"
        self.stdout.write(
            f"Coffeechat is serving on {base_url}/ (data in {settings.COFFEECHAT_HOME})"
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
        serve(application, host=host, port=port, threads=options["threads"], ident="coffeechat")
