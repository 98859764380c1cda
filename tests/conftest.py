"""The named cast: alice owns data, bob is another user who must never see it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from coffeechat.accounts.models import ApiToken
from coffeechat.growth.models import Action, Event, JobPosting, Reflection, Resource
from coffeechat.imports.models import ImportUpload
from coffeechat.interviews.models import Interview, InterviewQuestion, Question, Takeaway
from coffeechat.network.models import (
    Exploration,
    Note,
    Organization,
    Person,
    TargetOrganization,
)
from coffeechat.outreach.models import Message, MessageTemplate
from tests.migrated import make_shared_directory


def pytest_configure(config: pytest.Config) -> None:
    """A directory the test workers share for this run (see tests/migrated.py)."""
    make_shared_directory(config)


@pytest.fixture
def alice(db: None) -> User:
    return User.objects.create_user("alice", "alice@example.org", "correct horse battery staple")


@pytest.fixture
def bob(db: None) -> User:
    return User.objects.create_user("bob", "bob@example.org", "another long passphrase")


@pytest.fixture
def alice_client(alice: User) -> Client:
    client = Client()
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(bob: User) -> Client:
    client = Client()
    client.force_login(bob)
    return client


@dataclass
class World:
    """One of every kind of row, all belonging to one user."""

    organization: Organization
    exploration: Exploration
    person: Person
    interview: Interview
    note: Note
    message: Message
    takeaway: Takeaway
    question: Question
    interview_question: InterviewQuestion
    action: Action
    job_posting: JobPosting
    event: Event
    reflection: Reflection
    message_template: MessageTemplate
    api_token: ApiToken
    import_upload: ImportUpload
    resource: Resource
    target: TargetOrganization


def build_world(user: User) -> World:
    organization = Organization.objects.create(user=user, name="Northwind Health Inc.")
    exploration = Exploration.objects.create(
        user=user, name="UX research", objective="How to get in"
    )
    person = Person.objects.create(
        user=user,
        first_name="Grace",
        last_name="Hopper",
        position="UX Researcher",
        organization=organization,
    )
    interview = Interview.objects.create(user=user, person=person, exploration=exploration)
    question = Question.objects.create(
        user=user, text="How did you get into research?", category="path"
    )
    takeaway = Takeaway.objects.create(
        user=user, interview=interview, person=person, text="Learn SQL."
    )
    event = Event.objects.create(user=user, name="UXPA", date=timezone.now().date())
    event.people.add(person)
    posting = JobPosting.objects.create(user=user, title="Researcher", organization=organization)
    posting.people.add(person)
    return World(
        target=TargetOrganization.objects.create(
            user=user, exploration=exploration, organization=organization, motivation=2
        ),
        organization=organization,
        exploration=exploration,
        person=person,
        interview=interview,
        note=Note.objects.create(user=user, person=person, text="Met at the meetup."),
        message=Message.objects.create(user=user, person=person, interview=interview, body="Hello"),
        takeaway=takeaway,
        question=question,
        interview_question=InterviewQuestion.objects.create(
            user=user, interview=interview, question=question, text=question.text
        ),
        action=Action.objects.create(
            user=user,
            title="Take a SQL course",
            takeaway=takeaway,
            suggested_by=person,
            due_date=timezone.now().date() + dt.timedelta(days=3),
        ),
        job_posting=posting,
        event=event,
        reflection=Reflection.objects.create(
            user=user, date=timezone.now().date(), text="Calmer.", confidence=3
        ),
        message_template=MessageTemplate.objects.create(
            user=user,
            name="Quick check-in",
            kind="check-in",
            channel="linkedin-note",
            body="Hi {first_name}, how are things?",
        ),
        resource=Resource.objects.create(
            user=user,
            title="Just Enough Research",
            recommended_by=person,
            interview=interview,
            takeaway=takeaway,
        ),
        import_upload=ImportUpload.objects.create(
            user=user,
            kind="linkedin",
            name="Connections.csv",
            data=b"First Name,Last Name,Company\nAda,Lovelace,Analytical Engines\n",
        ),
        api_token=ApiToken.issue(user, "scripts")[0],
    )


@pytest.fixture
def world(alice: User) -> World:
    """Alice's world."""
    return build_world(alice)
