"""Who to talk to and what people keep saying: the suggestions and themes the CLI prints.

`GET /suggestions` ranks the token's user's network as `coffeechat suggest` does; `GET /themes`
groups what several people said as `coffeechat insights themes` does. An exploration id of
another user's names nothing here (404), like every other id in the API.
"""

# No `from __future__ import annotations`: django-ninja reads these signatures at import time.

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from coffeechat.api.errors import ApiError
from coffeechat.api.schemas import MAX_ID, ErrorOut
from coffeechat.insights.themes import find_themes
from coffeechat.network.models import Exploration
from coffeechat.network.suggest import suggest

router = Router()

ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
MAX_SUGGESTIONS = 100
MAX_QUERY = 200


class IntroducerOut(Schema):
    id: int
    name: str


class SuggestionOut(Schema):
    id: int = Field(..., description="The person's id.")
    name: str
    position: str
    organization: str = Field(..., description="Their organization's name, or empty.")
    score: float
    reasons: list[str]
    introducer: IntroducerOut | None = Field(
        ..., description="Someone in your network who could introduce you, if there is one."
    )


class MentionOut(Schema):
    person: str
    text: str


class ThemeOut(Schema):
    theme: str = Field(..., description="The idea, in its most common wording.")
    count: int = Field(..., description="How many distinct people raised it.")
    people: list[str]
    mentions: list[MentionOut]


def exploration_of(user: Any, pk: int | None) -> Exploration | None:
    """The user's exploration with this id; another user's, or none, is a 404."""
    if pk is None:
        return None
    exploration = Exploration.objects.filter(user_id=user.pk, pk=pk).first()
    if exploration is None:
        raise ApiError(404, f"No exploration {pk}.", "exploration")
    return exploration


QUERY_TEXT = Query(
    "",
    max_length=MAX_QUERY,
    description="A field, a role or an organization; with an exploration, its name by default.",
)
LIMIT = Query(10, ge=1, le=MAX_SUGGESTIONS, description="How many people.")
RANKED_FOR = Query(
    None,
    ge=1,
    le=MAX_ID,
    description="Rank for this exploration: its target organizations count, and people "
    "already interviewed for it are left out.",
)
THEMES_OF = Query(None, ge=1, le=MAX_ID, description="Only the interviews of this exploration.")
MIN_PEOPLE = Query(2, ge=1, le=10_000, description="Only themes at least this many people raised.")


@router.get(
    "/suggestions",
    response={200: list[SuggestionOut], **ERRORS},
    summary="Who should I talk to?",
    tags=["suggestions"],
)
def suggestions(
    request: HttpRequest,
    q: str = QUERY_TEXT,
    limit: int = LIMIT,
    exploration: int | None = RANKED_FOR,
) -> Any:
    """The people in your network who fit the query, best first, each with its reasons:
    the same ranking as `coffeechat suggest`."""
    user = request.auth  # type: ignore[attr-defined]
    if not q.strip() and exploration is None:
        raise ApiError(422, "Say whom to look for: a field, a role or an organization.", "q")
    found = suggest(user, q, exploration=exploration_of(user, exploration), limit=limit)
    return [
        {
            "id": item.person.pk,
            **item.as_json(),
            "introducer": (
                {"id": item.introducer.pk, "name": item.introducer.name}
                if item.introducer
                else None
            ),
        }
        for item in found
    ]


@router.get(
    "/themes",
    response={200: list[ThemeOut], **ERRORS},
    summary="Recurring themes",
    tags=["themes"],
)
def themes(
    request: HttpRequest,
    exploration: int | None = THEMES_OF,
    min_people: int = MIN_PEOPLE,
) -> Any:
    """What two or more people told you, grouped across wordings, largest first: the same
    list as `coffeechat insights themes --json`."""
    user = request.auth  # type: ignore[attr-defined]
    found = find_themes(user, exploration=exploration_of(user, exploration), min_people=min_people)
    return [theme.as_json() for theme in found]
