"""Possible duplicates: the list, keeping two people apart, and a merge that loses nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from coffeechat.agenda.models import Snooze
from coffeechat.growth.models import Action, Event, JobPosting, Resource
from coffeechat.interviews.models import Interview, Takeaway
from coffeechat.network.merge import merge_people, related_rows
from coffeechat.network.models import KeptApart, Note, Person
from coffeechat.outreach.models import Message
from tests.conftest import World


@pytest.fixture
def twin(world: World, alice: User) -> Person:
    """A second record of world.person (Grace Hopper), with a life of its own."""
    twin = Person.objects.create(
        user=alice,
        first_name="Grace",
        last_name="Hopper",
        email="grace@northwind.example",
        phone="+1 617 555 0100",
        organization=world.organization,
        research_notes="Prefers mornings.",
        tags="mentor",
    )
    interview = Interview.objects.create(user=alice, person=twin, exploration=world.exploration)
    Message.objects.create(user=alice, person=twin, interview=interview, body="Hi again")
    Note.objects.create(user=alice, person=twin, text="Second record's note.")
    takeaway = Takeaway.objects.create(user=alice, interview=interview, text="Read Nielsen.")
    Action.objects.create(user=alice, title="Read it", takeaway=takeaway, suggested_by=twin)
    Person.objects.create(user=alice, first_name="Ada", referred_by=twin)
    JobPosting.objects.create(user=alice, title="Lead researcher").people.add(twin)
    world.event.people.add(twin)  # both records met at the same event
    Event.objects.create(user=alice, name="Meetup", date=timezone.now().date()).people.add(twin)
    Resource.objects.create(user=alice, title="Just Enough Research", recommended_by=twin)
    Snooze.objects.create(user=alice, key=f"check-in:person-{twin.pk}")
    return twin


def _totals() -> dict[str, int]:
    return {
        "interviews": Interview.objects.count(),
        "messages": Message.objects.count(),
        "notes": Note.objects.count(),
        "takeaways": Takeaway.objects.count(),
        "actions": Action.objects.count(),
        "postings": JobPosting.objects.count(),
        "events": Event.objects.count(),
        "resources": Resource.objects.count(),
    }


def test_merge_moves_every_related_row_and_loses_nothing(world: World, twin: Person) -> None:
    kept = world.person
    before = _totals()
    kept_rows, twin_rows = related_rows(kept), related_rows(twin)
    assert all(twin_rows[name] >= 1 for name in twin_rows), twin_rows  # the test covers each

    merge_people(kept, twin, {"email": "merged", "phone": "merged"})

    assert not Person.objects.filter(pk=twin.pk).exists()
    assert _totals() == before
    after = related_rows(kept)
    shared_event = 1  # both were at world.event: the kept person is listed there once
    for name, count in after.items():
        expected = kept_rows[name] + twin_rows[name] - (shared_event if name == "events" else 0)
        assert count == expected, name
    assert twin.pk not in set(Interview.objects.values_list("person_id", flat=True))
    assert Message.objects.filter(body="Hi again", person=kept).exists()
    assert Note.objects.filter(text="Second record's note.", person=kept).exists()
    assert Takeaway.objects.filter(text="Read Nielsen.", person=kept).exists()
    assert Action.objects.filter(title="Read it", suggested_by=kept).exists()
    assert Person.objects.filter(first_name="Ada", referred_by=kept).exists()
    assert JobPosting.objects.filter(title="Lead researcher", people=kept).exists()
    assert set(Event.objects.filter(people=kept).values_list("name", flat=True)) >= {
        "UXPA",
        "Meetup",
    }
    assert Resource.objects.filter(title="Just Enough Research", recommended_by=kept).exists()
    assert Snooze.objects.filter(key=f"check-in:person-{kept.pk}").exists()


def test_merge_takes_the_picked_values_and_keeps_both_notes_and_tags(
    world: World, twin: Person
) -> None:
    Person.objects.filter(pk=world.person.pk).update(research_notes="Ran the study.", tags="ux")
    kept = Person.objects.get(pk=world.person.pk)
    merge_people(kept, twin, {"email": "merged", "position": "kept"})
    kept.refresh_from_db()
    assert kept.email == "grace@northwind.example"
    assert kept.phone == ""  # not picked: the kept person's own (empty) value stays
    assert kept.position == "UX Researcher"
    assert kept.research_notes == "Ran the study.\n\nPrefers mornings."
    assert kept.tag_list == ["ux", "mentor"]


def test_merging_someone_with_the_person_they_referred_leaves_no_self_referral(
    world: World, alice: User
) -> None:
    referred = Person.objects.create(user=alice, first_name="Grace", referred_by=world.person)
    merge_people(referred, world.person, {})
    referred.refresh_from_db()
    assert referred.referred_by is None


def test_the_duplicates_page_lists_a_likely_pair_with_its_reason(
    world: World, twin: Person, alice_client: Client
) -> None:
    page = alice_client.get("/network/duplicates/").content.decode()
    assert "Possible duplicates" in page
    assert f'href="/network/people/{world.person.pk}/merge/?with={twin.pk}"' in page
    assert "Keep apart" in page


def test_keep_apart_is_remembered_and_the_pair_leaves_the_list(
    world: World, twin: Person, alice_client: Client
) -> None:
    response = alice_client.post(
        f"/network/people/{twin.pk}/keep-apart/", {"other": world.person.pk}
    )
    assert response.status_code == 302
    low, high = sorted([world.person.pk, twin.pk])
    assert KeptApart.objects.filter(person_a_id=low, person_b_id=high).count() == 1
    page = alice_client.get("/network/duplicates/").content.decode()
    assert f"?with={twin.pk}" not in page and "No possible duplicates" in page


def test_the_merge_screen_shows_both_side_by_side_and_merges_on_post(
    world: World, twin: Person, alice_client: Client
) -> None:
    url = f"/network/people/{world.person.pk}/merge/?with={twin.pk}"
    page = alice_client.get(url).content.decode()
    assert 'name="email" value="merged" checked' in page  # the empty side loses by default
    assert "UX Researcher" in page and "grace@northwind.example" in page
    response = alice_client.post(
        f"/network/people/{world.person.pk}/merge/", {"with": twin.pk, "email": "merged"}
    )
    assert response.status_code == 302
    assert not Person.objects.filter(pk=twin.pk).exists()
    assert Person.objects.get(pk=world.person.pk).email == "grace@northwind.example"


def test_the_merge_chooser_offers_the_likely_twin_and_a_search(
    world: World, twin: Person, alice_client: Client
) -> None:
    page = alice_client.get(f"/network/people/{world.person.pk}/merge/").content.decode()
    assert f"?with={twin.pk}" in page
    found = alice_client.get(f"/network/people/{world.person.pk}/merge/?q=ada").content.decode()
    assert "Ada" in found


def test_bobs_own_person_cannot_be_merged_with_alices(
    world: World, twin: Person, bob: User, bob_client: Client
) -> None:
    bobs = Person.objects.create(user=bob, first_name="Grace", last_name="Hopper")
    merge = f"/network/people/{bobs.pk}/merge/"
    assert bob_client.get(f"{merge}?with={twin.pk}").status_code == 404
    assert bob_client.post(merge, {"with": twin.pk}).status_code == 404
    apart = f"/network/people/{bobs.pk}/keep-apart/"
    assert bob_client.post(apart, {"other": twin.pk}).status_code == 404
    assert Person.objects.filter(pk=twin.pk).exists()
    assert not KeptApart.objects.exists()
    assert "Grace" not in bob_client.get("/network/duplicates/").content.decode().split("<h2")[1]


def test_a_person_cannot_be_merged_with_themselves(world: World, alice_client: Client) -> None:
    url = f"/network/people/{world.person.pk}/merge/?with={world.person.pk}"
    assert alice_client.get(url).status_code == 404


def test_a_kept_apart_decision_carries_over_to_the_merged_person(
    world: World, twin: Person, alice: User
) -> None:
    third = Person.objects.create(user=alice, first_name="Grace", last_name="Hooper")
    low, high = sorted([twin.pk, third.pk])
    KeptApart.objects.create(user=alice, person_a_id=low, person_b_id=high)
    merge_people(world.person, twin, {})
    low, high = sorted([world.person.pk, third.pk])
    assert list(KeptApart.objects.values_list("person_a_id", "person_b_id")) == [(low, high)]


def test_snoozes_are_not_duplicated_when_both_had_one(world: World, twin: Person) -> None:
    Snooze.objects.create(
        user=world.person.user,
        key=f"check-in:person-{world.person.pk}",
        until=timezone.now() + dt.timedelta(days=3),
    )
    merge_people(world.person, twin, {})
    assert Snooze.objects.filter(key__startswith="check-in:").count() == 1
