"""The follow-up rules: what is due, computed from the data alone (no cron needed).

- thank-you: a held meeting without a sent thank-you, due a day after it ended.
- try-another: a request unanswered after 3 business days: ask someone else there too.
- follow-up: unanswered after 7 business days: one polite follow-up; unanswered 7 more
  business days after that: close it as "no reply".
- prep: a meeting within 48 hours with no research notes or fewer than 5 questions.
Every number comes from the user's profile.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from coffeechat.accounts.models import Profile, profile_for
from coffeechat.agenda.business_days import add_business_days
from coffeechat.agenda.models import Snooze
from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Person
from coffeechat.outreach.models import Message, MessageKind, Reply
from coffeechat.owned import object_url


@dataclass(frozen=True)
class DueItem:
    """One thing the user should do, with its next step one click away.

    Items about an interview name it; items about a person, an action or a posting (keep in
    touch, share an update, ...) name the person in `about` and what they are about in `ref`
    (for example "action-12"), which keeps their snooze key stable.
    """

    kind: str
    due: dt.datetime
    title: str
    detail: str
    interview: Interview | None
    action_url: str
    action_label: str
    urgent: bool = False
    suggestion: Person | None = field(default=None, compare=False)
    about: Person | None = field(default=None, compare=False)
    ref: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.ref or self.interview_id}"

    @property
    def interview_id(self) -> int | None:
        return self.interview.pk if self.interview is not None else None

    @property
    def person(self) -> Person | None:
        """Whom the item is about; None for the user's own (a reflection, an action)."""
        if self.about is not None:
            return self.about
        return self.interview.person if self.interview is not None else None

    def is_overdue(self, now: dt.datetime) -> bool:
        return self.due < now

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "due": self.due.isoformat(),
            "title": self.title,
            "person": self.person.name if self.person is not None else "",
            "interview": self.interview_id,
        }


# What the rules and every reader of a DueItem (Today, the digest, the calendar feed, the
# API) use of its interview: loading only these keeps a list of thousands quick. Reading
# another field of `item.interview` works but costs a query per item.
ITEM_FIELDS = (
    "user_id",
    "person_id",
    "stage",
    "stage_changed_at",
    "scheduled_at",
    "length_minutes",
    "requested_at",
    "held_at",
    "person__user_id",
    "person__first_name",
    "person__last_name",
    "person__research_notes",
    "person__organization_id",
    "person__organization__name",
    "person__organization__research_notes",
)


def due_items(
    user: Any, now: dt.datetime | None = None, *, include_snoozed: bool = False
) -> list[DueItem]:
    """Everything due for the user at `now`, most overdue first."""
    now = now or timezone.now()
    profile = profile_for(user)
    local_now = timezone.localtime(now, profile.zone)
    interviews = (
        Interview.objects.for_user(user)
        .select_related("person", "person__organization")
        .only(*ITEM_FIELDS)
    )
    items = [
        *_thank_yous(interviews, profile, local_now),
        *_requests(interviews, profile, local_now),
        *_preps(interviews, profile, local_now),
        *_growth_items(user, profile, local_now),
        *_relationship_items(user, profile, local_now),
    ]
    if not include_snoozed:
        hidden = {
            snooze.key
            for snooze in Snooze.objects.for_user(user).filter(
                Q(until__isnull=True) | Q(until__gt=now)
            )
        }
        items = [item for item in items if item.key not in hidden]
    items.sort(key=lambda item: (item.due, item.key))
    return items


def _thank_yous(interviews: Any, profile: Profile, now: dt.datetime) -> list[DueItem]:
    thanked = Message.objects.filter(
        interview=OuterRef("pk"), kind=MessageKind.THANK_YOU, sent_at__isnull=False
    )
    held = interviews.filter(stage=Stage.HELD).exclude(Exists(thanked))
    return [thank_you_item(interview, profile, now) for interview in held]


