"""Job postings: kept on Growth, applied for, and the note to the contact there."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from coffeechat.agenda.rules import due_items
from coffeechat.growth import drafts
from coffeechat.growth.models import JobPosting, PostingStatus
from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Organization, Person
from coffeechat.outreach.coach import ASKS_FOR_JOB, coach_message
from coffeechat.outreach.compose import coach
from coffeechat.outreach.models import Message, MessageKind
from tests.conftest import World

LINK = "https://careers.northwind.example/jobs/4521"


def test_a_posting_is_added_with_its_organization_by_name(
    world: World, alice: User, alice_client: Client
) -> None:
    response = alice_client.post(
        "/growth/postings/new/",
        {
            "title": "Research Operations Lead",
            "organization_name": "Northwind Health",
            "url": LINK,
            "description": "Runs the research repository.",
            "status": "interested",
        },
    )
    assert response.status_code == 302
    posting = JobPosting.objects.get(title="Research Operations Lead")
    assert posting.organization == world.organization, "an alias of a known organization"
    assert posting.applied_on is None
    page = alice_client.get("/growth/").content.decode()
    assert "Research Operations Lead" in page and LINK in page


def test_setting_a_posting_to_applied_records_the_day(world: World, alice_client: Client) -> None:
    url = f"/growth/postings/{world.job_posting.pk}/"
    fields = {"title": "Researcher", "organization_name": "Northwind Health Inc.", "url": LINK}
    alice_client.post(url, {**fields, "status": "applied"})
    world.job_posting.refresh_from_db()
    assert world.job_posting.applied_on == timezone.localdate()

    alice_client.post(url, {**fields, "status": "interviewing", "applied_on": "2026-01-05"})
    world.job_posting.refresh_from_db()
    assert world.job_posting.status == PostingStatus.INTERVIEWING
    assert world.job_posting.applied_on == dt.date(2026, 1, 5)

    future = timezone.localdate() + dt.timedelta(days=2)
    response = alice_client.post(url, {**fields, "status": "applied", "applied_on": future})
    assert "be in the future" in response.content.decode()


def applied_with_a_contact(world: World, client: Client) -> JobPosting:
    world.job_posting.url = LINK
    world.job_posting.save()
    world.interview.move_to(Stage.SCHEDULED, scheduled_at=timezone.now() - dt.timedelta(hours=2))
    world.interview.move_to(Stage.HELD)
    response = client.post(f"/growth/postings/{world.job_posting.pk}/apply/", follow=True)
    assert "You talked with Grace Hopper there" in response.content.decode()
    world.job_posting.refresh_from_db()
    return world.job_posting


def test_applying_where_the_user_interviewed_someone_drafts_a_note_to_them(
    world: World, alice: User, alice_client: Client
) -> None:
    posting = applied_with_a_contact(world, alice_client)
    assert posting.status == PostingStatus.APPLIED
    key = f"job-posting:posting-{posting.pk}"
    item = next(item for item in due_items(alice) if item.key == key)
    assert item.person == world.person

    draft = drafts.posting_note(posting, world.person)
    assert draft.kind == MessageKind.JOB_POSTING
    assert LINK in draft.body and "Researcher" in draft.body
    assert "attached my résumé" in draft.body

    body = alice_client.get(item.action_url).content.decode()
    assert LINK in body
    alice_client.post(
        item.action_url,
        {"kind": "job-posting", "channel": draft.channel, "subject": "", "body": draft.body},
    )
    message = Message.objects.get(kind=MessageKind.JOB_POSTING)
    assert message.person == world.person and message.interview == world.interview
    alice_client.post(f"/messages/{message.pk}/send/", {"how": "mark"})
    assert key not in {item.key for item in due_items(alice)}


def test_the_note_never_asks_for_the_job(world: World, alice_client: Client) -> None:
    posting = applied_with_a_contact(world, alice_client)
    draft = drafts.posting_note(posting, world.person)
    codes = {f.code for f in coach(world.person, draft.kind, draft.channel, "", draft.body)}
    assert ASKS_FOR_JOB not in codes
    # The coach lets a job-posting notice attach a résumé (seed 003) and skips the job-ask
    # check for that kind; checked as strictly as an update, only that attachment is found,
    # and nothing else in the note asks for the job.
    strict = coach_message(draft.body, channel="email", kind="update", to_name="Grace Hopper")
    asks = [f for f in strict.findings if f.code == ASKS_FOR_JOB]
    assert len(asks) == 1 and "résumé" in asks[0].message
    without_resume = re.sub(r"[^.!?\n]*résumé[^.!?]*[.!?]", "", draft.body)
    assert "résumé" not in without_resume
    strict = coach_message(without_resume, channel="email", kind="update", to_name="Grace Hopper")
    assert ASKS_FOR_JOB not in {f.code for f in strict.findings}


def test_no_note_where_nobody_was_interviewed(alice: User, alice_client: Client) -> None:
    elsewhere = Organization.objects.create(user=alice, name="Contoso")
    Person.objects.create(user=alice, first_name="Hedy", organization=elsewhere)
    posting = JobPosting.objects.create(user=alice, title="Analyst", organization=elsewhere)
    response = alice_client.post(f"/growth/postings/{posting.pk}/apply/", follow=True)
    assert "Saved “Analyst”." in response.content.decode()
    assert not [item for item in due_items(alice) if item.kind == "job-posting"]
    assert alice_client.get(f"/growth/postings/{posting.pk}/note/").status_code == 404


def test_the_contact_can_be_anyone_interviewed_there(alice: User) -> None:
    northwind = Organization.objects.create(user=alice, name="Northwind")
    hedy = Person.objects.create(user=alice, first_name="Hedy", organization=northwind)
    Interview.objects.create(user=alice, person=hedy)  # an idea, not held yet
    posting = JobPosting.objects.create(user=alice, title="Analyst", organization=northwind)
    assert drafts.posting_contact(posting) == hedy


def test_deleting_a_posting(world: World, alice_client: Client) -> None:
    url = f"/growth/postings/{world.job_posting.pk}/delete/"
    assert alice_client.get(url).status_code == 200
    alice_client.post(url)
    assert not JobPosting.objects.filter(pk=world.job_posting.pk).exists()
