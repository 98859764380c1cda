"""Backups and restores of the local SQLite database, on real files.

The suite's own database is in memory (or PostgreSQL), so every test that needs a live
database file runs the real `coffeechat` command in its own process with its own data
folder and without DATABASE_URL: these tests run the same on the SQLite and PostgreSQL runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from coffeechat.backups import (
    BackupError,
    backup_before_migrating,
    backup_database,
    check_backup,
    copy_database,
    pending_migrations,
    prune_backups,
)
from tests.migrated import copy_migrated_sqlite

# Nothing here depends on the database engine: the PostgreSQL run skips it.
pytestmark = pytest.mark.backend_independent

# --- helpers ---------------------------------------------------------------------------------


def _environment(home: Path, **extra: str) -> dict[str, str]:
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    environment["COFFEECHAT_HOME"] = str(home)
    environment.update(extra)
    return environment


def coffeechat(home: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coffeechat", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=_environment(home, **extra),
        timeout=120,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def database(home: Path) -> Path:
    return home / "coffeechat.sqlite3"


def add_users(path: Path, *names: str) -> None:
    with contextlib.closing(sqlite3.connect(path, timeout=20)) as db, db:
        db.executemany(
            "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name,"
            " email, is_staff, is_active, date_joined) VALUES"
            " ('!', 0, ?, '', '', '', 0, 1, '2026-01-01 00:00:00')",
            [(name,) for name in names],
        )


def usernames(path: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return {row[0] for row in db.execute("SELECT username FROM auth_user")}


def applied(path: Path, app: str) -> set[str]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return {
            r[0] for r in db.execute("SELECT name FROM django_migrations WHERE app = ?", (app,))
        }


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with a fully migrated database, made once and copied by each test."""
    return copy_migrated_sqlite(tmp_path_factory.mktemp("migrated") / "home")


