"""What every user-owned row shares: an owner, timestamps and owner-scoped look-ups."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import get_script_prefix, reverse

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User


class AuthedRequest(HttpRequest):
    """A request past LoginRequiredMiddleware: its user is a real, logged-in user."""

    user: User


class OwnedQuerySet(models.QuerySet[Any]):
    def for_user(self, user: AbstractBaseUser | AnonymousUser) -> Self:
        return self.filter(user_id=user.pk)


class Owned(models.Model):
    """A row that belongs to exactly one user; nobody else may see or change it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True


_PLACEHOLDER = 987654321


@functools.cache
def _url_pattern(name: str, prefix: str) -> str:
    return reverse(name, args=[_PLACEHOLDER])


def object_url(name: str, pk: int) -> str:
    """reverse(name, args=[pk]), fast enough to call for every row of a long list.

    Django's reverse() costs tens of microseconds; a list of 50 people and their
    organizations calls it a hundred times per page.
    """
    return _url_pattern(name, get_script_prefix()).replace(str(_PLACEHOLDER), str(pk), 1)


def get_for_user[M: Owned](
    model: type[M], user: Any, pk: Any, *, select_related: tuple[str, ...] = ()
) -> M:
    """Fetch one of the user's own rows, or raise 404: another user's id looks like no id."""
    queryset = model.objects.filter(user_id=user.pk)
    if select_related:
        queryset = queryset.select_related(*select_related)
    return get_object_or_404(queryset, pk=pk)
