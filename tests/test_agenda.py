"""The follow-up rules and Today, on fixed dates in more than one country."""

from __future__ import annotations

import datetime as dt
import io
import json
import zoneinfo

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from coffeechat.accounts.models import profile_for
from coffeechat.agenda.business_days import add_business_days, is_business_day
from coffeechat.agenda.rules import due_items
from coffeechat.growth.models import Action
from coffeechat.interviews.models import Interview, InterviewQuestion, Stage
from coffeechat.network.models import Organization, Person
from coffeechat.outreach.models import Message, MessageKind, Reply
from tests.conftest import World

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
LONDON = zoneinfo.ZoneInfo("Europe/London")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def at(zone: zoneinfo.ZoneInfo, *parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=zone)  # type: ignore[misc]


# --- business days ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "zone", "start", "days", "expected"),
    [
        # Wednesday before US Thanksgiving (Thu 26 Nov 2026): Fri, Mon, Tue.
        ("US", NEW_YORK, (2026, 11, 25, 10), 3, (2026, 12, 1, 10)),
        # Friday: the weekend doesn't count, nor Veterans Day (Wed 11 Nov).
        ("US", NEW_YORK, (2026, 11, 6, 16), 3, (2026, 11, 12, 16)),
        # Seven business days over US Independence Day (observed Fri 3 Jul 2026).
        ("US", NEW_YORK, (2026, 7, 1, 9), 7, (2026, 7, 13, 9)),
        # UK Christmas 2026: Fri 25 Dec, Boxing Day observed on Mon 28 Dec.
        ("GB", LONDON, (2026, 12, 23, 10), 3, (2026, 12, 30, 10)),
        # England's Easter 2026: Good Friday 3 Apr and Easter Monday 6 Apr.
        ("GB-ENG", LONDON, (2026, 4, 2, 12), 3, (2026, 4, 9, 12)),
        # Scotland works on Easter Monday.
        ("GB-SCT", LONDON, (2026, 4, 2, 12), 3, (2026, 4, 8, 12)),
        # German Unity Day, Saturday 3 Oct 2026, changes nothing; Christmas does.
        ("DE", BERLIN, (2026, 12, 23, 8), 7, (2027, 1, 5, 8)),
        # A request sent on a Saturday counts from Monday morning.
        ("US", NEW_YORK, (2026, 11, 28, 22), 3, (2026, 12, 3, 9)),
    ],
)
def test_business_days_skip_weekends_and_public_holidays(
    country: str,
    zone: zoneinfo.ZoneInfo,
    start: tuple[int, ...],
    days: int,
    expected: tuple[int, ...],
) -> None:
    country, _, region = country.partition("-")
    assert add_business_days(at(zone, *start), days, country, region) == at(zone, *expected)


def test_regional_holidays_count_where_the_user_lives() -> None:
    # Epiphany (6 Jan) is a holiday in Bavaria but not in Berlin.
    epiphany = dt.date(2027, 1, 6)
    assert not is_business_day(epiphany, "DE", "BY")
    assert is_business_day(epiphany, "DE", "BE")


def test_an_unknown_country_counts_weekends_only() -> None:
    assert is_business_day(dt.date(2026, 12, 25), "XX")
    assert not is_business_day(dt.date(2026, 12, 26), "XX")


# --- the rules -------------------------------------------------------------------------


@pytest.fixture
def new_yorker(alice: User) -> User:
    profile = profile_for(alice)
    profile.country, profile.time_zone = "US", "America/New_York"
    profile.save()
    # These tests are about the interview rules: the world's action, due in a few days by
    # the real clock, would otherwise fall due (action-due) on their fixed dates.
    Action.objects.filter(user=alice).update(due_date=None)
    return alice


def requested(user: User, person: Person, sent: dt.datetime) -> Interview:
    interview = Interview.objects.create(user=user, person=person)
    interview.move_to(Stage.REQUESTED, at=sent)
    Message.objects.create(
        user=user, person=person, interview=interview, kind=MessageKind.REQUEST, sent_at=sent
    )
    return interview


def kinds(items: list) -> list[str]:  # type: ignore[type-arg]
    return [item.kind for item in items]


def test_an_unanswered_request_suggests_someone_else_after_three_business_days(
    world: World, new_yorker: User
) -> None:
    colleague = Person.objects.create(
        user=new_yorker, first_name="Ada", last_name="Byron", organization=world.organization
    )
    sent = at(NEW_YORK, 2026, 11, 25, 10)
    requested(new_yorker, world.person, sent)
    world.interview.delete()
    assert due_items(new_yorker, at(NEW_YORK, 2026, 11, 30, 18)) == []  # only 2 business days
    items = due_items(new_yorker, at(NEW_YORK, 2026, 12, 1, 10, 1))
    assert kinds(items) == ["try-another"]
    assert items[0].due == at(NEW_YORK, 2026, 12, 1, 10)
    assert items[0].suggestion == colleague and "Ask Ada Byron" in items[0].action_label
    assert items[0].title == "Try someone else at Northwind Health Inc."


