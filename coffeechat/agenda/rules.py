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
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, overload

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from coffeechat.accounts.models import Profile, profile_for
from coffeechat.agenda.business_days import add_business_days
from coffeechat.agenda.models import Snooze
from coffeechat.agenda.prepared import prepared
from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Person
from coffeechat.outreach.models import Message, MessageKind, Reply
from coffeechat.owned import object_url

# How each kind of item is named on Today's cards (the JSON and the API keep the kind itself).
KIND_LABELS: dict[str, str] = {
    "thank-you": "Thank-you",
    "follow-up": "Follow-up",
    "try-another": "Someone else",
    "schedule": "Schedule",
    "prep": "Prep",
    "share-update": "Update",
    "keep-in-touch": "Keep in touch",
    "referral": "Referral",
    "job-posting": "Job posting",
    "action-due": "Action",
    "reflect": "Reflect",
}


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


# A person suggested to ask instead: their id, first and last name.
Someone = tuple[int, str, str]

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
# The most interviews a list reads with SQL kept per process (two pages of Today); "Show
# all" reads its hundreds with the ORM.
PREPARED_IDS = 100


class DueList(Sequence[DueItem]):
    """Everything due for the user, most overdue first, each item built only when read.

    Counting and ordering need only each item's kind, due time and key; the title, the
    links and the interview behind an item are made for the items actually shown. So a
    user with a thousand items waiting gets Today's first page, its counts and its pages
    for the price of fifty items. Slicing builds that slice (one query for its interviews);
    a Paginator pages it like a list.
    """

    def __init__(self, user: Any, profile: Profile, pending: list[Pending]) -> None:
        self._user = user
        self._profile = profile
        self._pending = pending

    def __len__(self) -> int:
        return len(self._pending)

    @overload
    def __getitem__(self, index: int) -> DueItem: ...

    @overload
    def __getitem__(self, index: slice) -> list[DueItem]: ...

    def __getitem__(self, index: int | slice) -> DueItem | list[DueItem]:
        if isinstance(index, slice):
            return self._build(self._pending[index])
        return self._build([self._pending[index]])[0]

    def __iter__(self) -> Iterator[DueItem]:
        return iter(self._build(self._pending))

    @property
    def keys(self) -> list[str]:
        return [pending.key for pending in self._pending]

    def kind_counts(self) -> list[tuple[str, int]]:
        """How many items of each kind are due, the most common kind first."""
        return Counter(pending.kind for pending in self._pending).most_common()

    def _build(self, pending: list[Pending]) -> list[DueItem]:
        ids = sorted({p.interview_id for p in pending if p.interview_id is not None})
        interviews = {interview.pk: interview for interview in _item_interviews(self._user, ids)}
        return [
            p.build(interviews.get(p.interview_id) if p.interview_id else None) for p in pending
        ]


@prepared
def _interviews_by_id(user_id: int, ids: list[int]) -> QuerySet[Interview]:
    return (
        Interview.objects.filter(user_id=user_id, pk__in=ids)
        .select_related("person", "person__organization")
        .only(*ITEM_FIELDS)
    )


def _item_interviews(user: Any, ids: list[int]) -> list[Interview]:
    """The user's interviews with these ids, loaded with ITEM_FIELDS.

    A page's worth is read with SQL kept per process, for a list of 10, 20, ... ids (the
    last id repeated to fill it): a page of items has as many ids as it has items about an
    interview, and each number would otherwise need SQL of its own.
    """
    if not ids:
        return []
    if len(ids) > PREPARED_IDS:
        return list(
            Interview.objects.for_user(user)
            .filter(pk__in=ids)
            .select_related("person", "person__organization")
            .only(*ITEM_FIELDS)
        )
    padded = ids + ids[-1:] * (-len(ids) % 10)
    return _interviews_by_id(user_id=user.pk, ids=padded)


class Pending:
    """An item known by its kind, due time and key, whose title and links wait until shown.

    `build` makes the DueItem from the interview it is about (loaded with ITEM_FIELDS), or
    from nothing for items that are not about an interview: it calls `make` with that
    interview and the keyword arguments in `values`. A plain class with slots, and no closure
    per item: Today makes one of these for every item due, a thousand or more.
    """

    __slots__ = ("due", "interview_id", "key", "kind", "make", "values")

    def __init__(
        self,
        kind: str,
        due: dt.datetime,
        key: str,
        interview_id: int | None,
        make: Callable[..., DueItem],
        values: dict[str, Any],
    ) -> None:
        self.kind = kind
        self.due = due
        self.key = key
        self.interview_id = interview_id
        self.make = make
        self.values = values

    def build(self, interview: Interview | None) -> DueItem:
        if self.interview_id is not None:
            assert interview is not None
            return self.make(interview, **self.values)
        return self.make(**self.values)

    @classmethod
    def of(cls, item: DueItem) -> Pending:
        """An item already built (the few of a rule that lists at most a handful)."""
        return cls(item.kind, item.due, item.key, None, _itself, {"item": item})


