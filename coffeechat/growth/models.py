from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from coffeechat.interviews.models import Interview, Takeaway
from coffeechat.network.models import Organization, Person
from coffeechat.owned import Owned, object_url


class ActionKind(models.TextChoices):
    LEARN_SKILL = "learn-skill", "Learn a skill"
    CERTIFICATION = "certification", "Earn a certification"
    COURSE = "course", "Take a course"
    COMMUNITY = "community", "Join a community"
    EVENT = "event", "Attend an event"
    RESUME = "resume", "Update résumé or cover letter"
    OTHER = "other", "Other"


class ActionStatus(models.TextChoices):
    TODO = "todo", "To do"
    DOING = "doing", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class Action(Owned):
    """Something the user will do because of what they learned."""

    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=ActionKind.choices, default=ActionKind.OTHER)
    takeaway = models.ForeignKey(
        Takeaway, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    suggested_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggested_actions"
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.TODO
    )
    done_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["status", "due_date", "id"]
        indexes = [
            models.Index(fields=["user", "status", "due_date"], name="action_user_status_due"),
            # Today's share-update items: the most recently done actions, newest first.
            models.Index(fields=["user", "status", "done_at"], name="action_user_status_done"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_url("action_edit", self.pk)

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.TODO, ActionStatus.DOING)

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < today

    def set_status(self, status: str, at: dt.datetime | None = None) -> None:
        """Change the status; "done" records when, and leaving "done" forgets it."""
        self.status = status
        if status == ActionStatus.DONE:
            self.done_at = self.done_at or at or timezone.now()
        else:
            self.done_at = None

    def complete(self, at: dt.datetime | None = None) -> None:
        self.set_status(ActionStatus.DONE, at)
        self.save(update_fields=["status", "done_at", "updated_at"])


class PostingStatus(models.TextChoices):
    INTERESTED = "interested", "Interested"
    APPLIED = "applied", "Applied"
    INTERVIEWING = "interviewing", "Interviewing"
    OFFER = "offer", "Offer"
    CLOSED = "closed", "Closed"


# The statuses of a posting the user has applied for.
APPLIED_STATUSES = [PostingStatus.APPLIED, PostingStatus.INTERVIEWING, PostingStatus.OFFER]


class JobPosting(Owned):
    """A posting of interest at an organization."""

    title = models.CharField(max_length=300)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="job_postings"
    )
    url = models.URLField("Link", blank=True)
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=PostingStatus.choices, default=PostingStatus.INTERESTED
    )
    applied_on = models.DateField(null=True, blank=True)
    people = models.ManyToManyField(Person, blank=True, related_name="job_postings")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "status"], name="posting_user_status")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_url("posting_edit", self.pk)

    def set_status(self, status: str, today: dt.date | None = None) -> None:
        """Change the status; applying records the day, unless one is already known."""
        self.status = status
        if status == PostingStatus.INTERESTED:
            self.applied_on = None
        elif status in APPLIED_STATUSES and self.applied_on is None:
            self.applied_on = today or timezone.localdate()


class EventKind(models.TextChoices):
    CONFERENCE = "conference", "Conference"
    WORKSHOP = "workshop", "Workshop"
    MEETUP = "meetup", "Meetup"
    WEBINAR = "webinar", "Webinar"


class Event(Owned):
    """A conference, workshop, meetup or webinar, and the people met there."""

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.MEETUP)
    date = models.DateField()
    place = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)
    people = models.ManyToManyField(Person, blank=True, related_name="events")

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["user", "-date"], name="event_user_date")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("event_detail", args=[self.pk])


class Reflection(Owned):
    """A dated journal entry on how the user's goals and confidence are changing."""

    date = models.DateField()
    text = models.TextField()
    goals_changed = models.BooleanField(default=False)
    confidence = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)], help_text="1 (shaky) to 5 (sure)."
    )

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["user", "-date"], name="reflection_user_date")]

    def __str__(self) -> str:
        return f"Reflection of {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("reflection_edit", args=[self.pk])


class ResourceKind(models.TextChoices):
    BOOK = "book", "Book"
    PODCAST = "podcast", "Podcast"
    NEWSLETTER = "newsletter", "Newsletter"
    COURSE = "course", "Course"
    COMMUNITY = "community", "Community"
    EVENT = "event", "Event"
    ARTICLE = "article", "Article"
    OTHER = "other", "Other"


class ResourceStatus(models.TextChoices):
    TO_LOOK_AT = "to-look-at", "To look at"
    LOOKED_AT = "looked-at", "Looked at"
    FINISHED = "finished", "Finished"


class Resource(Owned):
    """A book, podcast, newsletter, course, community or event someone recommended."""

    kind = models.CharField(max_length=20, choices=ResourceKind.choices, default=ResourceKind.BOOK)
    title = models.CharField(max_length=300)
    url = models.URLField("Link", blank=True, max_length=500)
    recommended_by = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommended_resources",
    )
    interview = models.ForeignKey(
        Interview, null=True, blank=True, on_delete=models.SET_NULL, related_name="resources"
    )
    takeaway = models.ForeignKey(
        Takeaway, null=True, blank=True, on_delete=models.SET_NULL, related_name="resources"
    )
    status = models.CharField(
        max_length=20, choices=ResourceStatus.choices, default=ResourceStatus.TO_LOOK_AT
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "status"], name="resource_user_status")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_url("resource_edit", self.pk)

    def set_status(self, status: str, at: dt.datetime | None = None) -> None:
        """Change the status; finishing records when, and going back forgets it."""
        self.status = status
        if status == ResourceStatus.FINISHED:
            self.finished_at = self.finished_at or at or timezone.now()
        else:
            self.finished_at = None
