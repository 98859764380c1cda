from __future__ import annotations

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
