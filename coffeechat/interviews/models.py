from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone

from coffeechat.interviews.stages import (
    MOVE_LABELS,
    STAGE_ORDER,
    TRANSITIONS,
    CloseReason,
    Stage,
    StageError,
    check_move,
)
from coffeechat.network.models import Exploration, Person
from coffeechat.owned import Owned, object_url

__all__ = [
    "CloseReason",
    "Interview",
    "InterviewQuestion",
    "Question",
    "Stage",
    "StageError",
    "Takeaway",
]


class Medium(models.TextChoices):
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone"
    IN_PERSON = "in-person", "In person"
    COFFEE = "coffee", "Coffee"


class Interview(Owned):
    """One informational interview with one person."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="interviews")
    exploration = models.ForeignKey(
        Exploration, null=True, blank=True, on_delete=models.SET_NULL, related_name="interviews"
    )
    stage = models.CharField(
        max_length=20, choices=Stage.choices, default=Stage.IDEA, editable=False
    )
    stage_changed_at = models.DateTimeField(default=timezone.now, editable=False)
    objective = models.TextField(blank=True, help_text="What you want to come away knowing.")
    scheduled_at = models.DateTimeField(null=True, blank=True)
    length_minutes = models.PositiveSmallIntegerField(
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(60)],
        help_text="Ask for 20–30 minutes; never more than an hour.",
    )
    medium = models.CharField(max_length=20, choices=Medium.choices, default=Medium.VIDEO)
    location = models.CharField(max_length=300, blank=True, help_text="Place or meeting link.")
    notes = models.TextField(blank=True)
    debrief = models.TextField(blank=True)
    time_spent_minutes = models.PositiveIntegerField(
        null=True, blank=True, help_text="Preparation, meeting and follow-up, all told."
    )
    requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    held_at = models.DateTimeField(null=True, blank=True, editable=False)
    thanked_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    close_reason = models.CharField(
        max_length=20, choices=CloseReason.choices, blank=True, editable=False
    )

    class Meta:
        ordering = ["-stage_changed_at", "-id"]
        indexes = [
            models.Index(
                fields=["user", "stage", "-stage_changed_at"], name="interview_user_stage"
            ),
            # The pipeline table's default order: its first page reads 50 rows, not all.
            models.Index(
                fields=["user", "-stage_changed_at", "-id"], name="interview_user_changed"
            ),
            models.Index(fields=["user", "scheduled_at"], name="interview_user_scheduled"),
            models.Index(fields=["person", "-created_at"], name="interview_person_recent"),
            models.Index(fields=["user", "exploration"], name="interview_user_exploration"),
        ]

    def __str__(self) -> str:
        return f"Interview with {self.person.name}"

    def get_absolute_url(self) -> str:
        return object_url("interview_detail", self.pk)

    @property
    def ends_at(self) -> dt.datetime | None:
        if self.scheduled_at is None:
            return None
        return self.scheduled_at + dt.timedelta(minutes=self.length_minutes)

    def allowed_moves(self) -> list[tuple[str, str]]:
        order = STAGE_ORDER
        moves = []
        for stage in TRANSITIONS[self.stage]:
            backwards = stage != Stage.CLOSED and order.index(stage) < order.index(self.stage)
            label = f"Back to {Stage(stage).label.lower()}" if backwards else MOVE_LABELS[stage]
            moves.append((stage, label))
        return moves

    def next_move(self) -> tuple[str, str] | None:
        """The usual next step along the pipeline, for one-click buttons on lists."""
        order = STAGE_ORDER
        for stage, label in self.allowed_moves():
            if stage != Stage.CLOSED and order.index(stage) > order.index(self.stage):
                return stage, label
        if self.stage == Stage.CLOSED:
            return Stage.IDEA, "Reopen"
        return None

    def can_move_to(self, stage: str) -> bool:
        return stage in TRANSITIONS[self.stage]

    def move_to(
        self,
        stage: str,
        *,
        scheduled_at: dt.datetime | None = None,
        close_reason: str = "",
        at: dt.datetime | None = None,
    ) -> None:
        """Move the interview along the pipeline, or raise StageError naming why not.

        Scheduling needs a time (given here or already set); closing needs a reason.
        """
        check_move(self.stage, stage)
        now = at or timezone.now()
        if stage == Stage.SCHEDULED:
            when = scheduled_at or self.scheduled_at
            if when is None:
                raise StageError(
                    "To schedule the interview, give the date and time of the meeting."
                )
            self.scheduled_at = when
        if stage == Stage.CLOSED:
            if close_reason not in CloseReason.values:
                raise StageError(
                    "To close the interview, say why: " + ", ".join(CloseReason.values) + "."
                )
            self.close_reason = close_reason
            self.closed_at = now
        if stage == Stage.REQUESTED and self.requested_at is None:
            self.requested_at = now
        if stage == Stage.HELD:
            self.held_at = min(now, self.ends_at) if self.ends_at else now
        if stage == Stage.THANKED:
            self.thanked_at = now
        if stage == Stage.IDEA:
            self.close_reason = ""
            self.closed_at = None
        self.stage = stage
        self.stage_changed_at = now
        with transaction.atomic():
            self.save()

    def question_list(self) -> models.QuerySet[InterviewQuestion]:
        return self.questions.order_by("position", "id")


class QuestionCategory(models.TextChoices):
    ROLE = "role", "Role"
    PATH = "path", "Career path"
    SKILLS = "skills", "Skills and training"
    CULTURE = "culture", "Culture"
    INDUSTRY = "industry", "Industry"
    EXPERIENCE = "experience", "Experience"
    ADVICE = "advice", "Advice"
    HIRING = "hiring", "Hiring"
    RESOURCES = "resources", "Resources"
    REFERRALS = "referrals", "Referrals"


class Question(Owned):
    """An entry in the user's question bank."""

    text = models.TextField()
    category = models.CharField(max_length=20, choices=QuestionCategory.choices)
    built_in = models.BooleanField(default=False, editable=False)
    hidden = models.BooleanField(default=False)
    tags = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["category", "id"]
        indexes = [
            models.Index(fields=["user", "category", "hidden"], name="question_user_category")
        ]

    def __str__(self) -> str:
        return self.text


class InterviewQuestion(Owned):
    """A question picked for one interview, in the order it will be asked."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="questions")
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    position = models.PositiveIntegerField(default=0)
    asked = models.BooleanField(default=False)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["interview", "position", "id"]
        indexes = [models.Index(fields=["interview", "position"], name="iq_interview_position")]

    def __str__(self) -> str:
        return self.text


class TakeawayKind(models.TextChoices):
    ADVICE = "advice", "Advice"
    SKILL = "skill", "Skill"
    RESOURCE = "resource", "Resource"
    TREND = "trend", "Trend"
    CULTURE = "culture", "Culture"
    CAREER_PATH = "career-path", "Career-path insight"


class Takeaway(Owned):
    """One piece of what was learned in an interview."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="takeaways")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="takeaways")
    kind = models.CharField(
        max_length=20, choices=TakeawayKind.choices, default=TakeawayKind.ADVICE
    )
    text = models.TextField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["user", "kind"], name="takeaway_user_kind")]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.person_id is None and self.interview_id is not None:
            self.person_id = self.interview.person_id
        super().save(*args, **kwargs)
