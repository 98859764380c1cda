"""One migrated SQLite data folder for the whole test run, shared by every worker process.

Migrating a database from nothing costs seconds of CPU. The tests that run `coffeechat` in a
process of its own on SQLite start from a copy of this folder instead, except those that check
what happens in a fresh data folder. The first worker that asks makes it, under a lock, in a
directory the controlling pytest process made for the run (`pytest_configure` in conftest.py);
the others wait for it and copy it. Nobody writes to the folder itself.
"""

from __future__ import annotations

import atexit
import fcntl
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

SHARED = "PYTEST_COFFEECHAT_SHARED"  # the run's shared directory, for the workers


def make_shared_directory(config: pytest.Config) -> None:
    """In the controlling process (not in a worker): a directory for the run, removed after it."""
    if hasattr(config, "workerinput") or os.environ.get(SHARED):
        return
    shared = tempfile.mkdtemp(prefix="coffeechat-testrun-")
    os.environ[SHARED] = shared

    def remove() -> None:
        os.environ.pop(SHARED, None)
        shutil.rmtree(shared, ignore_errors=True)

    config.add_cleanup(remove)


@functools.cache
def _private_directory() -> Path:
    """Outside the suite's own pytest run: a directory for this process alone."""
    path = tempfile.mkdtemp(prefix="coffeechat-testrun-")
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return Path(path)


def _environment(home: Path) -> dict[str, str]:
    """The app's own settings (not the suite's) on SQLite in `home`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("COFFEECHAT_", "EMAIL_")) and k != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        COFFEECHAT_HOME=str(home), DATABASE_URL="", DJANGO_SETTINGS_MODULE="coffeechat.settings"
    )
    return env


def migrated_sqlite() -> Path:
    """The run's fully migrated data folder (a SQLite database and its secret key): copy it."""
    shared = Path(os.environ.get(SHARED) or _private_directory())
    folder = shared / "migrated-sqlite"
    with (shared / "migrated-sqlite.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (folder / "coffeechat.sqlite3").exists():
            partial = Path(tempfile.mkdtemp(prefix="migrating-", dir=shared))
            result = subprocess.run(
                [sys.executable, "-m", "coffeechat", "migrate", "--noinput", "-v", "0"],
                capture_output=True,
                text=True,
                env=_environment(partial),
                stdin=subprocess.DEVNULL,
                timeout=600,
            )
            assert result.returncode == 0, result.stdout + result.stderr
            partial.rename(folder)
    return folder


def copy_migrated_sqlite(home: Path) -> Path:
    """Make `home` a data folder holding a fully migrated SQLite database; returns `home`."""
    shutil.copytree(migrated_sqlite(), home, dirs_exist_ok=True)
    return home
