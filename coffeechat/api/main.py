"""The API's one NinjaAPI: token auth, JSON errors, a router per kind of row, and the extras."""

# No `from __future__ import annotations`: django-ninja reads these signatures at import time.

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from ninja import NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from coffeechat.accounts.models import ApiToken, profile_for
from coffeechat.api.advice import router as advice_router
from coffeechat.api.crud import ROW_ID, crud_router, in_utc, to_dict
from coffeechat.api.errors import ApiError
from coffeechat.api.schemas import ErrorOut, out_schema
from coffeechat.interviews.models import Interview
from coffeechat.interviews.stages import Stage, StageError
from coffeechat.portability import exported_models, label

# Rows that are Coffeechat's own working state rather than the user's data.
NOT_IN_API = {"imports.importupload"}


class TokenAuth(HttpBearer):
    """`Authorization: Bearer cc_…` with a personal token made in Settings."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return ApiToken.user_for(token)


api = NinjaAPI(
    title="Coffeechat API",
    version="1",
    description=(
        "Everything in your Coffeechat account: people, organizations, explorations, "
        "interviews and their stage moves, questions, messages, takeaways, actions, postings, "
        "events, reflections, your Today list, suggestions of whom to talk to and recurring "
        "themes. Authenticate with a personal token from "
        "Settings → API tokens: `Authorization: Bearer cc_…`. Errors come as "
        '`{"message": "...", "field": "..."}`.'
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url="/docs",
)


def _error(request: HttpRequest, status: int, message: str, field: str | None = None) -> Any:
    return api.create_response(request, {"message": message, "field": field}, status=status)


@api.exception_handler(ApiError)
def on_api_error(request: HttpRequest, error: ApiError) -> HttpResponse:
    return _error(request, error.status, error.message, error.field)


@api.exception_handler(NinjaValidationError)
def on_invalid(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
    first = error.errors[0] if error.errors else {}
    location = [str(part) for part in first.get("loc", ()) if not isinstance(part, int)]
    field = location[-1] if location and location[-1] not in {"body", "query", "path"} else None
    message = first.get("msg", "Invalid request.")
    return _error(request, 422, f"{message}.".replace("..", "."), field)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    """Ninja's own refusals (a body that is not JSON, say), in the API's error shape."""
    return _error(request, error.status_code, str(error).rstrip(".") + ".")


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "A valid API token is needed: Authorization: Bearer cc_….")


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return _error(request, 404, "Not found.")


def api_models() -> list[Any]:
    return [model for model in exported_models() if label(model) not in NOT_IN_API]


def path_of(model: Any) -> str:
    return slugify(str(model._meta.verbose_name_plural))


ROUTERS = {}
for _model in api_models():
    _path = path_of(_model)
    ROUTERS[label(_model)] = crud_router(_model, _path, tag=str(_model._meta.verbose_name_plural))
    api.add_router(f"/{_path}/", ROUTERS[label(_model)])


class MoveIn(Schema):
    stage: Literal[tuple(Stage.values)]  # type: ignore[valid-type]
    scheduled_at: dt.datetime | None = None
    close_reason: str = ""


@ROUTERS["interviews.interview"].post(
    "/{pk}/move",
    response={
        200: out_schema(Interview),
        **{status: ErrorOut for status in (400, 401, 404, 409, 422)},
    },
    summary="Move an interview to another stage",
)
def move_interview(request: HttpRequest, payload: MoveIn, pk: int = ROW_ID) -> Any:
    """Moves follow the pipeline; a move it does not allow is refused with the reason (409)."""
    interview = Interview.objects.filter(user_id=request.auth.pk, pk=pk).first()  # type: ignore[attr-defined]
    if interview is None:
        raise ApiError(404, f"No interview {pk}.")
    if "\x00" in payload.close_reason:
        raise ApiError(422, "Text may not contain the NUL character.", "close_reason")
    try:
        interview.move_to(
            payload.stage,
            scheduled_at=in_utc(payload.scheduled_at, "scheduled_at"),
            close_reason=payload.close_reason,
        )
    except StageError as error:
        raise ApiError(409, " ".join(error.messages), "stage") from None
    return to_dict(interview)


class TodayItemOut(Schema):
    kind: str
    due: dt.datetime
    title: str
    person: str
    interview: int | None


TODAY_DATE = Query(None, description="The list as it will stand at the end of that day.")


@api.get("/today", response={200: list[TodayItemOut], 401: ErrorOut, 422: ErrorOut}, tags=["today"])
def today(request: HttpRequest, date: dt.date | None = TODAY_DATE) -> Any:
    """Every due item, most overdue first: the same list as the Today page."""
    from coffeechat.agenda.rules import due_items

    user = request.auth  # type: ignore[attr-defined]
    now = timezone.now()
    if date is not None:
        if not dt.date(1900, 1, 1) <= date <= dt.date(9000, 1, 1):
            raise ApiError(422, "Pick a date between 1900 and 9000.", "date")
        zone = profile_for(user).zone
        now = dt.datetime.combine(date, dt.time(23, 59), tzinfo=zone)
    return [item.as_json() for item in due_items(user, now)]


api.add_router("/", advice_router)


def urls() -> Any:
    """The API's URL patterns, each one outside the web pages' login requirement: the API
    answers 401 with JSON to a request without a valid token instead of redirecting."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        callback = getattr(pattern, "callback", None)
        if callback is not None:
            callback.login_required = False
    return patterns, app_name, namespace
