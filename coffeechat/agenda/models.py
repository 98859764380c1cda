from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.db import models

from coffeechat.owned import Owned


class Snooze(Owned):
    """A Today item put off until a moment, or dismissed for good (until is empty)."""

    key = models.CharField(
        max_length=100, help_text="The item's kind and interview, e.g. thank-you:12."
    )
    until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="snooze_unique_key")]

    def __str__(self) -> str:
        return f"{self.key} until {self.until or 'dismissed'}"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(Owned):
    """The secret address a calendar app subscribes to; one per user.

    Only the token's SHA-256 digest is stored, so the full address is known only at the
    moment it is made. Resetting makes a new token (the old address stops working at
    once); revoking deletes the row.
    """

    digest = models.CharField(max_length=64, unique=True)
    last_read_at = models.DateTimeField(
        null=True, blank=True, help_text="When a calendar app last fetched the feed."
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user"], name="calendar_feed_one_per_user")]

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"

    @classmethod
    def reset(cls, user: AbstractBaseUser) -> str:
        """Give the user a new feed token, replacing any old one, and return the secret."""
        token = secrets.token_urlsafe(32)
        cls.objects.update_or_create(user_id=user.pk, defaults={"digest": _digest(token)})
        return token

    @classmethod
    def find(cls, token: str) -> CalendarFeed | None:
        """The feed whose token this is, or None for a wrong, reset or revoked token."""
        return cls.objects.select_related("user").filter(digest=_digest(token)).first()

    def mark_read(self, at: dt.datetime) -> None:
        # Calendar apps poll; a plain UPDATE keeps updated_at meaning "token changed".
        CalendarFeed.objects.filter(pk=self.pk).update(last_read_at=at)