def thank_you_item(interview: Interview, profile: Profile, now: dt.datetime) -> DueItem:
    """The thank-you for a held meeting: due a day after it ended, urgent after two."""
    ended = interview.held_at or interview.ends_at or interview.stage_changed_at
    return DueItem(
        kind="thank-you",
        due=ended + dt.timedelta(hours=profile.thank_you_hours),
        urgent=now >= ended + dt.timedelta(hours=profile.thank_you_escalate_hours),
        title=f"Thank {interview.person.name}",
        detail="Send your thanks within a day, naming something specific they told you.",
        interview=interview,
        action_url=_compose_url(interview, MessageKind.THANK_YOU),
        action_label="Write the thank-you",
    )


def _compose_url(interview: Interview, kind: str) -> str:
    return object_url("message_compose", interview.pk) + f"?kind={kind}"


def _requests(interviews: Any, profile: Profile, now: dt.datetime) -> list[DueItem]:
    waiting = list(
        interviews.filter(stage=Stage.REQUESTED).annotate(
            request_sent=Min("messages__sent_at", filter=Q(messages__kind=MessageKind.REQUEST)),
            follow_up_sent=Max("messages__sent_at", filter=Q(messages__kind=MessageKind.FOLLOW_UP)),
            last_reply_at=Max("messages__replied_at", filter=~Q(messages__reply="")),
        )
    )
    replies = _latest_replies(waiting)
    unanswered = [interview for interview in waiting if interview.pk not in replies]
    others = _others_at_same_organizations(unanswered)
    country, region = profile.country, profile.region
    interview_create, network = reverse("interview_create"), reverse("network")
    items = []
    for interview in waiting:
        person = interview.person
        if interview.pk in replies:
            items.extend(_after_reply(interview, replies[interview.pk], profile, now))
            continue
        sent = interview.request_sent or interview.requested_at
        if sent is None:
            continue
        sent = timezone.localtime(sent, now.tzinfo)
        if interview.follow_up_sent:
            followed = timezone.localtime(interview.follow_up_sent, now.tzinfo)
            due = add_business_days(followed, profile.follow_up_days, country, region)
            if due <= now:
                items.append(
                    DueItem(
                        kind="follow-up",
                        due=due,
                        title=f"Close the request to {person.name} as no reply",
                        detail="No answer to your request or your follow-up. Close it kindly and move on; they stay in your network.",
                        interview=interview,
                        action_url=interview.get_absolute_url() + "#stage",
                        action_label="Close as no reply",
                    )
                )
            continue
        follow_up_due = add_business_days(sent, profile.follow_up_days, country, region)
        if follow_up_due <= now:
            items.append(
                DueItem(
                    kind="follow-up",
                    due=follow_up_due,
                    title=f"Follow up with {person.name}",
                    detail=f"No reply in {profile.follow_up_days} business days. One short, polite follow-up is welcome; more would be pestering.",
                    interview=interview,
                    action_url=_compose_url(interview, MessageKind.FOLLOW_UP),
                    action_label="Write the follow-up",
                )
            )
        try_due = add_business_days(sent, profile.try_another_days, country, region)
        if try_due <= now and person.organization_id:
            suggestion = others.get(person.organization_id)
            organization = person.organization.name if person.organization else ""
            if suggestion is not None:
                url = f"{interview_create}?person={suggestion.pk}"
                label = f"Ask {suggestion.name}"
            else:
                url = f"{network}?organization={person.organization_id}"
                label = "Find someone"
            items.append(
                DueItem(
                    kind="try-another",
                    due=try_due,
                    title=f"Try someone else at {organization}",
                    detail=f"{person.name} hasn't replied in {profile.try_another_days} business days. Asking a second person there is not rude: the first to answer wins.",
                    interview=interview,
                    action_url=url,
                    action_label=label,
                    suggestion=suggestion,
                )
            )
    return items


