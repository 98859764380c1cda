from __future__ import annotations

import smtplib
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coffeechat.accounts.passwords import (
    InvitationError,
    invitation_email,
    invitation_url,
    invite,
    link_days,
)
from coffeechat.outreach.sending import smtp_configured


class Command(BaseCommand):
    help = (
        "Invite someone by e-mail address (there is no open sign-up): their account opens "
        "once they choose a password through a one-time link. The link is e-mailed when "
        "e-mail is set up (EMAIL_HOST), and printed otherwise. Inviting again sends a fresh "
        "link; only the newest works."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="", help="Full name, shown in the profile.")
        parser.add_argument(
            "--username", default="", help="User name to log in with (default: the address)."
        )
        parser.add_argument(
            "--print-link",
            action="store_true",
            help="Print the link instead of e-mailing it, to hand it over yourself.",
        )
        parser.add_argument(
            "--base-url",
            default=None,
            help="Where Coffeechat is reached, for the link (default: COFFEECHAT_BASE_URL).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = invite(options["email"], name=options["name"], username=options["username"])
        except InvitationError as error:
            raise CommandError(str(error)) from None
        url = invitation_url(user, options["base_url"])
        days = link_days()
        if options["print_link"] or not smtp_configured():
            self.stdout.write(f"Invited {user.email} (user name {user.get_username()}).")
            self.stdout.write(f"One-time link to choose a password (valid {days} days): {url}")
            return
        try:
            invitation_email(user, url).send(using="default")
        except (smtplib.SMTPException, OSError) as error:
            raise CommandError(
                f"The invitation for {user.email} could not be e-mailed: {error}. "
                "Run the command again with --print-link to hand the link over yourself."
            ) from error
        self.stdout.write(
            f"Invited {user.email} (user name {user.get_username()}): the link, valid "
            f"{days} days, is on its way by e-mail."
        )
