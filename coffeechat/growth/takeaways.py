"""Turning what was learned into something to do or to look at."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from coffeechat.growth.models import Action, ActionKind, Resource, ResourceKind
from coffeechat.interviews.models import Takeaway, TakeawayKind

# Words that tell what kind of action or resource a takeaway speaks of; the first match wins.
_ACTION_WORDS: list[tuple[str, str]] = [
    (ActionKind.RESUME, r"r[eé]sum[eé]|\bcv\b|cover letter|portfolio"),
    (ActionKind.CERTIFICATION, r"certif|licen[cs]e|\bexam\b"),
    (ActionKind.COURSE, r"\bcourse|\bclass\b|bootcamp|mooc|degree"),
    (ActionKind.COMMUNITY, r"\bjoin\b|communit|chapter|association|society|slack|group"),
    (ActionKind.EVENT, r"conference|meetup|meet-up|webinar|workshop|\bevent|\battend"),
    (ActionKind.LEARN_SKILL, r"\blearn|\bskill|practi[cs]e|\bstudy"),
]
_RESOURCE_WORDS: list[tuple[str, str]] = [
    (ResourceKind.PODCAST, r"podcast|episode"),
    (ResourceKind.NEWSLETTER, r"newsletter|substack|digest"),
    (ResourceKind.COURSE, r"\bcourse|\bclass\b|bootcamp|mooc"),
    (ResourceKind.COMMUNITY, r"communit|chapter|association|society|slack|forum|group"),
    (ResourceKind.EVENT, r"conference|meetup|meet-up|webinar|workshop|\bevent"),
    (ResourceKind.ARTICLE, r"article|blog|\bpost\b|paper|essay"),
    (ResourceKind.BOOK, r"\bbook|\bread\b|novel|handbook"),
]


def _guess(text: str, words: list[tuple[str, str]], default: str) -> str:
    for kind, pattern in words:
        if re.search(pattern, text, re.I):
            return kind
    return default


def action_kind_for(takeaway: Takeaway) -> str:
    default = ActionKind.LEARN_SKILL if takeaway.kind == TakeawayKind.SKILL else ActionKind.OTHER
    return _guess(takeaway.text, _ACTION_WORDS, default)


def resource_kind_for(text: str) -> str:
    return _guess(text, _RESOURCE_WORDS, ResourceKind.OTHER)


def without_full_stop(text: str) -> str:
    """A title quoted inside a sentence: "Join the UXPA chapter." loses its full stop, an
    ellipsis stays."""
    text = text.strip()
    if text.endswith(".") and not text.endswith(".."):
        return text[:-1].rstrip()
    return text


def title_from(text: str, limit: int = 300) -> str:
    """The takeaway's first line, short enough for a title, without a sentence's full stop
    (an ellipsis stays): "Join the UXPA chapter." is titled "Join the UXPA chapter"."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    line = without_full_stop(re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", line))
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def action_initial(takeaway: Takeaway) -> dict[str, Any]:
    """What a new action from this takeaway starts with."""
    return {
        "title": title_from(takeaway.text),
        "kind": action_kind_for(takeaway),
        "suggested_by": takeaway.person_id,
    }


def resource_from(takeaway: Takeaway) -> tuple[Resource, bool]:
    """The takeaway as a resource to look at, once: (the resource, whether it is new)."""
    with transaction.atomic():
        existing = Resource.objects.filter(user_id=takeaway.user_id, takeaway=takeaway).first()
        if existing is not None:
            return existing, False
        resource = Resource.objects.create(
            user_id=takeaway.user_id,
            title=title_from(takeaway.text),
            kind=resource_kind_for(takeaway.text),
            recommended_by_id=takeaway.person_id,
            interview_id=takeaway.interview_id,
            takeaway=takeaway,
        )
    return resource, True


def waiting_takeaways(user: Any) -> QuerySet[Takeaway]:
    """Advice, skills and resources not yet turned into an action or a resource, newest first."""
    return (
        Takeaway.objects.for_user(user)
        .filter(kind__in=[TakeawayKind.ADVICE, TakeawayKind.SKILL, TakeawayKind.RESOURCE])
        .exclude(Exists(Action.objects.filter(takeaway=OuterRef("pk"))))
        .exclude(Exists(Resource.objects.filter(takeaway=OuterRef("pk"))))
        .select_related("person")
        .order_by("-created_at", "-id")
    )
