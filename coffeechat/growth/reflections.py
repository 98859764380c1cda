"""Reflecting on growth: the journal's prompts and the gentle reminder to write.

Seed 000 ("Reflect on Your Growth"): informational interviews are as much about
self-discovery as about learning from others, so every few weeks the user is invited to
look back. The reminder starts only once the user has held an interview: before that
there is nothing to reflect on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Min
from django.urls import reverse

from coffeechat.accounts.models import Profile
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


def reflect_due(user: Any, profile: Profile, local_now: dt.datetime) -> dt.datetime | None:
    """When the next reflection is due, or None when there is no reminder to give."""
    every = profile.reflect_every_days
    if not every:
        return None
    first_held = (
        Interview.objects.for_user(user)
        .filter(held_at__isnull=False)
        .aggregate(first=Min("held_at"))["first"]
    )
    if first_held is None:
        return None
    last = Reflection.objects.for_user(user).order_by("-date", "-id").values_list("date").first()
    start = last[0] if last is not None else first_held.astimezone(local_now.tzinfo).date()
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
