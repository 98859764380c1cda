"""Today's queries keep their SQL per process, and give what the ORM gives when built afresh.

Every query behind Today (its rules, the digest, the calendar feed and the API read the same
ones) is built once from stand-in values and then run with each visit's. These tests build
random users' data, ask for their items at random moments, one user after another in the
same process (so the SQL kept for the first serves the others), and compare every item
with what the queries built by the ORM for that very visit give.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import dateformat, timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coffeechat.agenda import views
from coffeechat.agenda.models import Snooze
from coffeechat.agenda.prepared import ShapeError, prepared, unprepared
from coffeechat.agenda.rules import DueItem, due_items
from coffeechat.growth.models import (
    Action,
    ActionStatus,
    JobPosting,
    PostingStatus,
    Reflection,
    Resource,
    ResourceStatus,
)
from coffeechat.interviews.models import Interview, InterviewQuestion, Stage
from coffeechat.network.models import Note, Organization, Person
from coffeechat.outreach.models import Message, MessageKind, Reply

NOW = dt.datetime(2026, 6, 1, 14, 30, tzinfo=dt.UTC)
USERS = itertools.count()
EXAMPLES = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def at(rng: random.Random, days: int) -> dt.datetime:
    """A moment up to `days` before NOW (or after, for negative days), at a random minute."""
    return NOW - dt.timedelta(days=rng.uniform(min(0, days), max(0, days)))


def busy_user(rng: random.Random) -> User:
    """A user with a little of everything Today lists, drawn at random."""
    user = User.objects.create_user(f"busy{next(USERS)}")
    organizations = [
        Organization.objects.create(user=user, name=f"Org {n}") for n in range(rng.randint(1, 3))
    ]
    people = []
    for n in range(rng.randint(4, 12)):
        person = Person.objects.create(
            user=user,
            first_name=f"P{n}",
            last_name=rng.choice(["Ada", "Bo", "Cy"]),
            organization=rng.choice([None, *organizations]),
            keep_in_touch_days=rng.choice([None, None, 0, 14, 60]),
            referred_by=rng.choice([None, None, *people[:2]]),
        )
        Person.objects.filter(pk=person.pk).update(created_at=at(rng, 200))
        people.append(person)
    for person in people:
        if rng.random() < 0.7:
            add_interview(user, person, rng)
        if rng.random() < 0.3:
            note = Note.objects.create(user=user, person=person, text="Coffee")
            Note.objects.filter(pk=note.pk).update(created_at=at(rng, 150))
    for n in range(rng.randint(0, 6)):
        status = rng.choice(list(ActionStatus))
        Action.objects.create(
            user=user,
            title=f"Action {n}",
            suggested_by=rng.choice([None, *people]),
            due_date=(NOW - dt.timedelta(days=rng.randint(-10, 30))).date(),
            status=status,
            done_at=at(rng, 80) if status == ActionStatus.DONE else None,
        )
    for n in range(rng.randint(0, 3)):
        finished = rng.random() < 0.7
        Resource.objects.create(
            user=user,
            title=f"Book {n}",
            recommended_by=rng.choice(people),
            status=ResourceStatus.FINISHED if finished else ResourceStatus.TO_LOOK_AT,
            finished_at=at(rng, 80) if finished else None,
        )
    for n in range(rng.randint(0, 3)):
        JobPosting.objects.create(
            user=user,
            title=f"Job {n}",
            organization=rng.choice([None, *organizations]),
            status=rng.choice(list(PostingStatus)),
            applied_on=at(rng, 70).date(),
        )
    if rng.random() < 0.5:
        Reflection.objects.create(user=user, date=at(rng, 60).date(), confidence=3, text="Calmer.")
    return user


def add_interview(user: User, person: Person, rng: random.Random) -> None:
    stage = rng.choice(list(Stage))
    scheduled = at(rng, rng.choice([-3, 90]))
    interview = Interview.objects.create(user=user, person=person)
    Interview.objects.filter(pk=interview.pk).update(
        stage=stage,
        scheduled_at=scheduled if rng.random() < 0.8 else None,
        held_at=scheduled if stage in (Stage.HELD, Stage.THANKED) and rng.random() < 0.8 else None,
        requested_at=at(rng, 40) if rng.random() < 0.5 else None,
        stage_changed_at=at(rng, 40),
    )
    for n in range(rng.randint(0, 6)):
        InterviewQuestion.objects.create(user=user, interview=interview, text=f"Q{n}", position=n)
    for kind in rng.sample(list(MessageKind), rng.randint(0, 3)):
        reply = rng.choice(["", "", Reply.YES, Reply.NO, Reply.LATER])
        Message.objects.create(
            user=user,
            person=person,
            interview=rng.choice([interview, interview, None]),
            kind=kind,
            sent_at=at(rng, 40) if rng.random() < 0.8 else None,
            reply=reply,
            replied_at=at(rng, 20) if reply and rng.random() < 0.8 else None,
        )


def snooze_some(user: User, rng: random.Random, now: dt.datetime) -> None:
    for item in due_items(user, now, include_snoozed=True):
        if rng.random() < 0.2:
            until = rng.choice([None, now - dt.timedelta(hours=1), now + dt.timedelta(days=1)])
            Snooze.objects.update_or_create(user=user, key=item.key, defaults={"until": until})


def everything(item: DueItem) -> tuple[Any, ...]:
    """All an item says and links to."""
    return (
        item.key,
        item.kind,
        item.due,
        item.title,
        item.detail,
        item.action_url,
        item.action_label,
        item.urgent,
        item.person.pk if item.person is not None else None,
        item.person.name if item.person is not None else None,
        item.interview_id,
        item.suggestion.pk if item.suggestion is not None else None,
    )


def both_ways(user: User, now: dt.datetime, **options: Any) -> tuple[list[Any], list[Any]]:
    kept = [everything(item) for item in due_items(user, now, **options)]
    with unprepared():
        built = [everything(item) for item in due_items(user, now, **options)]
    return kept, built


@EXAMPLES
@given(seed=st.integers(0, 2**32), days=st.lists(st.integers(-5, 90), min_size=1, max_size=3))
def test_the_kept_sql_gives_every_item_the_orm_gives(db: None, seed: int, days: list[int]) -> None:
    rng = random.Random(seed)
    users = [busy_user(rng) for _ in range(2)]
    # Around NOW too: the meetings to prepare for are there.
    for user, offset in itertools.product(users, [0, *days]):
        now = NOW + dt.timedelta(days=offset, minutes=rng.randint(0, 600))
        snooze_some(user, rng, now)
        kept, built = both_ways(user, now)
        assert kept == built
        kept, built = both_ways(user, now, include_snoozed=True)
        assert kept == built


@EXAMPLES
@given(seed=st.integers(0, 2**32))
def test_todays_other_lists_give_what_the_orm_gives(db: None, seed: int) -> None:
    rng = random.Random(seed)
    user = busy_user(rng)
    since, until = at(rng, 30), (NOW + dt.timedelta(days=rng.randint(0, 14))).date()

    def lists() -> tuple[Any, ...]:
        return (
            [views._meeting_line(*row) for row in views._upcoming(user_id=user.pk, since=since)],
            [
                views._action_line(*row)
                for row in views._actions_due_soon(user_id=user.pk, until=until)
            ],
            bool(views._any_person(user_id=user.pk)),
        )

    kept = lists()
    with unprepared():
        assert lists() == kept
    # The lines name people as the person pages do.
    for person in Person.objects.filter(user=user):
        assert views._name(person.first_name, person.last_name) == person.name


@pytest.mark.django_db
def test_a_page_of_items_reads_its_interviews_whatever_their_number(alice: User) -> None:
    """Pages with 1 to 100 interviews, and "Show all" with more, build the same items."""
    people = [Person.objects.create(user=alice, first_name=f"P{n}") for n in range(120)]
    for n, person in enumerate(people):
        interview = Interview.objects.create(user=alice, person=person)
        held = NOW - dt.timedelta(days=1, minutes=n)
        Interview.objects.filter(pk=interview.pk).update(stage=Stage.HELD, held_at=held)
    kept, built = both_ways(alice, NOW)
    assert kept == built and len(kept) >= 120
    from coffeechat.agenda.rules import due_list

    due = due_list(alice, NOW)
    for size in (1, 9, 10, 11, 50, 100):
        assert [item.title for item in due[:size]] == [row[3] for row in built[:size]]


# --- Prepared itself ------------------------------------------------------------------


@prepared
def _people_added_since(user_id: int, since: dt.datetime) -> QuerySet[Person]:
    return Person.objects.filter(user_id=user_id, created_at__gte=since).order_by("pk")


@prepared
def _people_added_on(user_id: int, now: dt.datetime) -> QuerySet[Person]:
    return Person.objects.filter(user_id=user_id, created_at__date=now.date())


@prepared
def _people_of(user_id: int, ids: list[int]) -> QuerySet[Person, tuple[int]]:
    return Person.objects.filter(user_id=user_id, pk__in=ids).order_by("pk").values_list("pk")


@prepared
def _anyone(user_id: int, unused: int) -> QuerySet[Person]:
    return Person.objects.filter(user_id=user_id)


@pytest.mark.django_db
def test_kept_sql_runs_with_each_calls_values(alice: User, bob: User) -> None:
    old = Person.objects.create(user=alice, first_name="Old")
    Person.objects.filter(pk=old.pk).update(created_at=NOW - dt.timedelta(days=9))
    new = Person.objects.create(user=alice, first_name="New")
    Person.objects.create(user=bob, first_name="Bob's")
    week_ago = NOW - dt.timedelta(days=7)
    assert _people_added_since(user_id=alice.pk, since=week_ago) == [new]
    assert _people_added_since(user_id=alice.pk, since=week_ago - dt.timedelta(days=7)) == [
        old,
        new,
    ]
    tomorrow = timezone.now() + dt.timedelta(days=1)
    assert _people_added_since(user_id=bob.pk, since=tomorrow) == []
    local = timezone.localtime(week_ago, dt.timezone(dt.timedelta(hours=-5)))
    assert _people_added_since(user_id=alice.pk, since=local) == [new]


@pytest.mark.django_db
def test_kept_sql_is_counted_as_a_query(alice: User) -> None:
    _people_added_since(user_id=alice.pk, since=NOW)
    with CaptureQueriesContext(connection) as captured:
        _people_added_since(user_id=alice.pk, since=NOW)
    assert len(captured) == 1 and "network_person" in captured[0]["sql"]


@pytest.mark.django_db
def test_a_list_of_ids_keeps_sql_for_each_length(alice: User) -> None:
    people = [Person.objects.create(user=alice, first_name=f"P{n}").pk for n in range(4)]
    assert _people_of(user_id=alice.pk, ids=people[:1]) == [(people[0],)]
    assert _people_of(user_id=alice.pk, ids=people[1:3]) == [(people[1],), (people[2],)]
    assert _people_of(user_id=alice.pk, ids=[people[3], people[3]]) == [(people[3],)]


@pytest.mark.django_db
def test_a_query_whose_sql_depends_on_its_values_is_refused(alice: User) -> None:
    with pytest.raises(ShapeError, match="did not land"):
        _people_added_on(user_id=alice.pk, now=NOW)
    with pytest.raises(ShapeError, match="did not land"):
        _anyone(user_id=alice.pk, unused=3)
    with pytest.raises(ShapeError, match="aware"):
        _people_added_since(user_id=alice.pk, since=NOW.replace(tzinfo=None))


# --- the page's moments ----------------------------------------------------------------


@pytest.mark.backend_independent
@settings(max_examples=200, deadline=None)
@given(
    when=st.datetimes(
        min_value=dt.datetime(1990, 1, 1),
        max_value=dt.datetime(2100, 1, 1),
        timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=-5, minutes=-30))]),
    ),
    language=st.sampled_from(["en-us", "fr", "de"]),
)
def test_the_cards_write_moments_as_the_date_filter_does(when: dt.datetime, language: str) -> None:
    with translation.override(language):
        assert views.short_moment(when) == dateformat.format(when, "D j M, H:i")
        assert views.short_day(when.date()) == dateformat.format(when.date(), "j M")
