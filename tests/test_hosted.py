"""Hosted mode: safe settings, `check --deploy` clean, login throttling, passwords by e-mail,
and invitations (there is no open sign-up)."""

from __future__ import annotations

import os
import re
import runpy
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory

from coffeechat import settings as settings_module
from coffeechat.accounts.models import LoginLink, profile_for
from coffeechat.accounts.passwords import client_address
from tests import test_smtp
from tests.test_smtp import Inbox

smtp_server = test_smtp.smtp_server

HOSTED = {
    "COFFEECHAT_HOSTED": "1",
    # check --deploy never connects: nobody listens on port 1.
    "DATABASE_URL": "postgresql://u:p@127.0.0.1:1/x",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "coffeechat.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://coffeechat.example.org",
}


def run_coffeechat(
    tmp_path: Path, *args: str, **variables: str
) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("EMAIL_", "COFFEECHAT_", "SECURE_"))
        and k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY")
    }
    environment["COFFEECHAT_HOME"] = str(tmp_path / "home")
    environment.update(variables)
    return subprocess.run(
        [sys.executable, "-m", "coffeechat", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def hosted_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **variables: str) -> Any:
    """The settings module as it loads in hosted mode with these extra variables."""
    for name in list(os.environ):
        if name.startswith(("EMAIL_", "COFFEECHAT_")) or name in ("DEBUG", "STATIC_ROOT"):
            monkeypatch.delenv(name)
    for name, value in {**HOSTED, "COFFEECHAT_HOME": str(tmp_path), **variables}.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(settings_module.__file__)))


@pytest.mark.backend_independent
def test_check_deploy_passes_with_no_warning_in_hosted_mode(tmp_path: Path) -> None:
    result = run_coffeechat(tmp_path, "check", "--deploy", **HOSTED)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output and "identified some issues" not in output
    assert "System check identified no issues" in output


@pytest.mark.backend_independent
def test_local_mode_would_fail_check_deploy(tmp_path: Path) -> None:
    """The check above is not vacuous: without hosted mode the same command complains."""
    result = run_coffeechat(tmp_path, "check", "--deploy", SECRET_KEY=HOSTED["SECRET_KEY"])
    assert "security.W004" in result.stderr + result.stdout  # no HSTS


