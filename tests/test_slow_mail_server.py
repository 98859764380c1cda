"""A slow mail server holds up the message going out, and nothing else.

`coffeechat serve` runs with a real SMTP server (aiosmtpd) that keeps the message's DATA
step waiting until the test lets it go. Meanwhile the API adds a person and reads the
message: on SQLite a send that kept its transaction open would hold the whole database's
write lock, and that write would fail with "database is locked" once the busy timeout ran
out. Runs on SQLite and, when CI provides one, on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import os
import re
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.served import Answer, Browser, Server, api, free_port, serve, throwaway_postgres

DATABASE_URL = os.environ.get("DATABASE_URL", "")
WAIT = 120  # seconds: a bound for a loaded machine, never reached when all goes well


class HeldInbox:
    """An aiosmtpd handler that keeps each message's DATA step waiting until released."""

    def __init__(self) -> None:
        self.sending = threading.Event()  # a message's DATA step has begun
        self.release = threading.Event()
        self.envelopes: list[Envelope] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.sending.set()
        await asyncio.get_running_loop().run_in_executor(None, self.release.wait, WAIT)
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def inbox() -> Iterator[tuple[HeldInbox, int]]:
    handler = HeldInbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        handler.release.set()
        controller.stop()


def serve_with_mail(home: Path, log: Path, mail_port: int, database_url: str = "") -> Server:
    mail = {
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mail_port),
        "EMAIL_USE_TLS": "false",
        "DEFAULT_FROM_EMAIL": "sam@example.org",
        "EMAIL_TIMEOUT": str(WAIT),
    }
    return serve(home, log, database_url=database_url, env=mail)


@pytest.mark.backend_independent  # the server runs on its own SQLite file, whatever the suite's
def test_on_sqlite_a_message_waiting_on_the_mail_server_holds_up_no_other_write(
    tmp_path: Path, inbox: tuple[HeldInbox, int]
) -> None:
    server = serve_with_mail(tmp_path / "home", tmp_path / "serve.log", inbox[1])
    try:
        sends_while_the_rest_writes(server, inbox[0])
    finally:
        server.stop()


@pytest.mark.skipif(
    not re.match(r"postgres(ql)?://", DATABASE_URL), reason="needs PostgreSQL (CI provides it)"
)
def test_on_postgresql_a_message_waiting_on_the_mail_server_holds_up_no_other_write(
    tmp_path: Path, inbox: tuple[HeldInbox, int]
) -> None:
    with throwaway_postgres(DATABASE_URL) as database_url:
        server = serve_with_mail(tmp_path / "home", tmp_path / "serve.log", inbox[1], database_url)
        try:
            sends_while_the_rest_writes(server, inbox[0])
        finally:
            server.stop()


def sends_while_the_rest_writes(server: Server, held: HeldInbox) -> None:
    token, (login, other_login) = server.credentials(logins=2)
    connection = server.connect()
    person = api(
        connection,
        token,
        "POST",
        "/api/v1/people/",
        {"first_name": "Grace", "last_name": "Hopper", "email": "grace@example.org"},
    ).json()["id"]
    draft = api(
        connection,
        token,
        "POST",
        "/api/v1/messages/",
        {
            "person": person,
            "kind": "thank-you",
            "channel": "email",
            "subject": "Thank you",
            "body": "Hi Grace,\n\nThank you for your time today.\n\nSam",
        },
    )
    assert draft.status == 201, draft.body
    message = draft.json()["id"]

    browser, other_tab = Browser(server), Browser(server)
    browser.log_in(login)
    other_tab.log_in(other_login)
    assert browser.request("GET", f"/messages/{message}/").status == 200

    def send(tab: Browser) -> Answer:
        return tab.request("POST", f"/messages/{message}/send/", {"how": "smtp"})

    with ThreadPoolExecutor(2) as pool:
        sent = pool.submit(send, browser)
        try:
            assert held.sending.wait(WAIT), "the message never reached the mail server"
            # The mail server holds the message: everything else still reads and writes.
            meanwhile = api(connection, token, "POST", "/api/v1/people/", {"first_name": "Ada"})
            assert meanwhile.status == 201, meanwhile.body
            waiting = api(connection, token, "GET", f"/api/v1/messages/{message}").json()
            assert waiting["sent_at"] is None, "not sent until the mail server took it"
            # A second click, from another tab, while the first send is still going out.
            sent_again = pool.submit(send, other_tab)
            time.sleep(1)  # most likely in its turn by now; the outcome is the same if not
        finally:
            held.release.set()  # else a failure above would wait for the send to time out
        answer, answer_again = sent.result(timeout=WAIT), sent_again.result(timeout=WAIT)

    assert answer.status == answer_again.status == 302
    assert api(connection, token, "GET", f"/api/v1/messages/{message}").json()["sent_at"]
    assert len(held.envelopes) == 1
    # A second click finds it sent and mails nothing.
    again = browser.request("POST", f"/messages/{message}/send/", {"how": "smtp"})
    assert again.status == 302 and len(held.envelopes) == 1
    browser.close()
    other_tab.close()
    connection.close()
    assert "database is locked" not in server.output()
