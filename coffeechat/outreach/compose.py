"""Drafting a message for an interview: the right template, filled from what is known."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q

from coffeechat.accounts.models import Profile, profile_for
from coffeechat.coaching import Finding
from coffeechat.growth.models import Action, ActionStatus, JobPosting
from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Person, Source
from coffeechat.outreach.coach import CHANNELS as COACHED_CHANNELS
from coffeechat.outreach.coach import coach_message
from coffeechat.outreach.models import Channel, MessageKind, MessageTemplate
from coffeechat.outreach.templates import FIELDS, Filled, built_in_for, fill

# What to do about a merge field this person has no value for.
MISSING_HINTS: dict[str, str] = {
    "organization": "Add their organization on their page.",
    "position": "Add their position on their page.",
    "exploration": "Link this interview to an exploration, or write the field in.",
    "referrer": "Set “Referred by” on their page.",
    "introduction": "Write your introduction in Settings; its first sentence is used.",
    "point": "Mark one or two points below, from your notes or takeaways.",
    "my_name": "Add your name in Settings.",
    "event": "Link them to the event where you met, or write it in.",
    "posting": "Link them to the job posting, or write it in.",
    "posting_link": "Add the posting's link, or write it in.",
    "next_step": "Add an action for one of the takeaways, or write your next step in.",
    "advice_taken": "Mark the action they suggested as done, or write it in.",
}


@dataclass(frozen=True)
class Point:
    """Something specific from the notes that a message can mention."""

    key: str
    text: str
    origin: str


@dataclass
class Draft:
    kind: str
    channel: str
    subject: str
    body: str
    template_name: str
    template_id: int | None = None
    missing: list[tuple[str, str]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @classmethod
    def filled(
        cls,
        kind: str,
        channel: str,
        subject: Filled,
        body: Filled,
        template_name: str,
        template_id: int | None = None,
        hints: Mapping[str, str] | None = None,
    ) -> Draft:
        """The draft from its filled subject and body: what is still to fill in (with a hint
        each, `hints` before the usual ones) and the names in braces that are not merge
        fields, listed once."""
        missing = dict.fromkeys([*subject.missing, *body.missing])
        hints = {**MISSING_HINTS, **(hints or {})}
        return cls(
            kind=kind,
            channel=channel,
            subject=subject.text,
            body=body.text,
            template_name=template_name,
            template_id=template_id,
            missing=[(FIELDS[f], hints.get(f, "Write it in.")) for f in missing],
            unknown=list(dict.fromkeys([*subject.unknown, *body.unknown])),
        )


def next_messages(interview: Interview) -> list[tuple[str, str]]:
    """The messages the interview's stage calls for, as (kind, button label)."""
    if interview.stage in (Stage.IDEA, Stage.RESEARCHING):
        return [(MessageKind.REQUEST, "Write the request")]
    if interview.stage == Stage.REQUESTED:
        asked = interview.messages.filter(kind=MessageKind.REQUEST, sent_at__isnull=False)
        if asked.exists():
            return [(MessageKind.FOLLOW_UP, "Write the follow-up")]
        return [(MessageKind.REQUEST, "Write the request")]
    if interview.stage == Stage.HELD:
        return [(MessageKind.THANK_YOU, "Write the thank-you")]
    if interview.stage == Stage.THANKED:
        return [
            (MessageKind.UPDATE, "Send an update"),
            (MessageKind.CHECK_IN, "Check in"),
            (MessageKind.JOB_POSTING, "Tell them about a posting"),
        ]
    if interview.stage == Stage.CLOSED:
        return [(MessageKind.CHECK_IN, "Check in")]
    return []


def suggested_kind(interview: Interview) -> str:
    suggestions = next_messages(interview)
    return suggestions[0][0] if suggestions else MessageKind.REQUEST


