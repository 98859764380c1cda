"""Who should I talk to? The people in the user's network ranked for an exploration.

The query is free text: a field ("UX research"), a role ("product manager") or an
organization ("Google"), usually the exploration's name. A person scores for how well they
fit it (their position's function and words, their organization or one of its variants, its
industry, the exploration's target organizations) and for how warm the tie is (talked
recently, replied before, referred by someone who helped, alumni or former coworker). Each
suggestion names its reasons and, where there is one, who could introduce the user.

Only people who fit the query are ranked; warmth orders them, it never makes someone fit.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Max, Q
from django.utils import timezone

from coffeechat.network.models import (
    Exploration,
    Note,
    Organization,
    Person,
    Responsiveness,
    Source,
    TargetOrganization,
)
from coffeechat.network.normalize import normalize_organization_name
from coffeechat.network.search import words
from coffeechat.network.titles import FUNCTIONS, SENIORITY_LEVELS, function_scores, read_title

# How much each kind of evidence counts.
FUNCTION_MATCH = 40
POSITION_WORD = 12
ORGANIZATION_MATCH = 45
TARGET_ORGANIZATION = 15
INDUSTRY_MATCH = 10
RECENT_DAYS, RECENT = 90, 15
THIS_YEAR_DAYS, THIS_YEAR = 365, 8
REPLIES = {Responsiveness.BOOSTER: 12, Responsiveness.SLOW: 4, Responsiveness.NO_REPLY: -12}
HELPFUL_REFERRER = 10
CLOSE_SOURCE = {Source.ALUMNI: 6, Source.COWORKER: 6, Source.REFERRAL: 5, Source.EVENT: 3}
INTRODUCER = 6
# Warm ties are looked up for this many of the best fits, not for the whole network.
SHORTLIST = 400
HELPED_STAGES = ("held", "thanked")
# Words of a query that say nothing about whom to look for.
FILLER = {
    "in",
    "at",
    "of",
    "for",
    "the",
    "a",
    "an",
    "and",
    "or",
    "to",
    "with",
    "on",
    "how",
    "people",
    "work",
    "working",
    "job",
    "jobs",
    "role",
    "roles",
    "career",
    "careers",
    "field",
    "into",
}


@dataclass
class Suggestion:
    person: Person
    score: float
    reasons: list[str] = field(default_factory=list)
    introducer: Person | None = None

    def as_json(self) -> dict[str, Any]:
        organization = self.person.organization
        return {
            "name": self.person.name,
            "position": self.person.position,
            "organization": organization.name if organization else "",
            "score": round(self.score, 1),
            "reasons": self.reasons,
        }


@dataclass
class Query:
    """What the user asked for, read once."""

    text: str
    functions: set[str]
    words: set[str]
    organization_ids: set[int]
    industry_words: set[str]


def read_query(
    user: Any, text: str, organizations: Iterable[dict[str, Any]] | None = None
) -> Query:
    """The query read once; `organizations` (id, normalized_name, aliases) saves a query."""
    scores = function_scores(text)
    best = max((total for total, _ in scores.values()), default=0)
    functions = {f for f, (total, _) in scores.items() if total == best and best > 0}
    query_words = {w for w in words(text) if w not in FILLER and len(w) > 1}
    return Query(
        text=text,
        functions=functions,
        words=query_words,
        organization_ids=matching_organizations(user, text, organizations),
        industry_words=query_words,
    )


def matching_organizations(
    user: Any, text: str, organizations: Iterable[dict[str, Any]] | None = None
) -> set[int]:
    """The user's organizations the text names, by any variant of their name or an alias."""
    key = f" {normalize_organization_name(text)} "
    if not key.strip():
        return set()
    if organizations is None:
        organizations = Organization.objects.for_user(user).values(
            "id", "normalized_name", "aliases"
        )
    found = set()
    for organization in organizations:
        names = [organization["normalized_name"]]
        if organization["aliases"]:
            names += [normalize_organization_name(a) for a in organization["aliases"].splitlines()]
        if any(name and f" {name} " in key for name in names):
            found.add(organization["id"])
    return found


