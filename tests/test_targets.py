"""Target organizations: the LAMP list of an exploration, with coverage."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from coffeechat.growth.models import JobPosting
from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Exploration, Organization, Person, TargetOrganization
from coffeechat.network.targets import ranked_targets


def make_targets(
    alice: User, exploration: Exploration, specs: list[tuple[str, int, bool, bool]]
) -> None:
    for name, motivation, posts_jobs, alumni in specs:
        TargetOrganization.objects.create(
            user=alice,
            exploration=exploration,
            organization=Organization.objects.create(user=alice, name=name),
            motivation=motivation,
            posts_jobs=posts_jobs,
            alumni=alumni,
        )


def test_targets_rank_by_motivation_then_postings_then_advocates(alice: User) -> None:
    exploration = Exploration.objects.create(user=alice, name="Climate tech")
    make_targets(
        alice,
        exploration,
        [
            ("Zeta", 2, False, False),
            ("Alpha", 2, True, False),
            ("Beta", 3, False, False),
            ("Gamma", 2, False, True),
            ("Delta", 2, True, True),
            ("Eta", 1, True, True),
            ("Theta", 0, False, False),
        ],
    )
    rows = ranked_targets(exploration)
    assert [r.target.organization.name for r in rows] == [
        "Beta",
        "Delta",
        "Alpha",
        "Gamma",
        "Zeta",
        "Eta",
        "Theta",
    ]
    assert [r.active for r in rows] == [True] * 5 + [False] * 2
    assert [r.rank for r in rows] == list(range(1, 8))


def test_a_saved_posting_and_a_contact_count_without_the_checkboxes(alice: User) -> None:
    exploration = Exploration.objects.create(user=alice, name="Climate tech")
    make_targets(alice, exploration, [("Plain", 1, False, False), ("Known", 1, False, False)])
    known = Organization.objects.get(name="Known")
    JobPosting.objects.create(user=alice, title="Analyst", organization=known)
    Person.objects.create(user=alice, first_name="Ali", organization=known, source="alumni")
    rows = ranked_targets(exploration)
    assert rows[0].target.organization == known
    assert rows[0].posts_jobs and rows[0].postings == 1
    assert rows[0].has_advocate and rows[0].advocate_reason().startswith("1 likely advocate")
    assert not rows[1].posts_jobs and not rows[1].has_advocate


def test_coverage_counts_people_requests_and_conversations(alice: User) -> None:
    exploration = Exploration.objects.create(user=alice, name="Climate tech")
    make_targets(alice, exploration, [("Solar Co", 2, False, False)])
    solar = Organization.objects.get(name="Solar Co")
    people = [
        Person.objects.create(user=alice, first_name=name, organization=solar)
        for name in ("A", "B", "C")
    ]
    for person, stage in zip(people, [Stage.REQUESTED, Stage.HELD, Stage.THANKED], strict=True):
        interview = Interview.objects.create(user=alice, person=person)
        Interview.objects.filter(pk=interview.pk).update(stage=stage)
    row = ranked_targets(exploration)[0]
    assert (row.people, row.requests_out, row.conversations) == (3, 1, 2)


def test_the_exploration_page_adds_edits_and_removes_targets(
    alice: User, alice_client: Client
) -> None:
    exploration = Exploration.objects.create(user=alice, name="Climate tech")
    Organization.objects.create(user=alice, name="Siemens Énergie AG")
    response = alice_client.post(
        f"/explorations/{exploration.pk}/targets/",
        {"organization_name": "siemens energie", "motivation": "3", "posts_jobs": "on"},
    )
    assert response.status_code == 302
    target = TargetOrganization.objects.get(exploration=exploration)
    assert target.organization.name == "Siemens Énergie AG"  # a variant of a known name finds it
    assert (target.motivation, target.posts_jobs, target.alumni) == (3, True, False)

    again = alice_client.post(
        f"/explorations/{exploration.pk}/targets/",
        {"organization_name": "SIEMENS ÉNERGIE", "motivation": "1"},
        follow=True,
    )
    assert "already a target of Climate tech" in again.content.decode()
    assert TargetOrganization.objects.count() == 1

    page = alice_client.get(f"/explorations/{exploration.pk}/").content.decode()
    assert "Target organizations" in page and "Siemens Énergie AG" in page and "active" in page

    alice_client.post(
        f"/targets/{target.pk}/edit/",
        {"organization_name": "Siemens Énergie AG", "motivation": "1", "alumni": "on"},
    )
    target.refresh_from_db()
    assert (target.motivation, target.posts_jobs, target.alumni) == (1, False, True)

    alice_client.post(f"/targets/{target.pk}/delete/")
    assert not TargetOrganization.objects.exists()
    assert Organization.objects.filter(name="Siemens Énergie AG").exists()


def test_a_motivation_outside_zero_to_three_is_refused(alice: User, alice_client: Client) -> None:
    exploration = Exploration.objects.create(user=alice, name="Climate tech")
    alice_client.post(
        f"/explorations/{exploration.pk}/targets/",
        {"organization_name": "Acme", "motivation": "7"},
    )
    assert not TargetOrganization.objects.exists()


def test_bob_cannot_add_a_target_to_alices_exploration(alice: User, bob_client: Client) -> None:
    exploration = Exploration.objects.create(user=alice, name="Climate tech")
    response = bob_client.post(
        f"/explorations/{exploration.pk}/targets/", {"organization_name": "Acme", "motivation": "2"}
    )
    assert response.status_code == 404
    assert not TargetOrganization.objects.exists()
