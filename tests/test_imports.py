from __future__ import annotations

import datetime as dt
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coffeechat.imports.errors import ImportFileError
from coffeechat.imports.formats import csv_mapping, linkedin, notes
from coffeechat.imports.importer import Outcome, read_rows, run_import
from coffeechat.imports.models import ImportUpload
from coffeechat.imports.rows import Contact, LastTalked, NotedInterview, Skipped
from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Organization, Person
from tests.migrated import copy_migrated_sqlite

DATA = Path(__file__).parent / "data" / "imports"
CONNECTIONS = DATA / "linkedin-connections.csv"
OLD_CONNECTIONS = DATA / "linkedin-connections-2018.csv"
MESSAGES = DATA / "linkedin-messages.csv"
MAPPED = DATA / "mapped-contacts.csv"
NOTES = DATA / "notes"


def _import(user: User, kind: str, path: Path, *, apply: bool = True) -> dict[str, Any]:
    source: bytes | Path = path if path.is_dir() else path.read_bytes()
    return run_import(user, read_rows(kind, source, name=path.name), apply=apply).as_json()


# --- readers ---------------------------------------------------------------------------


@pytest.mark.backend_independent
def test_current_connections_csv_reads_past_the_notes_preamble() -> None:
    rows = list(linkedin.read_connections(CONNECTIONS.read_bytes(), name="c.csv"))
    contacts = [row for row in rows if isinstance(row, Contact)]
    assert [c.name for c in contacts][:4] == [
        "Jane Doe",
        "Amara Okafor",
        "Luis García-López",
        "Priya Raman",
    ]
    jane, amara, luis, priya = contacts[:4]
    assert jane.row == 5 and jane.connected_on == dt.date(2024, 10, 9)
    assert jane.linkedin_url == "https://www.linkedin.com/in/jane-doe-12345"
    assert amara.organization == "Acme, Inc."
    assert amara.position == 'Director, Product "Growth"'
    assert amara.emails == ("amara.okafor@example.org",)
    assert luis.organization == "Contoso Ltd" and luis.position == "Senior Data Scientist"
    assert priya.organization == ""
    skipped = [row for row in rows if isinstance(row, Skipped)]
    assert [s.row for s in skipped] == [10] and "no first or last name" in skipped[0].reason


@pytest.mark.backend_independent
def test_old_connections_csv_has_no_url_and_us_dates() -> None:
    rows = list(linkedin.read_connections(OLD_CONNECTIONS.read_bytes(), name="old.csv"))
    contacts = [row for row in rows if isinstance(row, Contact)]
    assert [c.name for c in contacts] == ["Jane Doe", "Kenji Tanaka", "Sam O'Neil", "Aisha Khan"]
    assert contacts[0].connected_on == dt.date(2018, 1, 8)
    assert contacts[1].connected_on == dt.date(2017, 12, 24)
    assert contacts[2].organization == "Smith, Jones & Co"
    assert contacts[3].emails == ()  # "not-an-email" is dropped, the person kept
    assert all(c.linkedin_url == "" for c in contacts)


@pytest.mark.backend_independent
def test_messages_give_the_latest_message_per_person_but_not_drafts_or_the_user() -> None:
    rows = list(linkedin.read_messages(MESSAGES.read_bytes(), name="messages.csv"))
    talked = {row.linkedin_url: row for row in rows if isinstance(row, LastTalked)}
    assert set(talked) == {
        "https://www.linkedin.com/in/jane-doe-12345",
        "https://www.linkedin.com/in/weizhang",
        "https://www.linkedin.com/in/some-recruiter",
    }
    assert talked["https://www.linkedin.com/in/jane-doe-12345"].at == dt.datetime(
        2024, 10, 9, 14, 22, 10, tzinfo=dt.UTC
    )
    assert talked["https://www.linkedin.com/in/weizhang"].at.year == 2023  # the draft is not
    assert any(isinstance(row, Skipped) and "DATE" in row.reason for row in rows)


