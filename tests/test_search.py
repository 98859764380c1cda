"""Search everything: people, organizations, notes, interviews, takeaways and messages."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from coffeechat.interviews.models import Takeaway
from coffeechat.network import search
from coffeechat.network.models import Note, Organization, Person, SearchEntry
from coffeechat.outreach.models import Message
from tests.conftest import World, build_world


def kinds_found(user: User, query: str) -> dict[str, list[str]]:
    """What a search finds, as {kind: [plain titles]}."""
    results = search.search(user, query, per_kind=20)
    return {
        group.kind: [
            str(hit.title).replace("<mark>", "").replace("</mark>", "") for hit in group.hits
        ]
        for group in results.groups
    }


def test_a_few_letters_find_a_person_as_the_user_types(world: World, alice: User) -> None:
    for typed in ("g", "gr", "gra", "grac", "Grace", "GRACE hop"):
        assert kinds_found(alice, typed)["person"] == ["Grace Hopper"], typed
    assert "person" not in kinds_found(alice, "grace x")


def test_accents_are_folded_both_ways(alice: User) -> None:
    Person.objects.create(user=alice, first_name="José", last_name="García")
    Person.objects.create(user=alice, first_name="Zoe", last_name="Muller")
    assert kinds_found(alice, "jose garcia")["person"] == ["José García"]
    assert kinds_found(alice, "GARCÍA")["person"] == ["José García"]
    assert kinds_found(alice, "zoë müller")["person"] == ["Zoe Muller"]


def test_every_kind_is_found_and_links_to_its_page(world: World, alice: User) -> None:
    world.note.text = "Recommends the zephyr conference."
    world.note.save()
    world.interview.notes = "Zephyr is where the team hires."
    world.interview.save()
    world.takeaway.text = "Go to Zephyr next year."
    world.takeaway.save()
    world.message.subject = "Zephyr"
    world.message.save()
    Organization.objects.create(user=alice, name="Zephyr Labs")
    results = search.search(alice, "zeph")
    urls = {group.kind: group.hits[0].url for group in results.groups}
    assert urls == {
        "note": f"/network/people/{world.person.pk}/",
        "interview": f"/interviews/{world.interview.pk}/",
        "takeaway": f"/interviews/{world.interview.pk}/",
        "message": f"/messages/{world.message.pk}/",
        "organization": f"/network/organizations/{Organization.objects.get(name='Zephyr Labs').pk}/",
    }


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"grace',
        "grace*",
        "*",
        "-",
        "-grace",
        "grace OR hopper",
        "OR",
        "AND NOT",
        "NEAR(grace hopper)",
        "(grace",
        ")",
        "grace:",
        "title_key:grace",
        "^grace",
        "grace & | ! :*",
        "'",
        "\\",
        "%_",
        "\x00",
        "グレース",
        "  ",
    ],
)
def test_query_syntax_characters_never_make_an_error(
    world: World, alice_client: Client, query: str
) -> None:
    response = alice_client.get("/search/", {"q": query})
    assert response.status_code == 200
    found = search.search(world.person.user, query)
    assert all(group.total >= 1 for group in found.groups)


def test_quotes_and_operators_are_read_as_plain_words(world: World, alice: User) -> None:
    assert kinds_found(alice, '"grace" -hopper*')["person"] == ["Grace Hopper"]
    assert "person" not in kinds_found(alice, "grace OR nobody")


def test_nobody_finds_another_users_things(world: World, bob: User, bob_client: Client) -> None:
    assert search.search(bob, "grace").groups == []
    page = bob_client.get("/search/?q=grace").content.decode()
    assert "Hopper" not in page and "Nothing matches" in page


def test_the_index_follows_edits_and_deletions(world: World, alice: User) -> None:
    note = world.note
    note.text = "Loves sourdough baking."
    note.save()
    assert "note" in kinds_found(alice, "sourdough")
    assert "note" not in kinds_found(alice, "meetup")

    world.person.first_name = "Amazing"
    world.person.save()
    assert kinds_found(alice, "amazing hopper") == {
        "person": ["Amazing Hopper"],
        "note": ["Amazing Hopper"],
        "interview": ["Amazing Hopper · UX research"],
        "takeaway": ["Amazing Hopper"],
        "message": ["Request to Amazing Hopper"],
    }

    note.delete()
    assert "note" not in kinds_found(alice, "sourdough")
    world.organization.delete()
    assert kinds_found(alice, "northwind") == {}

    person = world.person.pk
    world.person.delete()
    assert not SearchEntry.objects.filter(person_id=person).exists()
    assert "person" not in kinds_found(alice, "amazing")


def test_renaming_an_organization_renames_it_in_its_peoples_entries(
    world: World, alice: User
) -> None:
    world.organization.name = "Southwind Care"
    world.organization.save()
    assert kinds_found(alice, "southwind") == {
        "organization": ["Southwind Care"],
        "person": ["Grace Hopper"],
    }


def test_rows_added_in_bulk_are_found_after_reindex(alice: User) -> None:
    people = Person.objects.bulk_create(
        [Person(user=alice, first_name=f"Bulk{i}", last_name="Loaded") for i in range(3)]
    )
    Note.objects.bulk_create([Note(user=alice, person=people[0], text="Imported quietly")])
    assert kinds_found(alice, "loaded") == {}
    Person.objects.for_user(alice).reindex()
    found = kinds_found(alice, "loaded")
    assert sorted(found["person"]) == ["Bulk0 Loaded", "Bulk1 Loaded", "Bulk2 Loaded"]
    assert found["note"] == ["Bulk0 Loaded"]


def test_reindexing_again_writes_nothing(world: World, alice: User) -> None:
    assert search.refresh_people(Person.objects.for_user(alice)) == 0
    assert search.rebuild(alice) == 0


def test_rebuild_restores_a_lost_index(world: World, alice: User) -> None:
    indexed = SearchEntry.objects.filter(user=alice).count()
    SearchEntry.objects.all().delete()
    assert search.rebuild(alice) == indexed >= 6  # one of each kind at least
    assert kinds_found(alice, "grace")["person"] == ["Grace Hopper"]


def test_people_come_first_when_they_match_as_well(alice: User) -> None:
    Organization.objects.create(user=alice, name="Quill")
    Person.objects.create(user=alice, first_name="Quill")
    assert [group.kind for group in search.search(alice, "quill").groups] == [
        "person",
        "organization",
    ]


def test_a_better_match_ranks_higher(alice: User) -> None:
    grace = Person.objects.create(user=alice, first_name="Grace", last_name="Lin")
    other = Person.objects.create(user=alice, first_name="Tom", last_name="Byrd")
    Note.objects.create(user=alice, person=other, text="Grace said hello once, a long time ago.")
    results = search.search(alice, "grace")
    assert results.groups[0].kind == "person"
    assert str(results.groups[0].hits[0].title) == "<mark>Grace</mark> Lin"
    assert results.groups[0].hits[0].url == f"/network/people/{grace.pk}/"


def test_the_results_page_groups_by_kind_and_highlights(world: World, alice_client: Client) -> None:
    Note.objects.create(
        user=world.person.user, person=world.person, text="Grace's <b>tip</b>: read the docs."
    )
    page = alice_client.get("/search/?q=grace").content.decode()
    assert '<h2 id="search-group-person">People' in page
    assert '<h2 id="search-group-note">Notes' in page
    assert "<mark>Grace</mark>&#x27;s &lt;b&gt;tip&lt;/b&gt;" in page
    assert 'action="/search/"' in page  # the box in the header, on every page


def test_htmx_gets_only_the_results(world: World, alice_client: Client) -> None:
    page = alice_client.get("/search/?q=gra", headers={"HX-Request": "true"}).content.decode()
    assert page.lstrip().startswith('<div id="search-results"') and "<html" not in page
    assert "Grace" in page


def test_one_kind_is_listed_in_full_with_pages(alice: User, alice_client: Client) -> None:
    person = Person.objects.create(user=alice, first_name="Noor")
    Note.objects.bulk_create([Note(user=alice, person=person, text=f"Idea {i}") for i in range(60)])
    Person.objects.for_user(alice).reindex()
    overview = alice_client.get("/search/?q=idea").content.decode()
    assert "All 60 notes" in overview
    htmx = {"HX-Request": "true"}
    first = alice_client.get("/search/?q=idea&kind=note", headers=htmx).content.decode()
    assert first.count("<li><a href=") == 50 and 'rel="next"' in first
    second = alice_client.get("/search/?q=idea&kind=note&page=2", headers=htmx).content.decode()
    assert second.count("<li><a href=") == 10 and 'rel="next"' not in second


def test_the_json_twin_lists_the_groups(world: World, alice_client: Client) -> None:
    data = alice_client.get("/search/?q=hopper&format=json").json()
    assert data["query"] == "hopper"
    assert data["groups"][0]["kind"] == "person"
    assert data["groups"][0]["hits"][0]["url"] == f"/network/people/{world.person.pk}/"


@pytest.mark.backend_independent
def test_snippets_cut_around_the_first_match_and_escape() -> None:
    text = "word " * 60 + "the <Zebra> said" + " more" * 60
    cut = str(search.snippet(text, ["zebra"]))
    assert "&lt;<mark>Zebra</mark>&gt;" in cut
    assert cut.startswith("… ") and cut.endswith(" …") and len(cut) < 220


@pytest.mark.backend_independent
def test_terms_keep_letters_and_digits_only() -> None:
    assert search.terms('"Ünïcode" OR (x*) -y 2024') == ["unicode", "or", "x", "y", "2024"]


def test_bob_keeps_his_own_results(world: World, bob: User) -> None:
    build_world(bob)
    assert search.search(bob, "grace").groups[0].total == 1
    assert search.search(world.person.user, "grace").groups[0].total == 1
    assert Takeaway.objects.count() == 2 and Message.objects.count() == 2


@pytest.mark.django_db
def test_the_full_text_index_is_built_for_big_imports() -> None:
    """On SQLite every kind's FTS5 table buffers 16 MB of new words, so an import of 100,000
    notes writes them out once instead of dozens of times; on PostgreSQL the entries' words
    are a generated tsvector column under a GIN index."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'network_searchentry_vector'"
            )
            assert "gin (vector)" in cursor.fetchone()[0]
            return
        for kind, _label in SearchEntry._meta.get_field("kind").choices or []:
            table = f"{search.FTS_TABLE}_{kind}"
            cursor.execute(f"SELECT v FROM {table}_config WHERE k = 'hashsize'")
            assert cursor.fetchall() == [(16 * 1024 * 1024,)]
