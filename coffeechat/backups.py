"""Backups of the local SQLite database: take one while the app runs, check one, restore one.

A backup is a plain SQLite file made with SQLite's online backup API from a fresh
connection, so it is a consistent snapshot even while Coffeechat keeps writing (WAL
readers never block writers). It is written beside its target under a temporary name,
checked, and renamed into place, so a crash never leaves half a backup behind.

Hosted Coffeechat runs on PostgreSQL, whose own tools (pg_dump, pg_restore) do this job.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

SQLITE_HEADER = b"SQLite format 3\x00"
BACKUP_NAME_PREFIX = "coffeechat-"
AUTOMATIC_MARK = "-before-"
POSTGRES_MESSAGE = (
    "backups here are for the local SQLite database; this Coffeechat uses PostgreSQL, "
    "so back it up with pg_dump and restore it with pg_restore (see the career-centre set-up)."
)


class BackupError(Exception):
    """A backup or restore that can't go ahead; the message says why and names the file."""


@dataclass(frozen=True)
class BackupInfo:
    """What check_backup found in a good backup."""

    path: Path
    migrations: int
    missing_migrations: list[str] = field(default_factory=list)  # this code has, it lacks


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    database: Path
    previous: Path | None  # a backup of the database as it was, to undo the restore
    migrated: list[str]  # migrations applied to bring an older backup up to date


# --- where things are ------------------------------------------------------------------------


def database_path() -> Path:
    """The live SQLite database file; refuses PostgreSQL and in-memory databases."""
    if connection.vendor != "sqlite":
        raise BackupError(POSTGRES_MESSAGE)
    if _in_memory():
        raise BackupError("the database is in memory; there is no file to back up or replace.")
    return Path(connection.settings_dict["NAME"])


def _in_memory() -> bool:
    name = str(connection.settings_dict["NAME"])
    return name == ":memory:" or "mode=memory" in name


def backups_folder() -> Path:
    return Path(settings.COFFEECHAT_HOME) / "backups"


def _timeout() -> float:
    return float(connection.settings_dict.get("OPTIONS", {}).get("timeout", 20))


def _has_data(path: Path) -> bool:
    return path.is_file() and path.stat().st_size > 0


# --- backing up ------------------------------------------------------------------------------


def copy_database(source: Path, target: Path, *, timeout: float = 20) -> Path:
    """Copy the SQLite database `source` to `target` consistently, atomically, mode 0600.

    Other connections may keep writing to `source`: the copy is one snapshot of committed
    data. The copy is a self-contained file (rollback journal, not WAL) and is checked with
    PRAGMA integrity_check before it replaces anything at `target`.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle, temporary_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise BackupError(f"{target}: can't be written: {error.strerror}.") from None
    os.close(handle)  # mkstemp made it 0600; SQLite writes into the empty file
    temporary = Path(temporary_name)
    try:
        # mode=rw (not rwc): a missing source is an error, never an empty new database.
        source_db = sqlite3.connect(_uri(source, "rw"), uri=True, timeout=timeout)
        try:
            target_db = sqlite3.connect(temporary)
            try:
                source_db.backup(target_db)  # all pages in one step: one read snapshot
                target_db.execute("PRAGMA journal_mode=DELETE")
                result = target_db.execute("PRAGMA integrity_check").fetchall()
                if result != [("ok",)]:
                    raise BackupError(f"{source}: the copy failed its integrity check: {result}.")
            finally:
                target_db.close()
        finally:
            source_db.close()
        _fsync(temporary)
        os.replace(temporary, target)
        _fsync_folder(target.parent)
    except sqlite3.Error as error:
        temporary.unlink(missing_ok=True)
        raise BackupError(f"{source}: can't be backed up: {error}.") from None
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise BackupError(f"{target}: can't be written: {error.strerror or error}.") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def backup_database(target: Path | None = None, *, reason: str | None = None) -> Path:
    """Back up the live database to `target` (a file or folder), by default the backups folder.

    With a `reason` (e.g. "migrate") the backup is automatic: it is named
    coffeechat-YYYYMMDD-HHMMSS-before-REASON.sqlite3 and only the newest
    COFFEECHAT_KEEP_BACKUPS automatic backups are kept. Backups taken on request are never
    deleted.
    """
    live = database_path()
    if not _has_data(live):
        raise BackupError(f"{live}: there is no database here yet, so nothing to back up.")
    if target is None or target.is_dir():
        target = _new_backup_name(target or backups_folder(), reason)
    live_files = {Path(f"{live.resolve()}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")}
    if target.resolve() in live_files:
        raise BackupError(f"{target}: that is the live database's own file; choose another.")
    if target.parent == backups_folder():
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    copy_database(live, target, timeout=_timeout())
    if reason is not None:
        prune_backups(target.parent, settings.COFFEECHAT_KEEP_BACKUPS)
    return target


def _new_backup_name(folder: Path, reason: str | None) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    tail = f"{AUTOMATIC_MARK}{reason}" if reason else ""
    path = folder / f"{BACKUP_NAME_PREFIX}{stamp}{tail}.sqlite3"
    number = 2
    while path.exists():  # two backups in the same second
        path = folder / f"{BACKUP_NAME_PREFIX}{stamp}-{number}{tail}.sqlite3"
        number += 1
    return path


def automatic_backups(folder: Path) -> list[Path]:
    """The automatic backups in `folder`, oldest first."""
    found = [
        path
        for path in folder.glob(f"{BACKUP_NAME_PREFIX}*{AUTOMATIC_MARK}*.sqlite3")
        if path.is_file()
    ]
    return sorted(found, key=lambda path: (path.stat().st_mtime_ns, path.name))


def prune_backups(folder: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest automatic backups in `folder`; returns the deleted."""
    found = automatic_backups(folder)
    old = found[:-keep] if keep > 0 else found
    for path in old:
        path.unlink(missing_ok=True)
    return old


