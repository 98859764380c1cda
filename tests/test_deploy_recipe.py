"""docs/deploy.md, followed step by step: hosted settings on PostgreSQL, migrate, collectstatic,
gunicorn, and what the reverse proxy will see.

It needs a PostgreSQL server it may create a database on: it runs when DATABASE_URL names one
(CI does) and is skipped otherwise. The recipe gets a fresh database of its own, so `migrate`
runs from nothing as on a new server, and drops it afterwards.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.served import free_port, throwaway_postgres

DATABASE_URL = os.environ.get("DATABASE_URL", "")
pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith(("postgres://", "postgresql://")),
    reason="needs PostgreSQL (CI provides it)",
)


@pytest.fixture
def recipe_database() -> Iterator[str]:
    """A new, empty PostgreSQL database next to the one DATABASE_URL names; its URL."""
    with throwaway_postgres(DATABASE_URL) as url:
        yield url


def _environment(tmp_path: Path, database_url: str) -> dict[str, str]:
    """The variables of the recipe's table, for a server reached at 127.0.0.1."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("EMAIL_", "COFFEECHAT_"))
        and k not in ("DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "STATIC_ROOT")
    }
    environment.update(
        COFFEECHAT_HOSTED="true",
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS="https://127.0.0.1",
        STATIC_ROOT=str(tmp_path / "static"),
        COFFEECHAT_HOME=str(tmp_path / "home"),
        DJANGO_SETTINGS_MODULE="coffeechat.settings",
    )
    return environment


def _coffeechat(environment: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "coffeechat", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


@pytest.fixture
def gunicorn(tmp_path: Path, recipe_database: str) -> Iterator[tuple[int, Path]]:
    """The recipe up to a running gunicorn: (its port, STATIC_ROOT)."""
    environment = _environment(tmp_path, recipe_database)
    _coffeechat(environment, "migrate", "--noinput")
    _coffeechat(environment, "collectstatic", "--noinput")
    checked = _coffeechat(environment, "check", "--deploy", "--database", "default")
    assert "WARNINGS" not in checked
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "coffeechat.wsgi"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "2", "--timeout", "30"),
            *("--graceful-timeout", "10", "--forwarded-allow-ips", "127.0.0.1"),
        ],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(port, server, tmp_path / "gunicorn.log")
        yield port, tmp_path / "static"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _wait_for(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    """Until gunicorn accepts connections; a bound on a loaded machine, not a speed check."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail("gunicorn stopped:\n" + log.read_text())
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail("gunicorn did not start:\n" + log.read_text())


def _get(port: int, path: str, **headers: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_the_recipe_serves_coffeechat_securely_behind_the_proxy(
    gunicorn: tuple[int, Path],
) -> None:
    port, static_root = gunicorn

    plain = _get(port, "/login/")
    assert plain.status == 301
    assert plain.headers["Location"] == f"https://127.0.0.1:{port}/login/"

    page = _get(port, "/login/", **{"X-Forwarded-Proto": "https"})
    assert page.status == 200
    assert page.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    cookies = page.headers.get_all("Set-Cookie") or []
    csrf = [cookie for cookie in cookies if cookie.startswith("csrftoken=")]
    assert csrf and all("Secure" in cookie for cookie in cookies)
    assert "Content-Security-Policy" in page.headers

    manifest = json.loads((static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["coffeechat/coffeechat.css"]
    assert hashed != "coffeechat/coffeechat.css"
    css = _get(
        port, f"/static/{hashed}", **{"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
    )
    assert css.status == 200
    assert css.headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in css.headers["Cache-Control"]
    assert "immutable" in css.headers["Cache-Control"]