@pytest.mark.backend_independent
def test_a_csv_mapping_is_guessed_from_french_headers_and_adjustable() -> None:
    header, _ = csv_mapping.read_table(MAPPED.read_bytes(), "m.csv")
    mapping = csv_mapping.guess_mapping(header)
    assert mapping == {
        "name": 0,
        "email": 1,
        "organization": 2,
        "position": 3,
        "location": 4,
        "notes": 5,
    }
    rows = list(csv_mapping.read(MAPPED.read_bytes(), name="m.csv"))
    marie = rows[0]
    assert isinstance(marie, Contact) and marie.name == "Marie Dupont"
    assert marie.notes == "Rencontrée au salon; très sympa"
    assert isinstance(rows[2], Skipped) and "no name" in rows[2].reason
    assert isinstance(rows[3], Skipped) and "pas-un-courriel" in rows[3].reason
    changed = csv_mapping.parse_mapping("location=Entreprise,organization=5", header)
    assert changed == {"location": 2, "organization": 4}
    with pytest.raises(ValueError, match="no column called 'Salary'"):
        csv_mapping.parse_mapping("notes=Salary", header)


@pytest.mark.backend_independent
def test_notes_become_interviews_and_broken_notes_say_why() -> None:
    rows = list(notes.read(NOTES, name="notes"))
    files = [getattr(row, "file", "") for row in rows]
    assert ".obsidian/hidden.md" not in files
    interviews = [row for row in rows if isinstance(row, NotedInterview)]
    assert [i.contact.name for i in interviews] == ["Jane Doe", "Ken Adams"]
    jane = interviews[0]
    assert jane.date == dt.date(2024, 10, 9) and jane.exploration == "UX research"
    assert jane.contact.emails == ("jane.doe@example.com",)
    assert jane.notes.startswith("She moved from teaching")
    assert interviews[1].contact.organization == "Contoso, Ltd."
    reasons = " | ".join(row.reason for row in rows if isinstance(row, Skipped))
    assert "broken.md: the front matter is not valid YAML" in reasons
    assert "bad-date.md: date: 'next tuesday' is not a date" in reasons
    assert "no-front-matter.md: no front matter" in reasons


@pytest.mark.backend_independent
def test_a_zip_of_notes_reads_like_the_folder() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(NOTES.rglob("*.md")):
            archive.write(path, path.relative_to(NOTES).as_posix())
    from_zip = list(notes.read(buffer.getvalue(), name="notes.zip"))
    assert from_zip == list(notes.read(NOTES, name="notes"))


@pytest.mark.backend_independent
@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("linkedin", b"", "the file is empty"),
        ("linkedin", b"\x89PNG\r\n\x1a\n\x00\x00binary", "not LinkedIn's Connections.csv"),
        ("linkedin-messages", b"First Name,Last Name\nA,B\n", "not LinkedIn's messages.csv"),
        ("csv", b"Colour,Size\nred,XL\n", "no column holds names"),
        ("notes", b"not a zip", "not a readable .zip"),
    ],
)
def test_a_bad_file_is_one_clear_error_naming_it(kind: str, data: bytes, message: str) -> None:
    with pytest.raises(ImportFileError, match=message) as error:
        read_rows(kind, data, name="upload.bin")
    assert str(error.value).startswith("upload.bin")


# --- property tests: random and broken input ---------------------------------------------

CSV_TEXT = st.text(
    alphabet=st.sampled_from(list('abcXYZ ,;"\t\n\r-/:@.0123456789éß\ufeff\x00')), max_size=400
)
HEADERS = [
    b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    b"CONVERSATION ID,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,CONTENT\n",
    b"Name,Email,Company,Title\n",
]


def _only_rows_or_a_file_error(kind: str, data: bytes) -> None:
    try:
        rows = read_rows(kind, data, name="fuzz.csv")
    except ImportFileError as error:
        assert str(error).startswith("fuzz.csv")
        return
    for row in rows:
        assert isinstance(row, Contact | LastTalked | NotedInterview | Skipped)


@pytest.mark.backend_independent
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(["linkedin", "linkedin-messages", "csv"]),
    header=st.sampled_from(HEADERS),
    body=CSV_TEXT,
    noise=st.binary(max_size=60),
)
def test_csv_readers_never_fail_on_broken_input(
    kind: str, header: bytes, body: str, noise: bytes
) -> None:
    _only_rows_or_a_file_error(kind, header + body.encode() + noise)
    _only_rows_or_a_file_error(kind, noise + body.encode("utf-16"))


@pytest.mark.backend_independent
@settings(max_examples=150, deadline=None)
@given(meta=st.text(max_size=200), body=st.text(max_size=100), raw=st.binary(max_size=100))
def test_the_notes_reader_never_fails_on_broken_notes(meta: str, body: str, raw: bytes) -> None:
    for data in (f"---\n{meta}\n---\n{body}".encode(), raw, f"---\nperson: {meta}\n---\n".encode()):
        row = notes.read_note(1, "fuzz.md", data)
        assert isinstance(row, NotedInterview | Skipped)


