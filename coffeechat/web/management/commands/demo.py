from __future__ import annotations

from typing import Any

from django.core.management import call_command

from coffeechat.commands import UserCommand
from coffeechat.web.demo import load_demo


class Command(UserCommand):
    help = "Load deterministic sample data (about 40 people, 8 organizations, 12 interviews). Safe to run twice."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        user = self.resolve_user(options)
        counts = load_demo(user)
        self.emit(
            options,
            vars(counts),
            f"Sample data for {user.get_username()}: {counts.people} people in {counts.organizations} organizations, "
            f"{counts.explorations} explorations, {counts.interviews} interviews.",
        )
