"""Background work on Django's tasks framework: e-mail digests and SMTP sending.

Locally a task runs at once; hosted, it waits in the database for `coffeechat db_worker`.
The worker tests use the database backend for real and read the mail at a real SMTP server.
"""

from __future__ import annotations

import datetime as dt
import signal
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.tasks import TaskResultStatus
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from coffeechat.accounts.models import profile_for
from coffeechat.agenda.rules import due_items
from coffeechat.agenda.tasks import send_failure, send_message, send_reminder_digest
from coffeechat.interviews.models import Interview, Stage
from coffeechat.outreach.models import Message
from tests import test_smtp
from tests.conftest import World
from tests.test_smtp import Inbox

smtp_server = test_smtp.smtp_server
ready = test_smtp.ready

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_tasks(settings: Any) -> Iterator[None]:
    """Tasks wait in the database, as in hosted mode; the worker's signal handlers are undone."""
    settings.TASKS = DATABASE_TASKS
    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


def run_worker() -> str:
    """`coffeechat db_worker --batch`: run every waiting task, then stop."""
    out = StringIO()
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", stdout=out)
    return out.getvalue()


def quiet(user: User) -> None:
    """Nothing of the user's own making is due: no reflection or keep-in-touch reminders."""
    profile = profile_for(user)
    profile.reflect_every_days = None
    profile.keep_in_touch_days = None
    profile.email_digest = True
    profile.save()


@pytest.fixture
def thank_you_due(world: World, alice: User) -> Interview:
    """Alice met Grace two days ago and hasn't thanked her; she asked for the digest."""
    quiet(alice)
    profile = profile_for(alice)
    profile.name = "Alice Liddell"
    profile.save()
    return Interview.objects.create(
        user=alice,
        person=world.person,
        stage=Stage.HELD,
        held_at=timezone.now() - dt.timedelta(days=2),
        stage_changed_at=timezone.now() - dt.timedelta(days=2),
    )


def _digest(inbox: Inbox, index: int = 0) -> str:
    text: str = inbox.parsed(index).get_content()
    return text.replace("\r\n", "\n")


@pytest.mark.django_db(transaction=True)
def test_a_queued_digest_waits_for_the_worker_then_reaches_the_mail_server(
    database_tasks: None, smtp_server: Inbox, thank_you_due: Interview, alice: User
) -> None:
    result = send_reminder_digest.enqueue(alice.pk)
    assert result.status == TaskResultStatus.READY
    assert smtp_server.envelopes == []  # nothing goes out before the worker runs

    run_worker()

    assert len(smtp_server.envelopes) == 1
    assert smtp_server.envelopes[0].rcpt_tos == ["alice@example.org"]
    received = smtp_server.parsed()
    assert str(received["To"]) == "Alice Liddell <alice@example.org>"
    assert received["Subject"] == "Coffeechat: 1 thing due"
    body = _digest(smtp_server)
    assert "Thank Grace Hopper (overdue)" in body
    assert f"http://127.0.0.1:8000/interviews/{thank_you_due.pk}/messages/new/" in body
    stored = DBTaskResult.objects.get(id=result.id)
    assert stored.status == TaskResultStatus.SUCCESSFUL and stored.return_value == 1


@pytest.mark.django_db(transaction=True)
def test_a_message_queued_for_sending_goes_out_through_the_worker(
    database_tasks: None, smtp_server: Inbox, ready: Message
) -> None:
    send_message.enqueue(ready.pk)
    ready.refresh_from_db()
    assert ready.sent_at is None

    run_worker()

    assert smtp_server.envelopes[0].rcpt_tos == ["grace@example.org"]
    assert smtp_server.parsed()["Subject"] == "Une question, Chloé"
    assert str(smtp_server.parsed()["From"]) == "Alice Liddell <sam@example.org>"
    ready.refresh_from_db()
    assert ready.sent_at is not None
    assert ready.interview is not None and ready.interview.stage == Stage.REQUESTED


@pytest.mark.django_db(transaction=True)
def test_a_send_that_fails_is_recorded_and_leaves_a_draft(
    database_tasks: None, smtp_server: Inbox, settings: Any, ready: Message
) -> None:
    settings.MAILERS["default"]["OPTIONS"]["port"] = test_smtp._free_port()  # nobody listens
    result = send_message.enqueue(ready.pk)
    run_worker()
    stored = DBTaskResult.objects.get(id=result.id)
    assert stored.status == TaskResultStatus.FAILED
    assert "could not be reached" in stored.traceback
    ready.refresh_from_db()
    assert ready.sent_at is None


def _resume() -> SimpleUploadedFile:
    return SimpleUploadedFile("resume.pdf", b"%PDF-1.4 resume", content_type="application/pdf")


