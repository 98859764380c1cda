"""Built-in message templates and the merge fields that fill them.

A template is plain text with merge fields in braces: `Hi {first_name},`. Double braces
(`{{ first_name }}`) work too, for people used to other tools; field names ignore case.
Only the names in `FIELDS` are filled (no attribute look-ups, no format specs), so a
template can't reach into anything else. A field with no value for
this person becomes a bracketed description (`[their organization]`) and is listed, so a
draft is never silently wrong; a name that is not a merge field is left as typed and
reported, never crashed on.

The built-in requests follow the practice (seeds 000–003): short (emails under 100
words, LinkedIn notes under 300 characters), the connection first, about the recipient
more than the sender, a small and specific amount of time, put as a question, and never a
request for a job. The LinkedIn notes stay under 200 characters with realistic names, so
they fit even a free account's limit. There is one request for each way of knowing the
person and each channel; the other kinds serve everyone. A LinkedIn message reads like the
email without its subject.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from coffeechat.network.models import Source
from coffeechat.outreach.models import Channel, MessageKind

# Every merge field, with how it reads when it has no value.
FIELDS: dict[str, str] = {
    "first_name": "their first name",
    "organization": "their organization",
    "position": "their position",
    "exploration": "what you are exploring",
    "referrer": "who referred you to them",
    "introduction": "one sentence about you",
    "point": "a specific point from your notes",
    "minutes": "how many minutes",
    "my_name": "your name",
    "event": "the event where you met",
    "posting": "the job posting's title",
    "posting_link": "the link to the job posting",
    "next_step": "what you will do next",
    "advice_taken": "what you did on their advice",
}

# Realistic values: the preview of a template, and the measure of the built-in ones.
SAMPLE_VALUES: dict[str, str] = {
    "first_name": "Chloé",
    "organization": "Northwind Health",
    "position": "Senior UX Researcher",
    "exploration": "UX research in health tech",
    "referrer": "Maya Patel",
    "introduction": (
        "I taught high-school science for eight years and am now moving into UX research."
    ),
    "point": "- Start with a small usability study of my own.\n- Join the local UXPA chapter.",
    "minutes": "20",
    "my_name": "Sam Rivera",
    "event": "UXPA Boston 2026",
    "posting": "Research Operations Lead",
    "posting_link": "https://careers.northwind.example/jobs/4521",
    "next_step": "run a five-person usability study of the school library's website",
    "advice_taken": "join the local UXPA chapter",
}

# A field in single or double braces; anything else in braces is reported, not guessed at.
_FIELD = re.compile(r"\{\{([^{}\n]*)\}\}|\{([^{}\n]*)\}")


@dataclass(frozen=True)
class Filled:
    text: str
    missing: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()


def fill(text: str, values: Mapping[str, str]) -> Filled:
    """Fill the merge fields of `text` from `values`."""
    missing: dict[str, None] = {}
    unknown: dict[str, None] = {}

    def replace(match: re.Match[str]) -> str:
        written = _written(match)
        name = written.lower()
        if name not in FIELDS:
            unknown[written] = None
            return match.group(0)
        value = values.get(name, "").strip()
        if not value:
            missing[name] = None
            return f"[{FIELDS[name]}]"
        return value

    return Filled(_FIELD.sub(replace, text), tuple(missing), tuple(unknown))


def _written(match: re.Match[str]) -> str:
    inner = match.group(1) if match.group(1) is not None else match.group(2)
    return inner.strip()


def unknown_fields(text: str) -> list[str]:
    names = (_written(match) for match in _FIELD.finditer(text))
    return list(dict.fromkeys(name for name in names if name.lower() not in FIELDS))


@dataclass(frozen=True)
class BuiltInTemplate:
    kind: str
    source: str  # empty: for everyone
    channel: str
    subject: str
    body: str

    @property
    def key(self) -> str:
        return f"{self.kind}.{self.source or 'anyone'}.{self.channel}"

    @property
    def name(self) -> str:
        parts = [MessageKind(self.kind).label]
        if self.source:
            parts.append(Source(self.source).label.lower())
        parts.append(Channel(self.channel).label)
        return " · ".join(parts)


# Requests, by how the user knows the person: (subject, email body, LinkedIn note).
_REQUESTS: dict[str, tuple[str, str, str]] = {
    Source.EXISTING: (
        "Could I ask you about {exploration}?",
        """Hi {first_name},

