"""A bad environment variable stops start-up with a message that names it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from coffeechat import env

# Nothing here depends on the database engine: the PostgreSQL run skips it.
pytestmark = pytest.mark.backend_independent


def run_coffeechat(
    tmp_path: Path, *args: str, **variables: str
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment["COFFEECHAT_HOME"] = str(tmp_path / "home")
    environment.update(variables)
    return subprocess.run(
        [sys.executable, "-m", "coffeechat", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("DEBUG", "maybe", "DEBUG must be true or false"),
        ("TIME_ZONE", "Mars/Olympus", "TIME_ZONE must be an IANA time zone"),
        ("DATABASE_URL", "mysql://x@y/z", "DATABASE_URL must be a PostgreSQL URL"),
        ("COFFEECHAT_SQLITE_TIMEOUT", "soon", "COFFEECHAT_SQLITE_TIMEOUT must be a whole number"),
        ("COFFEECHAT_HOSTED", "true", "SECRET_KEY must be set"),
        ("SECRET_KEY", "short", "SECRET_KEY must be at least 32"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(
    tmp_path: Path, variable: str, value: str, expected: str
) -> None:
    result = run_coffeechat(tmp_path, "check", **{variable: value})
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_a_data_folder_that_cannot_be_created_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_coffeechat(tmp_path, "check", COFFEECHAT_HOME=str(blocker / "home"))
    assert result.returncode == 2
    assert "COFFEECHAT_HOME" in result.stderr


def test_local_mode_keeps_one_secret_key_in_the_data_folder(tmp_path: Path) -> None:
    assert run_coffeechat(tmp_path, "check").returncode == 0
    key_file = tmp_path / "home" / "secret_key"
    first = key_file.read_text()
    assert len(first) >= 50 and oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert run_coffeechat(tmp_path, "check").returncode == 0
    assert key_file.read_text() == first


def test_sqlite_is_in_the_data_folder_with_wal_and_immediate_transactions(tmp_path: Path) -> None:
    script = (
        "import django; django.setup();"
        "from django.db import connection; c = connection.cursor();"
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]);"
        "print(connection.settings_dict['OPTIONS']['transaction_mode']);"
        "print(connection.settings_dict['NAME'])"
    )
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(
        COFFEECHAT_HOME=str(tmp_path / "home"), DJANGO_SETTINGS_MODULE="coffeechat.settings"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=environment
    )
    journal, mode, name = result.stdout.split()
    assert (journal, mode) == ("wal", "IMMEDIATE")
    assert name == str(tmp_path / "home" / "coffeechat.sqlite3")


def test_the_typed_readers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_LIST", " a, b ,,c ")
    assert env.env_list("X_LIST", []) == ["a", "b", "c"]
    monkeypatch.setenv("X_BOOL", "Yes")
    assert env.env_bool("X_BOOL", False) is True
    monkeypatch.setenv("X_INT", "0")
    with pytest.raises(ImproperlyConfigured, match="X_INT must be at least 1"):
        env.env_int("X_INT", 5, minimum=1)
    monkeypatch.setenv("X_EMPTY", "  ")
    assert env.env_str("X_EMPTY", "default") == "default"
    monkeypatch.setenv("X_DB", "postgresql://u:p@localhost:5432/db")
    config = env.env_database_url("X_DB")
    assert (
        config is not None
        and config["NAME"] == "db"
        and config["ENGINE"] == "django.db.backends.postgresql"
    )