def _days(since: dt.datetime | None, now: dt.datetime) -> int | None:
    return None if since is None else max(0, (now - since).days)


def _ago(days: int) -> str:
    if days == 0:
        return "today"
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''} ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    return f"{days // 30} months ago"


def _position_fit(position: str, query: Query) -> tuple[float, list[str], int]:
    """How well a position fits the query: score, reasons, seniority level."""
    if not position:
        return 0.0, [], 2
    score = 0.0
    reasons: list[str] = []
    reading = read_title(position)
    if reading.function in query.functions:
        score += FUNCTION_MATCH
        reasons.append(f"Works in {FUNCTIONS[reading.function or '']} ({position})")
    shared = sorted(query.words & set(words(position)))
    if shared:
        score += POSITION_WORD * min(2, len(shared))
        if not reasons:
            reasons.append(f"Their position, {position}, mentions “{' '.join(shared)}”")
    return score, reasons, reading.seniority


def _organization_fit(organization: dict[str, Any], query: Query) -> tuple[float, list[str]]:
    score = 0.0
    reasons: list[str] = []
    if organization["id"] in query.organization_ids:
        score += ORGANIZATION_MATCH
        reasons.append(f"Works at {organization['name']}")
    if query.industry_words & set(words(organization["industry"])):
        score += INDUSTRY_MATCH
        reasons.append(f"{organization['name']} is in {organization['industry']}")
    return score, reasons


# Past this many fitting positions and organizations, reading every person beats asking
# the database for the ones that fit by a long list of values.
PREFILTER_LIMIT = 2000
# On SQLite, a user's people are nearly every row: reading the table straight through
# is five times faster than following the user's index to each row (SQLite has no
# statistics to know it).
SQLITE_PEOPLE = "FROM network_person NOT INDEXED WHERE user_id = %s"
NO_FIT: tuple[float, list[str]] = (0.0, [])