@pytest.mark.django_db(transaction=True)
def test_hosted_the_send_button_queues_the_message_and_the_worker_sends_it(
    database_tasks: None, smtp_server: Inbox, ready: Message, alice_client: Client
) -> None:
    response = alice_client.post(
        f"/messages/{ready.pk}/send/", {"how": "smtp", "attachment": _resume()}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain == [(f"/messages/{ready.pk}/", 302)]
    assert "Queued for sending to Chloé Hopper: it goes out within a minute." in page
    assert "<strong>Queued for sending</strong> to grace@example.org" in page
    assert 'value="smtp"' not in page  # no second Send button while it waits
    assert smtp_server.envelopes == []
    ready.refresh_from_db()
    assert ready.sent_at is None
    assert ready.interview is not None and ready.interview.stage == Stage.IDEA

    run_worker()

    assert [envelope.rcpt_tos for envelope in smtp_server.envelopes] == [["grace@example.org"]]
    [attached] = list(smtp_server.parsed().iter_attachments())
    assert attached.get_filename() == "resume.pdf"
    assert attached.get_content() == b"%PDF-1.4 resume"
    ready.refresh_from_db()
    assert ready.sent_at is not None
    assert ready.interview is not None and ready.interview.stage == Stage.REQUESTED
    page = alice_client.get(f"/messages/{ready.pk}/").content.decode()
    assert "Queued for sending" not in page and "What you sent" in page


@pytest.mark.django_db(transaction=True)
def test_hosted_two_clicks_while_queued_send_one_email(
    database_tasks: None, smtp_server: Inbox, ready: Message, alice_client: Client
) -> None:
    alice_client.post(f"/messages/{ready.pk}/send/", {"how": "smtp"})
    second = alice_client.post(f"/messages/{ready.pk}/send/", {"how": "smtp"}, follow=True)
    assert "This message is already queued for sending." in second.content.decode()
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1

    run_worker()

    assert len(smtp_server.envelopes) == 1


@pytest.mark.django_db(transaction=True)
def test_two_sends_queued_for_one_message_mail_it_once(
    database_tasks: None, smtp_server: Inbox, ready: Message
) -> None:
    first = send_message.enqueue(ready.pk)
    second = send_message.enqueue(ready.pk)  # e.g. queued from two pages at once
    run_worker()
    assert len(smtp_server.envelopes) == 1
    returned = {DBTaskResult.objects.get(id=result.id).return_value for result in (first, second)}
    assert returned == {True, False}


@pytest.mark.django_db(transaction=True)
def test_hosted_a_send_the_server_refuses_leaves_a_draft_to_send_again(
    database_tasks: None, smtp_server: Inbox, settings: Any, ready: Message, alice_client: Client
) -> None:
    options = settings.MAILERS["default"]["OPTIONS"]
    listening, options["port"] = options["port"], test_smtp._free_port()  # nobody listens
    alice_client.post(f"/messages/{ready.pk}/send/", {"how": "smtp", "attachment": _resume()})
    run_worker()
    stored = DBTaskResult.objects.get()
    assert stored.status == TaskResultStatus.FAILED
    assert "The mail server could not be reached" in stored.traceback
    ready.refresh_from_db()
    assert ready.sent_at is None
    assert ready.interview is not None and ready.interview.stage == Stage.IDEA
    assert smtp_server.envelopes == []
    page = alice_client.get(f"/messages/{ready.pk}/").content.decode()
    assert "<strong>Queued for sending</strong>" not in page and 'value="smtp"' in page
    assert "The last try to send it failed: The mail server could not be reached" in page

    options["port"] = listening  # the server is back: sending again works
    alice_client.post(f"/messages/{ready.pk}/send/", {"how": "smtp"})
    run_worker()
    assert len(smtp_server.envelopes) == 1
    ready.refresh_from_db()
    assert ready.sent_at is not None


def test_a_failed_send_gives_the_reason_from_its_error(ready: Message) -> None:
    result = send_message.enqueue(ready.pk)  # locally it runs at once; no mail server is set up
    assert result.status == TaskResultStatus.FAILED
    assert send_failure(result) == "Sending by email isn't set up: set EMAIL_HOST to use it."


def test_locally_digests_go_out_at_once_and_only_when_something_is_due(
    smtp_server: Inbox, thank_you_due: Interview, alice: User, bob: User
) -> None:
    quiet(bob)  # asked for the digest, but nothing is due
    assert due_items(bob) == []
    carol = User.objects.create_user("carol", "carol@example.org", "yet another passphrase")
    Interview.objects.create(
        user=carol,
        person=thank_you_due.person.__class__.objects.create(user=carol, first_name="Ada"),
        stage=Stage.HELD,
        held_at=timezone.now() - dt.timedelta(days=2),
        stage_changed_at=timezone.now() - dt.timedelta(days=2),
    )  # something due, but carol never asked for the digest
    out = StringIO()
    call_command("digests", stdout=out)
    assert out.getvalue().strip() == "Sent 1 digest; 1 had nothing due."
    assert [envelope.rcpt_tos for envelope in smtp_server.envelopes] == [["alice@example.org"]]


def test_an_inactive_user_gets_no_digest(
    smtp_server: Inbox, thank_you_due: Interview, alice: User
) -> None:
    alice.is_active = False
    alice.save()
    assert send_reminder_digest.call(alice.pk) == 0
    assert smtp_server.envelopes == []


def test_digests_need_email_to_be_set_up(settings: Any, thank_you_due: Interview) -> None:
    settings.MAILERS = {}
    with pytest.raises(CommandError, match="set EMAIL_HOST"):
        call_command("digests")


def test_the_digest_is_turned_on_in_settings(alice: User, alice_client: Client) -> None:
    page = alice_client.get("/settings/").content.decode()
    assert 'name="email_digest"' in page and "E-mail me what is due" in page
    assert profile_for(alice).email_digest is False
    data = {
        field: value
        for field, value in alice_client.get("/settings/").context["form"].initial.items()
        if value is not None and field != "email_digest" and field != "linkedin_free_account"
    }
    response = alice_client.post("/settings/", {**data, "email_digest": "on"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert User.objects.get(pk=alice.pk).profile.email_digest is True