@pytest.mark.backend_independent
@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"DATABASE_URL": ""}, "hosted mode does not run on SQLite"),
        ({"DATABASE_URL": "sqlite:///tmp/x.sqlite3"}, "DATABASE_URL must be a PostgreSQL URL"),
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set when COFFEECHAT_HOSTED is true"),
        ({"DEBUG": "true"}, "DEBUG must be false when COFFEECHAT_HOSTED is true"),
        ({"COFFEECHAT_HSTS_SECONDS": "3600"}, "COFFEECHAT_HSTS_SECONDS must be at least"),
        ({"COFFEECHAT_HOSTED": "perhaps"}, "COFFEECHAT_HOSTED must be true or false"),
    ],
)
def test_hosted_mode_refuses_an_unsafe_setup_naming_the_variable(
    tmp_path: Path, variables: dict[str, str], expected: str
) -> None:
    result = run_coffeechat(tmp_path, "check", **{**HOSTED, **variables})
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.backend_independent
def test_hosted_settings_are_https_only_behind_the_proxy(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    loaded = hosted_settings(monkeypatch, tmp_path)
    assert loaded["DEBUG"] is False
    assert loaded["SESSION_COOKIE_SECURE"] and loaded["CSRF_COOKIE_SECURE"]
    assert loaded["SECURE_SSL_REDIRECT"] is True
    assert loaded["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert loaded["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert loaded["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and loaded["SECURE_HSTS_PRELOAD"]
    assert loaded["SECURE_REFERRER_POLICY"] == "same-origin"
    assert loaded["CSRF_TRUSTED_ORIGINS"] == ["https://coffeechat.example.org"]
    assert loaded["DATABASES"]["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert loaded["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert loaded["STATIC_ROOT"] == str(tmp_path / "static")
    assert loaded["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert loaded["COFFEECHAT_BASE_URL"] == "https://coffeechat.example.org"
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.backend_independent
def test_the_proxy_header_and_preload_are_configurable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    loaded = hosted_settings(
        monkeypatch,
        tmp_path,
        COFFEECHAT_PROXY_SSL_HEADER="X-Forwarded-Scheme",
        COFFEECHAT_HSTS_PRELOAD="no",
    )
    assert loaded["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_SCHEME", "https")
    assert loaded["SECURE_HSTS_PRELOAD"] is False
    assert "security.W021" in loaded["SILENCED_SYSTEM_CHECKS"]
    assert loaded["COFFEECHAT_PROXIES"] == 1
    direct = hosted_settings(monkeypatch, tmp_path, COFFEECHAT_PROXY_SSL_HEADER="none")
    assert direct["SECURE_PROXY_SSL_HEADER"] is None
    assert direct["COFFEECHAT_PROXIES"] == 0  # nothing in front appends X-Forwarded-For
    two = hosted_settings(monkeypatch, tmp_path, COFFEECHAT_PROXIES="2")
    assert two["COFFEECHAT_PROXIES"] == 2
    local = hosted_settings(monkeypatch, tmp_path, COFFEECHAT_HOSTED="0", DATABASE_URL="")
    assert local["COFFEECHAT_PROXIES"] == 0


@pytest.mark.backend_independent
def test_local_mode_runs_tasks_at_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    loaded = hosted_settings(monkeypatch, tmp_path, COFFEECHAT_HOSTED="0", DATABASE_URL="")
    assert loaded["TASKS"]["default"]["BACKEND"] == (
        "django.tasks.backends.immediate.ImmediateBackend"
    )
    assert loaded["COFFEECHAT_BASE_URL"] == "http://127.0.0.1:8000"


# Login throttling ------------------------------------------------------------------------------


@pytest.fixture
def axes_on(settings: Any) -> None:
    settings.AXES_ENABLED = True


def _log_in(client: Client, password: str) -> int:
    response = client.post("/login/", {"username": "alice", "password": password})
    return response.status_code


def test_the_sixth_wrong_password_is_refused_even_when_right(axes_on: None, alice: User) -> None:
    client = Client()
    for _ in range(4):
        assert _log_in(client, "wrong guess") == 200  # the form again, with an error
    assert _log_in(client, "wrong guess") == 429  # the fifth wrong one locks the account
    response = client.post(
        "/login/", {"username": "alice", "password": "correct horse battery staple"}
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_fewer_wrong_passwords_still_let_the_right_one_in(axes_on: None, alice: User) -> None:
    client = Client()
    for _ in range(4):
        _log_in(client, "wrong guess")
    assert _log_in(client, "correct horse battery staple") == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_a_lockout_does_not_touch_another_user(axes_on: None, alice: User, bob: User) -> None:
    client = Client()
    for _ in range(6):
        _log_in(client, "wrong guess")
    response = client.post("/login/", {"username": "bob", "password": "another long passphrase"})
    assert response.status_code == 302


def _log_in_from(client: Client, forwarded_for: str, password: str) -> int:
    response = client.post(
        "/login/",
        {"username": "alice", "password": password},
        headers={"x-forwarded-for": forwarded_for},
    )
    return response.status_code


def test_behind_the_proxy_guesses_lock_the_guesser_not_the_user(
    axes_on: None, alice: User, settings: Any
) -> None:
    """The proxy appends the address it saw; someone guessing Alice's password from one
    address is locked out, while Alice, from another, still gets in."""
    settings.COFFEECHAT_PROXIES = 1
    guesser = Client()
    for _ in range(5):
        _log_in_from(guesser, "203.0.113.9", "wrong guess")
    assert _log_in_from(guesser, "203.0.113.9", "correct horse battery staple") == 429
    # A forged header is kept to the left of what the proxy appends: still the same address.
    assert _log_in_from(guesser, "198.51.100.7, 203.0.113.9", "wrong guess") == 429
    assert _log_in_from(Client(), "198.51.100.7", "correct horse battery staple") == 302


def test_without_a_proxy_a_forged_header_does_not_escape_the_lock(
    axes_on: None, alice: User, settings: Any
) -> None:
    settings.COFFEECHAT_PROXIES = 0
    client = Client()
    for number in range(5):
        _log_in_from(client, f"203.0.113.{number}", "wrong guess")
    assert _log_in_from(client, "198.51.100.7", "correct horse battery staple") == 429


@pytest.mark.backend_independent
@pytest.mark.parametrize(
    ("proxies", "header", "expected"),
    [
        (0, "203.0.113.9", "127.0.0.1"),
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "10.0.0.1, 203.0.113.9", "203.0.113.9"),
        (2, "203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "10.0.0.2", "127.0.0.1"),  # shorter than the proxies promise
        (1, "not an address", "127.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "", "127.0.0.1"),
    ],
)
def test_the_client_address_is_what_the_first_proxy_saw(
    settings: Any, proxies: int, header: str, expected: str
) -> None:
    settings.COFFEECHAT_PROXIES = proxies
    request = RequestFactory().get("/login/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=header)
    assert client_address(request) == expected


def test_login_links_and_force_login_still_work_with_throttling_on(
    axes_on: None, alice: User, alice_client: Client
) -> None:
    assert alice_client.get("/").status_code == 200
    client = Client()
    response = client.get(f"/login/link/{LoginLink.issue(alice)}/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


# Password reset by e-mail --------------------------------------------------------------------


def _link_in(inbox: Inbox, index: int = 0) -> str:
    body = inbox.parsed(index).get_content()
    match = re.search(r"https?://[^/\s]+(/\S+/)", body)
    assert match, body
    return match.group(1)


def test_login_page_offers_the_password_reset(db: None) -> None:
    page = Client().get("/login/").content.decode()
    assert 'href="/login/forgot/"' in page and "Forgot your password?" in page


def test_a_forgotten_password_is_reset_through_the_mail_server(
    smtp_server: Inbox, alice: User
) -> None:
    client = Client()
    response = client.post("/login/forgot/", {"email": "ALICE@example.org"})
    assert response.status_code == 302 and response["Location"] == "/login/forgot/sent/"
    assert len(smtp_server.envelopes) == 1
    assert smtp_server.envelopes[0].rcpt_tos == ["alice@example.org"]
    assert smtp_server.parsed()["Subject"] == "Choose a new password for Coffeechat"
    link = _link_in(smtp_server)
    form_url = client.get(link)["Location"]
    assert "Choose a new password" in client.get(form_url).content.decode()
    response = client.post(
        form_url,
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    assert response["Location"] == "/login/reset/done/"
    alice.refresh_from_db()
    assert alice.check_password("a brand new passphrase")
    again = Client().get(link, follow=True).content.decode()
    assert "That link doesn't work" in again


def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    smtp_server: Inbox, alice: User
) -> None:
    response = Client().post("/login/forgot/", {"email": "nobody@example.org"})
    assert response["Location"] == "/login/forgot/sent/"
    assert smtp_server.envelopes == []


def test_without_email_the_reset_page_says_how_to_get_in(settings: Any, alice: User) -> None:
    settings.MAILERS = {}
    client = Client()
    page = client.get("/login/forgot/").content.decode()
    assert "doesn't send e-mail" in page and "coffeechat login-link" in page
    assert client.post("/login/forgot/", {"email": "alice@example.org"}).status_code == 200


# Invitations ---------------------------------------------------------------------------------


def test_an_invitation_is_mailed_and_opens_the_account_once(smtp_server: Inbox, db: None) -> None:
    _run("invite", "Carol@Example.org", "--name", "Carol Shaw")
    carol = User.objects.get(email="Carol@Example.org")
    assert carol.username == "carol@example.org"
    assert not carol.is_active and not carol.has_usable_password()
    assert profile_for(carol).name == "Carol Shaw"
    assert smtp_server.envelopes[0].rcpt_tos == ["Carol@Example.org"]
    assert smtp_server.parsed()["Subject"] == "You're invited to Coffeechat"
    link = _link_in(smtp_server)
    assert link.startswith("/welcome/")

    client = Client()
    form_url = client.get(link)["Location"]
    page = client.get(form_url).content.decode()
    assert "Welcome to Coffeechat" in page and "carol@example.org" in page
    response = client.post(
        form_url,
        {"new_password1": "carol's own passphrase", "new_password2": "carol's own passphrase"},
    )
    assert response["Location"] == "/"
    carol.refresh_from_db()
    assert carol.is_active and carol.check_password("carol's own passphrase")
    assert client.get("/").status_code == 200  # logged in
    assert "doesn't work" in Client().get(link, follow=True).content.decode()


def test_without_email_the_invitation_link_is_printed(settings: Any, db: None) -> None:
    settings.MAILERS = {}
    settings.COFFEECHAT_BASE_URL = "https://coffeechat.example.org"
    out = _run("invite", "dan@example.org")
    assert "Invited dan@example.org" in out
    assert re.search(r"https://coffeechat\.example\.org/welcome/\S+/\S+/", out)


def test_inviting_again_replaces_the_old_link(settings: Any, db: None) -> None:
    settings.MAILERS = {}
    first = re.findall(r"/welcome/\S+/", _run("invite", "erin@example.org"))[0]
    second = re.findall(r"/welcome/\S+/", _run("invite", "erin@example.org"))[0]
    assert first != second
    assert "doesn't work" in Client().get(first, follow=True).content.decode()
    assert Client().get(second).status_code == 302  # on to the password form
    assert User.objects.filter(email="erin@example.org").count() == 1


def test_someone_with_an_account_is_not_invited(alice: User) -> None:
    with pytest.raises(CommandError, match="already has an account"):
        call_command("invite", "alice@example.org")
    with pytest.raises(CommandError, match="is not an e-mail address"):
        call_command("invite", "not-an-address")


def test_an_invited_person_cannot_log_in_before_choosing_a_password(
    settings: Any, db: None
) -> None:
    settings.MAILERS = {}
    _run("invite", "fay@example.org")
    fay = User.objects.get(email="fay@example.org")
    client = Client()
    client.get(f"/login/link/{LoginLink.issue(fay)}/")
    assert client.get("/")["Location"].startswith("/login/")


def test_there_is_no_sign_up_page(alice_client: Client) -> None:
    for path in ("/signup/", "/register/", "/accounts/signup/"):
        assert alice_client.get(path).status_code == 404


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()