@pytest.fixture
def home(migrated: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(migrated, copy)
    return copy


@pytest.fixture
def backup(home: Path, tmp_path: Path) -> Path:
    """A good backup of `home` holding the user alice."""
    add_users(database(home), "alice")
    return copy_database(database(home), tmp_path / "good.sqlite3")


@pytest.fixture(scope="module")
def migrated_behind(migrated: Path) -> Path:
    """Like `migrated`, with network's last migration undone: a database an upgrade migrates."""
    home = migrated.parent / "behind"
    shutil.copytree(migrated, home)
    ok(coffeechat(home, "migrate", "network", "0002", "--verbosity", "0"))
    return home


@pytest.fixture
def behind(migrated_behind: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "behind"
    shutil.copytree(migrated_behind, copy)
    return copy


# --- taking a backup -------------------------------------------------------------------------


def test_backup_prints_where_and_how_big_and_is_private(home: Path) -> None:
    add_users(database(home), "alice")
    data = json.loads(ok(coffeechat(home, "backup", "--json")))
    path = Path(data["file"])
    assert path.parent == home / "backups"
    assert re.fullmatch(r"coffeechat-\d{8}-\d{6}\.sqlite3", path.name)
    assert data["bytes"] == path.stat().st_size > 0
    assert path.stat().st_mode & 0o777 == 0o600
    assert usernames(path) == {"alice"}
    assert check_backup(path).missing_migrations == []
    human = ok(coffeechat(home, "backup"))
    assert "Backed up the database to " + str(home / "backups") in human and "KB" in human
    assert not [p for p in home.rglob("*.tmp")]  # no temporary file is left behind


def test_a_backup_taken_while_another_connection_writes_is_one_committed_state(
    home: Path, tmp_path: Path
) -> None:
    live = database(home)
    with contextlib.closing(sqlite3.connect(live)) as db, db:
        # Some bulk, so a backup takes long enough for writes to land during it.
        db.executemany(
            "INSERT INTO auth_group (name) VALUES (?)",
            [(f"bulk {i} " + "x" * 200,) for i in range(5000)],
        )
    stop = threading.Event()
    commits = [0]

    def write() -> None:
        # Each transaction adds one user and one group: a consistent copy has as many
        # "w" groups as users.
        with contextlib.closing(sqlite3.connect(live, timeout=20, isolation_level=None)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            while not stop.is_set():
                n = commits[0]
                db.execute("BEGIN IMMEDIATE")
                db.execute(
                    "INSERT INTO auth_user (password, is_superuser, username, first_name,"
                    " last_name, email, is_staff, is_active, date_joined) VALUES"
                    " ('!', 0, ?, '', '', '', 0, 1, '2026-01-01 00:00:00')",
                    (f"user{n}",),
                )
                db.execute("INSERT INTO auth_group (name) VALUES (?)", (f"w{n}",))
                db.execute("COMMIT")
                commits[0] = n + 1

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while commits[0] < 20:
            time.sleep(0.01)
        copies = [copy_database(live, tmp_path / f"copy{i}.sqlite3") for i in range(5)]
        started = commits[0]
        copies.append(Path(json.loads(ok(coffeechat(home, "backup", "--json")))["file"]))
        during = commits[0] - started
    finally:
        stop.set()
        writer.join()
    assert during > 0, "the writer never wrote while the command backed up"
    counts = []
    for copy in copies:
        assert check_backup(copy).path == copy  # integrity_check is ok, tables all there
        with contextlib.closing(sqlite3.connect(copy)) as db:
            users = db.execute("SELECT count(*) FROM auth_user").fetchone()[0]
            groups = db.execute("SELECT count(*) FROM auth_group WHERE name LIKE 'w%'").fetchone()[
                0
            ]
            names = {row[0] for row in db.execute("SELECT username FROM auth_user")}
        assert users == groups and names == {f"user{i}" for i in range(users)}
        counts.append(users)
    assert counts[0] >= 20 and counts == sorted(counts) and counts[-1] <= commits[0]


def test_backup_without_a_database_says_so(tmp_path: Path) -> None:
    result = coffeechat(tmp_path / "empty", "backup")
    assert result.returncode != 0
    assert (
        "there is no database here yet" in result.stderr and "coffeechat.sqlite3" in result.stderr
    )


def test_postgresql_points_to_pg_dump(tmp_path: Path, backup: Path) -> None:
    postgres = {"DATABASE_URL": "postgresql://nobody@127.0.0.1:9/coffeechat"}
    for args in (("backup",), ("restore", str(backup), "--yes")):
        result = coffeechat(tmp_path / "pg", *args, **postgres)
        assert result.returncode != 0 and "pg_dump" in result.stderr, args


def test_the_suites_own_database_is_never_backed_up_in_process(db: None) -> None:
    # In memory on the SQLite run, PostgreSQL on the other: neither has a file to copy.
    assert pending_migrations() == []
    assert backup_before_migrating() is None
    with pytest.raises(BackupError, match=r"in memory|pg_dump"):
        backup_database()


# --- restoring -------------------------------------------------------------------------------


def test_restore_brings_the_backup_back_exactly_and_can_be_undone(home: Path, backup: Path) -> None:
    live = database(home)
    add_users(live, "bob")  # written after the backup: the restore takes it away
    data = json.loads(ok(coffeechat(home, "restore", str(backup), "--yes", "--json")))
    assert usernames(live) == {"alice"}
    assert data["migrated"] == [] and data["database"] == str(live)
    previous = Path(data["previous"])
    assert previous.parent == home / "backups" and previous.name.endswith("-before-restore.sqlite3")
    assert usernames(previous) == {"alice", "bob"}
    assert not Path(f"{live}-wal").exists() or Path(f"{live}-wal").stat().st_size == 0
    assert not [p for p in home.rglob("*.tmp")]
    # The printed advice undoes it.
    human = ok(coffeechat(home, "restore", str(previous), "--yes"))
    assert f"undo with: coffeechat restore {home / 'backups'}" in human
    assert usernames(live) == {"alice", "bob"}
    assert backup.exists()  # restoring never consumes the backup


def test_restore_brings_an_older_backup_up_to_date(
    home: Path, behind: Path, tmp_path: Path
) -> None:
    add_users(database(behind), "alice")
    old = copy_database(database(behind), tmp_path / "old.sqlite3")
    add_users(database(home), "bob")
    assert "network.0003_person_search_index" in check_backup(old).missing_migrations
    data = json.loads(ok(coffeechat(home, "restore", str(old), "--yes", "--json")))
    assert "network.0003_person_search_index" in data["migrated"]
    assert "0003_person_search_index" in applied(database(home), "network")
    assert usernames(database(home)) == {"alice"}
    assert check_backup(database(home)).missing_migrations == []


def _random_bytes(good: Path, path: Path) -> None:
    path.write_bytes(os.urandom(64 * 1024))


def _truncated(good: Path, path: Path) -> None:
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 3])


def _damaged(good: Path, path: Path) -> None:
    data = bytearray(good.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for number in range(2, len(data) // page, 3):  # scribble over every third page
        data[number * page + 8 : number * page + 200] = os.urandom(192)
    path.write_bytes(bytes(data))


def _not_coffeechat(good: Path, path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("CREATE TABLE recipes (name TEXT)")
        db.execute("INSERT INTO recipes VALUES ('soup')")


def _other_django_project(good: Path, path: Path) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app, name, applied)")
        db.execute(
            "INSERT INTO django_migrations (app, name, applied) VALUES ('shop', '0001_initial', '')"
        )


def _missing_a_table(good: Path, path: Path) -> None:
    shutil.copyfile(good, path)
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("PRAGMA foreign_keys = OFF")
        db.execute("DROP TABLE network_note")


def _from_a_newer_coffeechat(good: Path, path: Path) -> None:
    shutil.copyfile(good, path)
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('network', '9999_from_the_future', '2031-01-01')"
        )


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (_random_bytes, "is not an SQLite database"),
        (_truncated, "is truncated"),
        (_damaged, "damaged|malformed|not a usable"),
        (_not_coffeechat, "not Coffeechat's"),
        (_other_django_project, "not Coffeechat's"),
        (_missing_a_table, "missing Coffeechat's table network_note"),
        (
            _from_a_newer_coffeechat,
            "comes from a newer Coffeechat: it has the migration network.9999_from_the_future",
        ),
    ],
    ids=lambda value: value.__name__.strip("_") if callable(value) else "",
)
def test_a_bad_backup_is_refused_by_name_and_the_database_is_untouched(
    make: object, says: str, home: Path, backup: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad backup.sqlite3"
    assert callable(make)
    make(backup, bad)
    with pytest.raises(BackupError, match=says) as refused:
        check_backup(bad)
    assert str(bad) in str(refused.value)
    live = database(home)
    before = digest(live)
    result = coffeechat(home, "restore", str(bad), "--yes")
    assert result.returncode != 0
    assert str(bad) in result.stderr and re.search(says, result.stderr), result.stderr
    assert digest(live) == before and usernames(live) == {"alice"}
    assert not (home / "backups").exists()  # refused before anything was done
    assert sorted(p.name for p in home.iterdir()) == ["coffeechat.sqlite3", "secret_key"]


def test_restore_asks_first_and_refuses_without_a_terminal(home: Path, backup: Path) -> None:
    add_users(database(home), "bob")
    result = coffeechat(home, "restore", str(backup))
    assert result.returncode != 0
    assert str(backup) in result.stderr and "--yes" in result.stderr
    assert usernames(database(home)) == {"alice", "bob"}


def test_restore_refuses_while_another_program_has_the_database_open(
    home: Path, backup: Path
) -> None:
    live = database(home)
    add_users(live, "bob")
    with contextlib.closing(sqlite3.connect(live, isolation_level=None)) as db:
        db.execute("BEGIN")
        db.execute("SELECT count(*) FROM auth_user").fetchall()  # a reader mid-request
        result = coffeechat(home, "restore", str(backup), "--yes")
        db.execute("COMMIT")
    assert result.returncode != 0 and "in use by another program" in result.stderr
    assert usernames(live) == {"alice", "bob"}
    assert not (home / "backups").exists()


# --- keeping N automatic backups -------------------------------------------------------------


def test_only_the_newest_automatic_backups_are_kept(home: Path, backup: Path) -> None:
    for _ in range(3):
        ok(coffeechat(home, "restore", str(backup), "--yes", COFFEECHAT_KEEP_BACKUPS="2"))
    ok(coffeechat(home, "backup"))  # on request: never rotated away
    names = sorted(p.name for p in (home / "backups").iterdir())
    assert len([n for n in names if n.endswith("-before-restore.sqlite3")]) == 2
    assert len([n for n in names if "-before-" not in n]) == 1


def test_prune_keeps_the_newest_and_leaves_other_files_alone(tmp_path: Path) -> None:
    now = time.time()
    for age in range(12):
        path = tmp_path / f"coffeechat-20260101-0000{age:02d}-before-migrate.sqlite3"
        path.write_bytes(b"")
        os.utime(path, (now - age * 60, now - age * 60))
    (tmp_path / "coffeechat-20200101-000000.sqlite3").write_bytes(b"")  # taken on request
    (tmp_path / "notes.txt").write_text("mine")
    deleted = prune_backups(tmp_path, 10)
    assert sorted(p.name for p in deleted) == [
        "coffeechat-20260101-000010-before-migrate.sqlite3",
        "coffeechat-20260101-000011-before-migrate.sqlite3",
    ]
    assert len(list(tmp_path.iterdir())) == 12


# --- serve backs up before migrating ---------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(home: Path) -> Iterator[list[str]]:
    """Run `coffeechat serve` until it prints its login link; yields the lines it printed."""
    process = subprocess.Popen(
        [sys.executable, "-m", "coffeechat", "serve", "--port", str(_free_port())],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_environment(home),
    )
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "/login/link/" in line:
                break
        assert any("/login/link/" in line for line in lines), "".join(lines)
        yield lines
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_backs_up_before_applying_pending_migrations(behind: Path) -> None:
    home = behind
    live = database(home)
    add_users(live, "alice")
    with serving(home) as lines:
        saved = [line for line in lines if line.startswith("Backed up the database to ")]
    backups = list((home / "backups").iterdir())
    assert len(backups) == 1 and backups[0].name.endswith("-before-migrate.sqlite3")
    assert str(backups[0]) in saved[0]
    assert "0003_person_search_index" not in applied(backups[0], "network")  # as it was
    assert "0003_person_search_index" in applied(live, "network")  # and then migrated
    assert usernames(backups[0]) == {"alice"}
    # Up to date: no more backups.
    with serving(home) as lines:
        assert not [line for line in lines if "Backed up" in line]
    assert len(list((home / "backups").iterdir())) == 1


def test_serve_in_a_fresh_data_folder_makes_no_backup(tmp_path: Path) -> None:
    home = tmp_path / "fresh"
    with serving(home):
        pass
    assert not (home / "backups").exists()