I hope all is well with you at {organization}! I'm exploring {exploration}, and you were the first person I thought of. {introduction}

Would you have {minutes} minutes in the next few weeks to tell me how you see your field and how you got into it? Any day that suits you is fine.

Thank you,
{my_name}""",
        "Hi {first_name}, I hope all is well at {organization}! I'm exploring {exploration}. "
        "Would you have {minutes} minutes in the coming weeks to tell me how you got into "
        "your work?",
    ),
    Source.REFERRAL: (
        "{referrer} suggested I get in touch",
        """Hi {first_name},

{referrer} suggested I get in touch with you. I'm exploring {exploration}, and your work as {position} at {organization} is exactly what I hope to understand. {introduction}

Would you have {minutes} minutes in the next few weeks for a short call about how you got there? Any day that suits you is fine.

Thank you,
{my_name}""",
        "Hi {first_name}, {referrer} suggested I reach out to you. Would you have {minutes} "
        "minutes in the coming weeks to tell me about your work at {organization} and how you "
        "got there?",
    ),
    Source.ALUMNI: (
        "A fellow alum, curious about your work",
        """Hi {first_name},

As a fellow alum, I was glad to find you through our alumni network: your work as {position} at {organization} stood out. I'm exploring {exploration}. {introduction}

Would you have {minutes} minutes in the next few weeks to tell me how you got from school to where you are now? Any day that suits you is fine.

Thank you,
{my_name}""",
        "Hi {first_name}, as a fellow alum I was glad to find you. Would you have {minutes} "
        "minutes in the coming weeks to tell me how you got into your work as {position}?",
    ),
    Source.COWORKER: (
        "A colleague, curious about your work",
        """Hi {first_name},

As a colleague at {organization}, I've been curious about your work as {position} for a while. I'm exploring {exploration}, and you would know better than anyone how your team works. {introduction}

Would you have {minutes} minutes in the next few weeks for a coffee or a short call? Any day that suits you is fine.

Thank you,
{my_name}""",
        "Hi {first_name}, as a colleague at {organization} I've been curious about your work. "
        "Would you have {minutes} minutes soon for a coffee or a short call about how your "
        "team works?",
    ),
    Source.EVENT: (
        "Great meeting you at {event}",
        """Hi {first_name},

It was great meeting you at {event}. I'd love to hear more about your work as {position} at {organization}. {introduction}

Would you have {minutes} minutes in the next few weeks for a short call? I'm exploring {exploration}, and your view would help me a lot. Any day that suits you is fine.

Thank you,
{my_name}""",
        "Hi {first_name}, it was great meeting you at {event}. I'd love to hear more about your "
        "work at {organization}. Would you have {minutes} minutes for a short call in the "
        "coming weeks?",
    ),
    Source.JOB_POSTING: (
        "Curious about the work on your team",
        """Hi {first_name},

I came across the {posting} posting on your team at {organization}, and I'd love to understand the work behind it. {introduction}

Would you have {minutes} minutes in the next few weeks to tell me what the work looks like day to day, and what you enjoy about it? Any day that suits you is fine.

Thank you,
{my_name}""",
        "Hi {first_name}, I came across the {posting} posting on your team. Would you have "
        "{minutes} minutes in the coming weeks to tell me what the work looks like day to day?",
    ),
    Source.COLD: (
        "Your work as {position}",
        """Hi {first_name},

Your work as {position} at {organization} stood out while I was reading up on {exploration}. {introduction}

Would you have {minutes} minutes in the next few weeks to tell me how you got into it? Any day that suits you is fine, by phone or video.

Thank you,
{my_name}""",
        "Hi {first_name}, your work as {position} at {organization} stood out while I was "
        "reading up on {exploration}. Would you have {minutes} minutes to tell me how you got "
        "into it?",
    ),
}

# The other kinds, for everyone: (subject, email body).
_OTHERS: dict[str, tuple[str, str]] = {
    MessageKind.FOLLOW_UP: (
        "Following up: {minutes} minutes about {exploration}",
        """Hi {first_name},

