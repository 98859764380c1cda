"""Today's page builds only the items it shows: its counts, pages and snoozes must still
match the whole list, item for item."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.test import Client

from coffeechat.accounts.models import profile_for
from coffeechat.agenda.models import Snooze
from coffeechat.agenda.rules import KIND_LABELS, due_items, due_list
from coffeechat.growth.models import Action
from coffeechat.growth.relationships import keep_in_touch_for
from coffeechat.growth.today import growth_items
from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Note, Organization, Person
from coffeechat.outreach.models import Message, MessageKind, Reply
from tests.conftest import World

NOW = dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC)


def busy_alice(alice: User, world: World) -> None:
    """Sixty thank-yous, unanswered requests (follow-up, try-another, close), a yes to
    schedule, a later to check back on, and an overdue action: every interview rule."""
    start = dt.datetime(2026, 1, 5, 15, tzinfo=dt.UTC)
    for n in range(60):
        person = Person.objects.create(user=alice, first_name="Guest", last_name=f"No{n:02}")
        interview = Interview.objects.create(user=alice, person=person)
        interview.move_to(Stage.SCHEDULED, scheduled_at=start + dt.timedelta(hours=n))
        interview.move_to(Stage.HELD, at=start + dt.timedelta(hours=n, minutes=30))
    northwind = Organization.objects.create(user=alice, name="Contoso")
    Person.objects.create(user=alice, first_name="Next", last_name="Inline", organization=northwind)
    for n, (reply, followed) in enumerate(
        [("", False), ("", True), (Reply.YES, False), (Reply.LATER, False)]
    ):
        person = Person.objects.create(
            user=alice, first_name="Asked", last_name=f"No{n}", organization=northwind
        )
        interview = Interview.objects.create(user=alice, person=person)
        sent = dt.datetime(2026, 1, 12 + n, 9, tzinfo=dt.UTC)
        interview.move_to(Stage.REQUESTED, at=sent)
        Message.objects.create(
            user=alice,
            person=person,
            interview=interview,
            kind=MessageKind.REQUEST,
            sent_at=sent,
            reply=reply,
            replied_at=sent + dt.timedelta(days=1) if reply else None,
        )
        if followed:
            Message.objects.create(
                user=alice,
                person=person,
                interview=interview,
                kind=MessageKind.FOLLOW_UP,
                sent_at=sent + dt.timedelta(days=10),
            )
    Action.objects.filter(pk=world.action.pk).update(due_date=dt.date(2026, 2, 1))


def test_the_counts_and_every_page_match_the_whole_list(world: World, alice: User) -> None:
    busy_alice(alice, world)
    everything = due_items(alice, NOW)
    kinds = Counter(item.kind for item in everything)
    assert kinds["thank-you"] >= 60 and len(kinds) >= 5, kinds

    due = due_list(alice, NOW)
    assert len(due) == len(everything)
    assert due.kind_counts() == Counter(item.kind for item in everything).most_common()
    assert due.keys == [item.key for item in everything]
    paginator = Paginator(due, 50)
    assert paginator.num_pages == 2
    assert paginator.page(1).object_list == everything[:50]
    assert paginator.page(2).object_list == everything[50:]
    # What the page shows is built as the whole list builds it: titles, links, people.
    for shown, whole in zip(due[45:55], everything[45:55], strict=True):
        assert (shown.title, shown.action_url, shown.detail, shown.person) == (
            whole.title,
            whole.action_url,
            whole.detail,
            whole.person,
        )
    assert due[0] == everything[0] and due[-1] == everything[-1]


def test_a_snoozed_item_is_neither_shown_nor_counted(world: World, alice: User) -> None:
    busy_alice(alice, world)
    first = due_items(alice, NOW)[0]
    Snooze.objects.create(user=alice, key=first.key, until=NOW + dt.timedelta(days=1))
    due = due_list(alice, NOW)
    assert first.key not in due.keys and len(due) == len(due_items(alice, NOW))
    assert (
        dict(due.kind_counts())[first.kind]
        == Counter(item.kind for item in due_items(alice, NOW))[first.kind]
    )
    assert first.key in due_list(alice, NOW, include_snoozed=True).keys
    assert first.key in due_list(alice, NOW + dt.timedelta(days=2)).keys


def test_the_second_page_shows_the_rest_and_the_counts_stay(
    world: World, alice: User, alice_client: Client
) -> None:
    busy_alice(alice, world)
    everything = due_items(alice)
    counts = Counter(item.kind for item in everything)
    second = alice_client.get("/?page=2").content.decode()
    assert second.count('class="card due-item') == len(everything) - 50
    assert f"Due ({len(everything)})" in second
    for kind, count in counts.items():
        assert f'<span class="tag">{KIND_LABELS[kind]}</span> {count}' in second
    assert everything[-1].title in second and everything[0].title not in second


def test_an_item_can_be_snoozed_from_any_page(
    world: World, alice: User, alice_client: Client
) -> None:
    busy_alice(alice, world)
    last = due_items(alice)[-1]
    response = alice_client.post("/today/snooze/", {"key": last.key, "for": "week"})
    assert response.status_code == 302
    assert last.key not in {item.key for item in due_items(alice)}


def test_another_users_referrals_stay_theirs(world: World, alice: User, bob: User) -> None:
    """Referrals are found through the index of referrals, not the user's people: make sure
    another user's referred people never reach alice's Today."""
    for user in (alice, bob):
        referrer = Person.objects.create(user=user, first_name="Ref", last_name=user.username)
        referred = Person.objects.create(
            user=user, first_name="New", last_name=user.username, referred_by=referrer
        )
        Person.objects.filter(pk=referred.pk).update(created_at=NOW - dt.timedelta(days=10))
    profile = profile_for(alice)
    items = [i for i in growth_items(alice, profile, NOW) if i.kind == "referral"]
    assert [item.person.last_name for item in items if item.person] == ["alice"]


def test_the_person_page_clock_matches_the_check_in_on_today(alice: User) -> None:
    """keep_in_touch_for reads one person's clock its own way: it must agree with Today."""
    added = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    met = dt.datetime(2026, 1, 5, 15, tzinfo=dt.UTC)
    interviewed = Person.objects.create(user=alice, first_name="Met")
    own = Person.objects.create(user=alice, first_name="Own", keep_in_touch_days=30)
    never = Person.objects.create(user=alice, first_name="Never")
    Person.objects.filter(user=alice).update(created_at=added)
    interview = Interview.objects.create(user=alice, person=interviewed)
    Interview.objects.filter(pk=interview.pk).update(stage=Stage.THANKED, held_at=met)
    Message.objects.create(
        user=alice, person=own, kind=MessageKind.CHECK_IN, sent_at=met + dt.timedelta(days=3)
    )
    now = met + dt.timedelta(days=200)
    on_today = {
        item.person.pk: item.due
        for item in due_items(alice, now)
        if item.kind == "keep-in-touch" and item.person
    }
    for person in (interviewed, own, never):
        person.refresh_from_db()
    assert keep_in_touch_for(interviewed, now).due == on_today[interviewed.pk]
    assert keep_in_touch_for(interviewed, now).last_talked == met
    assert keep_in_touch_for(own, now).due == on_today[own.pk] == met + dt.timedelta(days=33)
    summary = keep_in_touch_for(never, now)
    assert summary.cadence == 0 and summary.due is None and never.pk not in on_today