def suggested_channel(interview: Interview, kind: str) -> str:
    """Email when there is an address; otherwise LinkedIn, with a note for a stranger."""
    person = interview.person
    if person.email:
        return Channel.EMAIL
    strangers = (Source.REFERRAL, Source.EVENT, Source.JOB_POSTING, Source.COLD, Source.ALUMNI)
    if kind == MessageKind.REQUEST and person.source in strangers:
        return Channel.LINKEDIN_NOTE
    return Channel.LINKEDIN_MESSAGE


def point_choices(interview: Interview) -> list[Point]:
    """Takeaways, lines of the interview's notes and of the person's research notes."""
    points = [
        Point(f"t{takeaway.pk}", takeaway.text.strip(), "Takeaway")
        for takeaway in interview.takeaways.all()
        if takeaway.text.strip()
    ]
    # Live notes can run long; the first lines are where the memorable points usually are.
    points += [Point(f"n{i}", line, "Notes") for i, line in _lines(interview.notes)[:40]]
    points += [
        Point(f"r{i}", line, "Research notes")
        for i, line in _lines(interview.person.research_notes)[:20]
    ]
    return points


def default_points(kind: str, choices: list[Point]) -> list[str]:
    """A thank-you starts with the first two takeaways (or lines of notes) marked."""
    if kind != MessageKind.THANK_YOU:
        return []
    takeaways = [p.key for p in choices if p.origin == "Takeaway"]
    notes = [p.key for p in choices if p.origin == "Notes"]
    return (takeaways or notes)[:2]


