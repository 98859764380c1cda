"""Today's quicker reads give what the plainer ones they replaced gave, item for item.

Keep-in-touch ranks the people the user interviewed and keeps those due (rather than
filtering by due day first); the referral rules read the referred people once (rather than
twice); a posting's contact comes with the posting. Each is checked against the plain way
on random data.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Subquery
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coffeechat.accounts.models import profile_for
from coffeechat.agenda.rules import DueItem, Pending, due_items
from coffeechat.growth import relationships
from coffeechat.growth.today import (
    PER_RULE,
    REFERRAL_WAIT,
    STALE_AFTER,
    _referral_items,
    _referred,
    _update_sent,
)
from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Note, Person
from coffeechat.outreach.models import Message, MessageKind
from coffeechat.owned import object_url

NOW = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
USERS = itertools.count()
EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def new_user() -> User:
    """A user of their own for each example: the examples share one database."""
    return User.objects.create_user(f"example{next(USERS)}")


def ago(days: int) -> dt.datetime:
    return NOW - dt.timedelta(days=days, hours=days % 5)


def added(person: Person, days: int) -> Person:
    Person.objects.filter(pk=person.pk).update(created_at=ago(days))
    return person


# --- keep in touch -----------------------------------------------------------------------


def plain_due_for_today(user: User, now: dt.datetime) -> list[tuple[int, dt.datetime]]:
    """The interviewed people due, filtered by due day and then ranked, as Today used to."""
    profile = profile_for(user)
    ids = list(
        relationships._interviewed_due(user, profile, now)
        .order_by("due_day", "pk")
        .values_list("pk", flat=True)[: relationships.TODAY_LIMIT]
    )
    clocks = relationships._details(user, profile, now, ids)
    return sorted((clock.person.pk, clock.due_at) for clock in clocks)


someone_met = st.fixed_dictionaries(
    {
        "cadence": st.sampled_from([None, 0, 7, 30, 90]),
        "added": st.integers(100, 400),
        "held": st.integers(0, 300),
        "message": st.none() | st.integers(0, 300),
        "note": st.none() | st.integers(0, 300),
    }
)


@EXAMPLES
@given(people=st.lists(someone_met, min_size=1, max_size=14))
def test_keep_in_touch_ranks_first_and_keeps_those_due(
    db: None, people: list[dict[str, Any]]
) -> None:
    user = new_user()
    for n, fields in enumerate(people):
        person = added(
            Person.objects.create(
                user=user, first_name=f"P{n}", keep_in_touch_days=fields["cadence"]
            ),
            fields["added"],
        )
        interview = Interview.objects.create(user=user, person=person)
        Interview.objects.filter(pk=interview.pk).update(
            stage=Stage.THANKED, held_at=ago(fields["held"])
        )
        if fields["message"] is not None:
            Message.objects.create(
                user=user, person=person, kind=MessageKind.CHECK_IN, sent_at=ago(fields["message"])
            )
        if fields["note"] is not None:
            note = Note.objects.create(user=user, person=person, text="Coffee")
            Note.objects.filter(pk=note.pk).update(created_at=ago(fields["note"]))
    profile = profile_for(user)
    fast = relationships.due_for_today(user, profile, NOW)
    interviewed = sorted((clock.person.pk, clock.due_at) for clock in fast)
    assert interviewed == plain_due_for_today(user, NOW)
    assert all(clock.due_at <= NOW for clock in fast)


# --- referrals ---------------------------------------------------------------------------


def plain_referral_items(user: User, now: dt.datetime) -> list[tuple[Any, ...]]:
    """The referral thanks and referrals, read as two rules with a query each."""
    since = now - STALE_AFTER
    first_held = (
        Interview.objects.filter(person=OuterRef("pk"), held_at__isnull=False)
        .order_by("held_at")
        .values("held_at")[:1]
    )
    met = (
        _referred(user)
        .annotate(first_held=Subquery(first_held))
        .filter(first_held__gte=since, first_held__lte=now)
        .exclude(_update_sent("referred_by", "first_held", now))
        .select_related("referred_by")
        .order_by("-first_held", "-id")[:PER_RULE]
    )
    rows = [
        (
            f"share-update:referral-{person.pk}",
            person.first_held,
            person.referred_by_id,
            object_url("referral_update", person.pk),
            f"Tell {person.referred_by.name} you spoke with {person.name}",
        )
        for person in met
    ]
    asked = Message.objects.filter(
        person=OuterRef("pk"), kind=MessageKind.REQUEST, sent_at__lte=now
    )
    under_way = Interview.objects.filter(person=OuterRef("pk")).exclude(
        stage__in=[Stage.IDEA, Stage.RESEARCHING]
    )
    latest = (
        Interview.objects.filter(person=OuterRef("pk")).order_by("-created_at", "-id").values("pk")
    )
    waiting = (
        _referred(user)
        .filter(created_at__lte=now - REFERRAL_WAIT, created_at__gte=since - REFERRAL_WAIT)
        .exclude(Exists(asked))
        .exclude(Exists(under_way))
        .annotate(open_interview=Subquery(latest[:1]))
        .select_related("referred_by")
        .order_by("created_at", "id")[:PER_RULE]
    )
    for person in waiting:
        if person.open_interview is not None:
            url = object_url("message_compose", person.open_interview) + "?kind=request"
        else:
            url = reverse("interview_create") + f"?person={person.pk}"
        rows.append(
            (
                f"referral:person-{person.pk}",
                person.created_at + REFERRAL_WAIT,
                person.pk,
                url,
                f"Contact {person.name}, whom {person.referred_by.name} suggested",
            )
        )
    return rows


def shown(items: list[DueItem]) -> list[tuple[Any, ...]]:
    return [
        (item.key, item.due, item.person.pk if item.person else None, item.action_url, item.title)
        for item in items
    ]


someone_referred = st.fixed_dictionaries(
    {
        "added": st.integers(0, 90),
        "stage": st.sampled_from([None, Stage.IDEA, Stage.REQUESTED, Stage.THANKED]),
        "held": st.none() | st.integers(0, 80),
        "asked": st.none() | st.integers(0, 80),
        "thanked": st.none() | st.integers(0, 80),
    }
)


@EXAMPLES
@given(referred=st.lists(someone_referred, min_size=1, max_size=12), referrers=st.integers(1, 3))
def test_the_referral_rules_read_once_give_what_two_reads_gave(
    db: None, referred: list[dict[str, Any]], referrers: int
) -> None:
    user = new_user()
    introducers = [
        Person.objects.create(user=user, first_name=f"Ref{n}", last_name="Doe")
        for n in range(referrers)
    ]
    for n, fields in enumerate(referred):
        referrer = introducers[n % referrers]
        person = added(
            Person.objects.create(
                user=user, first_name=f"New{n}", last_name="Roe", referred_by=referrer
            ),
            fields["added"],
        )
        if fields["stage"] is not None:
            interview = Interview.objects.create(user=user, person=person)
            held = ago(fields["held"]) if fields["held"] is not None else None
            Interview.objects.filter(pk=interview.pk).update(stage=fields["stage"], held_at=held)
        if fields["asked"] is not None:
            Message.objects.create(
                user=user, person=person, kind=MessageKind.REQUEST, sent_at=ago(fields["asked"])
            )
        if fields["thanked"] is not None:
            Message.objects.create(
                user=user, person=referrer, kind=MessageKind.UPDATE, sent_at=ago(fields["thanked"])
            )
    fast = _referral_items(user, NOW, NOW - STALE_AFTER)
    assert shown(fast) == plain_referral_items(user, NOW)


# --- the pieces --------------------------------------------------------------------------


def test_an_item_built_ahead_is_itself_when_read() -> None:
    item = DueItem(
        kind="reflect",
        due=NOW,
        title="Take ten minutes to reflect",
        detail="",
        interview=None,
        action_url="/growth/reflections/new/",
        action_label="Write a reflection",
        ref="journal",
    )
    pending = Pending.of(item)
    assert (pending.kind, pending.due, pending.key, pending.interview_id) == (
        "reflect",
        NOW,
        "reflect:journal",
        None,
    )
    assert pending.build(None) is item


def test_a_posting_note_names_and_links_the_contact(alice: User) -> None:
    from coffeechat.growth.models import JobPosting, PostingStatus
    from coffeechat.network.models import Organization

    northwind = Organization.objects.create(user=alice, name="Northwind")
    grace = Person.objects.create(
        user=alice, first_name="Grace", last_name="Hopper", organization=northwind
    )
    Interview.objects.filter(pk=Interview.objects.create(user=alice, person=grace).pk).update(
        stage=Stage.THANKED, held_at=NOW - dt.timedelta(days=30)
    )
    posting = JobPosting.objects.create(
        user=alice,
        title="UX researcher",
        organization=northwind,
        status=PostingStatus.APPLIED,
        applied_on=NOW.date(),
    )
    [item] = [item for item in due_items(alice, NOW) if item.kind == "job-posting"]
    assert item.person == grace and item.person.name == "Grace Hopper"
    assert item.person.get_absolute_url() == grace.get_absolute_url()
    assert item.key == f"job-posting:posting-{posting.pk}"


# --- the page ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_card_can_be_snoozed_with_the_pages_one_token(alice: User) -> None:
    """The cards share one CSRF token, and it is a good one: a client that checks CSRF
    snoozes with what the page gave it."""
    for n in range(3):
        grace = Person.objects.create(user=alice, first_name="Grace", last_name=f"No{n}")
        interview = Interview.objects.create(user=alice, person=grace)
        Interview.objects.filter(pk=interview.pk).update(
            stage=Stage.HELD, held_at=NOW - dt.timedelta(days=3)
        )
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    page = client.get("/").content.decode()
    tokens = page.split('name="csrfmiddlewaretoken" value="')[1:]
    assert len(tokens) >= 3 and len({token.split('"')[0] for token in tokens}) == 1
    token = tokens[0].split('"')[0]
    key = due_items(alice)[0].key
    response = client.post(
        "/today/snooze/", {"key": key, "for": "day", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert key not in {item.key for item in due_items(alice)}
    assert "will join this list" not in page
