from __future__ import annotations

import http.cookiejar
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from coffeechat.accounts.models import LoginLink
from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Exploration, Organization, Person
from coffeechat.outreach.models import Message


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_login_link_creates_the_owner_in_a_fresh_data_folder(db: None) -> None:
    output = run("login-link")
    token = re.search(r"/login/link/([\w-]+)/", output)
    assert token is not None
    owner = User.objects.get()
    assert owner.is_superuser
    assert LoginLink.redeem(token.group(1)) == owner


def test_login_link_for_a_named_user_as_json(alice: User) -> None:
    data = json.loads(
        run("login-link", "--user", "alice", "--json", "--base-url", "https://cc.example.edu")
    )
    assert data["user"] == "alice" and data["url"].startswith("https://cc.example.edu/login/link/")
    assert User.objects.count() == 1  # no owner was created


def test_an_unknown_user_is_named_in_the_error(db: None) -> None:
    with pytest.raises(CommandError, match="--user: there is no user called 'carol'"):
        run("login-link", "--user", "carol")


def test_adduser_adds_an_account_with_a_login_link(db: None) -> None:
    output = run("adduser", "carol", "--email", "carol@example.edu", "--name", "Carol C.")
    carol = User.objects.get(username="carol")
    assert (
        carol.email == "carol@example.edu"
        and not carol.is_staff
        and carol.profile.name == "Carol C."
    )
    assert "/login/link/" in output


def test_adduser_refuses_a_duplicate_and_a_weak_password(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(CommandError, match="already exists"):
        run("adduser", "alice")
    monkeypatch.setattr(sys, "stdin", io.StringIO("123\n"))
    with pytest.raises(CommandError, match="password: "):
        run("adduser", "dave", "--password-stdin")
    assert not User.objects.filter(username="dave").exists()


def test_demo_loads_every_stage_and_twice_changes_nothing(db: None) -> None:
    first = json.loads(run("demo", "--json"))
    assert first == {"organizations": 8, "people": 40, "explorations": 3, "interviews": 12}
    owner = User.objects.get()
    stages = set(Interview.objects.for_user(owner).values_list("stage", flat=True))
    assert stages == set(Stage.values)
    messages_before = Message.objects.count()
    second = json.loads(run("demo", "--json"))
    assert second == first and Message.objects.count() == messages_before


def test_demo_for_a_named_user_leaves_others_alone(alice: User, bob: User) -> None:
    run("demo", "--user", "bob")
    assert Person.objects.for_user(alice).count() == 0
    assert Person.objects.for_user(bob).count() == 40
    assert (
        Organization.objects.for_user(bob).count() == 8
        and Exploration.objects.for_user(bob).count() == 3
    )


# --- the real command, in its own process -------------------------------------------------


def _environment(home: Path) -> dict[str, str]:
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    environment["COFFEECHAT_HOME"] = str(home)
    return environment


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, str, subprocess.Popen[str]]]:
    """`coffeechat serve` in a fresh data folder; yields (base URL, login link, process).

    One server for the module (it migrates a new database first, which takes a while): only
    the first test uses its login link, the other only visits pages without logging in."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "coffeechat", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_environment(tmp_path_factory.mktemp("served") / "home"),
    )
    assert process.stdout is not None
    link = ""
    deadline = time.monotonic() + 60
    lines = []
    while time.monotonic() < deadline and not link:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        found = re.search(r"http://127\.0\.0\.1:\d+/login/link/[\w-]+/", line)
        link = found.group(0) if found else ""
    assert link, "serve printed no login link:\n" + "".join(lines)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/login/", timeout=2)
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    try:
        yield base, link, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def _browser() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )


@pytest.mark.backend_independent  # its own process, on SQLite
def test_serve_prints_a_login_link_that_works_once(
    served: tuple[str, str, subprocess.Popen[str]],
) -> None:
    base, link, _ = served
    first = _browser()
    page = first.open(link, timeout=10)
    assert page.geturl() == base + "/"
    assert "Welcome to Coffeechat" in page.read().decode()
    assert first.open(base + "/network/", timeout=10).geturl() == base + "/network/"
    second = _browser().open(link, timeout=10)
    assert second.geturl() == base + "/login/"
    assert "has been used or has expired" in second.read().decode()


@pytest.mark.backend_independent  # its own process, on SQLite
def test_serve_sends_anonymous_visitors_to_log_in(
    served: tuple[str, str, subprocess.Popen[str]],
) -> None:
    base, _, _ = served
    for path in ("/", "/network/", "/pipeline/", "/settings/", "/interviews/1/"):
        response = _browser().open(base + path, timeout=10)
        assert response.geturl().startswith(base + "/login/?next="), path
    stylesheet = _browser().open(base + "/static/coffeechat/coffeechat.css", timeout=10)
    assert stylesheet.status == 200  # static files are served without logging in


@pytest.mark.backend_independent  # its own process, on SQLite
def test_python_dash_m_and_help(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "coffeechat", "help"],
        capture_output=True,
        text=True,
        env=_environment(tmp_path),
    )
    assert result.returncode == 0
    for command in ("serve", "demo", "login-link", "adduser"):
        assert command in result.stdout
