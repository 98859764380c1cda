"""Scheduling and calendar: per-meeting .ics, the secret feed, `coffeechat export ics`."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import os
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from coffeechat.accounts.models import profile_for
from coffeechat.agenda.models import CalendarFeed
from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Person
from tests.conftest import World

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# A Tuesday in winter: Paris is UTC+1, New York UTC-5.
MEETING = dt.datetime(2031, 12, 2, 10, 0, tzinfo=PARIS)


@pytest.fixture
def meeting(world: World, alice: User) -> Interview:
    """Alice's interview with Grace, scheduled for 10:00 in Paris, where alice lives."""
    profile = profile_for(alice)
    profile.time_zone = "Europe/Paris"
    profile.save()
    interview = world.interview
    interview.objective = "Learn how she moved from teaching into research."
    interview.location = "Café Lomi, 3 ter rue Marcadet"
    interview.length_minutes = 25
    interview.save()
    interview.move_to(Stage.SCHEDULED, scheduled_at=MEETING)
    return interview


def held_meeting(user: User) -> Interview:
    """A meeting with Ada three days ago, not yet thanked: the thank-you is overdue."""
    ada = Person.objects.create(user=user, first_name="Ada", last_name="Lovelace")
    interview = Interview.objects.create(user=user, person=ada)
    interview.move_to(Stage.SCHEDULED, scheduled_at=timezone.now() - dt.timedelta(days=3))
    interview.move_to(Stage.HELD)
    return interview


def parse(content: bytes) -> Calendar:
    return Calendar.from_ical(content)


def event_with_uid(calendar: Calendar, uid: str) -> Event:
    [event] = [event for event in calendar.events if event["UID"] == uid]
    return event


def feed_url(user: User) -> str:
    return f"/calendar/{CalendarFeed.reset(user)}.ics"


# The per-meeting download


def test_alice_downloads_her_meeting_as_an_ics_event(
    meeting: Interview, alice_client: Client
) -> None:
    response = alice_client.get(f"/interviews/{meeting.pk}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="interview-with-grace-hopper.ics"'
    )
    calendar = parse(response.content)
    assert calendar["METHOD"] == "PUBLISH" and calendar["VERSION"] == "2.0"
    [event] = calendar.events
    assert event["UID"] == f"interview-{meeting.pk}@coffeechat"
    assert event["SUMMARY"] == "Informational interview with Grace Hopper"
    assert event.start == MEETING and event.end == MEETING + dt.timedelta(minutes=25)
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert [zone.tz_name for zone in calendar.timezones] == ["Europe/Paris"]
    assert event["LOCATION"] == "Café Lomi, 3 ter rue Marcadet"
    description = str(event["DESCRIPTION"])
    assert "Objective: Learn how she moved from teaching into research." in description
    assert "Grace Hopper: UX Researcher at Northwind Health Inc." in description
    assert f"http://testserver/interviews/{meeting.pk}/" in description
    assert event["URL"] == f"http://testserver/interviews/{meeting.pk}/"
    assert event["STATUS"] == "CONFIRMED"
    assert event.stamp is not None
    meeting.refresh_from_db()
    assert event.last_modified == meeting.updated_at.replace(microsecond=0)
    [alarm] = [part for part in event.subcomponents if isinstance(part, Alarm)]
    trigger = alarm.TRIGGER
    assert trigger == -dt.timedelta(minutes=15)


def test_saving_the_interview_raises_the_sequence(meeting: Interview, alice_client: Client) -> None:
    url = f"/interviews/{meeting.pk}/calendar.ics"
    before = parse(alice_client.get(url).content).events[0].sequence
    Interview.objects.filter(pk=meeting.pk).update(
        updated_at=meeting.updated_at + dt.timedelta(minutes=5)
    )
    after = parse(alice_client.get(url).content).events[0].sequence
    assert after == before + 300


def test_a_phone_call_without_a_place_gives_their_number_as_the_location(
    meeting: Interview, alice_client: Client
) -> None:
    meeting.person.phone = "+33 1 23 45 67 89"
    meeting.person.save()
    meeting.location = ""
    meeting.medium = "phone"
    meeting.save()
    event = parse(alice_client.get(f"/interviews/{meeting.pk}/calendar.ics").content).events[0]
    assert event["LOCATION"] == "Phone: +33 1 23 45 67 89"


