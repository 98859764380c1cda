"""Who should I talk to? Titles read as functions, people ranked for an exploration."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Exploration, Organization, Person, TargetOrganization
from coffeechat.network.suggest import suggest
from coffeechat.network.titles import SENIORITY_LEVELS, classify, read_title
from coffeechat.outreach.models import Message

LABELLED = Path(__file__).parent / "data" / "job_titles.json"


@pytest.mark.backend_independent
def test_the_labelled_titles_are_many_varied_and_read_correctly() -> None:
    titles = json.loads(LABELLED.read_text(encoding="utf-8"))["titles"]
    assert len(titles) >= 300
    assert len({t["function"] for t in titles}) >= 14
    held_out = [t for t in titles if t["split"] == "held-out"]
    assert len(held_out) >= 50
    right = sum(classify(t["title"]) == t["function"] for t in titles)
    assert right / len(titles) >= 0.9


@pytest.mark.backend_independent
@pytest.mark.parametrize(
    ("title", "function", "seniority"),
    [
        ("VP, Eng", "engineering", "vice president"),
        ("Sr. PM", "product", "senior"),
        ("Head of People Ops", "people", "director"),
        ("RN", "health care", "mid-level"),
        ("Associate Attorney", "legal", "junior"),
        ("Product Management Intern", "product", "intern"),
        ("Co-Founder & CEO", "executive", "C-level"),
        ("Product Designer", "design", "mid-level"),
        ("Data Engineer", "data", "mid-level"),
        ("Sales Engineer", "sales", "mid-level"),
        ("Softwareentwickler", "engineering", "mid-level"),
        ("INGÉNIEUR LOGICIEL", "engineering", "mid-level"),
        ("Gerente de Ventas", "sales", "manager"),
        ("Account Executive", "sales", "mid-level"),
    ],
)
def test_a_title_reads_as_a_function_and_a_level(title: str, function: str, seniority: str) -> None:
    reading = read_title(title)
    assert (reading.function, SENIORITY_LEVELS[reading.seniority]) == (function, seniority)


@pytest.mark.backend_independent
def test_a_title_that_names_no_function_has_none() -> None:
    assert classify("") is None
    assert classify("Volunteer") is None


@pytest.fixture
def network(alice: User) -> dict[str, Person]:
    """Alice's network: product people, one at her target, a warm tie and a stranger."""
    acme = Organization.objects.create(user=alice, name="Acme Inc.", industry="Software")
    globex = Organization.objects.create(
        user=alice, name="Globex Corporation", aliases="Globex\nGX", industry="Energy"
    )
    people = {
        "pm": Person.objects.create(
            user=alice,
            first_name="Priya",
            last_name="Shah",
            position="Senior Product Manager",
            organization=acme,
        ),
        "warm_pm": Person.objects.create(
            user=alice,
            first_name="Omar",
            last_name="Reyes",
            position="Product Manager",
            organization=globex,
            responsiveness="booster",
            source="alumni",
        ),
        "engineer": Person.objects.create(
            user=alice,
            first_name="Lina",
            last_name="Kim",
            position="Software Engineer",
            organization=globex,
        ),
        "nurse": Person.objects.create(
            user=alice, first_name="Ruth", last_name="Ng", position="RN", organization=acme
        ),
    }
    return people


def names(found: list) -> list[str]:
    return [item.person.name for item in found]


def test_people_in_the_function_come_first_and_others_not_at_all(
    alice: User, network: dict[str, Person]
) -> None:
    found = suggest(alice, "product management")
    assert set(names(found)) == {"Priya Shah", "Omar Reyes"}
    assert any(reason.startswith("Works in product") for reason in found[0].reasons)


def test_a_warm_tie_outranks_a_cold_one(alice: User, network: dict[str, Person]) -> None:
    found = suggest(alice, "product manager")
    assert names(found)[0] == "Omar Reyes"
    assert "Replied quickly before" in found[0].reasons
    assert "A fellow alumnus" in found[0].reasons


def test_talking_recently_counts(alice: User, network: dict[str, Person]) -> None:
    network["warm_pm"].responsiveness = "unknown"
    network["warm_pm"].source = "existing"
    network["warm_pm"].save()
    Message.objects.create(
        user=alice, person=network["pm"], body="Hi", sent_at=timezone.now() - dt.timedelta(days=3)
    )
    found = suggest(alice, "product manager")
    assert names(found)[0] == "Priya Shah"
    assert "You talked 3 days ago" in found[0].reasons


def test_an_organization_is_matched_by_a_variant_of_its_name(
    alice: User, network: dict[str, Person]
) -> None:
    for query in ("Globex", "GX", "globex corp", "the Globex Corporation, Inc."):
        found = suggest(alice, query)
        assert set(names(found)) == {"Omar Reyes", "Lina Kim"}, query
        assert "Works at Globex Corporation" in found[0].reasons