def test_without_anyone_else_there_it_offers_to_find_one(world: World, new_yorker: User) -> None:
    requested(new_yorker, world.person, at(NEW_YORK, 2026, 11, 2, 9))
    items = due_items(new_yorker, at(NEW_YORK, 2026, 11, 6, 9))
    assert kinds(items) == ["try-another"] and items[0].action_label == "Find someone"


def test_after_seven_business_days_one_follow_up_then_close(world: World, new_yorker: User) -> None:
    sent = at(NEW_YORK, 2026, 11, 2, 9)  # Monday
    interview = requested(new_yorker, world.person, sent)
    items = due_items(new_yorker, at(NEW_YORK, 2026, 11, 12, 8, 59))
    assert "follow-up" not in kinds(items)  # Veterans Day (11 Nov) is not a business day
    items = due_items(new_yorker, at(NEW_YORK, 2026, 11, 12, 9))
    follow_up = [item for item in items if item.kind == "follow-up"]
    assert follow_up and follow_up[0].title == "Follow up with Grace Hopper"
    Message.objects.create(
        user=new_yorker,
        person=world.person,
        interview=interview,
        kind=MessageKind.FOLLOW_UP,
        sent_at=at(NEW_YORK, 2026, 11, 12, 10),
    )
    assert due_items(new_yorker, at(NEW_YORK, 2026, 11, 20, 9)) == []  # followed up: wait
    items = due_items(new_yorker, at(NEW_YORK, 2026, 11, 24, 10))
    close = [item for item in items if item.kind == "follow-up"]
    assert close and "as no reply" in close[0].title


def test_a_yes_asks_to_schedule_and_a_later_to_check_back(world: World, new_yorker: User) -> None:
    interview = requested(new_yorker, world.person, at(NEW_YORK, 2026, 11, 2, 9))
    Message.objects.filter(interview=interview).update(
        reply=Reply.LATER, replied_at=at(NEW_YORK, 2026, 11, 3, 9)
    )
    assert due_items(new_yorker, at(NEW_YORK, 2026, 11, 12, 8, 59)) == []  # no pestering
    items = due_items(new_yorker, at(NEW_YORK, 2026, 11, 13, 9))
    assert kinds(items) == ["follow-up"] and items[0].title == "Check back with Grace Hopper"
    Message.objects.filter(interview=interview).update(reply=Reply.YES)
    items = due_items(new_yorker, at(NEW_YORK, 2026, 11, 3, 10))
    assert kinds(items) == ["schedule"] and items[0].due == at(NEW_YORK, 2026, 11, 4, 9)
    Message.objects.filter(interview=interview).update(reply=Reply.NO)
    assert due_items(new_yorker, at(NEW_YORK, 2026, 12, 31, 9)) == []


def test_the_thank_you_is_due_a_day_after_the_meeting_and_urgent_after_two(
    world: World, new_yorker: User
) -> None:
    start = at(NEW_YORK, 2026, 11, 20, 15)
    world.interview.move_to(Stage.SCHEDULED, scheduled_at=start)
    world.interview.move_to(Stage.HELD, at=at(NEW_YORK, 2026, 11, 20, 18))
    ended = start + dt.timedelta(minutes=30)
    items = due_items(new_yorker, at(NEW_YORK, 2026, 11, 20, 18))
    assert kinds(items) == ["thank-you"] and items[0].due == ended + dt.timedelta(hours=24)
    assert not items[0].urgent and not items[0].is_overdue(at(NEW_YORK, 2026, 11, 20, 18))
    later = due_items(new_yorker, ended + dt.timedelta(hours=49))[0]
    assert later.urgent and later.is_overdue(ended + dt.timedelta(hours=49))
    Message.objects.create(
        user=new_yorker,
        person=world.person,
        interview=world.interview,
        kind=MessageKind.THANK_YOU,
        sent_at=ended + dt.timedelta(hours=3),
    )
    assert due_items(new_yorker, ended + dt.timedelta(hours=49)) == []


def test_a_meeting_within_two_days_needs_research_and_five_questions(
    world: World, new_yorker: User
) -> None:
    meeting = at(NEW_YORK, 2026, 12, 2, 15)
    world.interview.move_to(Stage.SCHEDULED, scheduled_at=meeting)
    assert due_items(new_yorker, at(NEW_YORK, 2026, 11, 29, 15)) == []  # three days ahead
    items = due_items(new_yorker, at(NEW_YORK, 2026, 11, 30, 16))
    assert kinds(items) == ["prep"] and "research notes and 4 more questions" in items[0].detail
    Organization.objects.filter(pk=world.organization.pk).update(
        research_notes="Digital front door."
    )
    InterviewQuestion.objects.bulk_create(
        InterviewQuestion(user=new_yorker, interview=world.interview, text=f"Q{i}", position=i)
        for i in range(4)
    )
    assert due_items(new_yorker, at(NEW_YORK, 2026, 11, 30, 16)) == []


