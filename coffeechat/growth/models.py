from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from coffeechat.interviews.models import Takeaway
from coffeechat.network.models import Organization, Person
from coffeechat.owned import Owned


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
            models.Index(fields=["user", "status", "due_date"], name="action_user_status_due")
        ]

    def __str__(self) -> str:
        return self.title


class PostingStatus(models.TextChoices):
    INTERESTED = "interested", "Interested"
    APPLIED = "applied", "Applied"
    INTERVIEWING = "interviewing", "Interviewing"
    OFFER = "offer", "Offer"
    CLOSED = "closed", "Closed"


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
