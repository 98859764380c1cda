"""Preparing one interview: its tailored question list and the prep sheet.

The question list follows the practice: the essentials first (the role, their path, the
skills it takes, their advice), about one question per 3–4 minutes of the agreed length, and
"Who else should I talk to?" always last. The web page and `coffeechat prep` share
`prep_sheet`, so the printed page and the Markdown say the same.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from coffeechat.accounts.models import profile_for
from coffeechat.interviews.bank import ensure_question_bank
from coffeechat.interviews.coach import (
    ESSENTIAL_CATEGORIES,
    QuestionsReport,
    categorize,
    coach_questions,
    fit_range,
)
from coffeechat.interviews.models import Interview, InterviewQuestion, Question, QuestionCategory

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

__all__ = [
    "CHECKLIST",
    "REFERRALS",
    "PrepSheet",
    "QuestionFit",
    "add_custom",
    "add_from_bank",
    "bank_for",
    "bank_groups",
    "category_of",
    "coach",
    "fill_to_fit",
    "fit",
    "move",
    "ordered",
    "prep_sheet",
    "remove",
    "suggestions",
]

REFERRALS = QuestionCategory.REFERRALS.value

# The do's and don'ts of the practice, in the order they come up.
CHECKLIST: tuple[str, ...] = (
    "Research done: their role, their path, the organization (nothing a search answers)",
    "Arrive on time, or a few minutes early for a call",
    "Respect the agreed length: offer to stop when the time is up",
    "Listen more than you talk",
    "Take notes",
    "Never ask for a job",
    "Ask who else you should talk to",
    "Thank them within 24 hours",
)


def bank_for(user: AbstractBaseUser) -> Any:
    """The user's visible question bank, filled from the built-in questions when empty."""
    if not Question.objects.for_user(user).exists():
        ensure_question_bank(user)
    return Question.objects.for_user(user).filter(hidden=False).order_by("category", "id")


def bank_groups(
    user: AbstractBaseUser, bank: Iterable[Question] | None = None
) -> list[tuple[str, list[Question]]]:
    """The visible bank (read here unless given) grouped by category, for a picker."""
    groups: dict[str, list[Question]] = {value: [] for value in QuestionCategory.values}
    for question in bank_for(user) if bank is None else bank:
        groups[question.category].append(question)
    labels = dict(QuestionCategory.choices)
    return [(labels[value], items) for value, items in groups.items() if items]


def category_of(item: InterviewQuestion) -> str:
    """A picked question's category: its bank entry's, else what the coach reads in it."""
    if item.question_id is not None and item.question is not None:
        return item.question.category
    return categorize(item.text)


def ordered(interview: Interview) -> list[InterviewQuestion]:
    return list(interview.question_list().select_related("question"))


def _save_order(items: Sequence[InterviewQuestion]) -> list[InterviewQuestion]:
    """Number the questions in this order, but with the referral questions always last."""
    referrals = [item for item in items if category_of(item) == REFERRALS]
    rest = [item for item in items if category_of(item) != REFERRALS]
    final = rest + referrals
    changed = []
    for position, item in enumerate(final):
        if item.position != position:
            item.position = position
            changed.append(item)
    InterviewQuestion.objects.bulk_update(changed, ["position"])
    return final


def add_from_bank(interview: Interview, question: Question) -> InterviewQuestion:
    with transaction.atomic():
        items = ordered(interview)
        item = InterviewQuestion.objects.create(
            user_id=interview.user_id,
            interview=interview,
            question=question,
            text=question.text,
            position=len(items),
        )
        _save_order([*items, item])
    return item


def add_custom(interview: Interview, text: str) -> InterviewQuestion:
    with transaction.atomic():
        items = ordered(interview)
        item = InterviewQuestion.objects.create(
            user_id=interview.user_id,
            interview=interview,
            text=text.strip(),
            position=len(items),
        )
        _save_order([*items, item])
    return item


def remove(interview: Interview, item: InterviewQuestion) -> None:
    with transaction.atomic():
        item.delete()
        _save_order(ordered(interview))


def move(interview: Interview, item: InterviewQuestion, offset: int) -> None:
    """Move a question up (-1) or down (+1); a referral question stays at the end."""
    with transaction.atomic():
        items = ordered(interview)
        index = next(i for i, each in enumerate(items) if each.pk == item.pk)
        target = index + offset
        if 0 <= target < len(items):
            items[index], items[target] = items[target], items[index]
        _save_order(items)


def _words(*texts: str) -> set[str]:
    return {word for text in texts for word in re.findall(r"[a-z]{4,}", text.lower())}