def test_someone_who_helped_can_introduce_the_people_they_referred(
    alice: User, network: dict[str, Person]
) -> None:
    mentor = Person.objects.create(user=alice, first_name="Ada", last_name="Byron")
    interview = Interview.objects.create(user=alice, person=mentor)
    Interview.objects.filter(pk=interview.pk).update(stage=Stage.THANKED)
    pm = network["pm"]
    pm.referred_by = mentor
    pm.save()
    found = suggest(alice, "product manager")
    priya = next(item for item in found if item.person == pm)
    assert priya.introducer == mentor
    assert "Referred by Ada Byron, who has already talked with you" in priya.reasons
    assert "Ada Byron could introduce you: they referred them" in priya.reasons


def test_someone_met_at_the_same_organization_could_introduce(
    alice: User, network: dict[str, Person]
) -> None:
    interview = Interview.objects.create(user=alice, person=network["engineer"])
    Interview.objects.filter(pk=interview.pk).update(stage=Stage.HELD)
    found = suggest(alice, "product manager")
    omar = next(item for item in found if item.person == network["warm_pm"])
    assert omar.introducer == network["engineer"]
    assert "Lina Kim, whom you met at Globex Corporation, could introduce you" in omar.reasons


def test_an_exploration_leaves_out_people_already_in_it_and_favours_its_targets(
    alice: User, network: dict[str, Person]
) -> None:
    exploration = Exploration.objects.create(user=alice, name="Product management")
    Interview.objects.create(user=alice, person=network["warm_pm"], exploration=exploration)
    TargetOrganization.objects.create(
        user=alice, exploration=exploration, organization=network["pm"].organization, motivation=3
    )
    found = suggest(alice, "", exploration=exploration)
    assert names(found) == ["Priya Shah"]
    assert "At Acme Inc., one of your target organizations" in found[0].reasons


def test_nobody_sees_another_users_people(
    alice: User, bob: User, network: dict[str, Person]
) -> None:
    assert suggest(bob, "product manager") == []


def test_the_command_prints_the_promised_json(alice: User, network: dict[str, Person]) -> None:
    from io import StringIO

    out = StringIO()
    call_command(
        "suggest", "product manager", "--json", "--limit", "1", "--user", "alice", stdout=out
    )
    data = json.loads(out.getvalue())
    assert len(data) == 1
    assert set(data[0]) == {"name", "position", "organization", "score", "reasons"}
    assert data[0]["name"] == "Omar Reyes" and data[0]["organization"] == "Globex Corporation"
    assert isinstance(data[0]["score"], float) and data[0]["reasons"]


def test_the_command_names_a_missing_exploration(alice: User) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no exploration called 'Nope'"):
        call_command("suggest", "x", "--exploration", "Nope", "--user", "alice")


@pytest.mark.backend_independent
def test_the_command_line_needs_something_to_look_for(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "coffeechat", "suggest"],
        capture_output=True,
        text=True,
        env={"COFFEECHAT_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "DATABASE_URL": ""},
        cwd=Path(__file__).parent.parent,
        check=False,
    )
    assert result.returncode != 0
    assert "Say whom to look for" in result.stderr


def test_the_exploration_page_shows_suggestions_with_one_click_actions(
    alice: User, alice_client: Client, network: dict[str, Person]
) -> None:
    exploration = Exploration.objects.create(user=alice, name="Product management")
    page = alice_client.get(f"/explorations/{exploration.pk}/").content.decode()
    assert "Who should I talk to?" in page and "Omar Reyes" in page and "Draft a request" in page
    panel = alice_client.get(
        f"/explorations/{exploration.pk}/suggestions/?who=Globex", headers={"HX-Request": "true"}
    ).content.decode()
    assert "Lina Kim" in panel and "Priya Shah" not in panel and "<html" not in panel

    response = alice_client.post(
        f"/explorations/{exploration.pk}/suggestions/start/",
        {"person": network["warm_pm"].pk, "then": "request"},
    )
    interview = Interview.objects.get(person=network["warm_pm"], exploration=exploration)
    assert response["Location"] == f"/interviews/{interview.pk}/messages/new/?kind=request"
    again = alice_client.post(
        f"/explorations/{exploration.pk}/suggestions/start/",
        {"person": network["warm_pm"].pk, "then": "interview"},
    )
    assert again["Location"] == f"/interviews/{interview.pk}/"
    assert Interview.objects.filter(person=network["warm_pm"]).count() == 1


def test_starting_an_interview_with_someone_elses_person_is_not_found(
    alice: User, bob: User, bob_client: Client, network: dict[str, Person]
) -> None:
    exploration = Exploration.objects.create(user=bob, name="Mine")
    response = bob_client.post(
        f"/explorations/{exploration.pk}/suggestions/start/", {"person": network["pm"].pk}
    )
    assert response.status_code == 404
    assert not Interview.objects.exists()
