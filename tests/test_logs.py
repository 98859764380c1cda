"""No secret in the logs: links that log in, feed a calendar or reset a password, API tokens,
session ids and passwords are redacted, while the log still says which page was asked for."""

from __future__ import annotations

import logging
import secrets

import pytest
from django.contrib.auth.models import User
from django.test import Client

from coffeechat.accounts.models import ApiToken, LoginLink
from coffeechat.agenda.models import CalendarFeed
from coffeechat.logging import RedactSecrets, redact

SECRET = "s3cr3t-" + secrets.token_urlsafe(24)


def logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(
        record.getMessage() + "\n" + (record.exc_text or "") for record in caplog.records
    )


@pytest.fixture
def caplog_info(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO)
    return caplog


def test_a_wrong_login_link_address_is_logged_without_its_token(
    db: None, caplog_info: pytest.LogCaptureFixture
) -> None:
    response = Client().get(f"/login/link/{SECRET}/extra/")
    assert response.status_code == 404
    text = logged(caplog_info)
    assert SECRET not in text
    assert "Not Found: /login/link/[redacted]/extra/" in text


def test_a_real_login_link_never_reaches_the_logs(
    alice: User, caplog_info: pytest.LogCaptureFixture
) -> None:
    token = LoginLink.issue(alice)
    client = Client()
    assert client.get(f"/login/link/{token}/").status_code == 302
    assert client.get(f"/login/link/{token}/nothing-here/").status_code == 404
    assert token not in logged(caplog_info)
    assert "/login/link/[redacted]/nothing-here/" in logged(caplog_info)


def test_a_calendar_feed_address_is_logged_without_its_token(
    alice: User, caplog_info: pytest.LogCaptureFixture
) -> None:
    feed_token = CalendarFeed.reset(alice)
    client = Client()
    assert client.get(f"/calendar/{SECRET}.ics").status_code == 404
    assert client.get(f"/calendar/{feed_token}.ics/").status_code == 404
    assert client.post(f"/calendar/{feed_token}.ics", {"x": "1"}).status_code in (200, 404, 405)
    text = logged(caplog_info)
    assert SECRET not in text and feed_token not in text
    assert "/calendar/[redacted].ics/" in text


@pytest.mark.parametrize("prefix", ["/login/reset/MQ", "/welcome/MQ"])
def test_a_refused_reset_or_invitation_link_is_logged_without_its_token(
    db: None, caplog_info: pytest.LogCaptureFixture, prefix: str
) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{prefix}/{SECRET}/", {"new_password1": SECRET})
    assert response.status_code == 403
    text = logged(caplog_info)
    assert SECRET not in text
    assert f"Forbidden (CSRF cookie not set.): {prefix}/[redacted]/" in text


def test_a_refused_login_never_logs_the_password(
    alice: User, caplog_info: pytest.LogCaptureFixture
) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "alice", "password": SECRET})
    assert response.status_code == 403
    assert SECRET not in logged(caplog_info)
    assert "Forbidden (CSRF cookie not set.): /login/" in logged(caplog_info)


def test_api_tokens_never_reach_the_logs(
    alice: User, caplog_info: pytest.LogCaptureFixture
) -> None:
    _, token = ApiToken.issue(alice, "script")
    client = Client()
    bad = client.get("/api/v1/people/", headers={"authorization": f"Bearer cc_{SECRET}"})
    assert bad.status_code == 401
    missing = client.get("/api/v1/people/999999", headers={"authorization": f"Bearer {token}"})
    assert missing.status_code == 404
    text = logged(caplog_info)
    assert SECRET not in text and token not in text
    assert "/api/v1/people/999999" in text


@pytest.mark.backend_independent
def test_the_servers_own_request_lines_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    """waitress logs the path of a request that broke; gunicorn and runserver log each one."""
    caplog.set_level(logging.INFO)
    try:
        raise RuntimeError(f"while reading /calendar/{SECRET}.ics")
    except RuntimeError:
        logging.getLogger("waitress").exception(
            "Exception while serving %s", f"/calendar/{SECRET}.ics"
        )
    logging.getLogger("gunicorn.access").info(
        '%(h)s "%(r)s" %(s)s',
        {"h": "127.0.0.1", "r": f"GET /login/link/{SECRET}/ HTTP/1.1", "s": 302},
    )
    logging.getLogger("django.server").info(
        '"%s" %s %s', f"GET /welcome/MQ/{SECRET}/ HTTP/1.1", "200", "512"
    )
    text = logged(caplog)
    assert SECRET not in text
    assert "Exception while serving /calendar/[redacted].ics" in text
    assert "while reading /calendar/[redacted].ics" in text  # the traceback too
    assert '127.0.0.1 "GET /login/link/[redacted]/ HTTP/1.1" 302' in text
    assert '"GET /welcome/MQ/[redacted]/ HTTP/1.1" 200 512' in text


@pytest.mark.backend_independent
def test_the_console_redacts_whatever_logger_writes_a_secret() -> None:
    console = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RedactSecrets) for f in handler.filters)
    )
    record = logging.LogRecord(
        "coffeechat.anything",
        logging.WARNING,
        __file__,
        1,
        "Open %s",
        (f"/login/link/{SECRET}/",),
        None,
    )
    assert console.filter(record)
    assert console.format(record) == "Open /login/link/[redacted]/"


@pytest.mark.backend_independent
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"GET /login/link/{SECRET}/?next=/", "GET /login/link/[redacted]/?next=/"),
        (
            f"http://127.0.0.1:8000/login/link/{SECRET}/",
            "http://127.0.0.1:8000/login/link/[redacted]/",
        ),
        (f"/calendar/{SECRET}.ics", "/calendar/[redacted].ics"),
        (f"/login/reset/MQ/{SECRET}/", "/login/reset/MQ/[redacted]/"),
        ("/login/reset/MQ/set-password/", "/login/reset/MQ/[redacted]/"),
        (f"/welcome/Mw/{SECRET}/", "/welcome/Mw/[redacted]/"),
        (f"token cc_{SECRET} used", "token cc_[redacted] used"),
        (f"Authorization: Bearer {SECRET}", "Authorization: Bearer [redacted]"),
        (
            f"Cookie: csrftoken=abc; sessionid={SECRET}",
            "Cookie: csrftoken=[redacted]; sessionid=[redacted]",
        ),
        (f"username=alice&password={SECRET}&next=/", "username=alice&password=[redacted]&next=/"),
        (f"new_password1={SECRET}", "new_password1=[redacted]"),
        ("Not Found: /network/people/12/", "Not Found: /network/people/12/"),
        ("/calendar/settings/", "/calendar/settings/"),
    ],
    # Names without the random secret: every test worker must collect the same tests.
    ids=lambda value: value.replace(SECRET, "SECRET"),
)
def test_redact_keeps_the_shape_and_hides_the_secret(text: str, expected: str) -> None:
    assert redact(text) == expected