# --- importing ---------------------------------------------------------------------------


def test_importing_connections_twice_changes_nothing_the_second_time(alice: User) -> None:
    first = _import(alice, "linkedin", CONNECTIONS)
    assert first["created"] == 6 and first["updated"] == 0
    assert first["skipped"] == [
        {
            "row": 10,
            "reason": "no first or last name (LinkedIn leaves them empty for members who left)",
        },
        {"row": 13, "reason": "the same person as row 5 (same LinkedIn profile)"},
    ]
    before = list(Person.objects.order_by("id").values())
    second = _import(alice, "linkedin", CONNECTIONS)
    assert second["created"] == 0 and second["updated"] == 0 and second["unchanged"] == 7
    assert list(Person.objects.order_by("id").values()) == before
    amara = Person.objects.get(first_name="Amara")
    assert amara.organization is not None and amara.organization.name == "Acme, Inc."
    assert "okafor" in amara.search_text and "acme" in amara.search_text


def test_an_import_fills_empty_fields_but_keeps_what_the_user_typed(alice: User) -> None:
    northwind = Organization.objects.create(user=alice, name="Northwind Health LLC")
    jane = Person.objects.create(
        user=alice,
        first_name="Jane",
        last_name="Doe",
        organization=northwind,
        position="Lead researcher (my words)",
    )
    report = _import(alice, "linkedin", OLD_CONNECTIONS)
    jane.refresh_from_db()
    assert jane.position == "Lead researcher (my words)"
    assert jane.email == "jane.doe@example.com"
    assert report["updated"] == 1 and report["created"] == 3
    assert Organization.objects.filter(user=alice, normalized_name="northwind health").count() == 1


def test_a_dry_run_writes_nothing(alice: User) -> None:
    report = _import(alice, "linkedin", CONNECTIONS, apply=False)
    assert report["created"] == 6 and not Person.objects.exists()
    assert not Organization.objects.exists()


def test_likely_duplicates_are_added_and_flagged_not_merged(alice: User) -> None:
    acme = Organization.objects.create(user=alice, name="Acme")
    Person.objects.create(user=alice, first_name="Amaraa", last_name="Okafor", organization=acme)
    report = run_import(
        alice, read_rows("linkedin", CONNECTIONS.read_bytes(), name="c.csv"), apply=True
    )
    amara = next(row for row in report.rows if row.name == "Amara Okafor")
    assert (
        amara.outcome is Outcome.CREATED
        and "may be the same person as Amaraa Okafor" in amara.review
    )
    assert Person.objects.filter(user=alice, last_name="Okafor").count() == 2


def test_messages_set_when_the_user_last_talked_with_someone(alice: User) -> None:
    _import(alice, "linkedin", CONNECTIONS)
    report = _import(alice, "linkedin-messages", MESSAGES)
    jane = Person.objects.get(first_name="Jane")
    assert jane.last_linkedin_message_at == dt.datetime(2024, 10, 9, 14, 22, 10, tzinfo=dt.UTC)
    assert report["updated"] == 2  # Jane and Wei; the recruiter is not in the network
    assert any("some-recruiter" in s["reason"] for s in report["skipped"])
    assert _import(alice, "linkedin-messages", MESSAGES)["updated"] == 0


def test_notes_import_as_held_interviews_once(alice: User) -> None:
    Person.objects.create(
        user=alice, first_name="Jane", last_name="Doe", email="jane.doe@example.com"
    )
    report = _import(alice, "notes", NOTES)
    assert report["created"] == 2 and len(report["skipped"]) == 3
    jane = Interview.objects.get(person__first_name="Jane")
    assert jane.stage == Stage.HELD and jane.held_at is not None
    assert jane.held_at.date() == dt.date(2024, 10, 9)
    assert jane.exploration is not None and jane.exploration.name == "UX research"
    assert "bootcamp" in jane.notes
    assert Person.objects.filter(user=alice).count() == 2  # Jane matched by email
    again = _import(alice, "notes", NOTES)
    assert again["created"] == 0 and again["unchanged"] == 2
    assert Interview.objects.count() == 2


def test_an_import_touches_only_its_users_network(alice: User, bob: User) -> None:
    Person.objects.create(
        user=bob,
        first_name="Jane",
        last_name="Doe",
        linkedin_url="https://www.linkedin.com/in/jane-doe-12345",
    )
    assert _import(alice, "linkedin", CONNECTIONS)["created"] == 6
    assert Person.objects.filter(user=bob).count() == 1