def pending_migrations() -> list[str]:
    """Migrations this code has that the database hasn't applied, as "app.name", in order."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def backup_before_migrating() -> Path | None:
    """Back up an existing SQLite database that is about to be migrated; None if no need."""
    if connection.vendor != "sqlite" or _in_memory():
        return None
    live = Path(connection.settings_dict["NAME"])
    if not _has_data(live):
        return None
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder(connection)
    if not recorder.has_table() or not recorder.applied_migrations():
        return None  # nothing worth keeping yet
    if not pending_migrations():
        return None
    return backup_database(reason="migrate")


# --- checking --------------------------------------------------------------------------------


def check_backup(path: Path, *, name: Path | None = None) -> BackupInfo:
    """Make sure `path` is a sound Coffeechat database this version can use, else BackupError.

    It must be an SQLite file that passes PRAGMA integrity_check, hold Coffeechat's tables
    and migration history, and have no migration this code doesn't know (a backup from a
    newer Coffeechat). Errors name `name` (default `path`). The file is opened read-only.
    """
    shown = name or path
    if not path.is_file():
        raise BackupError(f"{shown}: there is no such file.")
    try:
        with path.open("rb") as file:
            header = file.read(100)
    except OSError as error:
        raise BackupError(f"{shown}: can't be read: {error.strerror}.") from None
    if not header.startswith(SQLITE_HEADER):
        raise BackupError(f"{shown}: is not an SQLite database (not a Coffeechat backup).")
    if len(header) < 100 or (header[18], header[19]) not in ((1, 1), (2, 2)):
        raise BackupError(f"{shown}: is damaged (its SQLite header is incomplete).")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    size_is_valid = header[24:28] == header[92:96]  # else SQLite goes by the file's size
    if size_is_valid and path.stat().st_size < page_size * pages:
        raise BackupError(
            f"{shown}: is truncated: it should hold {page_size * pages} bytes "
            f"but has {path.stat().st_size}."
        )
    try:
        # immutable=1 reads the file as it is: no -wal/-shm files are made or read beside it.
        database = sqlite3.connect(_uri(path, "ro", immutable=True), uri=True)
        try:
            problems = [row[0] for row in database.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                listed = "; ".join(problems[:3])
                raise BackupError(f"{shown}: is damaged: integrity check says {listed}.")
            tables = {
                row[0]
                for row in database.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "django_migrations" not in tables:
                raise BackupError(
                    f"{shown}: is an SQLite database but not Coffeechat's (no django_migrations table)."
                )
            applied = set(database.execute("SELECT app, name FROM django_migrations").fetchall())
        finally:
            database.close()
    except sqlite3.Error as error:
        raise BackupError(f"{shown}: is not a usable SQLite database: {error}.") from None
    return _compare_migrations(shown, applied, tables)


def _compare_migrations(shown: Path, applied: set[tuple[str, str]], tables: set[str]) -> BackupInfo:
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    ours = sorted(
        config.label for config in apps.get_app_configs() if config.name.startswith("coffeechat.")
    )
    if not any(app in ours for app, _ in applied):
        raise BackupError(
            f"{shown}: is a Django database but not Coffeechat's (none of Coffeechat's migrations)."
        )
    unknown = sorted(f"{app}.{migration}" for app, migration in applied - known)
    if unknown:
        raise BackupError(
            f"{shown}: comes from a newer Coffeechat: it has the migration {unknown[0]}"
            + (f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else "")
            + ", which this version doesn't know. Upgrade Coffeechat, then restore it."
        )
    missing = sorted(f"{app}.{migration}" for app, migration in known - applied)
    # Every app whose history is complete must have all of its tables.
    complete = {config.label for config in apps.get_app_configs()} - {
        name.split(".", 1)[0] for name in missing
    }
    expected: set[str] = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in complete and model._meta.managed and not model._meta.proxy:
            expected.add(model._meta.db_table)
    absent = sorted(expected - tables)
    if absent:
        raise BackupError(
            f"{shown}: is missing Coffeechat's table {absent[0]}"
            + (f" (and {len(absent) - 1} more)" if len(absent) > 1 else "")
            + ", so it is not a complete Coffeechat database."
        )
    return BackupInfo(path=shown, migrations=len(applied), missing_migrations=missing)


# --- restoring -------------------------------------------------------------------------------


def restore_database(path: Path) -> RestoreResult:
    """Replace the live database with the backup at `path`, keeping a backup of the current one.

    The file is copied beside the live database and that copy is checked, so what is
    swapped in is exactly what passed. The current database is backed up first (the
    restore can be undone), then the swap is one atomic rename. A backup from an older
    Coffeechat is migrated forward afterwards.
    """
    live = database_path()
    live.parent.mkdir(parents=True, exist_ok=True)
    if path.resolve() == live.resolve():
        raise BackupError(f"{path}: that is the live database itself.")
    staged = _stage(path, live)
    try:
        check_backup(staged, name=path)
        connections.close_all()
        _take_offline(live)  # refuse early, before making a backup, if it's in use
        previous = backup_database(reason="restore") if _has_data(live) else None
        _take_offline(live)  # and again at the last moment
        os.replace(staged, live)
        _fsync_folder(live.parent)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    connections.close_all()
    migrated = pending_migrations()
    if migrated:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
    return RestoreResult(restored_from=path, database=live, previous=previous, migrated=migrated)


def _stage(path: Path, live: Path) -> Path:
    """Copy `path` to a temporary file beside the live database."""
    if not path.is_file():
        raise BackupError(f"{path}: there is no such file.")
    handle, name = tempfile.mkstemp(dir=live.parent, prefix=f".{live.name}.restore-", suffix=".tmp")
    os.close(handle)
    staged = Path(name)
    try:
        shutil.copyfile(path, staged)
        _fsync(staged)
    except OSError as error:
        staged.unlink(missing_ok=True)
        raise BackupError(f"{path}: can't be read: {error.strerror or error}.") from None
    return staged


def _take_offline(live: Path) -> None:
    """Fold the WAL into the live file and remove its -wal/-shm, or refuse if it's in use.

    Leaving WAL mode needs the only connection to the database, so this doubles as the
    check that no other program (a running `coffeechat serve` mid-request, say) has it open.
    """
    if not live.exists():
        return
    in_use = BackupError(
        f"{live}: the database is in use by another program; stop Coffeechat "
        "(`coffeechat serve`) and try again."
    )
    try:
        database = sqlite3.connect(_uri(live, "rw"), uri=True, timeout=5)
        try:
            mode = database.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        finally:
            database.close()
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise in_use from None
        raise BackupError(f"{live}: can't be prepared for the restore: {error}.") from None
    if str(mode).lower() != "delete":
        raise in_use
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{live}{suffix}").unlink(missing_ok=True)


# --- files -----------------------------------------------------------------------------------


def _uri(path: Path, mode: str, *, immutable: bool = False) -> str:
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    return uri + "&immutable=1" if immutable else uri


def _fsync(path: Path) -> None:
    with path.open("rb") as file:
        os.fsync(file.fileno())


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can open a folder
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