def test_every_number_is_a_setting(world: World, new_yorker: User) -> None:
    profile = profile_for(new_yorker)
    profile.try_another_days = 1
    profile.save()
    requested(new_yorker, world.person, at(NEW_YORK, 2026, 11, 2, 9))
    assert kinds(due_items(new_yorker, at(NEW_YORK, 2026, 11, 3, 9, 1))) == ["try-another"]


def test_items_are_ordered_most_overdue_first(world: World, new_yorker: User) -> None:
    other = Person.objects.create(
        user=new_yorker, first_name="Old", organization=world.organization
    )
    requested(new_yorker, world.person, at(NEW_YORK, 2026, 11, 9, 9))
    requested(new_yorker, other, at(NEW_YORK, 2026, 11, 2, 9))
    items = due_items(new_yorker, at(NEW_YORK, 2026, 11, 30, 9))
    assert [item.due for item in items] == sorted(item.due for item in items)
    assert items[0].person == other


# --- Today, snoozing and the command ---------------------------------------------------


def test_today_shows_the_items_with_their_next_step(
    world: World, alice_client: Client, alice: User
) -> None:
    requested(alice, world.person, dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
    page = alice_client.get("/").content.decode()
    assert (
        "Follow up with Grace Hopper" in page
        and "Write the follow-up" in page
        and "overdue since" in page
    )


def test_snoozing_hides_an_item_for_a_while_and_done_for_good(
    world: World, alice_client: Client, alice: User
) -> None:
    interview = requested(alice, world.person, dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
    key = f"follow-up:{interview.pk}"
    alice_client.post("/today/snooze/", {"key": key, "for": "week"})
    assert "Follow up with Grace Hopper" not in alice_client.get("/").content.decode()
    assert "follow-up" in kinds(due_items(alice, dt.datetime.now(dt.UTC) + dt.timedelta(days=8)))
    alice_client.post("/today/snooze/", {"key": key, "for": "done"})
    assert "follow-up" not in kinds(
        due_items(alice, dt.datetime.now(dt.UTC) + dt.timedelta(days=80))
    )


def test_bob_cannot_snooze_alices_items(world: World, bob_client: Client) -> None:
    response = bob_client.post(
        "/today/snooze/", {"key": f"thank-you:{world.interview.pk}", "for": "done"}
    )
    assert response.status_code == 404
    assert bob_client.post("/today/snooze/", {"key": "nonsense", "for": "done"}).status_code == 404


def test_the_today_command_prints_json_for_a_given_date(world: World, new_yorker: User) -> None:
    requested(new_yorker, world.person, at(NEW_YORK, 2026, 11, 25, 10))
    out = io.StringIO()
    call_command("today", "--user", "alice", "--date", "2026-12-01", "--json", stdout=out)
    items = json.loads(out.getvalue())
    assert items == [
        {
            "kind": "try-another",
            "due": "2026-12-01T10:00:00-05:00",
            "title": "Try someone else at Northwind Health Inc.",
            "person": "Grace Hopper",
            "interview": items[0]["interview"],
        }
    ]
    assert Interview.objects.filter(pk=items[0]["interview"], person=world.person).exists()
    out = io.StringIO()
    call_command("today", "--user", "alice", "--date", "2026-11-26", stdout=out)
    assert "Nothing due." in out.getvalue()


def test_an_item_about_an_action_can_be_dismissed_too(
    world: World, alice_client: Client, alice: User
) -> None:
    Action.objects.filter(pk=world.action.pk).update(due_date=dt.date(2020, 1, 1))
    (item,) = [i for i in due_items(alice) if i.kind == "action-due"]
    assert item.interview is None and item.key == f"action-due:{item.ref}"
    assert alice_client.post("/today/snooze/", {"key": item.key, "for": "done"}).status_code == 302
    assert "action-due" not in kinds(due_items(alice))


def test_today_shows_the_most_overdue_fifty_with_counts_and_the_rest_on_request(
    world: World, alice_client: Client, alice: User
) -> None:
    held = dt.datetime(2026, 1, 5, 15, tzinfo=dt.UTC)
    for n in range(60):
        person = Person.objects.create(user=alice, first_name="Guest", last_name=f"No{n:02}")
        interview = Interview.objects.create(user=alice, person=person)
        interview.move_to(Stage.SCHEDULED, scheduled_at=held + dt.timedelta(hours=n))
        interview.move_to(Stage.HELD, at=held + dt.timedelta(hours=n, minutes=30))
    items = due_items(alice)
    thank_yous = kinds(items).count("thank-you")
    assert thank_yous >= 60

    first = alice_client.get("/").content.decode()
    assert first.count('class="card due-item') == 50
    assert f"Due ({len(items)})" in first and f"Show all {len(items)}" in first
    assert f'<span class="tag">Thank-you</span> {thank_yous}' in first
    assert "Thank Guest No00" in first and items[0].title in first
    assert items[-1].title not in first

    second = alice_client.get("/?page=2").content.decode()
    assert second.count('class="card due-item') == len(items) - 50
    assert items[-1].title in second and "Thank Guest No00" not in second

    everything = alice_client.get("/?all=1").content.decode()
    assert everything.count('class="card due-item') == len(items)
    assert "Show all" not in everything