def suggestions(
    interview: Interview,
    limit: int = 8,
    *,
    items: list[InterviewQuestion] | None = None,
    bank: Iterable[Question] | None = None,
) -> list[Question]:
    """Bank questions worth adding, best first.

    One per essential category the list does not cover yet (role, path, skills, advice),
    then the other categories; within a category, the questions whose words or tags meet the
    person's position, the organization's industry or the exploration come first. A
    referral question is suggested whenever the list has none. A page that already read the
    interview's `items` or the user's `bank` passes them in.
    """
    if items is None:
        items = ordered(interview)
    picked_ids = {item.question_id for item in items}
    picked_texts = {item.text.strip().lower() for item in items}
    covered = {category_of(item) for item in items}
    person = interview.person
    organization = person.organization
    exploration = interview.exploration
    context = _words(
        person.position,
        organization.industry if organization else "",
        exploration.name if exploration else "",
    )

    def relevance(question: Question) -> int:
        return len(context & _words(question.text, question.tags))

    candidates: dict[str, list[Question]] = {}
    for question in bank_for(interview.user) if bank is None else bank:
        if question.pk in picked_ids or question.text.strip().lower() in picked_texts:
            continue
        candidates.setdefault(question.category, []).append(question)
    for group in candidates.values():
        group.sort(key=lambda q: (-relevance(q), q.pk))

    order = [c for c in ESSENTIAL_CATEGORIES if c not in covered]
    order += [c for c in ESSENTIAL_CATEGORIES if c in covered]
    order += [c for c in QuestionCategory.values if c not in order and c != REFERRALS]
    chosen: list[Question] = []
    # Round-robin over the categories, so the first suggestions cover the most ground.
    while len(chosen) < limit and any(candidates.get(c) for c in order):
        for category in order:
            group = candidates.get(category, [])
            if group and len(chosen) < limit:
                chosen.append(group.pop(0))
    if REFERRALS not in covered and candidates.get(REFERRALS):
        chosen = [*chosen[: limit - 1], candidates[REFERRALS][0]]
    return chosen


def fill_to_fit(interview: Interview) -> int:
    """Add suggested questions up to a comfortable number for the time, referral included."""
    low, _ = fit_range(interview.length_minutes)
    need = max(0, low - interview.questions.count())
    picks = suggestions(interview, limit=max(need, 1))
    if need == 0:
        picks = [question for question in picks if question.category == REFERRALS]
    for question in picks:
        add_from_bank(interview, question)
    return len(picks)


@dataclass(frozen=True)
class QuestionFit:
    """How many questions there are against how many fit the agreed length."""

    count: int
    low: int
    high: int
    minutes: int

    @property
    def over(self) -> bool:
        return self.count > self.high

    @property
    def about(self) -> str:
        return f"{self.low}\u2013{self.high}" if self.low != self.high else str(self.high)

    def __str__(self) -> str:
        return f"{self.count} of about {self.about} that fit in {self.minutes} minutes"


def fit(interview: Interview, count: int | None = None) -> QuestionFit:
    if count is None:
        count = interview.questions.count()
    low, high = fit_range(interview.length_minutes)
    return QuestionFit(count, low, high, interview.length_minutes)


def coach(items: Iterable[InterviewQuestion], minutes: int) -> QuestionsReport:
    return coach_questions([item.text for item in items], minutes=minutes)


# ----------------------------------------------------------------------------- the sheet


@dataclass(frozen=True)
class PrepSheet:
    """Everything to read before the meeting, on one page."""

    interview_id: int
    person: str
    position: str
    organization: str
    person_research: str
    organization_research: str
    meeting: str
    objective: str
    introduction: str
    questions: tuple[str, ...]
    fit: str
    checklist: tuple[str, ...] = CHECKLIST

    def as_json(self) -> dict[str, Any]:
        return {
            "interview": self.interview_id,
            "person": self.person,
            "position": self.position,
            "organization": self.organization,
            "person_research": self.person_research,
            "organization_research": self.organization_research,
            "meeting": self.meeting,
            "objective": self.objective,
            "introduction": self.introduction,
            "questions": list(self.questions),
            "fit": self.fit,
            "checklist": list(self.checklist),
        }

    def as_markdown(self) -> str:
        missing = "_Not written yet._"
        role = ", ".join(part for part in (self.position, self.organization) if part)
        lines = [f"# Prep: {self.person}", ""]
        if role:
            lines += [role, ""]
        lines += [f"**Meeting:** {self.meeting}", ""]
        lines += ["## Who they are", "", self.person_research or missing, ""]
        if self.organization:
            lines += [
                f"## The organization: {self.organization}",
                "",
                self.organization_research or missing,
                "",
            ]
        lines += ["## Objective", "", self.objective or missing, ""]
        lines += ["## My introduction", "", self.introduction or missing, ""]
        lines += [f"## Questions ({self.fit})", ""]
        lines += [f"{n}. {text}" for n, text in enumerate(self.questions, 1)] or [
            "_No questions picked yet._"
        ]
        lines += ["", "## Checklist", ""]
        lines += [f"- [ ] {item}" for item in self.checklist]
        return "\n".join(lines) + "\n"


def _meeting(interview: Interview, zone: dt.tzinfo) -> str:
    parts = []
    if interview.scheduled_at:
        when = timezone.localtime(interview.scheduled_at, zone)
        parts.append(f"{when:%A %d %B %Y, %H:%M}")
    parts.append(f"{interview.length_minutes} minutes agreed")
    parts.append(interview.get_medium_display().lower())
    if interview.location:
        parts.append(interview.location)
    return ", ".join(parts)


def prep_sheet(interview: Interview) -> PrepSheet:
    person = interview.person
    organization = person.organization
    questions = tuple(item.text for item in ordered(interview))
    profile = profile_for(interview.user)
    return PrepSheet(
        interview_id=interview.pk,
        person=person.name,
        position=person.position,
        organization=organization.name if organization else "",
        person_research=person.research_notes.strip(),
        organization_research=organization.research_notes.strip() if organization else "",
        meeting=_meeting(interview, profile.zone),
        objective=interview.objective.strip(),
        introduction=profile.introduction.strip(),
        questions=questions,
        fit=str(fit(interview, len(questions))),
    )
