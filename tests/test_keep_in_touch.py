"""Keeping in touch, on fixed dates: the clock, what resets it, Drifting and the person page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coffeechat.accounts.models import profile_for
from coffeechat.agenda.rules import DueItem, due_items
from coffeechat.growth.models import Action, ActionStatus
from coffeechat.growth.relationships import keep_in_touch_for
from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Note, Person
from coffeechat.outreach.models import Message, MessageKind

UTC = dt.UTC
ADDED = dt.datetime(2025, 11, 1, 12, tzinfo=UTC)
MET = dt.datetime(2026, 1, 5, 15, tzinfo=UTC)  # the meeting ended; 90 days later: 5 Apr
TALKED = MET + dt.timedelta(days=60)  # a later interaction: the clock moves to 4 Jun


def days(n: float) -> dt.timedelta:
    return dt.timedelta(days=n)


def check_ins(user: User, now: dt.datetime) -> list[DueItem]:
    return [item for item in due_items(user, now) if item.kind == "keep-in-touch"]


def added(person: Person, when: dt.datetime = ADDED) -> Person:
    Person.objects.filter(pk=person.pk).update(created_at=when)
    person.refresh_from_db()
    return person


@pytest.fixture
def grace(alice: User) -> Person:
    """Someone alice met on 5 Jan 2026 and thanked the next day."""
    person = added(Person.objects.create(user=alice, first_name="Grace", last_name="Hopper"))
    interview = Interview.objects.create(user=alice, person=person)
    Interview.objects.filter(pk=interview.pk).update(
        stage=Stage.THANKED, scheduled_at=MET - dt.timedelta(minutes=30), held_at=MET
    )
    return person


def test_a_check_in_falls_due_when_the_cadence_has_passed_since_the_meeting(
    alice: User, grace: Person
) -> None:
    assert check_ins(alice, MET + days(89)) == []
    [item] = check_ins(alice, MET + days(90) + dt.timedelta(hours=1))
    assert item.due == MET + days(90)
    assert item.person == grace and item.key == f"keep-in-touch:person-{grace.pk}"
    assert "every 90 days" in item.detail
    interview = grace.interviews.get()
    assert item.action_url == f"/interviews/{interview.pk}/messages/new/?kind=check-in"


def test_the_clock_resets_when_a_message_is_sent(alice: User, grace: Person) -> None:
    Message.objects.create(
        user=alice, person=grace, kind=MessageKind.UPDATE, body="News!", sent_at=TALKED
    )
    assert check_ins(alice, MET + days(100)) == []
    [item] = check_ins(alice, TALKED + days(91))
    assert item.due == TALKED + days(90)


def test_a_draft_does_not_reset_the_clock(alice: User, grace: Person) -> None:
    Message.objects.create(user=alice, person=grace, kind=MessageKind.UPDATE, body="Unsent")
    assert len(check_ins(alice, MET + days(100))) == 1


def test_the_clock_resets_when_they_reply(alice: User, grace: Person) -> None:
    Message.objects.create(
        user=alice,
        person=grace,
        kind=MessageKind.REQUEST,
        sent_at=MET - days(20),
        reply="yes",
        replied_at=TALKED,
    )
    assert check_ins(alice, MET + days(100)) == []
    [item] = check_ins(alice, TALKED + days(91))
    assert item.due == TALKED + days(90)


def test_the_clock_resets_when_they_meet_again(alice: User, grace: Person) -> None:
    second = Interview.objects.create(user=alice, person=grace)
    Interview.objects.filter(pk=second.pk).update(stage=Stage.SCHEDULED, scheduled_at=TALKED)
    assert check_ins(alice, MET + days(100)) == []
    [item] = check_ins(alice, TALKED + days(91))
    assert item.due == TALKED + days(90)


def test_a_meeting_still_to_come_does_not_reset_the_clock(alice: User, grace: Person) -> None:
    second = Interview.objects.create(user=alice, person=grace)
    Interview.objects.filter(pk=second.pk).update(
        stage=Stage.SCHEDULED, scheduled_at=MET + days(120)
    )
    [item] = check_ins(alice, MET + days(100))
    assert item.due == MET + days(90)


def test_the_clock_resets_with_a_note(alice: User, grace: Person) -> None:
    note = Note.objects.create(user=alice, person=grace, text="Bumped into her at the library.")
    Note.objects.filter(pk=note.pk).update(created_at=TALKED)
    assert check_ins(alice, MET + days(100)) == []
    [item] = check_ins(alice, TALKED + days(91))
    assert item.due == TALKED + days(90)


def test_the_clock_resets_with_an_imported_linkedin_message(alice: User, grace: Person) -> None:
    Person.objects.filter(pk=grace.pk).update(last_linkedin_message_at=TALKED)
    assert check_ins(alice, MET + days(100)) == []
    [item] = check_ins(alice, TALKED + days(91))
    assert item.due == TALKED + days(90)


def test_sending_the_drafted_check_in_clears_the_item(
    alice: User, grace: Person, alice_client: Client
) -> None:
    now = MET + days(95)
    [item] = check_ins(alice, now)
    response = alice_client.post(
        item.action_url,
        {"kind": "check-in", "channel": "email", "subject": "Hello", "body": "How are you?"},
    )
    message = Message.objects.get(person=grace, kind=MessageKind.CHECK_IN)
    assert response.status_code == 302
    message.mark_sent(at=now)
    assert check_ins(alice, now + dt.timedelta(minutes=1)) == []


def test_a_persons_own_cadence_overrides_the_default(alice: User, grace: Person) -> None:
    Person.objects.filter(pk=grace.pk).update(keep_in_touch_days=30)
    [item] = check_ins(alice, MET + days(31))
    assert item.due == MET + days(30) and "every 30 days" in item.detail


def test_a_cadence_of_zero_turns_reminders_off_for_that_person(alice: User, grace: Person) -> None:
    Person.objects.filter(pk=grace.pk).update(keep_in_touch_days=0)
    assert check_ins(alice, MET + days(400)) == []


def test_no_default_cadence_means_no_reminders_for_people_interviewed(
    alice: User, grace: Person
) -> None:
    profile = profile_for(alice)
    profile.keep_in_touch_days = None
    profile.save()
    alice.__dict__.pop("_coffeechat_profile", None)
    assert check_ins(alice, MET + days(400)) == []


def test_people_never_interviewed_count_only_with_a_cadence_of_their_own(alice: User) -> None:
    quiet = added(Person.objects.create(user=alice, first_name="Quiet"))
    assert check_ins(alice, ADDED + days(400)) == []
    Person.objects.filter(pk=quiet.pk).update(keep_in_touch_days=60)
    [item] = check_ins(alice, ADDED + days(61))
    assert item.due == ADDED + days(60)
    assert item.action_url == f"/network/drifting/{quiet.pk}/check-in/"
    assert "haven't talked yet" in item.detail


def test_the_ideas_report_advice_taken_and_season_greetings(alice: User, grace: Person) -> None:
    Action.objects.create(
        user=alice, title="Join UXPA", suggested_by=grace, status=ActionStatus.DONE, done_at=MET
    )
    # US Thanksgiving is on Thursday 26 November 2026.
    now = dt.datetime(2026, 11, 20, 12, tzinfo=UTC)
    [item] = check_ins(alice, now)
    assert "Join UXPA" in item.detail
    assert "Thanksgiving" in item.detail


def test_season_greetings_follow_the_profiles_country(alice: User, grace: Person) -> None:
    profile = profile_for(alice)
    profile.country = "DE"
    profile.save()
    # Not Thanksgiving in Germany; Christmas is within two weeks of 15 Dec.
    assert "Thanksgiving" not in check_ins(alice, dt.datetime(2026, 11, 20, tzinfo=UTC))[0].detail
    assert "Christmas" in check_ins(alice, dt.datetime(2026, 12, 15, tzinfo=UTC))[0].detail


def test_today_shows_at_most_ten_check_ins_most_overdue_first(alice: User) -> None:
    for n in range(12):
        person = added(Person.objects.create(user=alice, first_name=f"P{n}"))
        interview = Interview.objects.create(user=alice, person=person)
        Interview.objects.filter(pk=interview.pk).update(stage=Stage.THANKED, held_at=MET + days(n))
    items = check_ins(alice, MET + days(200))
    assert [item.person.first_name for item in items if item.person] == [f"P{n}" for n in range(10)]


def test_todays_queries_do_not_grow_with_the_number_of_people_due(alice: User) -> None:
    def count(now: dt.datetime) -> int:
        with CaptureQueriesContext(connection) as captured:
            due_items(alice, now)
        return len(captured.captured_queries)

    first = added(Person.objects.create(user=alice, first_name="First", keep_in_touch_days=30))
    Action.objects.create(user=alice, title="Read", suggested_by=first, due_date=MET.date())
    count(MET + days(40))  # the first call creates alice's profile
    few = count(MET + days(40))
    for n in range(8):
        added(Person.objects.create(user=alice, first_name=f"P{n}", keep_in_touch_days=30))
    assert count(MET + days(40)) == few


def test_drifting_lists_the_most_overdue_with_a_check_in_to_draft(
    alice: User, grace: Person, alice_client: Client
) -> None:
    # Added today, by the real clock the page reads: not due for 400 days. (Added on ADDED,
    # she fell due on 6 Dec 2026.)
    later = Person.objects.create(user=alice, first_name="Ada", keep_in_touch_days=400)
    older = added(Person.objects.create(user=alice, first_name="Linus", keep_in_touch_days=30))
    page = alice_client.get("/network/drifting/").content.decode()
    # The list only: the page's random CSRF token can hold a short name such as "Ada".
    table = page[page.index("<table") :]
    assert table.index("Linus") < table.index("Grace")
    assert later.name not in table and f'data-person="{later.pk}"' not in page
    assert f"/network/drifting/{older.pk}/check-in/" in page
    assert "never" in table


def test_a_check_in_for_someone_never_interviewed_is_drafted_and_saved(
    alice: User, alice_client: Client
) -> None:
    person = Person.objects.create(
        user=alice, first_name="Linus", email="linus@example.org", keep_in_touch_days=30
    )
    page = alice_client.get(f"/network/drifting/{person.pk}/check-in/").content.decode()
    assert "Hi Linus" in page
    response = alice_client.post(
        f"/network/drifting/{person.pk}/check-in/",
        {"kind": "check-in", "channel": "email", "subject": "Hello", "body": "Hi Linus!"},
    )
    message = Message.objects.get(person=person)
    assert response.status_code == 302 and response["Location"] == message.get_absolute_url()
    assert message.kind == MessageKind.CHECK_IN and message.interview is None
    assert message.is_draft


def test_the_person_page_says_when_you_last_talked(
    alice: User, grace: Person, alice_client: Client
) -> None:
    page = alice_client.get(grace.get_absolute_url()).content.decode()
    assert "Last talked" in page and "5 Jan 2026" in page
    assert "every 90 days" in page
    summary = keep_in_touch_for(grace, MET + days(10))
    assert summary.last_talked == MET and summary.due == MET + days(90)
    assert not summary.overdue


def test_the_person_pages_queries_do_not_depend_on_having_met_them(
    alice: User, grace: Person, alice_client: Client
) -> None:
    """Whether the default cadence applies must not cost a query only for people met."""
    stranger = added(Person.objects.create(user=alice, first_name="Linus"))

    def count(person: Person) -> int:
        for _ in range(2):  # warm: session, profile, CSRF cookie, data version
            alice_client.get(person.get_absolute_url())
        cache.clear()  # the page rendered, not the copy kept of it
        with CaptureQueriesContext(connection) as captured:
            assert alice_client.get(person.get_absolute_url()).status_code == 200
        return len(captured.captured_queries)

    assert count(grace) == count(stranger)
