from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client

from coffeechat.interviews.models import Interview
from coffeechat.network.forms import PersonForm
from coffeechat.network.models import Exploration, Note, Organization, Person
from tests.conftest import World, build_world


def test_an_empty_network_tells_a_newcomer_what_to_do(alice_client: Client) -> None:
    page = alice_client.get("/network/").content.decode()
    assert "Who do you already know?" in page and "Add a person" in page


def test_adding_a_person_creates_their_organization_once(alice_client: Client, alice: User) -> None:
    for first in ("Ada", "Alan"):
        response = alice_client.post(
            "/network/people/new/",
            {
                "first_name": first,
                "last_name": "Lovelace",
                "organization_name": "Analytical Engines Ltd.",
                "source": "alumni",
            },
        )
        assert response.status_code == 302
    assert Person.objects.for_user(alice).count() == 2
    organization = Organization.objects.for_user(alice).get()
    assert organization.normalized_name == "analytical engines"
    ada = Person.objects.get(first_name="Ada")
    assert response["Location"] != f"/network/people/{ada.pk}/"
    assert ada.organization == organization and ada.source == "alumni"


def test_a_person_needs_a_first_name(alice_client: Client, alice: User) -> None:
    response = alice_client.post("/network/people/new/", {"last_name": "X", "source": "existing"})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not Person.objects.for_user(alice).exists()


def test_an_organization_is_found_by_a_variant_of_its_name(world: World, alice: User) -> None:
    found = Organization.objects.get_or_create_named(alice, "The Northwind Health, LLC")
    assert found == world.organization
    world.organization.aliases = "NWH"
    world.organization.save()
    assert Organization.objects.get_or_create_named(alice, "nwh") == world.organization
    assert Organization.objects.for_user(alice).count() == 1


def test_search_matches_every_word_across_name_position_and_organization(
    world: World, alice_client: Client
) -> None:
    Person.objects.create(
        user=world.person.user, first_name="Grace", last_name="Kimura", position="Designer"
    )
    page = alice_client.get("/network/?q=grace+northwind").content.decode()
    assert "Hopper" in page and "Kimura" not in page
    assert "1 person matches" in page


