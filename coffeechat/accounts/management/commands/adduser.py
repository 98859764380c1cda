from __future__ import annotations

import getpass
import sys
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from coffeechat.accounts.models import LoginLink, login_url, profile_for


class Command(BaseCommand):
    help = "Add a user account (there is no open sign-up) and print a one-time login link for them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--name", default="", help="Full name, shown in the profile.")
        parser.add_argument(
            "--password-stdin", action="store_true", help="Read the password from standard input."
        )
        parser.add_argument(
            "--password", action="store_true", help="Ask for a password at the terminal."
        )
        parser.add_argument(
            "--admin", action="store_true", help="Let this user open the admin site."
        )
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"].strip()
        if not username:
            raise CommandError("username: give a non-empty user name.")
        if User.objects.filter(username=username).exists():
            raise CommandError(f"username: a user called {username!r} already exists.")
        password = None
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        elif options["password"]:
            password = getpass.getpass("Password: ")
        user = User(
            username=username,
            email=options["email"],
            is_staff=options["admin"],
            is_superuser=options["admin"],
        )
        if password is not None:
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise CommandError("password: " + " ".join(error.messages)) from None
            user.set_password(password)
        else:
            user.set_unusable_password()
        with transaction.atomic():
            user.save()
            profile = profile_for(user)
            if options["name"]:
                profile.name = options["name"]
                profile.save()
        self.stdout.write(f"Added {username}.")
        self.stdout.write(
            "One-time login link (valid 15 minutes): "
            + login_url(options["base_url"], LoginLink.issue(user))
        )
