"""Deterministic sample data: a career changer exploring three fields.

The same seed gives the same people, organizations and interviews every time, and every
row is found by its natural key before it is created, so loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from coffeechat.accounts.models import profile_for
from coffeechat.growth.models import (
    Action,
    ActionKind,
    ActionStatus,
    Event,
    EventKind,
    JobPosting,
    Reflection,
)
from coffeechat.interviews.models import (
    CloseReason,
    Interview,
    InterviewQuestion,
    Stage,
    Takeaway,
    TakeawayKind,
)
from coffeechat.network.models import Exploration, Note, Organization, Person, Source
from coffeechat.outreach.models import Channel, Message, MessageKind, Reply

SEED = 20261125

ORGANIZATIONS = [
    ("Northwind Health", "Health tech", "Boston, MA"),
    ("Brightpath Learning", "Education technology", "Austin, TX"),
    ("Harbor & Finch", "Design consultancy", "Portland, OR"),
    ("Cobalt Analytics Inc.", "Data and analytics", "Chicago, IL"),
    ("Meridian Public Library", "Public sector", "Denver, CO"),
    ("Lumen Robotics", "Hardware", "Pittsburgh, PA"),
    ("Greenline Transit Authority", "Public transport", "Seattle, WA"),
    ("Parable Studios", "Games", "Montreal, QC"),
]
FIRST_NAMES = [
    "Amara",
    "Ben",
    "Chloé",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonah",
    "Kemi",
    "Luis",
    "Maya",
    "Nikhil",
    "Olivia",
    "Pablo",
    "Quinn",
    "Rosa",
    "Samir",
    "Tessa",
]
LAST_NAMES = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Patel",
    "García",
    "Haddad",
    "Kim",
    "Tanaka",
    "Silva",
    "Weiss",
    "Adeyemi",
    "Herrera",
    "Chen",
    "Rao",
    "Bennett",
    "Ortiz",
    "Murphy",
    "Costa",
    "Nasser",
    "Novak",
]
POSITIONS = [
    "UX Researcher",
    "Senior UX Researcher",
    "Research Operations Lead",
    "Product Designer",
    "Data Analyst",
    "Learning Designer",
    "Product Manager",
    "Content Strategist",
    "Engineering Manager",
    "Service Designer",
]
EXPLORATIONS = [
    (
        "UX research in health tech",
        "Learn how people got into UX research without a PhD, and what a week looks like.",
    ),
    (
        "Learning design",
        "Find out whether my classroom experience counts, and which tools I must learn.",
    ),
    (
        "Data analysis for public services",
        "Understand which skills matter most and how teams hire.",
    ),
]
NOTES = [
    "Said the fastest way in is to run a small study for a nonprofit and write it up as a case study. "
    "Recommended learning to write clear research plans; SQL helps for working with analytics.",
    "Started as a teacher too. Moved through instructional design. Warned that portfolios matter more than "
    "certificates; suggested the Articulate community and the ATD conference.",
    "Their team hires people who can explain findings to engineers. Learn basic statistics. "
    "Mentioned that recruiting participants is half the job.",
    "Spends most days in stakeholder meetings. Loves the variety, dislikes the slow procurement. "
    "Suggested I read Just Enough Research and join the ResearchOps Slack.",
]
TAKEAWAYS = [
    (TakeawayKind.SKILL, "Learn SQL well enough to pull your own data."),
    (TakeawayKind.ADVICE, "Run a small study for a nonprofit and write it up as a case study."),
    (TakeawayKind.RESOURCE, "Read Just Enough Research by Erika Hall."),
    (TakeawayKind.SKILL, "Basic statistics: confidence intervals and sample sizes."),
    (TakeawayKind.CAREER_PATH, "Many researchers came from teaching, journalism or support roles."),
    (TakeawayKind.CULTURE, "Research is respected when it is tied to product decisions."),
]
QUESTIONS = [
    "What does a typical week look like in your role?",
    "How did you get into this work?",
    "Which skills matter most for someone starting out?",
    "What would you do in my place?",
    "Who else would you suggest I talk to?",
]
# Stage of each of the twelve interviews: every stage appears.
INTERVIEW_STAGES = [
    Stage.IDEA,
    Stage.IDEA,
    Stage.RESEARCHING,
    Stage.REQUESTED,
    Stage.REQUESTED,
    Stage.SCHEDULED,
    Stage.SCHEDULED,
    Stage.HELD,
    Stage.THANKED,
    Stage.THANKED,
    Stage.THANKED,
    Stage.CLOSED,
]


# The moves that bring a demo interview to its stage.
STAGE_PATHS: dict[str, list[str]] = {
    Stage.IDEA: [],
    Stage.RESEARCHING: [Stage.RESEARCHING],
    Stage.REQUESTED: [Stage.RESEARCHING, Stage.REQUESTED],
    Stage.SCHEDULED: [Stage.RESEARCHING, Stage.REQUESTED, Stage.SCHEDULED],
    Stage.HELD: [Stage.REQUESTED, Stage.SCHEDULED, Stage.HELD],
    Stage.THANKED: [Stage.REQUESTED, Stage.SCHEDULED, Stage.HELD, Stage.THANKED],
    Stage.CLOSED: [Stage.REQUESTED, Stage.CLOSED],
}


@dataclass
class DemoCounts:
    organizations: int
    people: int
    explorations: int
    interviews: int


def load_demo(user: User) -> DemoCounts:
    rng = random.Random(SEED)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    with transaction.atomic():
        profile = profile_for(user)
        if not profile.introduction:
            profile.name = profile.name or "Sam Rivera"
            profile.introduction = (
                "I taught middle-school science for eight years and I'm moving into UX research, "
                "where I can keep doing what I loved most: watching how people learn and struggle."
            )
            profile.skills = "Interviewing\nWorkshop facilitation\nSurvey design\nSpreadsheets"
            profile.goals = "A first UX research role in health tech within a year."
            profile.save()

        organizations = []
        for name, industry, location in ORGANIZATIONS:
            org, _ = Organization.objects.get_or_create(
                user=user, name=name, defaults={"industry": industry, "location": location}
            )
            organizations.append(org)
        explorations = [
            Exploration.objects.get_or_create(
                user=user, name=name, defaults={"objective": objective}
            )[0]
            for name, objective in EXPLORATIONS
        ]

        people = []
        sources = list(Source.values)
        for index in range(40):
            first, last = FIRST_NAMES[index % 20], LAST_NAMES[(index * 7 + index // 20) % 20]
            org = organizations[index % len(organizations)]
            person, _ = Person.objects.get_or_create(
                user=user,
                first_name=first,
                last_name=last,
                defaults={
                    "organization": org,
                    "position": rng.choice(POSITIONS),
                    "email": f"{first.lower()}.{last.lower()}@example.org".encode(
                        "ascii", "ignore"
                    ).decode(),
                    "source": sources[index % len(sources)],
                    "location": org.location,
                },
            )
            people.append(person)

        for index, stage in enumerate(INTERVIEW_STAGES):
            person = people[index * 3]
            exploration = explorations[index % 3]
            interview = Interview.objects.filter(
                user=user, person=person, exploration=exploration
            ).first()
            if interview is not None:
                continue
            _create_interview(user, person, exploration, stage, index, now, rng)

        referrer = people[21]
        for referred in people[30:33]:
            if referred.referred_by_id is None:
                referred.referred_by = referrer
                referred.source = Source.REFERRAL
                referred.save()

        if not Event.objects.filter(user=user, name="UXPA Boston").exists():
            event = Event.objects.create(
                user=user,
                name="UXPA Boston",
                kind=EventKind.CONFERENCE,
                date=(now - dt.timedelta(days=40)).date(),
                place="Boston, MA",
            )
            event.people.set(people[36:39])
        if not JobPosting.objects.filter(user=user, title="Associate UX Researcher").exists():
            JobPosting.objects.create(
                user=user,
                title="Associate UX Researcher",
                organization=organizations[0],
                url="https://example.org/jobs/associate-ux-researcher",
            )
        if not Reflection.objects.filter(user=user).exists():
            Reflection.objects.create(
                user=user,
                date=(now - dt.timedelta(days=14)).date(),
                confidence=3,
                text="Three conversations in. I'm less nervous, and I can explain my move in two sentences now.",
            )
    return DemoCounts(
        organizations=Organization.objects.for_user(user).count(),
        people=Person.objects.for_user(user).count(),
        explorations=Exploration.objects.for_user(user).count(),
        interviews=Interview.objects.for_user(user).count(),
    )


def _create_interview(
    user: User,
    person: Person,
    exploration: Exploration,
    stage: str,
    index: int,
    now: dt.datetime,
    rng: random.Random,
) -> None:
    started = now - dt.timedelta(days=40 - index * 3)
    interview = Interview.objects.create(
        user=user,
        person=person,
        exploration=exploration,
        objective=exploration.objective,
        length_minutes=rng.choice([20, 30, 30]),
        stage_changed_at=started,
    )
    path = STAGE_PATHS[stage]
    # Meetings still to come are in the next days; the rest happened in the past weeks.
    meeting = (
        now + dt.timedelta(days=index - 4)
        if stage == Stage.SCHEDULED
        else now - dt.timedelta(days=30 - index * 2)
    )
    moment = started
    for step in path:
        moment = moment + dt.timedelta(days=2)
        if step == Stage.SCHEDULED:
            interview.move_to(step, scheduled_at=meeting.replace(hour=15), at=moment)
        elif step == Stage.CLOSED:
            interview.move_to(step, close_reason=CloseReason.NO_REPLY, at=moment)
        elif step == Stage.HELD:
            interview.move_to(step, at=meeting.replace(hour=16))
        else:
            interview.move_to(step, at=moment)
    if stage in (Stage.REQUESTED, Stage.SCHEDULED, Stage.HELD, Stage.THANKED, Stage.CLOSED):
        Message.objects.create(
            user=user,
            person=person,
            interview=interview,
            kind=MessageKind.REQUEST,
            channel=Channel.EMAIL,
            subject=f"A question about {exploration.name.lower()}",
            body=f"Hi {person.first_name}, would you have 20 minutes in the coming weeks to tell me how you got into your role?",
            sent_at=started + dt.timedelta(days=2),
            reply=Reply.YES if stage != Stage.CLOSED and stage != Stage.REQUESTED else "",
            replied_at=started + dt.timedelta(days=3)
            if stage not in (Stage.CLOSED, Stage.REQUESTED)
            else None,
        )
    for position, text in enumerate(QUESTIONS):
        InterviewQuestion.objects.create(
            user=user,
            interview=interview,
            text=text,
            position=position,
            asked=stage in (Stage.HELD, Stage.THANKED),
        )
    if stage in (Stage.HELD, Stage.THANKED):
        interview.notes = NOTES[index % len(NOTES)]
        interview.time_spent_minutes = 90
        interview.save()
        Note.objects.create(
            user=user,
            person=person,
            interview=interview,
            text="Offered to introduce me to a colleague.",
        )
        for kind, text in (
            TAKEAWAYS[index % len(TAKEAWAYS)],
            TAKEAWAYS[(index + 1) % len(TAKEAWAYS)],
        ):
            takeaway = Takeaway.objects.create(
                user=user, interview=interview, person=person, kind=kind, text=text
            )
            if kind == TakeawayKind.SKILL:
                Action.objects.create(
                    user=user,
                    title=text,
                    kind=ActionKind.LEARN_SKILL,
                    takeaway=takeaway,
                    suggested_by=person,
                    due_date=(now + dt.timedelta(days=index)).date(),
                    status=ActionStatus.DONE if index % 2 else ActionStatus.TODO,
                    done_at=now - dt.timedelta(days=1) if index % 2 else None,
                )
    if stage == Stage.THANKED:
        Message.objects.create(
            user=user,
            person=person,
            interview=interview,
            kind=MessageKind.THANK_YOU,
            channel=Channel.EMAIL,
            subject="Thank you",
            body=f"Thank you, {person.first_name}, for your time and advice.",
            sent_at=interview.thanked_at,
        )
