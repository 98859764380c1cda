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

from django.db.models import Exists, F, Model, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from coffeechat.accounts.models import Profile
from coffeechat.agenda.rules import DueItem
from coffeechat.growth.models import (
    Action,
    ActionStatus,
    JobPosting,
    PostingStatus,
    Resource,
    ResourceStatus,
)
from coffeechat.growth.relationships import owned_without_index
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


def growth_items(user: Any, profile: Profile, local_now: dt.datetime) -> list[DueItem]:
    """Every share-update, referral and job-posting item due for the user at `local_now`."""
    since = local_now - STALE_AFTER
    return [
        *_action_updates(user, local_now, since),
        *_resource_updates(user, local_now, since),
        *_referral_thanks(user, local_now, since),
        *_referrals(user, local_now, since),
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
    rows: QuerySet[M],
    person: str,
    done: str,
    now: dt.datetime,
    since: dt.datetime,
    **annotations: Any,
) -> list[M]:
    """The PER_RULE rows done (at `done`) most recently in the window whose `person`
    has had no update since, with that person.

    The most recent are picked from the rows alone (`annotations` are those that `rows`
    has and the result needs), and only they are read whole and joined with their person:
    sorting thousands of done actions with their people attached costs more.
    """
    latest = (
        rows.filter(**{f"{done}__gte": since, f"{done}__lte": now, f"{person}__isnull": False})
        .exclude(_update_sent(person, done, now))
        .order_by(f"-{done}", "-id")
        .values("pk")[:PER_RULE]
    )
    return list(
        rows.model._default_manager.filter(pk__in=latest)
        .annotate(**annotations)
        .select_related(person)
        .order_by(f"-{done}", "-id")
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


def _action_updates(user: Any, now: dt.datetime, since: dt.datetime) -> list[DueItem]:
    done = Action.objects.for_user(user).filter(status=ActionStatus.DONE)
    items = []
    for action in _most_recent(done, "suggested_by", "done_at", now, since):
        person = action.suggested_by
        assert person is not None and action.done_at is not None
        items.append(
            _share_update(
                person,
                action.done_at,
                f"action-{action.pk}",
                object_url("action_update", action.pk),
                title=f"Tell {person.name} you took their advice",
                detail=f"You did “{action.title}”, as {person.first_name} suggested. A short "
                "update shows their advice mattered, and keeps the conversation going.",
            )
        )
    return items


def _resource_updates(user: Any, now: dt.datetime, since: dt.datetime) -> list[DueItem]:
    finished = Resource.objects.for_user(user).filter(status=ResourceStatus.FINISHED)
    items = []
    for resource in _most_recent(finished, "recommended_by", "finished_at", now, since):
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


def _referral_thanks(user: Any, now: dt.datetime, since: dt.datetime) -> list[DueItem]:
    """The referrer hears back once the conversation they made possible took place."""
    first_held = (
        Interview.objects.filter(person=OuterRef("pk"), held_at__isnull=False)
        .order_by("held_at")
        .values("held_at")[:1]
    )
    met = _referred(user).annotate(first_held=Subquery(first_held))
    items = []
    latest = _most_recent(
        met, "referred_by", "first_held", now, since, first_held=Subquery(first_held)
    )
    for referred in latest:
        referrer = referred.referred_by
        assert referrer is not None
        items.append(
            _share_update(
                referrer,
                referred.first_held,  # type: ignore[attr-defined]  # annotated by _most_recent
                f"referral-{referred.pk}",
                object_url("referral_update", referred.pk),
                title=f"Tell {referrer.name} you spoke with {referred.name}",
                detail=f"{referrer.first_name} introduced you, and the conversation took "
                "place. People who refer you love to hear that it led somewhere: thank them.",
            )
        )
    return items


def _referrals(user: Any, now: dt.datetime, since: dt.datetime) -> list[DueItem]:
    """People someone referred, not yet asked a week after they were added."""
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
    oldest = (
        _referred(user)
        .filter(
            created_at__lte=now - REFERRAL_WAIT,
            created_at__gte=since - REFERRAL_WAIT,
        )
        .exclude(asked)
        .exclude(under_way)
        .order_by("created_at", "id")
        .values("pk")[:PER_RULE]
    )
    # Only the PER_RULE picked are read whole, with their referrer and open interview.
    waiting = (
        Person.objects.filter(pk__in=oldest)
        .annotate(open_interview=Subquery(open_interview))
        .select_related("referred_by")
        .order_by("created_at", "id")
    )
    items = []
    for person in waiting:
        referrer = person.referred_by
        assert referrer is not None
        interview_id = person.open_interview
        if interview_id is not None:
            url = object_url("message_compose", interview_id) + "?kind=request"
        else:
            url = reverse("interview_create") + f"?person={person.pk}"
        items.append(
            DueItem(
                kind="referral",
                due=person.created_at + REFERRAL_WAIT,
                title=f"Contact {person.name}, whom {referrer.name} suggested",
                detail=f"{referrer.first_name}'s introduction is worth most while it is fresh. "
                f"The request names {referrer.first_name} in its first sentence.",
                interview=None,
                about=person,
                ref=f"person-{person.pk}",
                action_url=url,
                action_label="Write the request",
            )
        )
    return items


def _posting_notes(user: Any, now: dt.datetime, since: dt.datetime) -> list[DueItem]:
    """Applied at an organization where the user interviewed someone: tell that person."""
    contact = (
        Interview.objects.filter(
            user_id=user.pk, person__organization_id=OuterRef("organization_id")
        )
        .order_by(F("held_at").desc(nulls_last=True), "-created_at", "-id")
        .values("person_id")[:1]
    )
    applied = (
        JobPosting.objects.for_user(user)
        .filter(
            status__in=NOTE_STATUSES,
            organization__isnull=False,
            applied_on__lte=now.date(),
            applied_on__gte=since.date(),
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
    postings = list(
        applied.annotate(last_note=Subquery(last_note))
        .select_related("organization")
        .order_by("-applied_on", "-id")[: PER_RULE * 5]
    )
    # Two queries whatever the number of postings, none of them skipped when there are none.
    people = Person.objects.filter(pk__in=applied.values("contact_id")).in_bulk()
    items = []
    for posting in postings:
        person = people[posting.contact_id]
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
