"""Reflecting on growth: the journal's prompts and the gentle reminder to write.

Seed 000 ("Reflect on Your Growth"): informational interviews are as much about
self-discovery as about learning from others, so every few weeks the user is invited to
look back. The reminder starts only once the user has held an interview: before that
there is nothing to reflect on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from coffeechat.accounts.models import Profile
from coffeechat.agenda.prepared import prepared
from coffeechat.agenda.rules import DueItem
from coffeechat.growth.models import Reflection
from coffeechat.interviews.models import Interview

# The questions of seed 000, in its words.
PROMPTS: tuple[str, ...] = (
    "Have your goals evolved?",
    "Are you more confident in navigating professional conversations?",
    "Do you feel better prepared for challenges within your target field?",
    "How have these experiences shaped your career direction and personal growth?",
)

CONFIDENCE_LABELS: dict[int, str] = {
    1: "1 · shaky",
    2: "2 · unsure",
    3: "3 · getting there",
    4: "4 · confident",
    5: "5 · sure",
}

# The reminder is due in the morning, not at midnight.
MORNING = dt.time(9, 0)


@prepared
def _first_meeting(user_id: int) -> QuerySet[Interview, tuple[dt.datetime | None]]:
    """When the user held their first meeting, if they held one."""
    return (
        Interview.objects.filter(user_id=user_id, held_at__isnull=False)
        .order_by("held_at")
        .values_list("held_at")[:1]
    )


@prepared
def _last_reflection(user_id: int) -> QuerySet[Reflection, tuple[dt.date]]:
    """The day of the user's latest reflection, if they wrote one."""
    return (
        Reflection.objects.filter(user_id=user_id).order_by("-date", "-id").values_list("date")[:1]
    )


def reflect_due(user: Any, profile: Profile, local_now: dt.datetime) -> dt.datetime | None:
    """When the next reflection is due, or None when there is no reminder to give."""
    every = profile.reflect_every_days
    if not every:
        return None
    first = _first_meeting(user_id=user.pk)
    if not first:
        return None
    last = _last_reflection(user_id=user.pk)
    (first_held,) = first[0]
    assert first_held is not None  # read among the meetings held
    start = last[0][0] if last else first_held.astimezone(local_now.tzinfo).date()
    day = start + dt.timedelta(days=every)
    return dt.datetime.combine(day, MORNING, tzinfo=local_now.tzinfo)


def reflect_items(user: Any, profile: Profile, local_now: dt.datetime) -> list[DueItem]:
    due = reflect_due(user, profile, local_now)
    if due is None or due > local_now:
        return []
    return [
        DueItem(
            kind="reflect",
            due=due,
            title="Take ten minutes to reflect",
            detail=f"{PROMPTS[0]} {PROMPTS[1]} A few lines and a confidence rating are enough.",
            interview=None,
            ref="journal",
            action_url=reverse("reflection_create"),
            action_label="Write a reflection",
        )
    ]