I know how full inboxes get, so I'm bringing my earlier note back to the top. Would you have {minutes} minutes in the coming weeks to tell me about your work at {organization}? If now isn't a good time, I completely understand, and thank you either way.

Best,
{my_name}""",
    ),
    MessageKind.THANK_YOU: (
        "Thank you, {first_name}",
        """Hi {first_name},

Thank you for taking the time to talk with me about {exploration}. What you shared gave me a much clearer picture, especially:

{point}

Next, I'm going to {next_step}. I'll keep you posted on how it goes.

With thanks,
{my_name}""",
    ),
    MessageKind.UPDATE: (
        "An update, thanks to your advice",
        """Hi {first_name},

When we talked about {exploration}, you suggested I {advice_taken}. I did, and I wanted you to know how much it helped. Thank you for the push!

I'll keep you posted on what comes next.

Best,
{my_name}""",
    ),
    MessageKind.CHECK_IN: (
        "It's been a while, {first_name}",
        """Hi {first_name},

It's been a few months since we talked about {exploration}, and your advice still comes back to me. I hope all is well at {organization}! How are things on your side?

No need for a long reply; I just wanted to say hello and thank you again.

Best,
{my_name}""",
    ),
    MessageKind.JOB_POSTING: (
        "{posting} at {organization}",
        """Hi {first_name},

Thanks in part to our conversation about {exploration}, I'm applying for the {posting} role at {organization}, and I wanted you to hear it from me: {posting_link}

I've attached my résumé. If you think it's a fit, would you be comfortable passing it on to the right person? No pressure at all; your advice has already helped me a great deal.

Best,
{my_name}""",
    ),
}

# After a meeting, a thank-you often goes with the invitation to connect.
_THANK_YOU_NOTE = (
    "Hi {first_name}, thank you again for our talk about {exploration}! Next, I'll "
    "{next_step}. I'd be glad to keep you posted."
)


def _built_ins() -> list[BuiltInTemplate]:
    templates = []
    for source, (subject, body, note) in _REQUESTS.items():
        templates += [
            BuiltInTemplate(MessageKind.REQUEST, source, Channel.EMAIL, subject, body),
            BuiltInTemplate(MessageKind.REQUEST, source, Channel.LINKEDIN_MESSAGE, "", body),
            BuiltInTemplate(MessageKind.REQUEST, source, Channel.LINKEDIN_NOTE, "", note),
        ]
    for kind, (subject, body) in _OTHERS.items():
        templates += [
            BuiltInTemplate(kind, "", Channel.EMAIL, subject, body),
            BuiltInTemplate(kind, "", Channel.LINKEDIN_MESSAGE, "", body),
        ]
        if kind == MessageKind.THANK_YOU:
            templates.append(BuiltInTemplate(kind, "", Channel.LINKEDIN_NOTE, "", _THANK_YOU_NOTE))
    return templates


BUILT_IN_TEMPLATES: list[BuiltInTemplate] = _built_ins()
BUILT_IN_BY_KEY: dict[str, BuiltInTemplate] = {t.key: t for t in BUILT_IN_TEMPLATES}

# Where to look when a channel has no template of its own: a LinkedIn message can stand
# in for a note (the length check then says whether it fits), and an email for a message.
_CHANNEL_FALLBACKS: dict[str, tuple[str, ...]] = {
    Channel.LINKEDIN_NOTE: (Channel.LINKEDIN_NOTE, Channel.LINKEDIN_MESSAGE, Channel.EMAIL),
    Channel.LINKEDIN_MESSAGE: (Channel.LINKEDIN_MESSAGE, Channel.EMAIL),
}


def built_in_for(kind: str, source: str, channel: str) -> BuiltInTemplate:
    """The built-in template for this kind of message, person's source and channel."""
    for each in _CHANNEL_FALLBACKS.get(channel, (channel, Channel.EMAIL)):
        for key in (f"{kind}.{source}.{each}", f"{kind}.anyone.{each}"):
            if key in BUILT_IN_BY_KEY:
                return BUILT_IN_BY_KEY[key]
    return BUILT_IN_BY_KEY[f"{kind}.{Source.COLD}.{Channel.EMAIL}"]
