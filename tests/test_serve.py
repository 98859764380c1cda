"""`coffeechat serve` answers with several processes on one SQLite database, or with waitress.

Each process of gunicorn is a Python interpreter of its own, so pages are rendered on every
CPU at once; they all write to the same SQLite file, which must neither lose a write nor
answer "database is locked". Stopping `serve` stops every process it started.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.served import Browser, Server, api, children, serve

# Its own server process on its own SQLite file, whatever database the suite uses.
pytestmark = [
    pytest.mark.backend_independent,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads Linux's /proc"),
]


def _wait_for_workers(server: Server, count: int) -> set[int]:
    deadline = time.monotonic() + 120  # a bound for a loaded machine, not a speed check
    while time.monotonic() < deadline:
        workers = server.workers()
        if len(workers) >= count:
            return workers
        time.sleep(0.1)
    raise AssertionError(f"serve started {server.workers()} instead of {count} processes")


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_serve_answers_from_several_processes_that_share_the_database(tmp_path: Path) -> None:
    server = serve(tmp_path / "home", tmp_path / "serve.log", options=["--workers", "3"])
    try:
        workers = _wait_for_workers(server, 3)
        assert len(workers) == 3
        token, (login,) = server.credentials()
        # Several connections, so the processes share them out; each sees the others' writes.
        connections = [server.connect() for _ in range(6)]
        made = [
            api(c, token, "POST", "/api/v1/people/", {"first_name": f"Ada{n}"}).json()["id"]
            for n, c in enumerate(connections)
        ]
        for connection in connections:
            listed = api(connection, token, "GET", "/api/v1/people/?limit=50").json()
            assert {row["id"] for row in listed["items"]} == set(made)
            connection.close()
        browser = Browser(server)
        browser.log_in(login)
        page = browser.request("GET", f"/network/people/{made[0]}/")
        browser.close()
        assert page.status == 200 and b"Ada0" in page.body
        assert server.workers() == workers  # nobody crashed and was replaced
    finally:
        server.stop()
    assert not children(server.process.pid)
    assert not any(_alive(pid) for pid in workers)
    output = server.output()
    assert "gunicorn, 3 processes of 1 thread)" in output
    assert "Traceback" not in output and "database is locked" not in output


def test_closing_the_terminal_stops_serve_and_all_its_processes(tmp_path: Path) -> None:
    """SIGHUP (the terminal went away) stops gunicorn, as it stopped waitress, instead of
    reloading it into a server nobody sees that keeps the port."""
    server = serve(tmp_path / "home", tmp_path / "serve.log", options=["--workers", "2"])
    try:
        workers = _wait_for_workers(server, 2)
        server.process.send_signal(signal.SIGHUP)
        server.process.wait(timeout=60)
    finally:
        server.stop()
    deadline = time.monotonic() + 60
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


def test_serve_with_waitress_answers_from_one_process(tmp_path: Path) -> None:
    server = serve(
        tmp_path / "home",
        tmp_path / "serve.log",
        options=["--server", "waitress", "--threads", "2"],
    )
    try:
        token, (login,) = server.credentials()
        connection = server.connect()
        made = api(connection, token, "POST", "/api/v1/people/", {"first_name": "Grace"})
        assert made.status == 201
        connection.close()
        browser = Browser(server)
        browser.log_in(login)
        assert b"Grace" in browser.request("GET", "/network/").body
        browser.close()
        assert not server.workers()
    finally:
        server.stop()
    assert "waitress, 1 process of 2 threads" in server.output()


@pytest.mark.parametrize("option", ["--workers", "--threads"])
def test_serve_refuses_fewer_than_one_process_or_thread(option: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "coffeechat", "serve", option, "0"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"COFFEECHAT_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0
    assert f"argument {option}: must be at least 1" in result.stderr
    assert not (tmp_path / "coffeechat.sqlite3").exists()  # refused before touching anything
