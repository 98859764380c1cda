"""Sending through a real SMTP server (aiosmtpd on 127.0.0.1), configured from the environment."""

from __future__ import annotations

import email
import email.policy
import os
import runpy
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from coffeechat import settings as settings_module
from coffeechat.accounts.models import profile_for
from coffeechat.agenda.tasks import MAX_ATTACHMENT_BYTES
from coffeechat.interviews.models import Stage
from coffeechat.outreach.models import Message
from tests.conftest import World


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def parsed(self, index: int = 0) -> EmailMessage:
        content = self.envelopes[index].content
        assert isinstance(content, bytes)
        message = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        return message


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[Inbox]:
    """A real SMTP server on a free local port, and Django's default mailer pointing to it."""
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    # pytest-django replaces every mailer with the in-memory one; this test wants SMTP.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5},
        }
    }
    settings.DEFAULT_FROM_EMAIL = "sam@example.org"
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def ready(world: World, alice: User) -> Message:
    """Alice's request to Grace, with an address to send it to and a name to sign it."""
    profile = profile_for(alice)
    profile.name = "Alice Liddell"
    profile.save()
    world.person.email = "grace@example.org"
    world.person.first_name = "Chloé"
    world.person.save()
    world.message.subject = "Une question, Chloé"
    world.message.body = "Hi Chloé,\n\nWould you have 20 minutes?\n\nAlice"
    world.message.save()
    return world.message


def test_a_message_goes_out_through_the_smtp_server(
    smtp_server: Inbox, ready: Message, alice_client: Client
) -> None:
    page = alice_client.get(f"/messages/{ready.pk}/").content.decode()
    assert 'value="smtp"' in page and "From sam@example.org" in page
    response = alice_client.post(f"/messages/{ready.pk}/send/", {"how": "smtp"})
    assert response["Location"] == f"/interviews/{ready.interview_id}/"
    assert len(smtp_server.envelopes) == 1
    envelope = smtp_server.envelopes[0]
    assert envelope.mail_from == "sam@example.org"
    assert envelope.rcpt_tos == ["grace@example.org"]
    received = smtp_server.parsed()
    assert str(received["From"]) == "Alice Liddell <sam@example.org>"
    assert str(received["To"]) == "Chloé Hopper <grace@example.org>"
    assert str(received["Reply-To"]) == "alice@example.org"
    assert received["Subject"] == "Une question, Chloé"
    assert received.get_content().replace("\r\n", "\n").strip() == (
        "Hi Chloé,\n\nWould you have 20 minutes?\n\nAlice"
    )
    ready.refresh_from_db()
    assert ready.sent_at is not None
    assert ready.interview is not None and ready.interview.stage == Stage.REQUESTED


def test_the_text_on_the_page_is_saved_and_sent_with_an_attachment(
    smtp_server: Inbox, ready: Message, alice_client: Client
) -> None:
    resume = SimpleUploadedFile("resume.pdf", b"%PDF-1.4 resume", content_type="application/pdf")
    alice_client.post(
        f"/messages/{ready.pk}/send/",
        {
            "how": "smtp",
            "channel": "email",
            "subject": "Edited",
            "body": "Edited body",
            "attachment": resume,
        },
    )
    received = smtp_server.parsed()
    assert received["Subject"] == "Edited"
    body = received.get_body(preferencelist=("plain",))
    assert body is not None and body.get_content().strip() == "Edited body"
    [attached] = list(received.iter_attachments())
    assert attached.get_filename() == "resume.pdf"
    assert attached.get_content() == b"%PDF-1.4 resume"
    ready.refresh_from_db()
    assert ready.body == "Edited body" and ready.sent_at is not None


