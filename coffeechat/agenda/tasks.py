"""Background work: the e-mail digest of what is due, and sending a message by SMTP.

Both run on Django's tasks framework. Locally a task runs at once (the ImmediateBackend);
hosted, it waits in the database until `coffeechat db_worker` picks it up. A task takes ids,
not objects, and reloads what it needs, so it works on the data as it stands when it runs.
A task that cannot do its work raises, and the worker records it as failed with the reason.
"""

from __future__ import annotations

from email.utils import formataddr

from django.conf import settings
from django.contrib.auth.models import User
from django.core import mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

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


@task
def send_message(message_id: int) -> bool:
    """Send a draft message by SMTP and record it as sent; False if it had already gone out.

    The caller has checked that the message belongs to the user who asked. On failure the
    message stays a draft and the task fails with the reason (SendError).
    """
    message = Message.objects.select_related("user", "person").get(pk=message_id)
    if not message.is_draft:
        return False
    user = message.user
    send_by_smtp(
        message,
        sender_name=profile_for(user).name or user.get_full_name(),
        reply_to=user.email,
    )
    message.mark_sent()
    return True