def _itself(item: DueItem) -> DueItem:
    return item


def due_list(
    user: Any, now: dt.datetime | None = None, *, include_snoozed: bool = False
) -> DueList:
    """Everything due for the user at `now`, most overdue first, built as it is read."""
    now = now or timezone.now()
    profile = profile_for(user)
    local_now = timezone.localtime(now, profile.zone)
    pending = [
        *_thank_yous(user, profile, local_now),
        *_requests(user, profile, local_now),
        *map(Pending.of, _preps(user, profile, local_now)),
        *map(Pending.of, _growth_items(user, profile, local_now)),
        *map(Pending.of, _relationship_items(user, profile, local_now)),
    ]
    if not include_snoozed:
        hidden = {key for (key,) in _snoozed(user_id=user.pk, now=now)}
        pending = [p for p in pending if p.key not in hidden]
    pending.sort(key=_in_due_order)
    return DueList(user, profile, pending)


def _in_due_order(pending: Pending) -> tuple[dt.datetime, str]:
    """Most overdue first, then by key. Each moment is put in UTC once: comparing moments of
    different time zones works out both offsets on every comparison, which made sorting a
    thousand items cost more than reading them."""
    return pending.due.astimezone(dt.UTC), pending.key


@prepared
def _snoozed(user_id: int, now: dt.datetime) -> QuerySet[Snooze, tuple[str]]:
    """The keys of the items the user snoozed until later, or dismissed."""
    return (
        Snooze.objects.filter(user_id=user_id)
        .filter(Q(until__isnull=True) | Q(until__gt=now))
        .values_list("key")
    )


def due_items(
    user: Any, now: dt.datetime | None = None, *, include_snoozed: bool = False
) -> list[DueItem]:
    """Everything due for the user at `now`, most overdue first."""
    return list(due_list(user, now, include_snoozed=include_snoozed))


def _pending(
    kind: str, due: dt.datetime, interview_id: int, make: Callable[..., DueItem], **values: Any
) -> Pending:
    """An item about an interview, built by `make(interview, due=due, **values)` when shown."""
    values["due"] = due
    return Pending(kind, due, f"{kind}:{interview_id}", interview_id, make, values)


