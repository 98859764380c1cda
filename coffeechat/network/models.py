from __future__ import annotations

import unicodedata
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
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
    folded = text.casefold()
    if folded.isascii():  # most names and notes: nothing to decompose
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class PersonQuerySet(OwnedQuerySet):
    def search(self, text: str) -> PersonQuerySet:
        """People whose name, position, organization or email holds every word of the text."""
        result = self
        for word in search_key(text).split()[:8]:
            result = result.filter(search_text__contains=word)
        return result

    def reindex(self) -> int:
        """Recompute the search text of these people (after a bulk insert or a rename), and
        their entries in the full search with those of their organizations, notes,
        interviews, takeaways and messages."""
        from coffeechat.network import search  # it imports these models

        people = list(self.select_related("organization"))
        for person in people:
            person.search_text = person.compute_search_text()
        self.model.objects.bulk_update(people, ["search_text"], batch_size=1000)
        search.refresh_people(self)
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

    # No index of its own: note_person_recent (person, -created_at) serves every look-up
    # by person, and one index fewer makes an import of 100,000 notes quicker.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="notes", db_index=False
    )
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


class SearchKind(models.TextChoices):
    """What a search result is, in the order the results page lists its groups on ties."""

    PERSON = "person", "People"
    ORGANIZATION = "organization", "Organizations"
    NOTE = "note", "Notes"
    INTERVIEW = "interview", "Interview notes"
    TAKEAWAY = "takeaway", "Takeaways"
    MESSAGE = "message", "Messages"


class SearchEntry(models.Model):
    """One searchable thing of the user's, kept in step with it (see `network.search`).

    `title` and `body` are shown; `title_key` and `body_key` are the same words folded
    (lower case, no accents, no punctuation), the only text either database indexes: the
    SQLite full-text table and the PostgreSQL vector column are created by migration 0006.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=SearchKind.choices)
    object_id = models.PositiveIntegerField()
    # The page a result opens: the person of a note, the interview of a takeaway...
    link_id = models.PositiveIntegerField()
    # The person the entry is about, so that renaming or deleting them reaches every entry.
    person_id = models.PositiveIntegerField(null=True, blank=True)
    title = models.TextField()
    body = models.TextField(blank=True)
    title_key = models.TextField()
    body_key = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")
        ]
        indexes = [
            models.Index(fields=["user", "person_id"], name="search_entry_user_person"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"


class TargetOrganization(Owned):
    """An organization worth approaching for one exploration, scored the way Steve Dalton's
    *The 2-Hour Job Search* scores its LAMP list: motivation, postings, advocates."""

    exploration = models.ForeignKey(Exploration, on_delete=models.CASCADE, related_name="targets")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="targets")
    motivation = models.PositiveSmallIntegerField(
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(3)],
        help_text="How much you want to work there: 0 (not sure) to 3 (a dream employer).",
    )
    posts_jobs = models.BooleanField(
        "Posts relevant jobs",
        default=False,
        help_text="They post jobs that fit this exploration (job postings you saved count too).",
    )
    alumni = models.BooleanField(
        "Alumni work there",
        default=False,
        help_text="Alumni of your school or former coworkers work there: likely advocates.",
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-motivation", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["exploration", "organization"], name="target_unique_organization"
            )
        ]
        indexes = [models.Index(fields=["user", "exploration"], name="target_user_exploration")]

    def __str__(self) -> str:
        return f"{self.organization} for {self.exploration}"


class KeptApart(Owned):
    """Two people the user said are not one person: the duplicates list stops pairing them."""

    # person_a has the smaller id, so a pair is stored once whichever way it was named.
    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name_plural = "people kept apart"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "person_a", "person_b"], name="kept_apart_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} and {self.person_b_id} are different people"
