from __future__ import annotations

import datetime as dt

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from coffeechat.interviews.models import CloseReason, Interview, Stage
from coffeechat.network.models import Person, Source
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


# The channels a message is written for; phone calls and chats in person have no text.
TEXT_CHANNELS = [Channel.EMAIL, Channel.LINKEDIN_NOTE, Channel.LINKEDIN_MESSAGE]

# The kinds that ask for a meeting and so expect a yes, no or later.
ASKING_KINDS = [MessageKind.REQUEST, MessageKind.FOLLOW_UP]

# The stages in which an interview waits for an answer to its request.
WAITING_STAGES = [Stage.IDEA, Stage.RESEARCHING, Stage.REQUESTED]


class Reply(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    LATER = "later", "Later"


class Message(Owned):
    """Any outreach to a person: a request, a follow-up, a thank-you, an update…"""

    # No index of its own: message_person_recent (person, -created_at) serves it.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="messages", db_index=False
    )
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

    def get_absolute_url(self) -> str:
        return reverse("message_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.sent_at is None

    @property
    def expects_reply(self) -> bool:
        return self.kind in ASKING_KINDS

    def mark_sent(self, at: dt.datetime | None = None) -> None:
        """Record the message as sent and move its interview along.

        A request (or a follow-up) sent for an idea moves it to "requested"; a thank-you
        sent after the meeting moves it to "thanked". Other stages stay as they are: a
        follow-up to a request already waiting changes nothing in the pipeline.
        """
        if self.sent_at is not None:
            return
        stage = self.stage_after_sending()
        self.sent_at = at or timezone.now()
        with transaction.atomic():
            self.save(update_fields=["sent_at", "updated_at"])
            if stage is not None and self.interview is not None:
                self.interview.move_to(stage, at=self.sent_at)

    def stage_after_sending(self) -> str | None:
        """The stage that sending this message moves its interview to, if any."""
        interview = self.interview
        if interview is None:
            return None
        if self.kind in ASKING_KINDS and interview.stage in (Stage.IDEA, Stage.RESEARCHING):
            return Stage.REQUESTED
        if self.kind == MessageKind.THANK_YOU and interview.stage == Stage.HELD:
            return Stage.THANKED
        return None

    def record_reply(
        self, answer: str, at: dt.datetime, *, scheduled_at: dt.datetime | None = None
    ) -> None:
        """Record their answer to a request, and what it means for the interview.

        "yes" keeps the interview requested until it has a time (given here, it is
        scheduled at once); "no" closes it as declined; "later" keeps it requested. Any
        answer ends the no-reply clock, and the delay teaches the person's responsiveness.
        """
        from coffeechat.outreach.responsiveness import learn_responsiveness  # imports us

        self.reply = answer
        self.replied_at = at
        with transaction.atomic():
            self.save(update_fields=["reply", "replied_at", "updated_at"])
            interview = self.interview
            if interview is not None and interview.stage in WAITING_STAGES:
                if answer == Reply.NO:
                    interview.move_to(Stage.CLOSED, close_reason=CloseReason.DECLINED, at=at)
                elif answer == Reply.YES and scheduled_at is not None:
                    interview.move_to(Stage.SCHEDULED, scheduled_at=scheduled_at, at=at)
            learn_responsiveness(self.person)


class MessageTemplate(Owned):
    """The user's own template for a kind of message, for one channel.

    It takes the place of the built-in template for the same kind, channel and source
    (see `coffeechat.outreach.templates`); with no source it serves everyone.
    """

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=MessageKind.choices, default=MessageKind.REQUEST)
    source = models.CharField(
        "For people from",
        max_length=20,
        choices=Source.choices,
        blank=True,
        help_text="How you know them; leave empty to use it for everyone.",
    )
    channel = models.CharField(
        max_length=20,
        choices=[(c.value, c.label) for c in TEXT_CHANNELS],
        default=Channel.EMAIL,
    )
    subject = models.CharField(max_length=300, blank=True, help_text="Emails only.")
    body = models.TextField()
    based_on = models.CharField(
        max_length=60, blank=True, editable=False, help_text="The built-in template it began as."
    )

    class Meta:
        ordering = ["kind", "channel", "source", "name", "id"]
        indexes = [
            models.Index(fields=["user", "kind", "channel"], name="template_user_kind_channel")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("message_template_edit", args=[self.pk])