@prepared
def _held_unthanked(user_id: int) -> QuerySet[Interview, tuple[int, dt.datetime, int]]:
    """Each held meeting without a sent thank-you, with when it ended (held_at, else the
    scheduled time plus the minutes to add, else when it was marked held).

    One moment per row from the database: reading hundreds of moments is most of what the
    thank-you rule costs.
    """
    thanked = Message.objects.filter(
        interview=OuterRef("pk"), kind=MessageKind.THANK_YOU, sent_at__isnull=False
    )
    return (
        Interview.objects.filter(user_id=user_id, stage=Stage.HELD)
        .exclude(Exists(thanked))
        .values_list(
            "pk",
            Coalesce("held_at", "scheduled_at", "stage_changed_at"),
            Case(
                When(held_at__isnull=True, scheduled_at__isnull=False, then="length_minutes"),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
    )


def _thank_yous(user: Any, profile: Profile, now: dt.datetime) -> list[Pending]:
    held = _held_unthanked(user_id=user.pk)
    pending = []
    to_due = dt.timedelta(hours=profile.thank_you_hours)
    to_urgent = dt.timedelta(hours=profile.thank_you_escalate_hours)
    for pk, ended, minutes_to_add in held:
        if minutes_to_add:
            ended += dt.timedelta(minutes=minutes_to_add)
        # As _thank_you_due, with its two durations made once for the whole list.
        due = ended + to_due
        pending.append(_pending("thank-you", due, pk, _thank_you, urgent=now >= ended + to_urgent))
    return pending


def thank_you_item(interview: Interview, profile: Profile, now: dt.datetime) -> DueItem:
    """The thank-you for a held meeting: due a day after it ended, urgent after two."""
    ended = interview.held_at or interview.ends_at or interview.stage_changed_at
    return _thank_you(interview, *_thank_you_due(ended, profile, now))


def _thank_you_due(
    ended: dt.datetime, profile: Profile, now: dt.datetime
) -> tuple[dt.datetime, bool]:
    due = ended + dt.timedelta(hours=profile.thank_you_hours)
    return due, now >= ended + dt.timedelta(hours=profile.thank_you_escalate_hours)


def _thank_you(interview: Interview, due: dt.datetime, urgent: bool) -> DueItem:
    return DueItem(
        kind="thank-you",
        due=due,
        urgent=urgent,
        title=f"Thank {interview.person.name}",
        detail="Send your thanks within a day, naming something specific they told you.",
        interview=interview,
        action_url=_compose_url(interview, MessageKind.THANK_YOU),
        action_label="Write the thank-you",
    )


@cache
def _page_url(name: str, prefix: str) -> str:
    return reverse(name)


def page_url(name: str) -> str:
    """reverse(name) for a page that takes no arguments, worked out once per process."""
    return _page_url(name, get_script_prefix())


def _compose_url(interview: Interview, kind: str) -> str:
    return object_url("message_compose", interview.pk) + f"?kind={kind}"


@prepared
def _waiting(user_id: int) -> QuerySet[Interview, tuple[Any, ...]]:
    """The user's requests, each with its organization, when it went out, the last
    follow-up and the last reply."""
    return (
        Interview.objects.filter(user_id=user_id, stage=Stage.REQUESTED)
        .annotate(
            # When the request went out, or when it was marked requested: one moment a row.
            sent=Coalesce(
                Min("messages__sent_at", filter=Q(messages__kind=MessageKind.REQUEST)),
                "requested_at",
            ),
            follow_up_sent=Max("messages__sent_at", filter=Q(messages__kind=MessageKind.FOLLOW_UP)),
            last_reply_at=Max("messages__replied_at", filter=~Q(messages__reply="")),
        )
        .values_list(
            "pk",
            "user_id",
            "person__organization_id",
            "sent",
            "follow_up_sent",
            "last_reply_at",
        )
    )


def _requests(user: Any, profile: Profile, now: dt.datetime) -> list[Pending]:
    waiting = _waiting(user_id=user.pk)
    replies = _latest_replies(user.pk, {row[0] for row in waiting if row[5] is not None})
    others = _others_at_same_organizations(user.pk)
    pending: list[Pending] = []
    for pk, _user_id, organization_id, sent, follow_up_sent, _ in waiting:
        if pk in replies:
            pending.extend(_after_reply(pk, replies[pk], profile, now))
            continue
        if sent is None:
            continue
        pending.extend(_unanswered(pk, sent, follow_up_sent, organization_id, others, profile, now))
    return pending


def _unanswered(
    pk: int,
    sent: dt.datetime,
    follow_up_sent: dt.datetime | None,
    organization_id: int | None,
    others: dict[int, Someone],
    profile: Profile,
    now: dt.datetime,
) -> list[Pending]:
    """No reply yet: follow up once, then close; meanwhile ask someone else there."""
    country, region, zone = profile.country, profile.region, now.tzinfo
    if follow_up_sent:
        due = add_business_days(
            follow_up_sent.astimezone(zone), profile.follow_up_days, country, region
        )
        if due > now:
            return []
        return [_pending("follow-up", due, pk, _close_item)]
    pending = []
    sent = sent.astimezone(zone)
    follow_up_due = add_business_days(sent, profile.follow_up_days, country, region)
    if follow_up_due <= now:
        pending.append(
            _pending("follow-up", follow_up_due, pk, _follow_up_item, days=profile.follow_up_days)
        )
    if organization_id:
        try_due = add_business_days(sent, profile.try_another_days, country, region)
        if try_due <= now:
            pending.append(
                _pending(
                    "try-another",
                    try_due,
                    pk,
                    _try_another_item,
                    someone=others.get(organization_id),
                    days=profile.try_another_days,
                )
            )
    return pending


def _close_item(interview: Interview, due: dt.datetime) -> DueItem:
    return DueItem(
        kind="follow-up",
        due=due,
        title=f"Close the request to {interview.person.name} as no reply",
        detail="No answer to your request or your follow-up. Close it kindly and move on; they stay in your network.",
        interview=interview,
        action_url=interview.get_absolute_url() + "#stage",
        action_label="Close as no reply",
    )


def _follow_up_item(interview: Interview, due: dt.datetime, days: int) -> DueItem:
    return DueItem(
        kind="follow-up",
        due=due,
        title=f"Follow up with {interview.person.name}",
        detail=f"No reply in {days} business days. One short, polite follow-up is welcome; more would be pestering.",
        interview=interview,
        action_url=_compose_url(interview, MessageKind.FOLLOW_UP),
        action_label="Write the follow-up",
    )


def _try_another_item(
    interview: Interview, due: dt.datetime, someone: Someone | None, days: int
) -> DueItem:
    person = interview.person
    suggestion = None
    if someone is not None:
        pk, first_name, last_name = someone
        suggestion = Person(
            id=pk,
            user_id=interview.user_id,
            organization_id=person.organization_id,
            first_name=first_name,
            last_name=last_name,
        )
    organization = person.organization.name if person.organization else ""
    if suggestion is not None:
        url = f"{page_url('interview_create')}?person={suggestion.pk}"
        label = f"Ask {suggestion.name}"
    else:
        url = f"{page_url('network')}?organization={person.organization_id}"
        label = "Find someone"
    return DueItem(
        kind="try-another",
        due=due,
        title=f"Try someone else at {organization}",
        detail=f"{person.name} hasn't replied in {days} business days. Asking a second person there is not rude: the first to answer wins.",
        interview=interview,
        action_url=url,
        action_label=label,
        suggestion=suggestion,
    )


@prepared
def _replies_to_requests(user_id: int) -> QuerySet[Message]:
    """The replies to the user's requests, the most recent of each request last."""
    return (
        Message.objects.filter(interview__user_id=user_id, interview__stage=Stage.REQUESTED)
        .exclude(reply="")
        .only("interview_id", "reply", "replied_at", "created_at")
        .order_by("replied_at", "id")
    )


def _latest_replies(user_id: int, replied: set[int]) -> dict[int, Message]:
    """The most recent reply to each of these requests, in one query."""
    latest: dict[int, Message] = {}
    for message in _replies_to_requests(user_id=user_id):
        if message.interview_id in replied:
            latest[message.interview_id] = message
    return latest


def _after_reply(pk: int, reply: Message, profile: Profile, now: dt.datetime) -> list[Pending]:
    """They answered: "yes" wants a date in the calendar, "later" a gentle check back."""
    answered = timezone.localtime(reply.replied_at or reply.created_at, now.tzinfo)
    if reply.reply == Reply.YES:
        due = add_business_days(answered, 1, profile.country, profile.region)
        return [_pending("schedule", due, pk, _schedule_item)]
    if reply.reply == Reply.LATER:
        due = add_business_days(answered, profile.follow_up_days, profile.country, profile.region)
        if due <= now:
            return [_pending("follow-up", due, pk, _check_back_item)]
    return []


def _schedule_item(interview: Interview, due: dt.datetime) -> DueItem:
    return DueItem(
        kind="schedule",
        due=due,
        title=f"Schedule the meeting with {interview.person.name}",
        detail="They said yes. Offer two or three times and put the meeting in your calendar.",
        interview=interview,
        action_url=interview.get_absolute_url() + "#stage",
        action_label="Schedule",
    )


def _check_back_item(interview: Interview, due: dt.datetime) -> DueItem:
    return DueItem(
        kind="follow-up",
        due=due,
        title=f"Check back with {interview.person.name}",
        detail="They asked you to come back later. A short, friendly note now shows you listened.",
        interview=interview,
        action_url=_compose_url(interview, MessageKind.FOLLOW_UP),
        action_label="Write the follow-up",
    )


@prepared
def _candidates(user_id: int) -> QuerySet[Person, tuple[int, int, str, str]]:
    """People not approached yet at the organizations of requests that got no reply, by
    organization and name (the first 500)."""
    answered = Message.objects.filter(interview=OuterRef("pk"), replied_at__isnull=False).exclude(
        reply=""
    )
    unanswered = (
        Interview.objects.filter(user_id=user_id, stage=Stage.REQUESTED)
        .filter(person__organization_id__isnull=False)
        .exclude(Exists(answered))
        .values("person__organization_id")
    )
    approached = Interview.objects.filter(person=OuterRef("pk"))
    return (
        Person.objects.filter(user_id=user_id, organization_id__in=unanswered)
        .exclude(Exists(approached))
        .order_by("organization_id", "last_name", "first_name", "id")
        .values_list("id", "organization_id", "first_name", "last_name")[:500]
    )


def _others_at_same_organizations(user_id: int) -> dict[int, Someone]:
    """For each organization where a request got no reply, the first person there the user
    has not approached yet.

    Read as plain rows: a long list of unanswered requests asks this for hundreds of
    organizations, and a Person is made only for the suggestions shown.
    """
    first: dict[int, Someone] = {}
    for pk, organization_id, first_name, last_name in _candidates(user_id=user_id):
        if organization_id is not None:
            first.setdefault(organization_id, (pk, first_name, last_name))
    return first


@prepared
def _meetings_between(user_id: int, start: dt.datetime, end: dt.datetime) -> QuerySet[Interview]:
    """The user's meetings scheduled from `start` to `end`, with how many questions each has."""
    return (
        Interview.objects.filter(user_id=user_id)
        .select_related("person", "person__organization")
        .only(*ITEM_FIELDS)
        .filter(stage=Stage.SCHEDULED, scheduled_at__gte=start, scheduled_at__lte=end)
        .annotate(question_count=Count("questions"))
    )


def _preps(user: Any, profile: Profile, now: dt.datetime) -> list[DueItem]:
    soon = _meetings_between(
        user_id=user.pk, start=now, end=now + dt.timedelta(hours=profile.prep_hours)
    )
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
