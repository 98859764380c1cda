from __future__ import annotations

from django.db import models

from coffeechat.interviews.models import Interview
from coffeechat.network.models import Person
from coffeechat.owned import Owned


class MessageKind(models.TextChoices):
    REQUEST = "request", "Request"
    FOLLOW_UP = "follow-up", "Follow-up"
    THANK_YOU = "thank-you", "Thank-you"
    UPDATE = "update", "Update"
    CHECK_IN = "check-in", "Check-in"
    JOB_POSTING = "job-posting", "Job-posting notice"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    LINKEDIN_NOTE = "linkedin-note", "LinkedIn note"
    LINKEDIN_MESSAGE = "linkedin-message", "LinkedIn message"
    PHONE = "phone", "Phone"
    IN_PERSON = "in-person", "In person"


class Reply(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    LATER = "later", "Later"


class Message(Owned):
    """Any outreach to a person: a request, a follow-up, a thank-you, an update…"""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="messages")
    interview = models.ForeignKey(
        Interview, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    kind = models.CharField(max_length=20, choices=MessageKind.choices, default=MessageKind.REQUEST)
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.EMAIL)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reply = models.CharField(max_length=10, choices=Reply.choices, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["person", "-created_at"], name="message_person_recent"),
            models.Index(fields=["user", "kind", "sent_at"], name="message_user_kind_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.person.name}"

    @property
    def is_draft(self) -> bool:
        return self.sent_at is None
