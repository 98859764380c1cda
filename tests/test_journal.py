"""The journal: one row per interview, filtered, sorted, paged and exported safely."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coffeechat.growth.models import Action, ActionKind, ActionStatus
from coffeechat.insights.journal import (
    HEADERS,
    JournalFilter,
    journal_csv,
    journal_interviews,
    journal_rows,
    neutralise,
)
from coffeechat.interviews.models import Interview, Stage, Takeaway
from coffeechat.network.models import Exploration, Organization, Person
from coffeechat.outreach.models import Message, MessageKind
from tests.conftest import World, build_world

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed; CI installs it to open the exports headless.",
)

# Names and notes that a careless export would turn into formulas, or mangle.
TRICKY = {
    "first_name": '=HYPERLINK("x")',
    "last_name": "",
    "position": "+1 555 0100",
    "organization": "@home",
    "exploration": "-2+3 Ünïcødé 東京",
    "advice": '=1+1\nsecond line, with "quotes", commas\r\nand a third',
    "action": "\tTabbed =SUM(A1:A2)",
}


def held_interview(
    user: User,
    first_name: str,
    *,
    days_ago: int,
    exploration: Exploration | None = None,
    thank_after_hours: float | None = None,
    **person: str,
) -> Interview:
    """An interview held `days_ago` days ago, thanked that many hours after the meeting."""
    organization = person.pop("organization", "")
    who = Person.objects.create(
        user=user,
        first_name=first_name,
        organization=Organization.objects.create(user=user, name=organization)
        if organization
        else None,
        **person,
    )
    held = timezone.now() - dt.timedelta(days=days_ago)
    interview = Interview.objects.create(user=user, person=who, exploration=exploration)
    interview.move_to(Stage.SCHEDULED, scheduled_at=held - dt.timedelta(minutes=30), at=held)
    interview.move_to(Stage.HELD, at=held)
    if thank_after_hours is not None:
        thanked = held + dt.timedelta(hours=thank_after_hours)
        message = Message.objects.create(
            user=user, person=who, interview=interview, kind=MessageKind.THANK_YOU, body="Thanks"
        )
        message.mark_sent(at=thanked)
    interview.refresh_from_db()
    return interview


@pytest.fixture
def tricky(alice: User) -> Interview:
    """Alice's interview whose every text looks like a formula or needs quoting."""
    exploration = Exploration.objects.create(user=alice, name=TRICKY["exploration"])
    interview = held_interview(
        alice,
        TRICKY["first_name"],
        days_ago=3,
        exploration=exploration,
        thank_after_hours=5,
        position=TRICKY["position"],
        organization=TRICKY["organization"],
    )
    takeaway = Takeaway.objects.create(
        user=alice, interview=interview, person=interview.person, text=TRICKY["advice"]
    )
    Action.objects.create(
        user=alice, title=TRICKY["action"], takeaway=takeaway, suggested_by=interview.person
    )
    return interview


def test_a_row_holds_the_advice_next_steps_thank_you_and_follow_ups(alice: User) -> None:
    exploration = Exploration.objects.create(user=alice, name="UX research")
    interview = held_interview(
        alice,
        "Grace",
        days_ago=10,
        exploration=exploration,
        thank_after_hours=3,
        last_name="Hopper",
        position="Researcher",
        organization="Northwind",
    )
    person = interview.person
    takeaway = Takeaway.objects.create(
        user=alice, interview=interview, person=person, text="Learn SQL."
    )
    Action.objects.create(
        user=alice,
        title="Take a SQL course",
        kind=ActionKind.COURSE,
        takeaway=takeaway,
        suggested_by=person,
        status=ActionStatus.DONE,
    )
    follow_up = Message.objects.create(
        user=alice, person=person, interview=interview, kind=MessageKind.UPDATE, body="Done!"
    )
    follow_up.mark_sent(at=timezone.now() - dt.timedelta(days=1))

    [row] = journal_rows(alice, journal_interviews(alice))

    assert (row.person, row.position, row.organization, row.exploration) == (
        "Grace Hopper",
        "Researcher",
        "Northwind",
        "UX research",
    )
    assert row.date == timezone.localdate(interview.held_at)
    assert row.advice == ["Learn SQL."]
    assert row.next_steps == ["Take a SQL course (done)"]
    assert row.thanked_on is not None and row.thanked_on_time is True
    assert follow_up.sent_at is not None  # the day it was sent, not yesterday: midnight may pass
    assert row.follow_ups == [f"Update sent {timezone.localdate(follow_up.sent_at)}"]


