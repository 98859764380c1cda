"""Coffeechat served the way `coffeechat serve` serves it (gunicorn's processes), in a subprocess.

The concurrency and durability tests talk to it over loopback HTTP, as a browser or an API
client would, with a temporary data folder of its own (or a PostgreSQL database of its own).
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
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from tests.migrated import copy_migrated_sqlite

# Prints a fresh API token and one-time login links for the owner, one per line.
_CREDENTIALS = """
import sys
import django
django.setup()
from coffeechat.accounts.models import ApiToken, LoginLink, ensure_owner
owner, _ = ensure_owner()
print(ApiToken.issue(owner, "concurrency test")[1])
for _ in range(int(sys.argv[1])):
    print(LoginLink.issue(owner))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def throwaway_postgres(database_url: str) -> Iterator[str]:
    """A new PostgreSQL database on the server of `database_url`, dropped afterwards; its URL.
    A served app migrates and writes there, away from the suite's test database."""
    import psycopg

    name = "coffeechat_served_" + secrets.token_hex(4)
    with psycopg.connect(database_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(database_url)._replace(path="/" + name))
    finally:
        with psycopg.connect(database_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def children(pid: int) -> set[int]:
    """The live processes whose parent is pid, read from Linux's /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(entry.name))
    return found


def environment(home: Path, database_url: str = "") -> dict[str, str]:
    """The app's own settings (not the suite's), a data folder, and SQLite unless told."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("COFFEECHAT_", "EMAIL_")) and k not in ("DJANGO_SETTINGS_MODULE",)
    }
    env.update(
        COFFEECHAT_HOME=str(home),
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="coffeechat.settings",
        PYTHONUNBUFFERED="1",
    )
    return env


@dataclass
class Server:
    """A running `coffeechat serve`, its port, and where its output goes."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path
    env: dict[str, str]

    def connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL to every process of the server (it runs in a session of its own): no clean
        shutdown, no flushing, as when the machine loses them."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=60)

    def workers(self) -> set[int]:
        """The ids of the processes the server forked to answer requests (Linux's /proc)."""
        return children(self.process.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def credentials(self, logins: int = 1) -> tuple[str, list[str]]:
        """A new API token and login link tokens for the owner, made next to the server."""
        result = subprocess.run(
            [sys.executable, "-c", _CREDENTIALS, str(logins)],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        lines = result.stdout.split()[-1 - logins :]
        return lines[0], lines[1:]


def serve(
    home: Path,
    log: Path,
    *,
    database_url: str = "",
    threads: int | None = None,
    options: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
) -> Server:
    """Start `coffeechat serve` on a free loopback port and wait until it accepts connections.

    On SQLite a new data folder starts from an already migrated database. `env` adds to the
    app's environment (a mail server, say).
    """
    if not database_url and not (home / "coffeechat.sqlite3").exists():
        copy_migrated_sqlite(home)  # migrated once per run, shared by the workers
    home.mkdir(parents=True, exist_ok=True)
    environ = {**environment(home, database_url), **(env or {})}
    for _attempt in range(3):
        port = free_port()
        start = log.stat().st_size if log.exists() else 0
        command = [sys.executable, "-m", "coffeechat", "serve", "--port", str(port)]
        if threads is not None:
            command += ["--threads", str(threads)]
        command += options
        with log.open("ab") as output:
            process = subprocess.Popen(
                command,
                env=environ,
                stdout=output,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        server = Server(process, port, log, environ)
        if _listening(server, start):
            return server
        server.stop()  # another test's server took the port between probe and bind: again
    raise AssertionError("coffeechat serve found no free port:\n" + server.output())


def _listening(server: Server, start: int) -> bool:
    """Wait until the server's own process listens on its port: True; False if another
    process took the port first (connecting would have reached that one instead). `start`
    is where this server's output begins in the log."""
    deadline = time.monotonic() + 180  # a bound for a loaded machine, not a speed check

    def port_taken() -> bool:
        return b"Connection in use" in server.log.read_bytes()[start:]

    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            if port_taken():
                return False
            raise AssertionError("coffeechat serve stopped:\n" + server.output())
        if port_taken():
            return False
        if listening_sockets(server.port) & sockets_of(server.process.pid):
            return True
        time.sleep(0.2)
    server.stop()
    raise AssertionError("coffeechat serve did not start:\n" + server.output())


def listening_sockets(port: int) -> set[str]:
    """The sockets listening on this TCP port on loopback, as Linux's /proc names them."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # LISTEN
                found.add(f"socket:[{fields[9]}]")
    return found


def sockets_of(pid: int) -> set[str]:
    """The sockets a process holds open (Linux's /proc)."""
    found = set()
    try:
        descriptors = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return found
    for descriptor in descriptors:
        try:
            target = os.readlink(descriptor)
        except OSError:  # closed meanwhile
            continue
        if target.startswith("socket:"):
            found.add(target)
    return found


@dataclass
class Answer:
    status: int
    body: bytes
    headers: Mapping[str, str]

    def json(self) -> Any:
        return json.loads(self.body)


def call(
    connection: http.client.HTTPConnection,
    method: str,
    path: str,
    *,
    headers: Mapping[str, str] | None = None,
    body: bytes | None = None,
) -> Answer:
    connection.request(method, path, body=body, headers=dict(headers or {}))
    response = connection.getresponse()
    return Answer(response.status, response.read(), dict(response.getheaders()))


def api(
    connection: http.client.HTTPConnection, token: str, method: str, path: str, data: object = None
) -> Answer:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    body = None if data is None else json.dumps(data).encode()
    return call(connection, method, path, headers=headers, body=body)


class Browser:
    """One browser's cookies over one keep-alive connection: a session from a login link."""

    def __init__(self, server: Server) -> None:
        self.connection = server.connect()
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: Mapping[str, str] | None = None) -> Answer:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return Answer(response.status, response.read(), dict(response.getheaders()))

    def log_in(self, login_token: str) -> None:
        answer = self.request("GET", f"/login/link/{login_token}/")
        assert answer.status == 302 and "sessionid" in self.cookies, answer

    def close(self) -> None:
        self.connection.close()