def _latest_replies(interviews: list[Interview]) -> dict[int, Message]:
    """Each interview's most recent reply, in one query."""
    replied = [i.pk for i in interviews if i.last_reply_at is not None]  # type: ignore[attr-defined]
    latest: dict[int, Message] = {}
    for message in (
        Message.objects.filter(interview_id__in=replied)
        .exclude(reply="")
        .only("interview_id", "reply", "replied_at", "created_at")
        .order_by("replied_at", "id")
    ):
        if message.interview_id is not None:
            latest[message.interview_id] = message
    return latest


def _after_reply(
    interview: Interview, reply: Message, profile: Profile, now: dt.datetime
) -> list[DueItem]:
    """They answered: "yes" wants a date in the calendar, "later" a gentle check back."""
    person = interview.person
    answered = timezone.localtime(reply.replied_at or reply.created_at, now.tzinfo)
    if reply.reply == Reply.YES:
        return [
            DueItem(
                kind="schedule",
                due=add_business_days(answered, 1, profile.country, profile.region),
                title=f"Schedule the meeting with {person.name}",
                detail="They said yes. Offer two or three times and put the meeting in your calendar.",
                interview=interview,
                action_url=interview.get_absolute_url() + "#stage",
                action_label="Schedule",
            )
        ]
    if reply.reply == Reply.LATER:
        due = add_business_days(answered, profile.follow_up_days, profile.country, profile.region)
        if due <= now:
            return [
                DueItem(
                    kind="follow-up",
                    due=due,
                    title=f"Check back with {person.name}",
                    detail="They asked you to come back later. A short, friendly note now shows you listened.",
                    interview=interview,
                    action_url=_compose_url(interview, MessageKind.FOLLOW_UP),
                    action_label="Write the follow-up",
                )
            ]
    return []


def _others_at_same_organizations(waiting: list[Interview]) -> dict[int, Person]:
    """For each organization, the first person there the user has not approached yet."""
    organization_ids = {i.person.organization_id for i in waiting if i.person.organization_id}
    if not organization_ids:
        return {}
    approached = Interview.objects.filter(person=OuterRef("pk"))
    candidates = (
        Person.objects.filter(user_id=waiting[0].user_id, organization_id__in=organization_ids)
        .exclude(Exists(approached))
        .only("id", "user_id", "organization_id", "first_name", "last_name")
        .order_by("organization_id", "last_name", "first_name", "id")
    )
    first: dict[int, Person] = {}
    for person in candidates[:500]:
        if person.organization_id is not None:
            first.setdefault(person.organization_id, person)
    return first


def _preps(interviews: Any, profile: Profile, now: dt.datetime) -> list[DueItem]:
    soon = interviews.filter(
        stage=Stage.SCHEDULED,
        scheduled_at__gte=now,
        scheduled_at__lte=now + dt.timedelta(hours=profile.prep_hours),
    ).annotate(question_count=Count("questions"))
    items = []
    for interview in soon:
        organization = interview.person.organization
        researched = bool(
            interview.person.research_notes.strip()
            or (organization and organization.research_notes.strip())
        )
        missing = []
        if not researched:
            missing.append("research notes")
        if interview.question_count < profile.prep_min_questions:
            missing.append(
                f"{profile.prep_min_questions - interview.question_count} more questions"
            )
        if not missing:
            continue
        items.append(
            DueItem(
                kind="prep",
                due=interview.scheduled_at,
                title=f"Prepare for {interview.person.name}",
                detail=f"Meeting {timezone.localtime(interview.scheduled_at, now.tzinfo):%a %d %b, %H:%M}. Still missing: {' and '.join(missing)}.",
                interview=interview,
                action_url=interview.get_absolute_url(),
                action_label="Prepare",
            )
        )
    return items


def _growth_items(user: Any, profile: Profile, now: dt.datetime) -> list[DueItem]:
    # Imported here: the growth rules build DueItems, so they import this module.
    from coffeechat.growth.today import growth_items

    return growth_items(user, profile, now)


def _relationship_items(user: Any, profile: Profile, now: dt.datetime) -> list[DueItem]:
    # Imported here for the same reason: keep-in-touch, action-due and reflect build DueItems.
    from coffeechat.growth.relationships import relationship_items

    return relationship_items(user, profile, now)