# --- the command -------------------------------------------------------------------------


def _command(*args: str) -> str:
    out = io.StringIO()
    call_command("import", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_prints_the_json_report(alice: User) -> None:
    data = json.loads(_command("linkedin", str(CONNECTIONS), "--json", "--user", "alice"))
    assert set(data) == {"created", "updated", "unchanged", "skipped"}
    assert data["created"] == 6 and Person.objects.count() == 6
    dry = json.loads(
        _command("linkedin", str(CONNECTIONS), "--json", "--dry-run", "--user", "alice")
    )
    assert dry["unchanged"] == 7


def test_the_command_takes_a_column_mapping(alice: User) -> None:
    _command("csv", str(MAPPED), "--user", "alice", "--map", "location=Remarques,notes=")
    marie = Person.objects.get(first_name="Marie")
    assert marie.location == "Rencontrée au salon; très sympa"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("linkedin", "/nonexistent/Connections.csv"),
            "/nonexistent/Connections.csv: there is no such file",
        ),
        (("notes", "/nonexistent/vault"), "/nonexistent/vault: there is no such file"),
        (("linkedin", str(DATA)), "this is a folder"),
        (("linkedin", str(MESSAGES)), "messages.csv: this is not LinkedIn's Connections.csv"),
    ],
)
def test_the_command_names_a_bad_file(alice: User, args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        _command(*args, "--user", "alice")


# --- the web page ------------------------------------------------------------------------


def test_the_web_page_previews_then_imports(alice_client: Client, alice: User) -> None:
    upload = SimpleUploadedFile("Connections.csv", CONNECTIONS.read_bytes(), "text/csv")
    response = alice_client.post("/network/import/", {"kind": "linkedin", "file": upload})
    stored = ImportUpload.objects.get(user=alice)
    assert response.status_code == 302 and response["Location"] == f"/network/import/{stored.pk}/"
    preview = alice_client.get(f"/network/import/{stored.pk}/")
    assert b"no first or last name" in preview.content and not Person.objects.exists()
    done = alice_client.post(f"/network/import/{stored.pk}/apply/")
    assert done.status_code == 200 and Person.objects.filter(user=alice).count() == 6
    assert not ImportUpload.objects.exists()


def test_the_web_page_refuses_a_wrong_type_and_maps_csv_columns(
    alice_client: Client, alice: User
) -> None:
    image = SimpleUploadedFile("photo.png", b"\x89PNG", "image/png")
    refused = alice_client.post("/network/import/", {"kind": "linkedin", "file": image})
    assert refused.status_code == 400 and b"choose a .csv file" in refused.content
    upload = SimpleUploadedFile("contacts.csv", MAPPED.read_bytes(), "text/csv")
    alice_client.post("/network/import/", {"kind": "csv", "file": upload})
    stored = ImportUpload.objects.get(user=alice)
    alice_client.post(f"/network/import/{stored.pk}/", {"map-name": "0", "map-location": "2"})
    stored.refresh_from_db()
    assert stored.mapping == {"name": 0, "location": 2}
    alice_client.post(f"/network/import/{stored.pk}/apply/")
    assert Person.objects.get(first_name="Marie").location == "Société Générale SA"


# --- killed midway ------------------------------------------------------------------------


def _big_connections(path: Path, count: int) -> None:
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [
        f"Person{i},Number{i},https://www.linkedin.com/in/p{i},,Org {i % 500},Engineer,09 Oct 2024"
        for i in range(count)
    ]
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.backend_independent
def test_killing_an_import_midway_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    environment["COFFEECHAT_HOME"] = str(tmp_path / "home")
    command = [sys.executable, "-m", "coffeechat"]
    small, big = tmp_path / "small.csv", tmp_path / "big.csv"
    _big_connections(small, 5)
    _big_connections(big, 60_000)
    copy_migrated_sqlite(tmp_path / "home")
    subprocess.run(
        [*command, "import", "linkedin", str(small)],
        env=environment,
        check=True,
        capture_output=True,
    )
    process = subprocess.Popen(
        [*command, "import", "linkedin", str(big)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    assert line.startswith("Writing"), line
    time.sleep(0.3)  # well into the inserts
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    count = subprocess.run(
        [
            *command,
            "shell",
            "-c",
            "from coffeechat.network.models import Person, Organization; "
            "print(Person.objects.count(), Organization.objects.count())",
        ],
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    assert count.stdout.split()[-2:] == ["5", "5"]
