"""Today's items from what happened after the meetings, computed from the data alone.

- share-update: an action someone suggested is done, a resource someone recommended is
  finished, or a person someone referred has been met; due at once, until an update to that
  person goes out after it.
- referral: a person someone referred, added 7 days ago and still not asked for a meeting.
- job-posting: a posting applied for at an organization where the user interviewed someone;
  due on the day of applying, until a job-posting note to that person goes out.

An item older than two months drops off: by then the news is stale, and keeping in touch
takes over. Each rule lists its 20 most pressing items at most; the number of queries does
not grow with the data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, F, Model, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from coffeechat.accounts.models import Profile
from coffeechat.agenda.prepared import prepared
from coffeechat.agenda.rules import DueItem, page_url
from coffeechat.growth.models import (
    Action,
    ActionStatus,
    JobPosting,
    PostingStatus,
    Resource,
    ResourceStatus,
)
from coffeechat.growth.relationships import owned_without_index, rows_owned_by
from coffeechat.growth.takeaways import without_full_stop
from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Person
from coffeechat.outreach.models import Message, MessageKind
from coffeechat.owned import object_url

STALE_AFTER = dt.timedelta(days=60)
REFERRAL_WAIT = dt.timedelta(days=7)
# Today is a to-do list, not an archive: each rule shows its most pressing few, and the
# rest take their place as these are done.
PER_RULE = 20
# Applied, or already further along: telling the contact is still worth it.
NOTE_STATUSES = [PostingStatus.APPLIED, PostingStatus.INTERVIEWING]
# What an item needs of the person it is about: whom to name and where to link.
NAME_FIELDS = ["id", "user_id", "first_name", "last_name"]


def growth_items(user: Any, profile: Profile, local_now: dt.datetime) -> list[DueItem]:
    """Every share-update, referral and job-posting item due for the user at `local_now`."""
    since = local_now - STALE_AFTER
    return [
        *_action_updates(user, local_now, since),
        *_resource_updates(user, local_now, since),
        *_referral_items(user, local_now, since),
        *_posting_notes(user, local_now, since),
    ]


def _update_sent(person: str, since: str, now: dt.datetime) -> Exists:
    """An update to the row's `person` sent at or after the row's `since` (and by `now`)."""
    return Exists(
        Message.objects.filter(
            person=OuterRef(person),
            kind=MessageKind.UPDATE,
            sent_at__gte=OuterRef(since),
            sent_at__lte=now,
        )
    )


def _most_recent[M: Model](
    rows: QuerySet[M], person: str, done: str, now: dt.datetime, since: dt.datetime
) -> QuerySet[M]:
    """The PER_RULE rows done (at `done`) most recently in the window whose `person`
    has had no update since, with that person.

    One query: the database walks the index of the user's rows by status and `done` from
    the most recent (Action has one) and stops at PER_RULE, joining each with its person.
    """
    return (
        rows.filter(**{f"{done}__gte": since, f"{done}__lte": now, f"{person}__isnull": False})
        .exclude(_update_sent(person, done, now))
        .select_related(person)
        .order_by(f"-{done}", "-id")[:PER_RULE]
    )


def _share_update(
    person: Person, due: dt.datetime, ref: str, url: str, title: str, detail: str
) -> DueItem:
    """Something done that `person` made possible: tell them."""
    return DueItem(
        kind="share-update",
        due=due,
        title=title,
        detail=detail,
        interview=None,
        about=person,
        ref=ref,
        action_url=url,
        action_label="Write the thanks" if ref.startswith("referral-") else "Write the update",
    )


@prepared
def _done_actions(user_id: int, now: dt.datetime, since: dt.datetime) -> QuerySet[Action]:
    """The actions someone suggested, done most recently, whose person has had no update."""
    done = Action.objects.filter(user_id=user_id, status=ActionStatus.DONE)
    return _most_recent(done, "suggested_by", "done_at", now, since)


def _action_updates(user: Any, now: dt.datetime, since: dt.datetime) -> list[DueItem]:
    items = []
    for action in _done_actions(user_id=user.pk, now=now, since=since):
        person = action.suggested_by
        assert person is not None and action.done_at is not None
        items.append(
            _share_update(
                person,
                action.done_at,
                f"action-{action.pk}",
                object_url("action_update", action.pk),
                title=f"Tell {person.name} you took their advice",
                detail=f"You did “{without_full_stop(action.title)}”, as {person.first_name} suggested. A short "
                "update shows their advice mattered, and keeps the conversation going.",
            )
        )
    return items


@prepared
def _finished_resources(user_id: int, now: dt.datetime, since: dt.datetime) -> QuerySet[Resource]:
    """The resources someone recommended, finished most recently, whose person has had no
    update since."""
    finished = Resource.objects.filter(user_id=user_id, status=ResourceStatus.FINISHED)
    return _most_recent(finished, "recommended_by", "finished_at", now, since)


def _resource_updates(user: Any, now: dt.datetime, since: dt.datetime) -> list[DueItem]:
    items = []
    for resource in _finished_resources(user_id=user.pk, now=now, since=since):
        person = resource.recommended_by
        assert person is not None and resource.finished_at is not None
        items.append(
            _share_update(
                person,
                resource.finished_at,
                f"resource-{resource.pk}",
                object_url("resource_update", resource.pk),
                title=f"Thank {person.name} for recommending “{resource.title}”",
                detail=f"You finished the {resource.get_kind_display().lower()} "
                f"{person.first_name} recommended. Tell them what you took from it.",
            )
        )
    return items


def _referred(user: Any) -> QuerySet[Person]:
    """The user's people whom someone referred, read through the index of referrals: a few
    hundred people, not a network of tens of thousands."""
    return owned_without_index(Person.objects.filter(referred_by_id__gt=0), user)


@prepared
def _referred_rows(
    user_id: int,
    now: dt.datetime,
    since: dt.datetime,
    added_from: dt.datetime,
    added_to: dt.datetime,
) -> QuerySet[Person, tuple[Any, ...]]:
    """The people someone referred who were met since `since`, or added between
    `added_from` and `added_to`, each with what the two referral rules need."""
    first_held = (
        Interview.objects.filter(person=OuterRef("pk"), held_at__isnull=False)
        .order_by("held_at")
        .values("held_at")[:1]
    )
    asked = Exists(
        Message.objects.filter(person=OuterRef("pk"), kind=MessageKind.REQUEST, sent_at__lte=now)
    )
    # An interview past the idea stage means the user reached them some other way.
    under_way = Exists(
        Interview.objects.filter(person=OuterRef("pk")).exclude(
            stage__in=[Stage.IDEA, Stage.RESEARCHING]
        )
    )
    open_interview = (
        Interview.objects.filter(person=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    return (
        rows_owned_by(Person.objects.filter(referred_by_id__gt=0), user_id)
        .annotate(first_held=Subquery(first_held))
        .filter(
            Q(first_held__gte=since, first_held__lte=now)
            | Q(created_at__gte=added_from, created_at__lte=added_to)
        )
        .annotate(
            thanked=_update_sent("referred_by", "first_held", now),
            asked=asked,
            under_way=under_way,
            open_interview=Subquery(open_interview),
        )
        .order_by()
        .values_list(
            "pk",
            "user_id",
            "first_name",
            "last_name",
            "created_at",
            "first_held",
            "thanked",
            "asked",
            "under_way",
            "open_interview",
            "referred_by_id",
            "referred_by__first_name",
            "referred_by__last_name",
        )
    )


def _referral_items(user: Any, now: dt.datetime, since: dt.datetime) -> list[DueItem]:
    """The referrers to thank and the referred people to contact, from one read.

    Both rules look at the people someone referred (a few hundred, read through the
    index of referrals), so one query reads each one's first meeting, whether the
    referrer has heard back since, whether they were asked or reached another way, and
    their latest interview, with both names; the two lists are picked from those rows.
    """
    added_from, added_to = since - REFERRAL_WAIT, now - REFERRAL_WAIT
    rows = _referred_rows(
        user_id=user.pk, now=now, since=since, added_from=added_from, added_to=added_to
    )
    met, waiting = [], []
    for row in rows:
        created_at, held, thanked, was_asked, reached = row[4:9]
        if held is not None and since <= held <= now and not thanked:
            met.append(row)
        if added_from <= created_at <= added_to and not was_asked and not reached:
            waiting.append(row)
    # As the rules read them: the most recently met first, the longest waiting first.
    met.sort(key=lambda row: (row[5], row[0]), reverse=True)
    waiting.sort(key=lambda row: (row[4], row[0]))
    return [
        *(_referral_thanks(*_people(row), row[5]) for row in met[:PER_RULE]),
        *(_referral(*_people(row), row[4], row[9]) for row in waiting[:PER_RULE]),
    ]


def _people(row: tuple[Any, ...]) -> tuple[Person, Person]:
    """The referred person and their referrer, made from a row of `_referral_items`."""
    pk, user_id, first_name, last_name = row[:4]
    referrer_id, referrer_first_name, referrer_last_name = row[10:13]
    referrer = _named(referrer_id, user_id, referrer_first_name, referrer_last_name)
    referred = _named(pk, user_id, first_name, last_name, referred_by_id=referrer_id)
    referred.referred_by = referrer
    return referred, referrer


def _named(
    pk: int, user_id: int, first_name: str, last_name: str, referred_by_id: int | None = None
) -> Person:
    """A person known by id and name, as a row read with only those fields would be: an
    item names and links its person, and reading any other field loads it."""
    fields, values = NAME_FIELDS, [pk, user_id, first_name, last_name]
    if referred_by_id is not None:
        fields, values = [*NAME_FIELDS, "referred_by_id"], [*values, referred_by_id]
    # from_db takes the fields in the model's order, as a query returns them.
    return Person.from_db(Person.objects.db, fields, values)


def _referral_thanks(referred: Person, referrer: Person, first_held: dt.datetime) -> DueItem:
    """The referrer hears back once the conversation they made possible took place."""
    return _share_update(
        referrer,
        first_held,
        f"referral-{referred.pk}",
        object_url("referral_update", referred.pk),
        title=f"Tell {referrer.name} you spoke with {referred.name}",
        detail=f"{referrer.first_name} introduced you, and the conversation took "
        "place. People who refer you love to hear that it led somewhere: thank them.",
    )


def _referral(
    person: Person, referrer: Person, created_at: dt.datetime, interview_id: int | None
) -> DueItem:
    """Someone referred, not yet asked a week after they were added."""
    if interview_id is not None:
        url = object_url("message_compose", interview_id) + "?kind=request"
    else:
        url = page_url("interview_create") + f"?person={person.pk}"
    return DueItem(
        kind="referral",
        due=created_at + REFERRAL_WAIT,
        title=f"Contact {person.name}, whom {referrer.name} suggested",
        detail=f"{referrer.first_name}'s introduction is worth most while it is fresh. "
        f"The request names {referrer.first_name} in its first sentence.",
        interview=None,
        about=person,
        ref=f"person-{person.pk}",
        action_url=url,
        action_label="Write the request",
    )


@prepared
def _applied(
    user_id: int, now: dt.datetime, today: dt.date, since_day: dt.date
) -> QuerySet[JobPosting]:
    """The postings applied for from `since_day` to `today` at an organization where the
    user interviewed someone, each with that contact's name and the last note to them."""
    contact = (
        Interview.objects.filter(
            user_id=user_id, person__organization_id=OuterRef("organization_id")
        )
        .order_by(F("held_at").desc(nulls_last=True), "-created_at", "-id")
        .values("person_id")[:1]
    )
    applied = (
        JobPosting.objects.filter(user_id=user_id)
        .filter(
            status__in=NOTE_STATUSES,
            organization__isnull=False,
            applied_on__lte=today,
            applied_on__gte=since_day,
        )
        .annotate(contact_id=Subquery(contact))
        .filter(contact_id__isnull=False)
    )
    last_note = (
        Message.objects.filter(
            person_id=OuterRef("contact_id"), kind=MessageKind.JOB_POSTING, sent_at__lte=now
        )
        .order_by("-sent_at")
        .values("sent_at")[:1]
    )
    contact = Person.objects.filter(pk=OuterRef("contact_id"))
    # One query whatever the number of postings, with the contact's name: the item names
    # them and links to them, and needs nothing else of theirs.
    return (
        applied.annotate(
            last_note=Subquery(last_note),
            contact_first_name=Subquery(contact.values("first_name")[:1]),
            contact_last_name=Subquery(contact.values("last_name")[:1]),
        )
        .select_related("organization")
        .order_by("-applied_on", "-id")[: PER_RULE * 5]
    )


def _posting_notes(user: Any, now: dt.datetime, since: dt.datetime) -> list[DueItem]:
    """Applied at an organization where the user interviewed someone: tell that person."""
    postings = _applied(user_id=user.pk, now=now, today=now.date(), since_day=since.date())
    items = []
    for posting in postings:
        person = _named(
            posting.contact_id,
            posting.user_id,
            posting.contact_first_name,
            posting.contact_last_name,
        )
        assert posting.applied_on is not None and posting.organization is not None
        last = posting.last_note
        if last is not None and timezone.localtime(last, now.tzinfo).date() >= posting.applied_on:
            continue
        organization = posting.organization.name
        items.append(
            DueItem(
                kind="job-posting",
                due=dt.datetime.combine(posting.applied_on, dt.time.min, tzinfo=now.tzinfo),
                title=f"Tell {person.name} you applied at {organization}",
                detail=f"You applied for {posting.title}. {person.first_name} told you about "
                f"{organization}: send a short note with the posting and your résumé. Tell "
                "them; don't ask them for the job.",
                interview=None,
                about=person,
                ref=f"posting-{posting.pk}",
                action_url=object_url("posting_note", posting.pk),
                action_label="Write the note",
            )
        )
    return items[:PER_RULE]