def test_the_person_page_clock_moves_with_each_kind_of_interaction(alice: User) -> None:
    """A reply, a meeting whose time has passed, a note, a LinkedIn message: the person
    page reads each the way Today does."""
    added = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    when = dt.datetime(2026, 1, 5, 15, tzinfo=dt.UTC)
    now = when + dt.timedelta(days=100)
    people = {
        kind: Person.objects.create(user=alice, first_name=kind, keep_in_touch_days=30)
        for kind in ("reply", "meeting", "future", "note", "linkedin")
    }
    Person.objects.filter(user=alice).update(created_at=added)
    Message.objects.create(
        user=alice,
        person=people["reply"],
        kind=MessageKind.REQUEST,
        sent_at=when - dt.timedelta(days=20),
        reply=Reply.LATER,
        replied_at=when,
    )
    Interview.objects.create(user=alice, person=people["meeting"], scheduled_at=when)
    Interview.objects.create(
        user=alice, person=people["future"], scheduled_at=now + dt.timedelta(1)
    )
    Note.objects.create(user=alice, person=people["note"], text="Met at the meetup.")
    Note.objects.filter(person=people["note"]).update(created_at=when)
    Person.objects.filter(pk=people["linkedin"].pk).update(last_linkedin_message_at=when)
    on_today = {
        item.person.pk: item.due
        for item in due_items(alice, now)
        if item.kind == "keep-in-touch" and item.person
    }
    for kind, person in people.items():
        person.refresh_from_db()
        summary = keep_in_touch_for(person, now)
        assert summary.due == on_today[person.pk], kind
        if kind == "future":  # a meeting still to come is no interaction yet
            assert summary.last_talked is None and summary.due == added + dt.timedelta(30)
        else:
            assert summary.last_talked == when and summary.due == when + dt.timedelta(30), kind


@pytest.mark.backend_independent
def test_every_kind_of_item_the_rules_make_has_a_name_on_its_card() -> None:
    """Cards name their kind in words ("Someone else", not "try-another"); a new rule's kind
    without a name would show raw."""
    import coffeechat

    package = Path(coffeechat.__file__).parent
    sources = ["agenda/rules.py", "growth/today.py", "growth/relationships.py"]
    sources.append("growth/reflections.py")
    made = set()
    for source in sources:
        made |= set(re.findall(r'\bkind="([a-z-]+)"', (package / source).read_text()))
    assert len(made) >= 10 and made <= set(KIND_LABELS)