def _lines(text: str) -> list[tuple[int, str]]:
    cleaned = (re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", line).strip() for line in text.splitlines())
    return [(i, line) for i, line in enumerate(cleaned) if line]


def first_sentence(text: str) -> str:
    match = re.match(r"\s*(.+?[.!?])(?:\s|$)", text, re.DOTALL)
    return " ".join((match.group(1) if match else text).split())


def _inline(title: str) -> str:
    """An action's title as part of a sentence: "Join UXPA." becomes "join UXPA"."""
    title = title.strip().rstrip(".!")
    first = title.split(" ", 1)[0]
    if len(first) == 1 or first[1:].islower():
        return title[:1].lower() + title[1:]
    return title


def merge_values(interview: Interview, points: list[str]) -> dict[str, str]:
    """The values of every merge field for a message about this interview."""
    person = interview.person
    user = interview.user
    profile = profile_for(user)
    chosen = {p.key: p.text for p in point_choices(interview)}
    event = person.events.order_by("-date", "-id").first()
    posting = person.job_postings.order_by("-created_at", "-id").first()
    if posting is None and person.organization_id:
        posting = JobPosting.objects.filter(
            user_id=user.pk, organization_id=person.organization_id
        ).first()
    open_actions = Action.objects.filter(
        user_id=user.pk, status__in=[ActionStatus.TODO, ActionStatus.DOING]
    ).filter(Q(takeaway__interview=interview) | Q(suggested_by=person))
    next_action = open_actions.order_by(F("due_date").asc(nulls_last=True), "id").first()
    done_action = (
        Action.objects.filter(user_id=user.pk, suggested_by=person, status=ActionStatus.DONE)
        .order_by(F("done_at").desc(nulls_last=True), "-id")
        .first()
    )
    return {
        "first_name": person.first_name,
        "organization": person.organization.name if person.organization else "",
        "position": person.position,
        "exploration": interview.exploration.name if interview.exploration else "",
        "referrer": person.referred_by.name if person.referred_by else "",
        "introduction": first_sentence(profile.introduction),
        "point": "\n".join(f"- {chosen[key]}" for key in points if key in chosen),
        "minutes": str(interview.length_minutes),
        "my_name": profile.name or user.get_full_name(),
        "event": event.name if event else "",
        "posting": posting.title if posting else "",
        "posting_link": posting.url if posting else "",
        "next_step": _inline(next_action.title) if next_action else "",
        "advice_taken": _inline(done_action.title) if done_action else "",
    }


def template_choices(user: Any, kind: str, channel: str) -> list[MessageTemplate]:
    """The user's own templates for this kind and channel."""
    return list(MessageTemplate.objects.for_user(user).filter(kind=kind, channel=channel))


@dataclass(frozen=True)
class TemplateChoice:
    """The template a draft starts from: the user's best match (nothing picked), the
    built-in one, or one of the user's own that they picked."""

    picked: MessageTemplate | None = None
    built_in: bool = False

    @classmethod
    def from_query(cls, user: Any, value: str, kind: str) -> TemplateChoice:
        """From a `?template=` value: "built-in", a template id, or empty (the best match).
        An id of someone else's template, or of another kind, counts as nothing picked."""
        if value == "built-in":
            return cls(built_in=True)
        if value.isdigit():
            own = MessageTemplate.objects.for_user(user).filter(pk=int(value), kind=kind)
            return cls(picked=own.first())
        return cls()

    @property
    def value(self) -> str:
        """The `?template=` value that makes this choice again."""
        if self.built_in:
            return "built-in"
        return str(self.picked.pk) if self.picked is not None else ""

    def template(self, user: Any, kind: str, channel: str, source: str) -> MessageTemplate | None:
        """The user's template to draft from; None for the built-in one."""
        if self.built_in:
            return None
        if self.picked is not None and self.picked.channel == channel:
            return self.picked
        return best_own_template(user, kind, channel, source)


def best_own_template(user: Any, kind: str, channel: str, source: str) -> MessageTemplate | None:
    """The user's own template for this kind, channel and way of knowing someone, if any."""
    own = MessageTemplate.objects.for_user(user).filter(
        kind=kind, channel=channel, source__in=[source, ""]
    )
    # The user's template for this way of knowing someone beats one for everyone.
    return min(own, key=lambda t: (t.source != source, -t.updated_at.timestamp()), default=None)


def draft_for(
    interview: Interview,
    kind: str,
    channel: str,
    *,
    template: MessageTemplate | None = None,
    built_in: bool = False,
    points: list[str] | None = None,
) -> Draft:
    """A draft of this kind, for this channel, filled in for the interview's person.

    The template is the one given, else the user's own for the person's source (or for
    everyone), else the built-in one; `built_in` skips the user's own.
    """
    person = interview.person
    if template is None and not built_in:
        template = best_own_template(interview.user, kind, channel, person.source)
    if template is not None:
        subject, body, name, template_id = (
            template.subject,
            template.body,
            template.name,
            template.pk,
        )
    else:
        standard = built_in_for(kind, person.source, channel)
        subject, body, name, template_id = standard.subject, standard.body, standard.name, None
    values = merge_values(interview, points or [])
    filled_subject = fill(subject if channel == Channel.EMAIL else "", values)
    filled_body = fill(body, values)
    if kind == MessageKind.FOLLOW_UP and channel == Channel.EMAIL:
        earlier = (
            interview.messages.filter(kind=MessageKind.REQUEST, sent_at__isnull=False)
            .exclude(subject="")
            .order_by("sent_at")
            .first()
        )
        if earlier is not None:
            filled_subject = Filled("Re: " + earlier.subject)
    return Draft.filled(kind, channel, filled_subject, filled_body, name, template_id)


def word_count(text: str) -> int:
    return len(text.split())


def coach(person: Person, kind: str, channel: str, subject: str, body: str) -> list[Finding]:
    """What the outreach coach finds in a message to this person (none for a phone call)."""
    if channel not in COACHED_CHANNELS:
        return []
    connection = ""
    if person.source == Source.REFERRAL and person.referred_by is not None:
        connection = person.referred_by.name
    elif person.source == Source.EVENT:
        event = person.events.order_by("-date", "-id").first()
        connection = event.name if event else ""
    report = coach_message(
        f"Subject: {subject}\n\n{body}" if subject else body,
        channel=channel,
        kind=kind,
        to_name=person.name,
        to_org=person.organization.name if person.organization else "",
        to_role=person.position,
        connection=connection,
        research_notes=person.research_notes,
        linkedin_note_limit=Profile.objects.get_or_create(user_id=person.user_id)[
            0
        ].linkedin_note_limit,
    )
    return list(report.findings)