def test_an_interview_without_a_time_has_no_calendar_file(
    world: World, alice_client: Client
) -> None:
    response = alice_client.get(f"/interviews/{world.interview.pk}/calendar.ics")
    assert response.status_code == 404
    page = alice_client.get(f"/interviews/{world.interview.pk}/").content.decode()
    assert "Add to calendar" not in page


def test_the_interview_page_links_its_calendar_file(
    meeting: Interview, alice_client: Client
) -> None:
    page = alice_client.get(f"/interviews/{meeting.pk}/").content.decode()
    assert f'href="/interviews/{meeting.pk}/calendar.ics"' in page
    assert "Add to calendar (.ics)" in page


def test_bob_cant_download_alices_meeting(meeting: Interview, bob_client: Client) -> None:
    assert bob_client.get(f"/interviews/{meeting.pk}/calendar.ics").status_code == 404


def test_the_download_needs_a_login(meeting: Interview, client: Client) -> None:
    response = client.get(f"/interviews/{meeting.pk}/calendar.ics")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


# The feed


def test_the_feed_needs_no_session_only_the_token(meeting: Interview, alice: User) -> None:
    response = Client().get(feed_url(alice))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    calendar = parse(response.content)
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "Coffeechat" and calendar["NAME"] == "Coffeechat"
    assert calendar.refresh_interval == dt.timedelta(hours=1)
    assert calendar["X-PUBLISHED-TTL"] == "PT1H"
    assert calendar["X-WR-TIMEZONE"] == "Europe/Paris"
    event = event_with_uid(calendar, f"interview-{meeting.pk}@coffeechat")
    assert event.start == MEETING


def test_the_feed_is_rejected_without_the_token(meeting: Interview, alice: User) -> None:
    CalendarFeed.reset(alice)
    for url in ["/calendar/.ics", "/calendar/wrong.ics", "/calendar/"]:
        assert Client().get(url).status_code == 404, url


def test_bobs_session_cant_read_alices_feed_without_her_token(
    meeting: Interview, alice: User, bob: User, bob_client: Client
) -> None:
    alices = feed_url(alice)
    bobs = feed_url(bob)
    assert bob_client.get("/calendar/wrong-token.ics").status_code == 404
    assert bob_client.get(alices.replace(".ics", "x.ics")).status_code == 404
    own = bob_client.get(bobs)
    assert own.status_code == 200
    assert b"Grace" not in own.content and b"interview-" not in own.content


def test_resetting_the_token_changes_the_feed_address(meeting: Interview, alice: User) -> None:
    old = feed_url(alice)
    new = feed_url(alice)
    assert old != new
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    assert CalendarFeed.objects.count() == 1


def test_only_the_digest_of_the_token_is_stored(alice: User) -> None:
    token = CalendarFeed.reset(alice)
    feed = CalendarFeed.objects.get()
    assert token not in str(vars(feed)) and len(feed.digest) == 64


def test_a_revoked_feed_is_gone(meeting: Interview, alice: User, alice_client: Client) -> None:
    url = feed_url(alice)
    response = alice_client.post("/settings/calendar/revoke/")
    assert response.status_code == 302
    assert not CalendarFeed.objects.exists()
    assert Client().get(url).status_code == 404


def test_a_deactivated_users_feed_stops(meeting: Interview, alice: User) -> None:
    url = feed_url(alice)
    alice.is_active = False
    alice.save()
    assert Client().get(url).status_code == 404


