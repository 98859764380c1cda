from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.tasks import TaskResultStatus

from coffeechat.agenda.tasks import digest_recipients, send_reminder_digest
from coffeechat.outreach.sending import smtp_configured


class Command(BaseCommand):
    help = (
        "Queue the e-mail digest of what is due for every active user who turned it on in "
        "Settings. Run it once a day (a systemd timer or cron; see docs/deploy.md). "
        "Hosted, `coffeechat db_worker` sends them; locally they go out at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue", default="default", help="The task queue to put them on (default: default)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not smtp_configured():
            raise CommandError(
                "Digests go out by e-mail, which isn't set up: set EMAIL_HOST and "
                "DEFAULT_FROM_EMAIL (see docs/deploy.md)."
            )
        task = send_reminder_digest.using(queue_name=options["queue"])
        results = [task.enqueue(user_id) for user_id in digest_recipients()]
        finished = [result for result in results if result.is_finished]
        if len(finished) < len(results):
            self.stdout.write(f"Queued {len(results)} digest{_s(len(results))}.")
            return
        failed = [result for result in finished if result.status == TaskResultStatus.FAILED]
        sent = sum(
            1
            for result in finished
            if result.status == TaskResultStatus.SUCCESSFUL and result.return_value
        )
        self.stdout.write(
            f"Sent {sent} digest{_s(sent)}; {len(finished) - sent - len(failed)} had nothing due."
        )
        for result in failed:
            reason = result.errors[-1].traceback.strip().splitlines()[-1] if result.errors else ""
            self.stderr.write(f"A digest failed: {reason}")
        if failed:
            raise CommandError(f"{len(failed)} digest{_s(len(failed))} could not be sent.")


def _s(count: int) -> str:
    return "" if count == 1 else "s"
