"""Recurring themes: the labelled set, the engine on real-looking notes, the database and CLI."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from bench.themes import (
    PRECISION_TARGET,
    RECALL_TARGET,
    all_scores,
    load_sets,
    summarize,
    synthetic_notes,
)
from coffeechat.insights.themes import (
    KINDS,
    Theme,
    cached_themes,
    clear_cache,
    find_themes,
    sentences,
    themes_from_texts,
)
from coffeechat.interviews.models import Interview, Takeaway
from coffeechat.network.models import Exploration, Note, Person
from coffeechat.web.demo import load_demo


def names(themes: list[Theme]) -> list[str]:
    return [theme.theme for theme in themes]


def by_name(themes: list[Theme], name: str) -> Theme:
    return next(theme for theme in themes if theme.theme == name)


# The labelled set and the engine alone: no database.


@pytest.mark.backend_independent
def test_the_labelled_set_is_big_enough_and_well_formed() -> None:
    sets = load_sets()
    assert len(sets) >= 12
    assert any(s["held_out"] for s in sets)
    for labelled in sets:
        people = {row["person"] for row in labelled["interviews"]}
        assert 4 <= len(people) <= 8, labelled["name"]
        for theme in labelled["themes"]:
            assert len(theme["people"]) >= 2, theme["theme"]
            assert set(theme["people"]) <= people, theme["theme"]
            assert theme["keywords"], theme["theme"]


@pytest.mark.backend_independent
def test_it_finds_the_careful_readers_themes() -> None:
    summary = summarize(all_scores())
    assert summary.recall >= RECALL_TARGET
    assert summary.precision >= PRECISION_TARGET


@pytest.mark.backend_independent
def test_held_out_sets_score_on_their_own() -> None:
    summary = summarize([s for s in all_scores() if s.held_out])
    assert summary.sets >= 3
    assert summary.recall >= RECALL_TARGET
    assert summary.precision >= PRECISION_TARGET


@pytest.mark.backend_independent
def test_different_wordings_of_one_idea_make_one_theme() -> None:
    themes = themes_from_texts(
        [
            ("Ana", "- def learn SQL, she said networking > applying"),
            ("Ben", "Most of his day is writing queries."),
            ("Cleo", "learn sql properly before python"),
            ("Ana", "get AWS certified asap"),
            ("Dev", "An AWS cert got him the interview"),
            ("Ben", "go to meetups!!"),
            ("Cleo", "attend local meetups, the UXPA chapter is friendly"),
        ]
    )
    sql = by_name(themes, "SQL")
    assert sql.people == ("Ana", "Ben", "Cleo") and sql.count == 3 and sql.kind == "skill"
    assert [m.text for m in sql.mentions if m.person == "Ben"] == [
        "Most of his day is writing queries."
    ]
    assert by_name(themes, "AWS certification").people == ("Ana", "Dev")
    assert by_name(themes, "Go to meetups").people == ("Ben", "Cleo")
    assert names(themes)[0] == "SQL"


@pytest.mark.backend_independent
def test_one_person_saying_it_many_times_is_not_a_theme() -> None:
    themes = themes_from_texts(
        [
            ("Ana", "SQL. SQL. Learn SQL."),
            ("Ana", "writing queries all day"),
            ("Ben", "Tableau for dashboards"),
        ]
    )
    assert themes == []
    assert "SQL" in names(themes_from_texts([("Ana", "SQL"), ("Ben", "tableau")], min_people=1))


@pytest.mark.backend_independent
def test_generic_words_never_become_themes() -> None:
    themes = themes_from_texts(
        [
            ("Ana", "Really great people. Work is busy, lots of meetings this week."),
            ("Ben", "Great people, work is busy. Really liked the team this week."),
            ("Cleo", "People are great. Busy work week, really."),
        ]
    )
    assert themes == []


@pytest.mark.backend_independent
def test_a_negated_cert_does_not_count_as_advice_to_get_it() -> None:
    themes = themes_from_texts(
        [("Ana", "Get your Epic cert early"), ("Ben", "Epic certification is the golden ticket")]
    )
    assert names(themes) == ["Epic certification"]
    assert by_name(themes, "Epic certification").kind == "certification"


@pytest.mark.backend_independent
def test_it_splits_bullets_and_sentences_as_written() -> None:
    assert sentences("- one thing\n* two. Three!\n\n• four; five\n1. six") == [
        "one thing",
        "two.",
        "Three!",
        "four;",
        "five",
        "six",
    ]


@pytest.mark.backend_independent
def test_recurring_names_outside_the_lexicon_still_surface() -> None:
    themes = themes_from_texts(
        [
            ("Ana", "join the OpenCraft guild, they post jobs"),
            ("Ben", "OpenCraft guild meetings are where he met his boss"),
            ("Cleo", "nothing in common here"),
        ]
    )
    assert names(themes) == ["OpenCraft"]
    assert themes[0].people == ("Ana", "Ben") and themes[0].kind in KINDS


@pytest.mark.backend_independent
def test_the_answer_is_the_same_every_time() -> None:
    docs = synthetic_notes(60)
    first = themes_from_texts(docs)
    assert first == themes_from_texts(list(docs))
    counts = [theme.count for theme in first]
    assert counts == sorted(counts, reverse=True)


# The user's own notes in the database.


def _interview(
    user: User, name: str, notes: str, exploration: Exploration | None = None
) -> Interview:
    first, _, last = name.partition(" ")
    person = Person.objects.create(user=user, first_name=first, last_name=last)
    return Interview.objects.create(user=user, person=person, notes=notes, exploration=exploration)


@pytest.mark.django_db
def test_find_themes_reads_notes_debriefs_takeaways_and_person_notes(alice: User) -> None:
    one = _interview(alice, "Maya Chen", "Nice chat about her team.")
    one.debrief = "She said: learn SQL properly."
    one.save()
    two = _interview(alice, "Jordan Patel", "")
    Takeaway.objects.create(user=alice, interview=two, text="Writing queries is the core skill")
    three = _interview(alice, "Priya Nair", "")
    Note.objects.create(user=alice, person=three.person, text="Swears by SQL window functions")
    themes = find_themes(alice)
    sql = by_name(themes, "SQL")
    assert sql.people == ("Jordan Patel", "Maya Chen", "Priya Nair")
    mention = next(m for m in sql.mentions if m.person == "Jordan Patel")
    assert mention.interview_id == two.pk and mention.person_id == two.person_id
    assert mention.text == "Writing queries is the core skill"


@pytest.mark.django_db
def test_two_people_with_one_name_count_twice(alice: User) -> None:
    _interview(alice, "Sam Lee", "learn Figma")
    _interview(alice, "Sam Lee", "Figma every day")
    assert by_name(find_themes(alice), "Figma").count == 2


@pytest.mark.django_db
def test_themes_of_one_exploration_leave_out_the_others(alice: User) -> None:
    ux = Exploration.objects.create(user=alice, name="UX research")
    data = Exploration.objects.create(user=alice, name="Data")
    _interview(alice, "Ana A", "learn figma", ux)
    _interview(alice, "Ben B", "figma, figma", ux)
    _interview(alice, "Cleo C", "figma basics", data)
    _interview(alice, "Dev D", "tableau", data)
    _interview(alice, "Eve E", "tableau public", data)
    assert names(find_themes(alice, exploration=ux)) == ["Figma"]
    assert by_name(find_themes(alice, exploration=ux), "Figma").count == 2
    assert names(find_themes(alice, exploration=data.pk)) == ["Tableau"]
    assert by_name(find_themes(alice), "Figma").count == 3


@pytest.mark.django_db
def test_bobs_notes_never_reach_alices_themes(alice: User, bob: User) -> None:
    _interview(alice, "Ana A", "learn Figma")
    _interview(bob, "Ben B", "Figma is a must")
    _interview(bob, "Cleo C", "figma daily")
    assert find_themes(alice) == []
    assert by_name(find_themes(bob), "Figma").people == ("Ben B", "Cleo C")
    assert cached_themes(alice) == []


@pytest.mark.django_db
def test_cached_themes_refresh_when_notes_change(alice: User) -> None:
    clear_cache()
    first = _interview(alice, "Ana A", "learn Figma")
    _interview(alice, "Ben B", "Figma daily")
    assert names(cached_themes(alice)) == ["Figma"]
    assert cached_themes(alice) is cached_themes(alice)

    third = _interview(alice, "Cleo C", "Tableau")
    Takeaway.objects.create(user=alice, interview=first, text="Tableau public is free")
    assert names(cached_themes(alice)) == ["Figma", "Tableau"]

    first.notes = "nothing useful"
    first.save()
    assert "Figma" not in names(cached_themes(alice))

    Note.objects.create(user=alice, person=third.person, text="also: figma")
    assert by_name(cached_themes(alice), "Figma").people == ("Ben B", "Cleo C")

    third.person.first_name = "Clea"
    third.person.save()
    assert by_name(cached_themes(alice), "Figma").people == ("Ben B", "Clea C")

    Takeaway.objects.filter(user=alice).delete()
    assert "Tableau" not in names(cached_themes(alice))


@pytest.mark.django_db
def test_the_demo_has_themes_shared_by_two_or_more_people(alice: User) -> None:
    load_demo(alice)
    load_demo(alice)
    shared = {theme.theme: theme.count for theme in find_themes(alice)}
    assert shared.get("Statistics", 0) >= 2
    assert shared.get("Portfolio", 0) >= 2


# The command line.


@pytest.mark.django_db
def test_the_command_prints_the_json_contract(alice: User) -> None:
    ux = Exploration.objects.create(user=alice, name="UX research")
    _interview(alice, "Ana A", "def learn SQL", ux)
    _interview(alice, "Ben B", "writing queries all day", ux)
    _interview(alice, "Cleo C", "SQL + figma")
    out = io.StringIO()
    call_command("insights", "themes", "--json", "--user", "alice", stdout=out)
    data = json.loads(out.getvalue())
    assert data == [
        {
            "theme": "SQL",
            "count": 3,
            "people": ["Ana A", "Ben B", "Cleo C"],
            "mentions": [
                {"person": "Ana A", "text": "def learn SQL"},
                {"person": "Ben B", "text": "writing queries all day"},
                {"person": "Cleo C", "text": "SQL + figma"},
            ],
        }
    ]
    out = io.StringIO()
    call_command(
        "insights",
        "themes",
        "--json",
        "--user",
        "alice",
        "--exploration",
        "ux RESEARCH",
        stdout=out,
    )
    assert json.loads(out.getvalue())[0]["people"] == ["Ana A", "Ben B"]
    out = io.StringIO()
    call_command("insights", "themes", "--json", "--user", "alice", "--min-people", "1", stdout=out)
    assert [row["theme"] for row in json.loads(out.getvalue())] == ["SQL", "Figma"]


@pytest.mark.django_db
def test_the_command_speaks_plainly(alice: User) -> None:
    out = io.StringIO()
    call_command("insights", "themes", "--user", "alice", stdout=out)
    assert "No recurring themes yet" in out.getvalue()
    _interview(alice, "Ana A", "learn Figma")
    _interview(alice, "Ben B", "Figma daily")
    out = io.StringIO()
    call_command("insights", "themes", "--user", "alice", stdout=out)
    assert "Figma (tool) — 2 people: Ana A, Ben B" in out.getvalue()
    assert "Ben B: “Figma daily”" in out.getvalue()
    with pytest.raises(CommandError, match="no exploration called 'Law'"):
        call_command("insights", "themes", "--user", "alice", "--exploration", "Law")
    with pytest.raises(CommandError, match="--min-people"):
        call_command("insights", "themes", "--user", "alice", "--min-people", "0")