def test_a_thank_you_two_days_after_the_meeting_is_late(alice: User) -> None:
    held_interview(alice, "Late", days_ago=5, thank_after_hours=49)
    held_interview(alice, "Prompt", days_ago=5, thank_after_hours=23)
    held_interview(alice, "Never", days_ago=5)
    rows = {row.person: row for row in journal_rows(alice, journal_interviews(alice))}
    assert rows["Late"].thanked_on_time is False
    assert rows["Prompt"].thanked_on_time is True
    assert rows["Never"].thanked_on is None and rows["Never"].thanked_on_time is None


def names(user: User, chosen: JournalFilter) -> list[str]:
    return [row.person for row in journal_rows(user, journal_interviews(user, chosen))]


def test_it_filters_by_exploration_stage_dates_and_text(alice: User) -> None:
    ux = Exploration.objects.create(user=alice, name="UX research")
    data = Exploration.objects.create(user=alice, name="Data")
    old = held_interview(alice, "Olga", days_ago=60, exploration=ux)
    recent = held_interview(alice, "Rita", days_ago=2, exploration=data)
    Takeaway.objects.create(
        user=alice, interview=recent, person=recent.person, text="Portfolios beat certificates"
    )
    idea = Interview.objects.create(
        user=alice, person=Person.objects.create(user=alice, first_name="Ida"), exploration=ux
    )
    assert idea.stage == Stage.IDEA

    assert sorted(names(alice, JournalFilter(exploration_id=ux.pk))) == ["Ida", "Olga"]
    assert names(alice, JournalFilter(stage=Stage.IDEA)) == ["Ida"]
    week_ago = timezone.localdate() - dt.timedelta(days=7)
    assert "Olga" not in names(alice, JournalFilter(date_from=week_ago))
    assert names(alice, JournalFilter(date_to=week_ago)) == ["Olga"]
    assert names(alice, JournalFilter(text="portfolios")) == ["Rita"]
    assert names(alice, JournalFilter(text="olga")) == ["Olga"]
    assert old.pk and names(alice, JournalFilter(text="nobody-says-this")) == []


def table(client: Client, query: str) -> str:
    """The journal's table only: the page's head carries a random CSRF token, in which a short
    name such as "Cy" can turn up by chance."""
    page = client.get(f"/insights/journal/{query}").content.decode()
    return page[page.index("<table") :]


def test_the_page_sorts_by_column_both_ways(alice: User, alice_client: Client) -> None:
    for name, days in (("Bea", 3), ("Abe", 1), ("Cy", 2)):
        held_interview(alice, name, days_ago=days)
    page = table(alice_client, "")
    assert page.index("Abe") < page.index("Cy") < page.index("Bea"), "newest first by default"
    page = table(alice_client, "?sort=person")
    assert page.index("Abe") < page.index("Bea") < page.index("Cy")
    assert 'aria-sort="ascending"' in page and "sort=-person" in page
    page = table(alice_client, "?sort=-person")
    assert page.index("Cy") < page.index("Bea") < page.index("Abe")
    page = table(alice_client, "?sort=nonsense")
    assert page.index("Abe") < page.index("Cy") < page.index("Bea")