def _positions(user: Any) -> list[str]:
    """The distinct positions of the user's people."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT position {SQLITE_PEOPLE}", [user.pk])
            return [position for (position,) in cursor.fetchall()]
    mine = Person.objects.for_user(user).order_by()
    return list(mine.values_list("position", flat=True).distinct())


def _people(
    user: Any, positions: list[str], organization_ids: list[int]
) -> Iterable[tuple[int, str, int | None]]:
    """(id, position, organization id) of the user's people in these positions or at
    these organizations; of everyone when the lists are too long to ask for."""
    everyone = len(positions) + len(organization_ids) > PREFILTER_LIMIT
    if connection.vendor == "sqlite":
        sql = f"SELECT id, position, organization_id {SQLITE_PEOPLE}"
        params: list[Any] = [user.pk]
        if not everyone:
            # Two JSON lists, two parameters: no limit on how many values they hold.
            sql += (
                " AND (position IN (SELECT value FROM json_each(%s))"
                " OR organization_id IN (SELECT value FROM json_each(%s)))"
            )
            params += [json.dumps(positions), json.dumps(organization_ids)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    people = Person.objects.for_user(user).order_by()
    if not everyone:
        people = people.filter(Q(position__in=positions) | Q(organization_id__in=organization_ids))
    return people.values_list("id", "position", "organization_id")


def _fits(
    user: Any,
    query: Query,
    organizations: dict[int, dict[str, Any]],
    targets: set[int],
    excluded: set[int],
) -> list[tuple[float, int, list[str]]]:
    """Everyone who fits the query at all: (score, person id, reasons), before warmth.

    A network repeats its positions, so each distinct position is read once, and only the
    people whose position or organization fits are read from the database: a few
    thousand rows of 30,000 for most queries.
    """
    by_position = {position: _position_fit(position, query) for position in _positions(user)}
    # Only an organization the query names or one in a named industry can fit; the
    # industries repeat, so each is read once.
    in_industry: dict[str, bool] = {}
    by_organization: dict[int, tuple[float, list[str]]] = {}
    for pk, organization in organizations.items():
        industry = organization["industry"]
        if industry not in in_industry:
            in_industry[industry] = bool(query.industry_words & set(words(industry)))
        if pk in query.organization_ids or in_industry[industry]:
            by_organization[pk] = _organization_fit(organization, query)
    fitting_positions = [position for position, fit in by_position.items() if fit[0] > 0]
    fitting_organizations = [pk for pk, fit in by_organization.items() if fit[0] > 0]
    fits = []
    for pk, position, organization_id in _people(user, fitting_positions, fitting_organizations):
        if pk in excluded:
            continue
        position_fit = by_position.get(position)
        if position_fit is None:  # a person added since the positions were read
            position_fit = by_position[position] = _position_fit(position, query)
        organization_fit = (
            by_organization.get(organization_id, NO_FIT) if organization_id else NO_FIT
        )
        score = position_fit[0] + organization_fit[0]
        if score <= 0:
            continue
        reasons = position_fit[1] + organization_fit[1]
        seniority = position_fit[2]
        if seniority >= 3:
            score += min(seniority, 6) - 2
            level = SENIORITY_LEVELS[seniority].capitalize()
            reasons.append(f"{level} level: sees the field from above")
        if organization_id in targets:
            score += TARGET_ORGANIZATION
            name = organizations[organization_id]["name"]
            reasons.append(f"At {name}, one of your target organizations")
        fits.append((score, pk, reasons))
    return fits


def suggest(
    user: Any,
    text: str,
    *,
    exploration: Exploration | None = None,
    limit: int = 10,
    now: dt.datetime | None = None,
) -> list[Suggestion]:
    """The people worth talking to for this query, best first, each with its reasons."""
    now = now or timezone.now()
    text = text.strip() or (exploration.name if exploration else "")
    if not text:
        return []
    organizations = {
        row["id"]: row
        for row in Organization.objects.for_user(user).values(
            "id", "name", "industry", "normalized_name", "aliases"
        )
    }
    query = read_query(user, text, organizations.values())
    targets: set[int] = set()
    excluded: set[int] = set()
    if exploration is not None:
        targets = set(
            TargetOrganization.objects.filter(exploration=exploration).values_list(
                "organization_id", flat=True
            )
        )
        excluded = set(exploration.interviews.values_list("person_id", flat=True))
    fits = _fits(user, query, organizations, targets, excluded)
    fits.sort(key=lambda fit: (-fit[0], fit[1]))
    shortlist = fits[:SHORTLIST]
    people = list(
        Person.objects.filter(user_id=user.pk, pk__in=[pk for _, pk, _ in shortlist]).values(
            "id",
            "organization_id",
            "source",
            "responsiveness",
            "referred_by_id",
            "last_linkedin_message_at",
        )
    )
    warmth = _warmth(user, people, organizations, now)
    ranked: list[tuple[float, int, list[str], int | None]] = []
    for score, pk, reasons in shortlist:
        extra, warm_reasons, introducer = warmth[pk]
        ranked.append((score + extra, pk, reasons + warm_reasons, introducer))
    ranked.sort(key=lambda item: (-item[0], item[1]))
    ranked = ranked[:limit]
    loaded = (
        Person.objects.for_user(user)
        .select_related("organization")
        .in_bulk([pk for _, pk, _, _ in ranked] + [i for *_, i in ranked if i is not None])
    )
    return [
        Suggestion(loaded[pk], score, reasons, loaded.get(introducer) if introducer else None)
        for score, pk, reasons, introducer in ranked
    ]


def _latest_by_person(rows: Iterable[tuple[int, dt.datetime | None]]) -> dict[int, dt.datetime]:
    latest: dict[int, dt.datetime] = {}
    for pk, when in rows:
        if when is not None and (pk not in latest or when > latest[pk]):
            latest[pk] = when
    return latest


def _warmth(
    user: Any,
    people: list[dict[str, Any]],
    organizations: dict[int, dict[str, Any]],
    now: dt.datetime,
) -> dict[int, tuple[float, list[str], int | None]]:
    """Per person: the warmth score, its reasons, and who could introduce the user."""
    from coffeechat.interviews.models import Interview
    from coffeechat.outreach.models import Message

    # These ids are the user's own people, so their messages, notes and interviews are the
    # user's: filtering by person alone lets the database use its per-person indexes
    # (by user too, SQLite would read every note of the user to keep a few hundred).
    ids = [person["id"] for person in people]
    talked: list[tuple[int, dt.datetime | None]] = []
    for pk, sent, replied in (
        Message.objects.filter(person_id__in=ids)
        .values("person_id")
        .annotate(sent=Max("sent_at"), replied=Max("replied_at"))
        .values_list("person_id", "sent", "replied")
    ):
        talked += [(pk, sent), (pk, replied)]
    talked += (
        Note.objects.filter(person_id__in=ids)
        .values("person_id")
        .annotate(at=Max("created_at"))
        .values_list("person_id", "at")
    )
    talked += (
        Interview.objects.filter(person_id__in=ids)
        .values("person_id")
        .annotate(at=Max("held_at"))
        .values_list("person_id", "at")
    )
    talked += [(p["id"], p["last_linkedin_message_at"]) for p in people]
    last_talked = _latest_by_person(talked)

    referrers = {p["referred_by_id"] for p in people if p["referred_by_id"]}
    organization_ids = {p["organization_id"] for p in people if p["organization_id"]}
    met = (
        Interview.objects.filter(user_id=user.pk, stage__in=HELPED_STAGES)
        .filter(Q(person_id__in=referrers) | Q(person__organization_id__in=organization_ids))
        .values_list(
            "person_id", "person__organization_id", "person__first_name", "person__last_name"
        )
    )
    helped: set[int] = set()
    met_at: dict[int, tuple[int, str]] = {}
    for pk, organization_id, first, last in met:
        helped.add(pk)
        if organization_id is not None:
            met_at.setdefault(organization_id, (pk, f"{first} {last}".strip()))
    names = dict(
        (pk, f"{first} {last}".strip())
        for pk, first, last in Person.objects.filter(user_id=user.pk, pk__in=referrers).values_list(
            "id", "first_name", "last_name"
        )
    )

    result: dict[int, tuple[float, list[str], int | None]] = {}
    for person in people:
        score = 0.0
        reasons: list[str] = []
        introducer: int | None = None
        days = _days(last_talked.get(person["id"]), now)
        if days is not None and days <= RECENT_DAYS:
            score += RECENT
            reasons.append(f"You talked {_ago(days)}")
        elif days is not None and days <= THIS_YEAR_DAYS:
            score += THIS_YEAR
            reasons.append(f"You talked {_ago(days)}")
        reply = REPLIES.get(person["responsiveness"], 0)
        if reply:
            score += reply
            reasons.append(
                {
                    Responsiveness.BOOSTER: "Replied quickly before",
                    Responsiveness.SLOW: "Replied before, slowly",
                    Responsiveness.NO_REPLY: "Didn't reply last time",
                }[person["responsiveness"]]
            )
        source_bonus = CLOSE_SOURCE.get(person["source"], 0)
        if source_bonus:
            score += source_bonus
            reasons.append(
                {
                    Source.ALUMNI: "A fellow alumnus",
                    Source.COWORKER: "A former coworker",
                    Source.REFERRAL: "Someone referred you to them",
                    Source.EVENT: "You met at an event",
                }[person["source"]]
            )
        referrer = person["referred_by_id"]
        if referrer:
            introducer = referrer
            name = names.get(referrer, "the person who referred them")
            if referrer in helped:
                score += HELPFUL_REFERRER
                reasons.append(f"Referred by {name}, who has already talked with you")
            score += INTRODUCER
            reasons.append(f"{name} could introduce you: they referred them")
        elif person["organization_id"] in met_at:
            other, name = met_at[person["organization_id"]]
            if other != person["id"]:
                introducer = other
                score += INTRODUCER
                organization = organizations[person["organization_id"]]["name"]
                reasons.append(f"{name}, whom you met at {organization}, could introduce you")
        result[person["id"]] = (score, reasons, introducer)
    return result
