"""In a terminal, the imports show a progress bar; piped, they print only their summary.

Each runs `coffeechat import` in a process of its own, on a copy of the migrated data folder,
with its output on a pseudo-terminal (as a person at a shell sees it) or piped.
"""

from __future__ import annotations

import contextlib
import json
import os
import pty
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from coffeechat import portability
from tests.migrated import copy_migrated_sqlite

# The folder's own SQLite database: nothing here depends on the suite's database.
pytestmark = pytest.mark.backend_independent

LINKEDIN = Path(__file__).parent / "data" / "imports" / "linkedin-connections.csv"
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = copy_migrated_sqlite(tmp_path / "home")
    with contextlib.closing(sqlite3.connect(home / "coffeechat.sqlite3")) as db, db:
        db.executemany(
            "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name,"
            " email, is_staff, is_active, date_joined) VALUES"
            " ('!', 0, ?, '', '', '', 0, 1, '2026-01-01 00:00:00')",
            [("ada",), ("grace",)],
        )
    return home


def _environment(home: Path) -> dict[str, str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("COFFEECHAT_") and k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    return {**environment, "COFFEECHAT_HOME": str(home), "TERM": "xterm", "COLUMNS": "100"}


def in_a_terminal(home: Path, *args: str) -> tuple[int, str]:
    """Run `coffeechat ARGS` with stdout and stderr on a pseudo-terminal: (status, screen)."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "coffeechat", *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env=_environment(home),
    )
    os.close(follower)
    received = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        received.append(chunk)
    os.close(leader)
    status = process.wait(timeout=120)
    return status, ESCAPES.sub("", b"".join(received).decode("utf-8", "replace"))


def piped(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coffeechat", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=_environment(home),
        timeout=120,
    )


def export_file(path: Path) -> Path:
    people = [
        {"id": f"person-{n}", "first_name": f"Person {n}", "last_name": "Example"}
        for n in range(1, 4)
    ]
    notes = [{"id": "note-1", "person": "person-1", "text": "Met at the UXPA meetup."}]
    data = {
        "format": portability.FORMAT,
        "version": portability.VERSION,
        "tables": {"network.person": people, "network.note": notes},
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_json_import_and_export_in_a_terminal_show_their_progress(
    home: Path, tmp_path: Path
) -> None:
    source = export_file(tmp_path / "export.json")
    status, screen = in_a_terminal(home, "import", "json", str(source), "--user", "ada")
    assert status == 0, screen
    # The bar redraws ten times a second: a small file shows its first and last states.
    assert "Importing ━" in screen and "Saving ━" in screen and "100%" in screen
    assert "Imported export.json: 4 rows in 2 tables." in screen

    copy = tmp_path / "copy.json"
    status, screen = in_a_terminal(home, "export", "json", str(copy), "--user", "ada")
    assert status == 0, screen
    assert "Writing the file ━" in screen and f"Wrote 4 rows to {copy}." in screen
    assert copy.read_text(encoding="utf-8").startswith("{")

    quiet = piped(home, "import", "json", str(source), "--user", "grace")
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout.strip() == "Imported export.json: 4 rows in 2 tables."
    assert "Importing" not in quiet.stderr and "━" not in quiet.stderr


def test_a_contact_import_in_a_terminal_shows_its_bar(home: Path) -> None:
    status, screen = in_a_terminal(home, "import", "linkedin", str(LINKEDIN), "--user", "ada")
    assert status == 0, screen
    assert "Writing ━" in screen and "100%" in screen
    assert "Imported linkedin-connections.csv" in screen
