"""Background work: the e-mail digest of what is due, and sending a message by SMTP.

Both run on Django's tasks framework. Locally a task runs at once (the ImmediateBackend);
hosted, it waits in the database until `coffeechat db_worker` picks it up. A task takes ids,
not objects, and reloads what it needs, so it works on the data as it stands when it runs.
A task that cannot do its work raises, and the worker records it as failed with the reason.
"""

from __future__ import annotations

import base64
import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formataddr
from typing import TypedDict

from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.tasks import TaskResult, TaskResultStatus, task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from coffeechat.accounts.models import profile_for
from coffeechat.agenda.rules import DueItem, due_items
from coffeechat.outreach.models import Message
from coffeechat.outreach.sending import SendError, send_by_smtp, smtp_configured, smtp_sender


def digest_recipients() -> list[int]:
    """The ids of active users who asked for the digest and have an address to get it at."""
    return list(
        User.objects.filter(is_active=True, profile__email_digest=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def digest_email(user: User, items: list[DueItem]) -> mail.EmailMessage:
    """The digest as an e-mail: each item with its next step as a link, overdue ones marked."""
    profile = profile_for(user)
    now = timezone.now()
    base = settings.COFFEECHAT_BASE_URL
    lines = [
        {
            "item": item,
            "overdue": item.is_overdue(now),
            "due": timezone.localtime(item.due, profile.zone),
            "url": base + item.action_url,
        }
        for item in items
    ]
    count = len(items)
    body = render_to_string(
        "agenda/digest_email.txt",
        {
            "name": profile.name or user.get_username(),
            "lines": lines,
            "today_url": base + reverse("today"),
        },
    )
    return mail.EmailMessage(
        subject=f"Coffeechat: {count} thing{'s' if count != 1 else ''} due",
        body=body,
        from_email=smtp_sender(),
        to=[formataddr((profile.name, user.email))],
    )


@task
def send_reminder_digest(user_id: int) -> int:
    """E-mail the user their Today list; the number of items listed, 0 when nothing was sent.

    Nothing goes out to a user who is no longer active, has no address, has turned the
    digest off since it was queued, or has nothing due.
    """
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None or not profile_for(user).email_digest:
        return 0
    items = due_items(user)
    if not items:
        return 0
    if not smtp_configured():
        raise SendError("Digests go out by e-mail, which isn't set up: set EMAIL_HOST.")
    digest_email(user, items).send(using="default")
    return len(items)


# An attachment travels to the worker inside the task's arguments (JSON, base64), so it is
# kept well under what mail servers take: base64 makes 10 MB about 13.5 MB, under the 20-25 MB
# most servers accept, and under the 20 MB of the largest upload Coffeechat takes (an import).
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# A send the worker started longer ago than this is taken as lost (the worker died mid-task).
SEND_RUNNING_AT_MOST = dt.timedelta(minutes=10)


class AttachmentArgument(TypedDict):
    """A file to send with a message, in the JSON form task arguments take."""

    name: str
    content: str  # base64
    content_type: str


def attachment_argument(name: str, content: bytes, content_type: str) -> AttachmentArgument:
    """The file as a task argument for `send_message`."""
    return {
        "name": name,
        "content": base64.b64encode(content).decode("ascii"),
        "content_type": content_type,
    }


def _attachment(argument: AttachmentArgument | None) -> tuple[str, bytes, str] | None:
    if argument is None:
        return None
    return (
        argument["name"],
        base64.b64decode(argument["content"]),
        argument["content_type"],
    )


@task
def send_message(message_id: int, attachment: AttachmentArgument | None = None) -> bool:
    """Send a draft message by SMTP and record it as sent; False if it had already gone out.

    Recording it as sent moves its interview along (`Message.mark_sent`), as marking it sent
    by hand does. The caller has checked that the message belongs to the user who asked.
    Sends take turns (`one_send_at_a_time`), so two sends queued for one message (two clicks,
    two workers) mail it once. On failure the message stays a draft and the task fails with
    the reason (SendError).
    """
    with one_send_at_a_time(message_id):
        message = Message.objects.select_related("user", "person").filter(pk=message_id).first()
        if message is None or not message.is_draft:
            return False
        user = message.user
        send_by_smtp(
            message,
            sender_name=profile_for(user).name or user.get_full_name(),
            reply_to=user.email,
            attachment=_attachment(attachment),
        )
        with transaction.atomic():
            message.mark_sent()
    return True


# Where sends take turns on SQLite: a lock of their own, next to the database.
SEND_LOCK_NAME = "sending.lock"


@contextmanager
def one_send_at_a_time(message_id: int) -> Iterator[None]:
    """Hold the turn to send this message: whoever comes next finds it sent, or sends it.

    On PostgreSQL the message's row stays locked while it goes out: other sends of it wait,
    and nothing else does. On SQLite a transaction that writes holds the whole database's
    write lock, and the mail server may take longer to answer (EMAIL_TIMEOUT) than other
    writers wait (the busy timeout): a note saved meanwhile would fail with "database is
    locked". There, sends take turns on a lock file of their own instead, one at a time for
    the whole instance (it serves one person), and the database is only written to record
    the message as sent.
    """
    if connection.vendor != "sqlite":
        with transaction.atomic():
            list(Message.objects.select_for_update().filter(pk=message_id).values_list("pk"))
            yield
        return
    waits = 4 * _mail_timeout() + 10
    turn = sqlite3.connect(settings.COFFEECHAT_HOME / SEND_LOCK_NAME, timeout=waits)
    try:
        try:
            turn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            raise SendError(
                f"Another message was still going out after {waits} seconds; try again in a minute."
            ) from None
        yield
    finally:
        turn.close()  # the turn ends with the connection (its transaction rolls back)


def _mail_timeout() -> int:
    """How long the mail server may take to answer one step, in seconds (EMAIL_TIMEOUT)."""
    options = settings.MAILERS.get("default", {}).get("OPTIONS", {})
    timeout = options.get("timeout") if isinstance(options, dict) else None
    return timeout if isinstance(timeout, int) else 30


def _sends_of(message_id: int) -> QuerySet[DBTaskResult]:
    """The message's sends kept in the database (hosted mode); none with the local backend."""
    if not isinstance(send_message.get_backend(), DatabaseBackend):
        return DBTaskResult.objects.none()  # locally a send runs at once: nothing is kept
    return DBTaskResult.objects.filter(
        task_path=send_message.module_path, args_kwargs__args__0=message_id
    )


def sending_is_queued(message_id: int) -> bool:
    """Whether the message waits for the worker to send it (hosted mode), or is going out now."""
    started_since = timezone.now() - SEND_RUNNING_AT_MOST
    return (
        _sends_of(message_id)
        .filter(
            Q(status=TaskResultStatus.READY)
            | Q(status=TaskResultStatus.RUNNING, started_at__gte=started_since)
        )
        .exists()
    )


def last_send_failure(message_id: int) -> str:
    """Why the worker's last try to send the message failed; "" if it did not (or none ran)."""
    last = (
        _sends_of(message_id)
        .filter(status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED])
        .order_by("-finished_at")
        .only("status", "exception_class_path", "traceback")
        .first()
    )
    if last is None or last.status != TaskResultStatus.FAILED:
        return ""
    return _reason(last.exception_class_path, last.traceback)


def send_failure(result: TaskResult) -> str:
    """Why a send failed, in the words of its SendError; a plain note for anything else."""
    if not result.errors:
        return _reason("", "")
    error = result.errors[-1]
    return _reason(error.exception_class_path, error.traceback)


def _reason(exception_class_path: str, traceback: str) -> str:
    path = f"{SendError.__module__}.{SendError.__qualname__}"
    if exception_class_path == path:
        # The traceback ends with "<path>: <the reason>".
        return traceback.rpartition(f"{path}: ")[2].strip()
    return (
        "Something went wrong while sending it; whoever runs Coffeechat finds the details in "
        "its log or its task records."
    )
