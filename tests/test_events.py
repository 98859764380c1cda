"""Events: the people met there, added or created on the spot, and following up with them."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from coffeechat.growth.models import Event
from coffeechat.interviews.models import Interview
from coffeechat.network.models import Person, Source
from coffeechat.outreach.models import Message, MessageKind


def test_alice_adds_an_event_and_edits_it(alice: User, alice_client: Client) -> None:
    response = alice_client.post(
        "/growth/events/new/",
        {"name": "UXPA Boston", "kind": "conference", "date": "2026-05-14", "place": "Boston"},
    )
    event = Event.objects.get(user=alice)
    assert response["Location"] == event.get_absolute_url()
    assert event.date == dt.date(2026, 5, 14) and event.kind == "conference"
    alice_client.post(
        f"/growth/events/{event.pk}/edit/",
        {"name": "UXPA Boston 2026", "kind": "conference", "date": "2026-05-15", "notes": "Great"},
    )
    event.refresh_from_db()
    assert event.name == "UXPA Boston 2026" and event.notes == "Great"
    assert "UXPA Boston 2026" in alice_client.get("/growth/events/").content.decode()


def test_an_event_needs_a_name_and_a_date(alice: User, alice_client: Client) -> None:
    response = alice_client.post("/growth/events/new/", {"kind": "meetup", "date": ""})
    assert response.status_code == 200
    assert not Event.objects.exists()


def test_someone_new_met_there_joins_the_network_from_the_event(
    alice: User, alice_client: Client
) -> None:
    event = Event.objects.create(user=alice, name="Data meetup", date=dt.date(2026, 3, 3))
    alice_client.post(
        f"/growth/events/{event.pk}/people/new/",
        {"first_name": "Linus", "last_name": "Lee", "organization_name": "Acme Health"},
    )
    person = Person.objects.get(user=alice, first_name="Linus")
    assert person.source == Source.EVENT
    assert person.organization is not None and person.organization.name == "Acme Health"
    assert list(event.people.all()) == [person]


def test_a_new_person_without_a_name_is_refused_with_the_event_shown_again(
    alice: User, alice_client: Client
) -> None:
    event = Event.objects.create(user=alice, name="Data meetup", date=dt.date(2026, 3, 3))
    response = alice_client.post(f"/growth/events/{event.pk}/people/new/", {"last_name": "Lee"})
    assert response.status_code == 200 and "Data meetup" in response.content.decode()
    assert not Person.objects.exists()


def test_someone_already_known_is_found_and_added(alice: User, alice_client: Client) -> None:
    event = Event.objects.create(user=alice, name="Data meetup", date=dt.date(2026, 3, 3))
    grace = Person.objects.create(user=alice, first_name="Grace", last_name="Hopper")
    page = alice_client.get(f"/growth/events/{event.pk}/?q=hopper").content.decode()
    assert "Grace Hopper" in page
    alice_client.post(f"/growth/events/{event.pk}/people/", {"person": grace.pk})
    assert list(event.people.all()) == [grace]
    grace.refresh_from_db()
    assert grace.source == Source.EXISTING  # how she is known doesn't change
    alice_client.post(f"/growth/events/{event.pk}/people/remove/", {"person": grace.pk})
    assert not event.people.exists()


def test_bob_cannot_add_alices_people_to_his_event(
    alice: User, bob: User, bob_client: Client
) -> None:
    grace = Person.objects.create(user=alice, first_name="Grace")
    event = Event.objects.create(user=bob, name="Bob's meetup", date=dt.date(2026, 3, 3))
    response = bob_client.post(f"/growth/events/{event.pk}/people/", {"person": grace.pk})
    assert response.status_code == 404
    assert not event.people.exists()


def test_the_event_shows_who_has_not_been_followed_up(alice: User, alice_client: Client) -> None:
    event = Event.objects.create(user=alice, name="Data meetup", date=timezone.localdate())
    grace = Person.objects.create(user=alice, first_name="Grace", source=Source.EVENT)
    linus = Person.objects.create(user=alice, first_name="Linus", source=Source.EVENT)
    event.people.add(grace, linus)
    page = alice_client.get(event.get_absolute_url()).content.decode()
    assert "Not followed up yet" in page
    assert f"/interviews/new/?person={grace.pk}" in page  # a request starts with an interview
    interview = Interview.objects.create(user=alice, person=grace)
    Message.objects.create(
        user=alice,
        person=grace,
        interview=interview,
        kind=MessageKind.REQUEST,
        sent_at=timezone.now(),
    )
    page = alice_client.get(event.get_absolute_url()).content.decode()
    waiting = page.split("Not followed up yet", 1)[1].split("</p>", 1)[0]
    assert "Linus" in waiting and "Grace" not in waiting


def test_deleting_an_event_keeps_the_people(alice: User, alice_client: Client) -> None:
    event = Event.objects.create(user=alice, name="Data meetup", date=dt.date(2026, 3, 3))
    event.people.add(Person.objects.create(user=alice, first_name="Grace"))
    assert "people met" in alice_client.get(f"/growth/events/{event.pk}/delete/").content.decode()
    alice_client.post(f"/growth/events/{event.pk}/delete/")
    assert not Event.objects.exists() and Person.objects.count() == 1
