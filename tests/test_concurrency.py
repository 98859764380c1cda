"""Many writers at once against the real server: nobody sees an error, nothing goes missing.

Half the writers add people through the API with a token, the other half add notes through the
web form with a logged-in session, all at the same time, against `coffeechat serve` on SQLite
(WAL, IMMEDIATE transactions, a busy timeout) and, when CI provides one, on PostgreSQL.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.served import Browser, Server, api, serve, throwaway_postgres

WRITERS = 8
WRITES_EACH = 25
DATABASE_URL = os.environ.get("DATABASE_URL", "")


def _write_people(server: Server, token: str, writer: int) -> list[int]:
    """Add people through the API; the statuses of the answers."""
    connection = server.connect()
    statuses = []
    for n in range(WRITES_EACH):
        answer = api(
            connection,
            token,
            "POST",
            "/api/v1/people/",
            {"first_name": f"Writer{writer}", "last_name": f"Person{n}"},
        )
        statuses.append(answer.status)
    connection.close()
    return statuses


def _write_notes(server: Server, login_token: str, person: int, writer: int) -> list[int]:
    """Add notes through the person page's form, as a logged-in browser does."""
    browser = Browser(server)
    browser.log_in(login_token)
    assert browser.request("GET", f"/network/people/{person}/").status == 200
    statuses = []
    for n in range(WRITES_EACH):
        answer = browser.request(
            "POST", f"/network/people/{person}/notes/", {"text": f"Note {n} from writer {writer}"}
        )
        statuses.append(answer.status)
    browser.close()
    return statuses


def _many_writers_at_once(server: Server) -> None:
    token, logins = server.credentials(logins=WRITERS // 2)
    connection = server.connect()
    person = api(connection, token, "POST", "/api/v1/people/", {"first_name": "Ada"}).json()["id"]

    with ThreadPoolExecutor(WRITERS) as pool:
        futures = [pool.submit(_write_people, server, token, w) for w in range(WRITERS // 2)]
        futures += [
            pool.submit(_write_notes, server, login, person, w) for w, login in enumerate(logins)
        ]
        statuses = [status for future in futures for status in future.result()]

    assert len(statuses) == WRITERS * WRITES_EACH
    assert set(statuses) <= {201, 302}, sorted(set(statuses))
    assert statuses.count(201) == statuses.count(302) == WRITERS * WRITES_EACH // 2
    people = api(connection, token, "GET", "/api/v1/people/?limit=1").json()["count"]
    notes = api(connection, token, "GET", f"/api/v1/notes/?person={person}&limit=1").json()
    connection.close()
    assert people == 1 + WRITERS * WRITES_EACH // 2
    assert notes["count"] == WRITERS * WRITES_EACH // 2
    output = server.output()
    assert "database is locked" not in output
    assert "Traceback" not in output and "Internal Server Error" not in output


@pytest.fixture(scope="module")
def sqlite_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("served")
    server = serve(folder / "home", folder / "serve.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.backend_independent  # the server runs on its own SQLite file, whatever the suite's
def test_many_writers_on_sqlite_all_succeed_and_nothing_is_lost(sqlite_server: Server) -> None:
    _many_writers_at_once(sqlite_server)


@pytest.mark.backend_independent
@pytest.mark.skipif(shutil.which("wrk") is None, reason="needs wrk (apt-get install wrk)")
def test_the_bench_load_test_reads_wrks_summary(sqlite_server: Server) -> None:
    """A one-second smoke run of `make bench`'s load test; its speed is the bench's business."""
    from bench.load import wrk

    result = wrk(f"http://127.0.0.1:{sqlite_server.port}/login/", 2, 1, {})
    assert result.requests > 0 and result.errors == 0
    assert 0 < result.p50_ms <= result.p99_ms


@pytest.fixture
def throwaway_database() -> Iterator[str]:
    """A new PostgreSQL database next to the suite's, dropped afterwards; its URL."""
    with throwaway_postgres(DATABASE_URL) as url:
        yield url


@pytest.mark.skipif(
    not re.match(r"postgres(ql)?://", DATABASE_URL), reason="needs PostgreSQL (CI provides it)"
)
def test_many_writers_on_postgresql_all_succeed_and_nothing_is_lost(
    tmp_path: Path, throwaway_database: str
) -> None:
    server = serve(tmp_path / "home", tmp_path / "serve.log", database_url=throwaway_database)
    try:
        _many_writers_at_once(server)
    finally:
        server.stop()
