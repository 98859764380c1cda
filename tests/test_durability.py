"""The server is killed while people are being saved: after a restart the database is intact
and every save that was answered "created" is there."""

from __future__ import annotations

import http.client
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.served import Server, api, serve

# The server runs on its own SQLite file, whatever database the suite uses.
pytestmark = pytest.mark.backend_independent

WRITERS = 4
KILL_AFTER = 40  # acknowledged writes before the kill


def _write_until_it_dies(server: Server, token: str, writer: int, acknowledged: list[int]) -> None:
    """Add people one after another; note the id of each one the server says it created."""
    connection = server.connect()
    n = 0
    while True:
        n += 1
        try:
            answer = api(
                connection,
                token,
                "POST",
                "/api/v1/people/",
                {
                    "first_name": f"Writer{writer}",
                    "last_name": f"Person{n}",
                    "research_notes": "x" * 500,
                },
            )
        except (OSError, http.client.HTTPException):
            return  # the server is gone
        assert answer.status == 201, answer
        acknowledged.append(answer.json()["id"])


def test_a_killed_server_keeps_every_acknowledged_write(tmp_path: Path) -> None:
    home = tmp_path / "home"
    server = serve(home, tmp_path / "serve.log")
    token, _ = server.credentials()
    acknowledged: list[int] = []
    try:
        with ThreadPoolExecutor(WRITERS) as pool:
            futures = [
                pool.submit(_write_until_it_dies, server, token, w, acknowledged)
                for w in range(WRITERS)
            ]
            deadline = time.monotonic() + 300
            while len(acknowledged) < KILL_AFTER and time.monotonic() < deadline:
                assert not any(f.done() for f in futures), [f.exception() for f in futures]
                time.sleep(0.01)
            server.kill()  # mid-write: the writers are still sending
            for future in futures:
                future.result()
    finally:
        server.stop()
    assert len(acknowledged) >= KILL_AFTER

    database = sqlite3.connect(home / "coffeechat.sqlite3")
    try:
        assert database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {row[0] for row in database.execute("SELECT id FROM network_person")}
    finally:
        database.close()
    assert set(acknowledged) <= stored

    restarted = serve(home, tmp_path / "serve-again.log")
    try:
        connection = restarted.connect()
        for pk in acknowledged:
            assert api(connection, token, "GET", f"/api/v1/people/{pk}").status == 200
        again = api(connection, token, "POST", "/api/v1/people/", {"first_name": "After"})
        assert again.status == 201
        connection.close()
    finally:
        restarted.stop()