def test_search_as_you_type_returns_only_the_results(world: World, alice_client: Client) -> None:
    response = alice_client.get("/network/?q=hop", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.strip().startswith('<div id="results"') and "<nav" not in html.split("results")[0]
    assert "Hopper" in html


def test_filters_by_source_stage_and_exploration(
    world: World, alice_client: Client, alice: User
) -> None:
    other = Person.objects.create(
        user=alice, first_name="Linus", last_name="Pauling", source="alumni"
    )
    assert "Pauling" in alice_client.get("/network/?source=alumni").content.decode()
    assert "Hopper" not in alice_client.get("/network/?source=alumni").content.decode()
    by_stage = alice_client.get("/network/?stage=idea").content.decode()
    assert "Hopper" in by_stage and "Pauling" not in by_stage
    by_exploration = alice_client.get(
        f"/network/?exploration={world.exploration.pk}"
    ).content.decode()
    assert "Hopper" in by_exploration and other.last_name not in by_exploration


def test_the_list_is_paginated_by_fifty(alice_client: Client, alice: User) -> None:
    Person.objects.bulk_create(
        Person(user=alice, first_name=f"P{i:03}", last_name="Test") for i in range(120)
    )
    first = alice_client.get("/network/").content.decode()
    # Whole names: "P050" alone could turn up in the page's random CSRF token.
    assert (
        "120 people" in first
        and "Page 1 of 3" in first
        and "P049 Test" in first
        and "P050 Test" not in first
    )
    last = alice_client.get("/network/?page=3").content.decode()
    assert "P119 Test" in last and "P099 Test" not in last
    assert "Page 3 of 3" in alice_client.get("/network/?page=999").content.decode()


def test_editing_a_person_moves_them_to_another_organization(
    world: World, alice_client: Client
) -> None:
    response = alice_client.post(
        f"/network/people/{world.person.pk}/edit/",
        {
            "first_name": "Grace",
            "last_name": "Hopper",
            "organization_name": "Navy",
            "source": "existing",
        },
    )
    assert response.status_code == 302
    world.person.refresh_from_db()
    assert world.person.organization is not None and world.person.organization.name == "Navy"


def test_a_referrer_must_be_alices_own(world: World, alice_client: Client, bob: User) -> None:
    bobs = build_world(bob)
    response = alice_client.post(
        "/network/people/new/",
        {"first_name": "New", "source": "referral", "referred_by": bobs.person.pk},
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_naming_a_referrer_makes_the_source_referral(world: World, alice_client: Client) -> None:
    alice_client.post(
        "/network/people/new/",
        {"first_name": "Kay", "source": "existing", "referred_by": world.person.pk},
    )
    kay = Person.objects.get(first_name="Kay")
    assert kay.referred_by == world.person and kay.source == "referral"


def test_the_person_page_shows_a_timeline(world: World, alice_client: Client) -> None:
    Note.objects.filter(pk=world.note.pk).update(
        created_at=world.note.created_at + dt.timedelta(days=1)
    )
    page = alice_client.get(f"/network/people/{world.person.pk}/").content.decode()
    assert "Met at the meetup." in page and "Interview" in page and "Request by Email" in page
    assert page.index("Met at the meetup.") < page.index("Request by Email")  # newest first


def test_adding_a_note(world: World, alice_client: Client) -> None:
    alice_client.post(f"/network/people/{world.person.pk}/notes/", {"text": "Prefers mornings."})
    assert Note.objects.filter(person=world.person, text="Prefers mornings.").exists()
    assert (
        alice_client.post(f"/network/people/{world.person.pk}/notes/", {"text": ""}).status_code
        == 302
    )
    assert Note.objects.filter(person=world.person).count() == 2


def test_deleting_a_person_asks_first_and_then_removes_their_interviews(
    world: World, alice_client: Client
) -> None:
    confirm = alice_client.get(f"/network/people/{world.person.pk}/delete/").content.decode()
    assert "Delete Grace Hopper?" in confirm and "1 interviews" in confirm
    assert Person.objects.filter(pk=world.person.pk).exists()
    alice_client.post(f"/network/people/{world.person.pk}/delete/")
    assert not Person.objects.filter(pk=world.person.pk).exists()
    assert not Interview.objects.filter(pk=world.interview.pk).exists()


def test_deleting_an_organization_keeps_its_people(world: World, alice_client: Client) -> None:
    alice_client.post(f"/network/organizations/{world.organization.pk}/delete/")
    world.person.refresh_from_db()
    assert world.person.organization is None


def test_organizations_list_search_and_edit(world: World, alice_client: Client) -> None:
    assert "Northwind" in alice_client.get("/network/organizations/?q=north").content.decode()
    assert "Northwind" not in alice_client.get("/network/organizations/?q=zzz").content.decode()
    alice_client.post(
        f"/network/organizations/{world.organization.pk}/edit/",
        {"name": "Northwind", "research_notes": "Digital front door for clinics."},
    )
    page = alice_client.get(f"/network/organizations/{world.organization.pk}/").content.decode()
    assert "Digital front door" in page and "Grace Hopper" in page


def test_explorations_create_rename_and_refuse_a_duplicate(
    alice_client: Client, alice: User
) -> None:
    assert "What do you want to learn about?" in alice_client.get("/explorations/").content.decode()
    alice_client.post(
        "/explorations/new/", {"name": "Learning design", "objective": "Does teaching count?"}
    )
    exploration = Exploration.objects.for_user(alice).get()
    duplicate = alice_client.post("/explorations/new/", {"name": "learning design"})
    assert "already have an exploration" in duplicate.content.decode()
    alice_client.post(
        f"/explorations/{exploration.pk}/edit/",
        {"name": "Instructional design", "objective": "Does teaching count?"},
    )
    exploration.refresh_from_db()
    assert exploration.name == "Instructional design"
    assert "Does teaching count?" in alice_client.get("/explorations/").content.decode()


def test_deleting_an_exploration_keeps_its_interviews(world: World, alice_client: Client) -> None:
    alice_client.post(f"/explorations/{world.exploration.pk}/delete/")
    world.interview.refresh_from_db()
    assert world.interview.exploration is None


def test_a_search_with_too_many_matches_says_so_and_shows_the_first(
    alice_client: Client, alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("coffeechat.network.views.MATCH_CAP", 60)
    Person.objects.bulk_create(
        Person(user=alice, first_name=f"P{i:03}", last_name="Smith", search_text=f"p{i:03} smith")
        for i in range(70)
    )
    first = alice_client.get("/network/?q=smith").content.decode()
    assert (
        "More than 60 people match" in first and "P000 Smith" in first and "P050 Smith" not in first
    )
    second = alice_client.get("/network/?q=smith&page=2").content.decode()
    assert "P059 Smith" in second and "P060 Smith" not in second and "Page 2 of 2" in second
    exact = alice_client.get("/network/?q=p00").content.decode()
    assert "10 people match" in exact


def test_each_row_of_the_list_links_the_person_and_their_organization(
    world: World, alice_client: Client, alice: User
) -> None:
    loner = Person.objects.create(
        user=alice, first_name="Linus", last_name="Hopkins", source="alumni", position="Chemist"
    )
    for url in ("/network/", "/network/?q=hop", "/network/?q=hop&source=alumni"):
        page = alice_client.get(url).content.decode()
        assert f'<a href="/network/people/{loner.pk}/">Linus Hopkins</a>' in page
        assert "<td>Chemist</td>" in page and "<td>Alumni</td>" in page
    everyone = alice_client.get("/network/?q=hop").content.decode()
    person, organization = world.person, world.organization
    assert f'<a href="/network/people/{person.pk}/">{person.name}</a>' in everyone
    assert f'<a href="/network/organizations/{organization.pk}/">{organization.name}</a>' in (
        everyone
    )
    # Someone without an organization has an empty cell, not a link to nowhere.
    assert f"{loner.name}</a></td>\n        <td>Chemist</td>\n        <td></td>" in everyone
    filtered = alice_client.get("/network/?q=hop&source=alumni").content.decode()
    assert "Linus Hopkins" in filtered and person.name not in filtered


def test_the_person_form_asks_for_the_organization_with_the_position(alice: User) -> None:
    fields = list(PersonForm(user=alice).fields)
    assert fields[:4] == ["first_name", "last_name", "position", "organization_name"]
    assert fields[-1] == "keep_in_touch_days"