def test_the_page_is_paged_by_fifty_in_a_fixed_number_of_queries(
    alice: User, alice_client: Client
) -> None:
    person = Person.objects.create(user=alice, first_name="Pat")
    Interview.objects.bulk_create(
        Interview(user=alice, person=person, notes=f"n{i}") for i in range(3)
    )
    alice_client.get("/insights/journal/")  # the first visit creates the profile
    with CaptureQueriesContext(connection) as few:
        alice_client.get("/insights/journal/")
    Interview.objects.bulk_create(
        Interview(user=alice, person=person, notes=f"m{i}") for i in range(52)
    )
    with CaptureQueriesContext(connection) as many:
        response = alice_client.get("/insights/journal/")
    assert len(many) == len(few)
    assert response.content.decode().count('href="/interviews/') == 50
    second = alice_client.get("/insights/journal/?page=2").content.decode()
    assert second.count('href="/interviews/') == 5
    assert "55 interviews" in second


def test_a_bad_date_is_named_and_the_rest_still_filters(alice: User, alice_client: Client) -> None:
    held_interview(alice, "Rita", days_ago=2)
    page = alice_client.get("/insights/journal/?from=last+tuesday&q=rita").content.decode()
    assert "From: “last tuesday” is not a date" in page
    assert "Rita" in page


def test_htmx_gets_only_the_results(alice: User, alice_client: Client) -> None:
    held_interview(alice, "Rita", days_ago=2)
    page = alice_client.get("/insights/journal/?q=rita", headers={"HX-Request": "true"})
    html = page.content.decode()
    assert "Rita" in html and "<html" not in html


