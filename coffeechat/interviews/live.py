"""Holding the conversation and debriefing it: ticks, notes, referrals, marking it held.

Each capture saves at once, so a reload in the middle of a meeting loses nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from coffeechat.interviews.models import Interview, InterviewQuestion, Stage
from coffeechat.interviews.prep import REFERRALS, category_of, ordered
from coffeechat.network.models import Organization, Person, Source

__all__ = ["add_referral", "hold", "referral_asked", "set_asked", "split_name"]


def set_asked(item: InterviewQuestion, asked: bool) -> None:
    if item.asked != asked:
        item.asked = asked
        item.save(update_fields=["asked", "updated_at"])


def referral_asked(interview: Interview) -> bool:
    """Whether a "who else should I talk to?" question was ticked as asked."""
    return any(item.asked and category_of(item) == REFERRALS for item in ordered(interview))


def split_name(name: str) -> tuple[str, str]:
    first, _, last = " ".join(name.split()).partition(" ")
    return first, last


def add_referral(
    interview: Interview, name: str, *, organization: str = "", position: str = ""
) -> Person:
    """Add someone the person suggested talking to: a referral, linked back to them."""
    first, last = split_name(name)
    with transaction.atomic():
        org = (
            Organization.objects.get_or_create_named(interview.user, organization)
            if organization.strip()
            else None
        )
        return Person.objects.create(
            user_id=interview.user_id,
            first_name=first,
            last_name=last,
            position=position.strip(),
            organization=org,
            source=Source.REFERRAL,
            referred_by=interview.person,
        )


def hold(
    interview: Interview,
    *,
    debrief: str,
    time_spent_minutes: int | None,
    scheduled_at: dt.datetime | None = None,
) -> None:
    """Record the debrief and mark the interview held.

    A meeting that never made it onto the pipeline as scheduled (agreed in the corridor) is
    scheduled first, at the time given, else at the one known, else as having just ended.
    Raises StageError when the interview can't be held from where it is (closed); the debrief
    is saved all the same.
    """
    interview.debrief = debrief
    interview.time_spent_minutes = time_spent_minutes
    if scheduled_at is not None and interview.stage != Stage.SCHEDULED:
        interview.scheduled_at = scheduled_at
    interview.save(update_fields=["debrief", "time_spent_minutes", "scheduled_at", "updated_at"])
    if interview.stage in (Stage.HELD, Stage.THANKED):
        return
    with transaction.atomic():
        if interview.stage != Stage.SCHEDULED and interview.can_move_to(Stage.SCHEDULED):
            when = interview.scheduled_at or timezone.now() - dt.timedelta(
                minutes=interview.length_minutes
            )
            interview.move_to(Stage.SCHEDULED, scheduled_at=when)
        interview.move_to(Stage.HELD)
