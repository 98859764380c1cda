from __future__ import annotations

import unicodedata
from typing import Any

from django.db import models
from django.urls import reverse

from coffeechat.network.normalize import normalize_organization_name
from coffeechat.owned import Owned, OwnedQuerySet, object_url


class Exploration(Owned):
    """A field, role or company the user wants to learn about."""

    name = models.CharField(max_length=200)
    objective = models.TextField(
        blank=True, help_text="What you want to learn, e.g. how people got in without a PhD."
    )
    notes = models.TextField(blank=True)
    archived = models.BooleanField(default=False)

    class Meta:
        ordering = ["archived", "name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="exploration_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("exploration_detail", args=[self.pk])


class OrganizationQuerySet(OwnedQuerySet):
    def get_or_create_named(self, user: Any, name: str) -> Organization:
        """The user's organization known by this name or an alias of it, created if new."""
        key = normalize_organization_name(name)
        found = self.filter(user=user, normalized_name=key).first()
        if found is None:
            found = self.filter(user=user, aliases__icontains=key).first()
            if found is not None and key not in found.alias_keys():
                found = None
        return found or self.create(user=user, name=name.strip())


class Organization(Owned):
    """An employer. "Google LLC" and "Google" are the same organization."""

    name = models.CharField(max_length=200)
    normalized_name = models.CharField(max_length=200, editable=False)
    aliases = models.TextField(blank=True, help_text="Other names, one per line.")
    website = models.URLField(blank=True)
    industry = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=200, blank=True)
    research_notes = models.TextField(
        blank=True,
        help_text="What you learned about the organization; kept for the next interview there.",
    )

    objects = OrganizationQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["user", "normalized_name"], name="org_user_normalized"),
            models.Index(fields=["user", "name"], name="org_user_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.normalized_name = normalize_organization_name(self.name)
        renamed = (
            self.pk is not None
            and not type(self).objects.filter(pk=self.pk, name=self.name).exists()
        )
        super().save(*args, **kwargs)
        if renamed:
            Person.objects.filter(organization=self).reindex()

    def alias_keys(self) -> set[str]:
        return {
            normalize_organization_name(line) for line in self.aliases.splitlines() if line.strip()
        }

    def get_absolute_url(self) -> str:
        return object_url("organization_detail", self.pk)


class Source(models.TextChoices):
    """How the user knows the person."""

    EXISTING = "existing", "Existing network"
    REFERRAL = "referral", "Referral"
    ALUMNI = "alumni", "Alumni"
    COWORKER = "coworker", "Coworker"
    EVENT = "event", "Conference or event"
    JOB_POSTING = "job-posting", "Job posting"
    COLD = "cold", "Research (cold)"


SOURCE_LABELS: dict[str, str] = dict(Source.choices)


class Responsiveness(models.TextChoices):
    UNKNOWN = "unknown", "Not known yet"
    BOOSTER = "booster", "Booster (replies fast)"
    SLOW = "slow", "Slow to reply"
    NO_REPLY = "no-reply", "No reply"


def search_key(text: str) -> str:
    """Text folded for matching: lower case, accents dropped ("García" matches "garcia")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class PersonQuerySet(OwnedQuerySet):
    def search(self, text: str) -> PersonQuerySet:
        """People whose name, position, organization or email holds every word of the text."""
        result = self
        for word in search_key(text).split()[:8]:
            result = result.filter(search_text__contains=word)
        return result

    def reindex(self) -> int:
        """Recompute the search text of these people (after a bulk insert or a rename)."""
        people = list(self.select_related("organization"))
        for person in people:
            person.search_text = person.compute_search_text()
        self.model.objects.bulk_update(people, ["search_text"], batch_size=1000)
        return len(people)


class Person(Owned):
    """Anyone in the user's network."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100, blank=True)
    position = models.CharField(max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    linkedin_url = models.URLField("LinkedIn URL", blank=True)
    location = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.EXISTING)
    referred_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    research_notes = models.TextField(blank=True)
    tags = models.CharField(max_length=300, blank=True, help_text="Comma-separated.")
    keep_in_touch_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="Check in every this many days; empty for no reminder."
    )
    responsiveness = models.CharField(
        max_length=20, choices=Responsiveness.choices, default=Responsiveness.UNKNOWN
    )
    # When the user and this person last wrote to each other on LinkedIn (from an imported
    # messages.csv): an interaction that resets the keep-in-touch clock.
    last_linkedin_message_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Name, position, organization and email in one folded column, so that search-as-you-type
    # reads one table at 30,000 people instead of joining and matching five columns.
    search_text = models.TextField(editable=False, default="")

    objects = PersonQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(
                fields=["user", "last_name", "first_name", "id"], name="person_user_sorted"
            ),
            # Covers searches and filters: the matches' sort keys come from this index alone.
            models.Index(
                fields=["user", "source", "search_text", "last_name", "first_name"],
                name="person_user_matches",
            ),
            models.Index(fields=["user", "organization"], name="person_user_org"),
            models.Index(fields=["user", "email"], name="person_user_email"),
            models.Index(fields=["user", "linkedin_url"], name="person_user_linkedin"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.compute_search_text()
        fields = kwargs.get("update_fields")
        if fields is not None:
            kwargs["update_fields"] = {*fields, "search_text"}
        super().save(*args, **kwargs)

    def compute_search_text(self) -> str:
        organization = self.organization.name if self.organization_id and self.organization else ""
        parts = [self.first_name, self.last_name, self.position, organization, self.email]
        return search_key(" ".join(part for part in parts if part))

    @property
    def source_label(self) -> str:
        """get_source_display() without its per-call rebuild of the choices."""
        return SOURCE_LABELS.get(self.source, self.source)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]

    def get_absolute_url(self) -> str:
        return object_url("person_detail", self.pk)


class Note(Owned):
    """A dated note about a person, optionally from one interview."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notes")
    interview = models.ForeignKey(
        "interviews.Interview",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person_notes",
    )
    text = models.TextField()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["person", "-created_at"], name="note_person_recent")]

    def __str__(self) -> str:
        return self.text[:60]