def test_an_unreachable_server_leaves_the_message_a_draft(
    smtp_server: Inbox, settings: Any, ready: Message, alice_client: Client
) -> None:
    settings.MAILERS["default"]["OPTIONS"]["port"] = _free_port()  # nobody listens there
    response = alice_client.post(f"/messages/{ready.pk}/send/", {"how": "smtp"}, follow=True)
    assert "Not sent: The mail server could not be reached" in response.content.decode()
    ready.refresh_from_db()
    assert ready.sent_at is None
    assert ready.interview is not None and ready.interview.stage == Stage.IDEA


def test_locally_the_page_says_at_once_that_it_went_out(
    smtp_server: Inbox, ready: Message, alice_client: Client
) -> None:
    response = alice_client.post(f"/messages/{ready.pk}/send/", {"how": "smtp"}, follow=True)
    page = response.content.decode()
    assert "Sent to Chloé Hopper. The interview is now requested." in page
    assert len(smtp_server.envelopes) == 1
    again = alice_client.post(f"/messages/{ready.pk}/send/", {"how": "smtp"}, follow=True)
    assert "This message was already sent." in again.content.decode()
    assert len(smtp_server.envelopes) == 1


def test_an_attachment_over_the_limit_is_refused_and_the_edits_are_kept(
    smtp_server: Inbox, ready: Message, alice_client: Client
) -> None:
    big = SimpleUploadedFile("portfolio.zip", b"x" * (MAX_ATTACHMENT_BYTES + 1))
    response = alice_client.post(
        f"/messages/{ready.pk}/send/",
        {
            "how": "smtp",
            "channel": "email",
            "subject": "Edited",
            "body": "Edited body",
            "attachment": big,
        },
        follow=True,
    )
    assert (
        "Not sent: portfolio.zip is over 10.0\xa0MB, the most an attachment can be. The message "
        "is still a draft." in response.content.decode()
    )
    assert smtp_server.envelopes == []
    ready.refresh_from_db()
    assert ready.sent_at is None and ready.body == "Edited body"


def test_a_person_without_an_address_gets_no_smtp_button(
    smtp_server: Inbox, world: World, alice_client: Client
) -> None:
    page = alice_client.get(f"/messages/{world.message.pk}/").content.decode()
    assert 'value="smtp"' not in page and "has no email address yet" in page


def _settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **variables: str) -> Any:
    """The settings module as it would load with these environment variables."""
    for name in list(os.environ):
        if name.startswith("EMAIL_") or name in ("DEFAULT_FROM_EMAIL", "DATABASE_URL"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("COFFEECHAT_HOME", str(tmp_path))
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(settings_module.__file__)))


def test_without_email_host_there_is_no_mailer(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert _settings(monkeypatch, tmp_path)["MAILERS"] == {}


def test_smtp_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    loaded = _settings(
        monkeypatch,
        tmp_path,
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="2525",
        EMAIL_HOST_USER="me@example.org",
        EMAIL_HOST_PASSWORD="secret",
    )
    assert loaded["MAILERS"]["default"]["OPTIONS"] == {
        "host": "smtp.example.org",
        "port": 2525,
        "username": "me@example.org",
        "password": "secret",
        "use_tls": True,
        "use_ssl": False,
        "timeout": 30,
    }
    assert loaded["DEFAULT_FROM_EMAIL"] == "me@example.org"


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, "DEFAULT_FROM_EMAIL must be set when EMAIL_HOST is"),
        (
            {"DEFAULT_FROM_EMAIL": "me@x.org", "EMAIL_USE_TLS": "yes", "EMAIL_USE_SSL": "yes"},
            "Set at most one of EMAIL_USE_TLS and EMAIL_USE_SSL",
        ),
        ({"DEFAULT_FROM_EMAIL": "me@x.org", "EMAIL_PORT": "smtp"}, "EMAIL_PORT must be a whole"),
    ],
)
def test_a_bad_smtp_setting_stops_start_up_naming_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, variables: dict[str, str], expected: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=expected):
        _settings(monkeypatch, tmp_path, EMAIL_HOST="smtp.example.org", **variables)