def test_a_wrong_token_is_not_written_to_the_log(
    db: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert Client().get("/calendar/s3cret-guess.ics").status_code == 404
    assert caplog.records, "the miss is still logged"
    assert all("s3cret-guess" not in record.getMessage() for record in caplog.records)


def test_reading_the_feed_records_when(meeting: Interview, alice: User) -> None:
    url = feed_url(alice)
    assert CalendarFeed.objects.get().last_read_at is None
    Client().get(url)
    assert CalendarFeed.objects.get().last_read_at is not None


def test_the_feed_holds_meetings_and_due_follow_ups_but_not_cancelled_meetings(
    meeting: Interview, alice: User
) -> None:
    held = held_meeting(alice)
    cancelled = Interview.objects.create(
        user=alice, person=held.person, scheduled_at=MEETING + dt.timedelta(days=1)
    )
    cancelled.move_to(Stage.CLOSED, close_reason="cancelled")
    calendar = parse(Client().get(feed_url(alice)).content)
    uids = {str(event["UID"]) for event in calendar.events}
    assert uids == {
        f"interview-{meeting.pk}@coffeechat",
        f"interview-{held.pk}@coffeechat",
        f"thank-you-{held.pk}@coffeechat",
    }
    thanks = event_with_uid(calendar, f"thank-you-{held.pk}@coffeechat")
    # Due two days ago: it stays on today, all day, blocking no time.
    today = timezone.localtime(timezone.now(), PARIS).date()
    assert thanks.start == today and thanks.end == today + dt.timedelta(days=1)
    assert thanks["SUMMARY"] == "Overdue: Thank Ada Lovelace"
    assert thanks["TRANSP"] == "TRANSPARENT"
    assert "Write the thank-you: http://testserver/interviews/" in str(thanks["DESCRIPTION"])
    past = event_with_uid(calendar, f"interview-{held.pk}@coffeechat")
    assert past["STATUS"] == "CONFIRMED" and not past.subcomponents


def test_the_feed_reaches_back_a_year_and_the_export_keeps_everything(
    meeting: Interview, alice: User, tmp_path: Path
) -> None:
    old = held_meeting(alice)
    Interview.objects.filter(pk=old.pk).update(
        scheduled_at=timezone.now() - dt.timedelta(days=400), stage=Stage.THANKED
    )
    subscribed = parse(Client().get(feed_url(alice)).content)
    assert f"interview-{old.pk}@coffeechat" not in {str(e["UID"]) for e in subscribed.events}
    export("ics", str(tmp_path / "all.ics"), "--user", "alice")
    exported = parse((tmp_path / "all.ics").read_bytes())
    assert f"interview-{old.pk}@coffeechat" in {str(e["UID"]) for e in exported.events}


def test_a_tentative_time_before_the_request_is_answered_shows_as_tentative(
    world: World, alice: User
) -> None:
    world.interview.scheduled_at = MEETING
    world.interview.save()
    calendar = parse(Client().get(feed_url(alice)).content)
    assert calendar.events[0]["STATUS"] == "TENTATIVE"


# The settings page


def test_alice_makes_a_feed_address_and_sees_it_once(alice: User, alice_client: Client) -> None:
    page = alice_client.get("/settings/calendar/").content.decode()
    assert "The feed is off" in page
    response = alice_client.post("/settings/calendar/reset/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    [line] = [line for line in page.splitlines() if 'id="feed-url"' in line]
    url = line.split('value="')[1].split('"')[0]
    assert url.startswith("http://testserver/calendar/") and url.endswith(".ics")
    assert f'href="webcal://{url.removeprefix("http://")}"' in page
    token = url.removeprefix("http://testserver/calendar/").removesuffix(".ics")
    assert CalendarFeed.find(token) == CalendarFeed.objects.get(user=alice)
    again = alice_client.get("/settings/calendar/").content.decode()
    assert token not in again and "The feed is on" in again
    assert "no calendar app has read it yet" in again


def test_resetting_from_the_settings_page_stops_the_old_address(
    alice: User, alice_client: Client
) -> None:
    old = feed_url(alice)
    alice_client.post("/settings/calendar/reset/")
    assert Client().get(old).status_code == 404


def test_the_feed_changes_only_by_post(alice: User, alice_client: Client) -> None:
    assert alice_client.get("/settings/calendar/reset/").status_code == 405
    assert alice_client.get("/settings/calendar/revoke/").status_code == 405
    assert not CalendarFeed.objects.exists()


def test_bob_resetting_or_revoking_leaves_alices_feed_alone(
    alice: User, bob_client: Client
) -> None:
    url = feed_url(alice)
    bob_client.post("/settings/calendar/reset/")
    bob_client.post("/settings/calendar/revoke/")
    assert Client().get(url).status_code == 200


def test_the_settings_page_links_the_calendar_feed(alice_client: Client) -> None:
    page = alice_client.get("/settings/").content.decode()
    assert 'href="/settings/calendar/"' in page


# coffeechat export ics


def export(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_ics_writes_the_feed_to_a_file(
    meeting: Interview, alice: User, tmp_path: Path
) -> None:
    target = tmp_path / "meetings.ics"
    target.write_text("old")
    out, _ = export("ics", str(target), "--user", "alice", "--base-url", "https://cc.example.edu")
    assert out.strip() == f"Wrote 1 event to {target}."
    [event] = parse(target.read_bytes()).events
    assert event.start == MEETING
    assert event["URL"] == f"https://cc.example.edu/interviews/{meeting.pk}/"
    assert os.listdir(tmp_path) == ["meetings.ics"], "no temporary file left behind"
    assert target.stat().st_mode & 0o077 == 0, "private data: readable by its owner only"


def test_export_ics_as_json_and_to_standard_output(meeting: Interview, tmp_path: Path) -> None:
    out, _ = export("ics", str(tmp_path / "a.ics"), "--user", "alice", "--json")
    assert json.loads(out) == {"kind": "ics", "file": str(tmp_path / "a.ics"), "events": 1}
    out, err = export("ics", "-", "--user", "alice")
    assert out.startswith("BEGIN:VCALENDAR\r\n") and "Wrote 1 event to -." in err


def test_export_names_a_file_it_cant_write(alice: User, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"no-such-folder/a\.ics: can't be written"):
        export("ics", str(tmp_path / "no-such-folder" / "a.ics"), "--user", "alice")


def test_export_refuses_an_unknown_kind(alice: User) -> None:
    with pytest.raises(CommandError, match="invalid choice: 'pdf'"):
        export("pdf", "-", "--user", "alice")


# A real calendar client reads the feed: khal


def khal(tmp_path: Path, ics: bytes, zone: str, *args: str) -> str:
    """Import the calendar into a fresh khal vdir and run `khal ARGS` there."""
    vdir = tmp_path / "vdir"
    vdir.mkdir(parents=True)
    config = tmp_path / "khal.conf"
    config.write_text(
        f"""[calendars]
[[coffeechat]]
path = {vdir}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = {zone}
default_timezone = {zone}
[default]
default_calendar = coffeechat
[sqlite]
path = {tmp_path / "khal.db"}
"""
    )
    feed = tmp_path / "feed.ics"
    feed.write_bytes(ics)
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    command = [sys.executable, "-m", "khal", "-c", str(config)]
    imported = subprocess.run(
        [*command, "import", "--batch", "-a", "coffeechat", str(feed)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert imported.returncode == 0, imported.stderr
    assert "error" not in imported.stderr.lower(), imported.stderr
    listed = subprocess.run(
        [*command, *args], capture_output=True, text=True, env=env, timeout=60, check=True
    )
    return listed.stdout


def test_khal_shows_the_feeds_meeting_at_the_right_time_in_its_own_time_zone(
    meeting: Interview, alice: User, tmp_path: Path
) -> None:
    held_meeting(alice)
    ics = Client().get(feed_url(alice)).content
    today = timezone.localtime(timezone.now(), PARIS).date()
    fmt = ["--format", "{start} {end} {title} | {location}", "--day-format", ""]
    listed = khal(tmp_path, ics, "America/New_York", "list", *fmt, str(today), "2031-12-03")
    assert [line.strip() for line in listed.splitlines()] == [
        f"{today} {today} Overdue: Thank Ada Lovelace |",
        # 10:00 in Paris is 04:00 in New York in December.
        "2031-12-02 04:00 2031-12-02 04:25 Informational interview with Grace Hopper"
        " | Café Lomi, 3 ter rue Marcadet",
    ]


def test_khal_reads_a_downloaded_meeting(
    meeting: Interview, alice_client: Client, tmp_path: Path
) -> None:
    ics = alice_client.get(f"/interviews/{meeting.pk}/calendar.ics").content
    listed = khal(
        tmp_path,
        ics,
        "Europe/Paris",
        "list",
        "--format",
        "{start-time}-{end-time} {title} [{status}]",
        "--day-format",
        "",
        "2031-12-02",
        "1d",
    )
    assert listed.strip() == "10:00-10:25 Informational interview with Grace Hopper [CONFIRMED ]"
