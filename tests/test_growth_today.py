"""Today's growth items on fixed dates: share-update, referral and job-posting."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coffeechat.accounts.models import profile_for
from coffeechat.agenda.rules import DueItem, due_items
from coffeechat.growth.models import (
    Action,
    ActionStatus,
    JobPosting,
    PostingStatus,
    Resource,
    ResourceStatus,
)
from coffeechat.growth.today import growth_items
from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Organization, Person, Source
from coffeechat.outreach.models import Message, MessageKind

UTC = dt.UTC


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def growth(user: User, now: dt.datetime) -> dict[str, DueItem]:
    kinds = {"share-update", "referral", "job-posting"}
    return {item.key: item for item in due_items(user, now) if item.kind in kinds}


def person(user: User, first: str, **fields: object) -> Person:
    return Person.objects.create(user=user, first_name=first, last_name="Doe", **fields)


def added_on(someone: Person, when: dt.datetime) -> Person:
    Person.objects.filter(pk=someone.pk).update(created_at=when)
    someone.refresh_from_db()
    return someone


def held(user: User, someone: Person, when: dt.datetime) -> Interview:
    interview = Interview.objects.create(user=user, person=someone)
    interview.move_to(Stage.SCHEDULED, scheduled_at=when - dt.timedelta(minutes=30), at=when)
    interview.move_to(Stage.HELD, at=when)
    return interview


def sent(user: User, someone: Person, kind: str, when: dt.datetime) -> Message:
    return Message.objects.create(user=user, person=someone, kind=kind, body="Hi", sent_at=when)


# --- share-update: actions -------------------------------------------------------------


def test_a_suggested_action_done_asks_for_an_update_until_one_is_sent(alice: User) -> None:
    grace = person(alice, "Grace")
    action = Action.objects.create(user=alice, title="Join UXPA.", suggested_by=grace)
    assert growth(alice, at(2026, 11, 2, 9)) == {}

    action.complete(at(2026, 11, 2, 10))
    key = f"share-update:action-{action.pk}"
    assert key not in growth(alice, at(2026, 11, 2, 9, 59)), "not before it was done"
    item = growth(alice, at(2026, 11, 2, 10, 30))[key]
    assert item.due == at(2026, 11, 2, 10)
    assert item.person == grace and item.interview is None
    assert item.action_url == f"/growth/actions/{action.pk}/update/"
    assert item.detail.startswith("You did “Join UXPA”, as Grace suggested."), item.detail

    sent(alice, grace, MessageKind.UPDATE, at(2026, 11, 1))  # before: it doesn't count
    sent(alice, grace, MessageKind.CHECK_IN, at(2026, 11, 3))  # not an update
    assert key in growth(alice, at(2026, 11, 3, 12))
    sent(alice, grace, MessageKind.UPDATE, at(2026, 11, 4, 8))
    assert key in growth(alice, at(2026, 11, 4, 7)), "the update went out later"
    assert key not in growth(alice, at(2026, 11, 4, 9))


def test_only_actions_someone_suggested_and_finished_count(alice: User) -> None:
    grace = person(alice, "Grace")
    Action.objects.create(
        user=alice, title="Mine", status=ActionStatus.DONE, done_at=at(2026, 11, 2)
    )
    Action.objects.create(user=alice, title="Theirs, open", suggested_by=grace)
    Action.objects.create(
        user=alice,
        title="Dropped",
        suggested_by=grace,
        status=ActionStatus.DROPPED,
        done_at=at(2026, 11, 2),
    )
    assert growth(alice, at(2026, 11, 3)) == {}


def test_an_update_not_sent_within_two_months_drops_off(alice: User) -> None:
    grace = person(alice, "Grace")
    action = Action.objects.create(user=alice, title="Join UXPA", suggested_by=grace)
    action.complete(at(2026, 9, 1))
    assert growth(alice, at(2026, 10, 30))
    assert growth(alice, at(2026, 11, 1)) == {}


# --- share-update: resources -----------------------------------------------------------


def test_a_recommended_resource_finished_asks_for_thanks(alice: User) -> None:
    grace = person(alice, "Grace")
    book = Resource.objects.create(user=alice, title="Just Enough Research", recommended_by=grace)
    book.set_status(ResourceStatus.LOOKED_AT)
    book.save()
    assert growth(alice, at(2026, 11, 5)) == {}
    book.set_status(ResourceStatus.FINISHED, at(2026, 11, 5, 20))
    book.save()
    key = f"share-update:resource-{book.pk}"
    assert growth(alice, at(2026, 11, 5, 21))[key].person == grace
    sent(alice, grace, MessageKind.UPDATE, at(2026, 11, 6))
    assert key not in growth(alice, at(2026, 11, 6, 1))


# --- referral ---------------------------------------------------------------------------


def test_a_referral_not_contacted_within_seven_days_is_due(alice: User) -> None:
    grace = person(alice, "Grace")
    ada = added_on(
        person(alice, "Ada", source=Source.REFERRAL, referred_by=grace), at(2026, 11, 2, 15)
    )
    key = f"referral:person-{ada.pk}"
    assert key not in growth(alice, at(2026, 11, 9, 14, 59))
    item = growth(alice, at(2026, 11, 9, 15))[key]
    assert item.due == at(2026, 11, 9, 15)
    assert item.person == ada and item.interview is None
    assert item.action_url == f"/interviews/new/?person={ada.pk}"

    # An idea in the pipeline: the step is its request.
    interview = Interview.objects.create(user=alice, person=ada)
    item = growth(alice, at(2026, 11, 10))[key]
    assert item.action_url == f"/interviews/{interview.pk}/messages/new/?kind=request"

    sent(alice, ada, MessageKind.REQUEST, at(2026, 11, 10, 9))
    assert key not in growth(alice, at(2026, 11, 10, 10))


def test_a_referral_reached_another_way_is_not_due(alice: User) -> None:
    grace = person(alice, "Grace")
    ada = added_on(person(alice, "Ada", referred_by=grace), at(2026, 11, 2))
    Interview.objects.create(user=alice, person=ada).move_to(Stage.REQUESTED, at=at(2026, 11, 3))
    plain = added_on(person(alice, "Alan"), at(2026, 11, 2))
    assert plain.referred_by is None
    assert growth(alice, at(2026, 11, 20)) == {}


def test_the_referrer_hears_back_once_the_conversation_took_place(alice: User) -> None:
    grace = person(alice, "Grace")
    ada = added_on(person(alice, "Ada", referred_by=grace), at(2026, 11, 2))
    sent(alice, ada, MessageKind.REQUEST, at(2026, 11, 3))
    key = f"share-update:referral-{ada.pk}"
    assert key not in growth(alice, at(2026, 11, 10))
    held(alice, ada, at(2026, 11, 12, 16))
    assert key not in growth(alice, at(2026, 11, 12, 15))
    item = growth(alice, at(2026, 11, 12, 17))[key]
    assert item.person == grace, "the update goes to the referrer"
    assert "Ada Doe" in item.title
    sent(alice, grace, MessageKind.UPDATE, at(2026, 11, 13))
    assert key not in growth(alice, at(2026, 11, 13, 1))


# --- job-posting ------------------------------------------------------------------------


def test_applying_where_someone_was_interviewed_asks_for_a_note(alice: User) -> None:
    northwind = Organization.objects.create(user=alice, name="Northwind Health")
    grace = person(alice, "Grace", organization=northwind)
    held(alice, grace, at(2026, 10, 1, 10))
    posting = JobPosting.objects.create(
        user=alice, title="Research Ops Lead", organization=northwind
    )
    assert growth(alice, at(2026, 11, 5)) == {}, "only once applied"

    posting.set_status(PostingStatus.APPLIED, dt.date(2026, 11, 5))
    posting.save()
    key = f"job-posting:posting-{posting.pk}"
    assert key not in growth(alice, at(2026, 11, 4, 23))
    item = growth(alice, at(2026, 11, 5, 8))[key]
    assert item.person == grace and item.interview is None
    assert item.due == at(2026, 11, 5)

    sent(alice, grace, MessageKind.JOB_POSTING, at(2026, 11, 4))  # an older note
    assert key in growth(alice, at(2026, 11, 5, 9))
    sent(alice, grace, MessageKind.JOB_POSTING, at(2026, 11, 6, 9))
    assert key not in growth(alice, at(2026, 11, 6, 10))


def test_the_note_goes_to_someone_met_rather_than_someone_only_asked(alice: User) -> None:
    northwind = Organization.objects.create(user=alice, name="Northwind Health")
    met = person(alice, "Grace", organization=northwind)
    asked = person(alice, "Hedy", organization=northwind)
    held(alice, met, at(2026, 9, 1))
    Interview.objects.create(user=alice, person=asked)  # newer, but never held
    posting = JobPosting.objects.create(
        user=alice,
        title="Researcher",
        organization=northwind,
        status=PostingStatus.APPLIED,
        applied_on=dt.date(2026, 11, 5),
    )
    assert growth(alice, at(2026, 11, 6))[f"job-posting:posting-{posting.pk}"].person == met


def test_no_note_without_an_interview_there_or_before_applying(alice: User) -> None:
    northwind = Organization.objects.create(user=alice, name="Northwind Health")
    person(alice, "Grace", organization=northwind)  # known, never interviewed
    JobPosting.objects.create(
        user=alice,
        title="Researcher",
        organization=northwind,
        status=PostingStatus.APPLIED,
        applied_on=dt.date(2026, 11, 5),
    )
    JobPosting.objects.create(user=alice, title="Nowhere", status=PostingStatus.APPLIED)
    assert growth(alice, at(2026, 11, 6)) == {}


# --- the list as a whole ---------------------------------------------------------------


def busy_world(user: User, n: int) -> None:
    """n of everything that makes a growth item."""
    for i in range(n):
        organization = Organization.objects.create(user=user, name=f"Org {i}")
        grace = person(user, f"Grace{i}", organization=organization)
        held(user, grace, at(2026, 10, 1))
        Action.objects.create(user=user, title=f"Act {i}", suggested_by=grace).complete(
            at(2026, 11, 1)
        )
        Resource.objects.create(
            user=user,
            title=f"Book {i}",
            recommended_by=grace,
            status=ResourceStatus.FINISHED,
            finished_at=at(2026, 11, 1),
        )
        added_on(person(user, f"Ada{i}", referred_by=grace), at(2026, 10, 20))
        JobPosting.objects.create(
            user=user,
            title=f"Job {i}",
            organization=organization,
            status=PostingStatus.APPLIED,
            applied_on=dt.date(2026, 11, 1),
        )


def test_the_number_of_queries_does_not_grow_with_the_data(alice: User) -> None:
    profile = profile_for(alice)
    now = at(2026, 11, 2)
    with CaptureQueriesContext(connection) as none:
        assert growth_items(alice, profile, now) == []
    busy_world(alice, 2)
    with CaptureQueriesContext(connection) as few:
        small = growth_items(alice, profile, now)
    busy_world(alice, 6)
    with CaptureQueriesContext(connection) as many:
        large = growth_items(alice, profile, now)
    assert len(large) > len(small) >= 8
    assert len(none.captured_queries) == len(few.captured_queries) == len(many.captured_queries)


def test_the_today_command_shows_growth_items_with_no_interview(alice: User) -> None:
    grace = person(alice, "Grace")
    Action.objects.create(user=alice, title="Join UXPA", suggested_by=grace).complete(
        at(2026, 11, 2, 10)
    )
    out = io.StringIO()
    call_command("today", "--user", "alice", "--date", "2026-11-02", "--json", stdout=out)
    items = [item for item in json.loads(out.getvalue()) if item["kind"] == "share-update"]
    assert items == [
        {
            "kind": "share-update",
            "due": "2026-11-02T10:00:00+00:00",
            "title": "Tell Grace Doe you took their advice",
            "person": "Grace Doe",
            "interview": None,
        }
    ]


@pytest.mark.parametrize("kind", ["share-update", "job-posting"])
def test_today_shows_growth_items_with_their_person(
    kind: str, alice: User, alice_client: Client
) -> None:
    northwind = Organization.objects.create(user=alice, name="Northwind Health")
    grace = person(alice, "Grace", organization=northwind)
    held(alice, grace, at(2026, 10, 1))
    if kind == "share-update":
        Action.objects.create(user=alice, title="Join UXPA", suggested_by=grace).complete()
        step = "Write the update"
    else:
        posting = JobPosting.objects.create(user=alice, title="Researcher", organization=northwind)
        alice_client.post(f"/growth/postings/{posting.pk}/apply/")
        step = "Write the note"
    page = alice_client.get("/").content.decode()
    assert f'data-kind="{kind}"' in page
    assert step in page
    assert f'href="/network/people/{grace.pk}/"' in page


def test_the_referral_request_names_the_referrer_first_and_the_referrer_hears_back(
    alice: User, alice_client: Client
) -> None:
    grace = person(alice, "Grace")
    held(alice, grace, at(2026, 10, 1))
    ada = person(alice, "Ada", source=Source.REFERRAL, referred_by=grace, email="ada@example.org")
    interview = Interview.objects.create(user=alice, person=ada)
    item = growth(alice, ada.created_at + dt.timedelta(days=8))[f"referral:person-{ada.pk}"]
    page = alice_client.get(item.action_url).content.decode()
    body = page.split('name="body"')[1].split(">", 1)[1].split("</textarea>")[0]
    greeting, first_sentence = body.strip().split("\n\n")[:2]
    assert greeting == "Hi Ada,"
    assert first_sentence.startswith("Grace Doe suggested I get in touch with you.")

    interview.move_to(Stage.SCHEDULED, scheduled_at=at(2026, 11, 20, 10))
    interview.move_to(Stage.HELD, at=at(2026, 11, 20, 11))
    thanks = alice_client.get(f"/growth/referrals/{ada.pk}/update/").content.decode()
    assert "Hi Grace,\n\nI spoke with Ada Doe, thank you for the introduction!" in thanks
    assert alice_client.get(f"/growth/referrals/{grace.pk}/update/").status_code == 404


def test_today_shows_the_newest_twenty_updates_and_keeps_the_rest_waiting(alice: User) -> None:
    grace = person(alice, "Grace")
    for day in range(1, 26):
        Action.objects.create(user=alice, title=f"Step {day}", suggested_by=grace).complete(
            at(2026, 11, day)
        )
    items = [i for i in growth(alice, at(2026, 11, 26)).values() if i.kind == "share-update"]
    assert len(items) == 20
    assert min(item.due for item in items) == at(2026, 11, 6)


def test_a_growth_item_can_be_snoozed(alice: User, alice_client: Client) -> None:
    grace = person(alice, "Grace")
    action = Action.objects.create(user=alice, title="Join UXPA", suggested_by=grace)
    action.complete()
    key = f"share-update:action-{action.pk}"
    response = alice_client.post("/today/snooze/", {"key": key, "for": "week"})
    assert response.status_code == 302
    assert key not in {item.key for item in due_items(alice)}
