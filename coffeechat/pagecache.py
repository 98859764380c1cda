"""Pages kept per user until that user's data changes.

A person's or an organization's page is read far more often than what it shows changes:
someone browsing their network opens the same people again and again. Those pages are
rendered once and kept under the user's data version (accounts.DataVersion), a random
token that every change to the user's data deletes. So the key itself says "this is what
the data looked like": no page is ever invalidated by hand, and a page kept under an old
version is simply never asked for again. Several processes or servers may keep their own
copies; they all read the same version from the database, so none serves an outdated page.
The API's list and read answers are kept the same way (kept_api_answer), for scripts that
ask for the same rows again and again.

What deletes the version:
- any POST, PUT, PATCH or DELETE by a logged-in user or an API token (ForgetPagesOnWrite),
  whatever the view wrote and however (bulk updates included);
- any save or delete of a user's row, of their profile or account, and any change to a
  many-to-many link, wherever it happens (the admin, a background task, a command);
- `data_changed(user_id)`, called by the bulk paths that write without saving rows one by
  one (imports, the JSON import, the demo).

What else goes into the key: the address, htmx's headers, the browser's CSRF cookie (the
page's forms carry tokens made from it), and the user's local date. Pages are kept at most
KEEP_SECONDS, which bounds how long a text computed from the clock ("overdue") can lag.
Nothing is kept while a message waits to be shown ("Note added."), nor for a browser that
has no CSRF cookie yet.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from coffeechat.accounts.models import DataVersion

KEEP_SECONDS = 60
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")

View = Callable[..., HttpResponse]


# --- the version ------------------------------------------------------------------------------


def data_changed(user_id: int | None) -> None:
    """The user's data changed: their kept pages go. Inside a transaction the version goes
    with it, all or nothing: a change rolled back keeps the pages it never changed."""
    if user_id is not None:
        DataVersion.objects.filter(user_id=user_id).delete()


def current_version(user_id: int) -> str | None:
    """The user's data version, made anew after each change (None if a change keeps
    deleting it meanwhile). Read before the page is: whatever commits after it is read
    deletes it, so a page kept under it is never older than the data it names."""
    tokens = DataVersion.objects.filter(user_id=user_id).values_list("token", flat=True)
    for token in tokens[:1]:
        return token
    DataVersion.objects.bulk_create(
        [DataVersion(user_id=user_id, token=secrets.token_hex(16))], ignore_conflicts=True
    )
    return tokens.first()


# --- keeping pages ----------------------------------------------------------------------------


def _key_for(kind: str, user_id: int, version: str, *parts: str) -> str:
    digest = hashlib.blake2b("\0".join((version, *parts)).encode(), digest_size=20)
    return f"{kind}:{user_id}:{digest.hexdigest()}"


def _page_key(request: HttpRequest) -> str | None:
    """Where this request's page is kept, or None when it must be rendered afresh."""
    if request.method not in ("GET", "HEAD"):
        return None
    user = request.user
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if not user.is_authenticated or not csrf_cookie or len(get_messages(request)):
        return None
    version = current_version(user.pk)
    if version is None:
        return None
    return _key_for(
        "page",
        user.pk,
        version,
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        csrf_cookie,
        timezone.localdate().isoformat(),
    )


def _api_key(request: HttpRequest) -> str | None:
    """Where an API read's answer is kept, or None to answer afresh: the token names the
    user, and one that is unknown or revoked gets no kept answer (the API then refuses it)."""
    from coffeechat.accounts.models import ApiToken

    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if request.method != "GET" or scheme.lower() != "bearer" or not secret:
        return None
    user = ApiToken.user_for(secret.strip())
    version = current_version(user.pk) if user is not None else None
    if user is None or version is None:
        return None
    return _key_for("api", user.pk, version, request.get_full_path())


def _kept(key_for: Callable[[HttpRequest], str | None]) -> Callable[[View], View]:
    """A view that answers from where its last answer for the same key was kept, or
    answers and keeps it (200s without cookies of their own only)."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def keep(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            key = key_for(request)
            if key is None:
                return view(request, *args, **kwargs)
            kept = cache.get(key)
            if kept is not None:
                content, content_type = kept
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                cache.set(key, (response.content, response["Content-Type"]), KEEP_SECONDS)
            return response

        return keep

    return decorate


# A page: keyed by the browser's CSRF cookie too, and never kept while a message waits.
kept_until_data_changes = _kept(_page_key)
# An API read (wraps the operation, before django-ninja checks the token).
kept_api_answer = _kept(_api_key)


class ForgetPagesOnWrite:
    """After any request that may have written, the writer's kept pages go."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in SAFE_METHODS:
            for user in (request.user, getattr(request, "auth", None)):
                if getattr(user, "is_authenticated", False):
                    data_changed(user.pk)  # type: ignore[union-attr]
        return response


# --- rows saved anywhere ----------------------------------------------------------------------


def _owner_of(instance: Model) -> int | None:
    from django.contrib.auth.models import User

    from coffeechat.accounts.models import Profile

    if isinstance(instance, User):
        return instance.pk
    if isinstance(instance, Profile):
        return instance.user_id
    return getattr(instance, "user_id", None)


def _row_changed(sender: type[Model], instance: Model, **_kwargs: Any) -> None:
    data_changed(_owner_of(instance))


def connect_signals() -> None:
    """Every save or delete of a user's row, profile or account, and every many-to-many
    change, forgets that user's kept pages (called once, when the apps are ready)."""
    from django.apps import apps
    from django.contrib.auth.models import User

    from coffeechat.accounts.models import Profile
    from coffeechat.owned import Owned

    watched = [
        model for model in apps.get_models() if issubclass(model, Owned) or model in (Profile, User)
    ]
    for model in watched:
        post_save.connect(_row_changed, sender=model, dispatch_uid=f"pagecache-save-{model}")
        post_delete.connect(_row_changed, sender=model, dispatch_uid=f"pagecache-del-{model}")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                _row_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"pagecache-m2m-{model}-{field.name}",
            )