@pytest.mark.backend_independent
@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1 555", "'+1 555"),
        ("-2", "'-2"),
        ("@home", "'@home"),
        ("\t=x", "'\t=x"),
        ("\r=x", "'\r=x"),
        ("\n=x", "'\n=x"),
        ("Grace", "Grace"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise_quotes_only_what_a_spreadsheet_would_run(text: str, safe: str) -> None:
    assert neutralise(text) == safe


def test_the_csv_keeps_every_value_and_quotes_formulas(tricky: Interview) -> None:
    alice = tricky.user
    data = journal_csv(journal_rows(alice, journal_interviews(alice)))
    assert data.startswith("\ufeff".encode())
    header, row = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(header) == HEADERS
    values = dict(zip(header, row, strict=True))
    assert values["Person"] == "'" + TRICKY["first_name"]
    assert values["Position"] == "'" + TRICKY["position"]
    assert values["Organization"] == "'" + TRICKY["organization"]
    assert values["Exploration"] == "'" + TRICKY["exploration"]
    assert values["Advice"] == "'" + TRICKY["advice"].replace("\r\n", "\n")
    assert values["Next steps"] == "'" + TRICKY["action"]
    assert values["Thank-you on time"] == "yes"


def test_the_xlsx_writes_formula_like_text_as_text(
    tricky: Interview, alice_client: Client, tmp_path: Path
) -> None:
    response = alice_client.get("/insights/journal/export/?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    path = tmp_path / "journal.xlsx"
    path.write_bytes(response.content)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    header, row = list(sheet.iter_rows())
    values = {h.value: cell for h, cell in zip(header, row, strict=True)}
    for column, key in (
        ("Person", "first_name"),
        ("Position", "position"),
        ("Organization", "organization"),
        ("Exploration", "exploration"),
        ("Advice", "advice"),
        ("Next steps", "action"),
    ):
        assert values[column].value == TRICKY[key].replace("\r\n", "\n"), column
        assert values[column].data_type == "s", column
    assert isinstance(values["Date"].value, dt.datetime)


def convert_with_libreoffice(path: Path, out: Path) -> list[list[str]]:
    """Open the file in LibreOffice (headless) and save it as UTF-8 CSV; the rows read back."""
    profile = Path("/tmp") / f"coffeechat-lo-{os.getpid()}-{uuid.uuid4().hex}"
    command = [
        str(SOFFICE),
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        "csv:Text - txt - csv (StarCalc):44,34,76,1",
        "--outdir",
        str(out),
        str(path),
    ]
    if path.suffix == ".csv":  # read the CSV as UTF-8, comma-separated, quoted by "
        command[4:4] = ["--infilter=CSV:44,34,76,1"]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    converted = out / (path.stem + ".csv")
    text = converted.read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@needs_soffice
@pytest.mark.parametrize("ending", ["csv", "xlsx"])
def test_libreoffice_opens_the_export_with_every_value_intact(
    tricky: Interview, tmp_path: Path, ending: str, bob: User
) -> None:
    alice = tricky.user
    held_interview(alice, "Chloé", days_ago=1, last_name="García-Núñez", position="Designer")
    build_world(bob)  # bob's rows must not leak into alice's file
    exported = tmp_path / f"journal.{ending}"
    call_command("export", "journal", str(exported), user="alice", stdout=io.StringIO())
    out = tmp_path / "out"
    out.mkdir()

    rows = convert_with_libreoffice(exported, out)

    assert tuple(rows[0]) == HEADERS
    by_person = {row[1].removeprefix("'"): dict(zip(HEADERS, row, strict=True)) for row in rows[1:]}
    assert set(by_person) == {TRICKY["first_name"], "Chloé García-Núñez"}
    quote = "'" if ending == "csv" else ""  # the CSV keeps its guard; the XLSX needs none
    values = by_person[TRICKY["first_name"]]
    assert values["Person"] == quote + TRICKY["first_name"]
    assert values["Position"] == quote + TRICKY["position"]
    assert values["Organization"] == quote + TRICKY["organization"]
    assert values["Exploration"] == quote + TRICKY["exploration"]
    # Line breaks inside a cell are written as \n; the text is otherwise intact.
    assert values["Advice"] == quote + TRICKY["advice"].replace("\r\n", "\n")
    assert values["Next steps"] == quote + TRICKY["action"]
    assert values["Date"] == str(timezone.localdate(tricky.held_at))
    assert values["Thank-you on time"] == "yes"
    # Nothing was run: a formula would have left its result ("x", 2, 1…) instead.
    assert "x" not in {v for row in rows for v in row}
    assert not any(v in ("2", "1") for row in rows for v in row)
    assert by_person["Chloé García-Núñez"]["Position"] == "Designer"
    assert "Grace" not in str(rows), "bob's interview is not in alice's journal"


def test_the_command_writes_the_format_its_file_name_says(alice: User, tmp_path: Path) -> None:
    held_interview(alice, "Rita", days_ago=2)
    out = io.StringIO()
    call_command("export", "journal", str(tmp_path / "j.xlsx"), user="alice", json=True, stdout=out)
    assert '"interviews": 1' in out.getvalue()
    assert openpyxl.load_workbook(tmp_path / "j.xlsx").active["B2"].value == "Rita"  # type: ignore[index]
    call_command("export", "journal", str(tmp_path / "j.csv"), user="alice", stdout=io.StringIO())
    assert "Rita" in (tmp_path / "j.csv").read_text(encoding="utf-8-sig")
    with pytest.raises(CommandError, match=r"j\.txt: the journal is written as \.csv or \.xlsx"):
        call_command("export", "journal", str(tmp_path / "j.txt"), user="alice")


def test_bobs_journal_and_exports_hold_nothing_of_alices(
    world: World, bob: User, bob_client: Client, tmp_path: Path
) -> None:
    Takeaway.objects.create(
        user=world.person.user, interview=world.interview, person=world.person, text="Secret tip"
    )
    page = bob_client.get("/insights/journal/?q=grace").content.decode()
    assert "Grace" not in page and "Secret" not in page
    for kind in ("csv", "xlsx"):
        data = bob_client.get(f"/insights/journal/export/?format={kind}").content
        assert b"Grace" not in data and b"Secret" not in data
    call_command("export", "journal", str(tmp_path / "bob.csv"), user="bob", stdout=io.StringIO())
    assert (tmp_path / "bob.csv").read_text(encoding="utf-8-sig").strip() == ",".join(HEADERS)
    assert journal_rows(bob, journal_interviews(bob)) == []
