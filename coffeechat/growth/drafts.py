"""The messages that keep a relationship going after the meeting, drafted from what happened.

Each draft is about one thing the user did: an action someone suggested, a resource someone
recommended, a conversation someone made possible, or a posting applied for at a contact's
organization. The draft fills the same merge fields as every other message (see
`coffeechat.outreach.templates`), and the user saves it, edits it and sends it like any
message. None of them asks for a job (seed 003): the note about a posting tells the contact
about the application and attaches the résumé, and that is all.
"""

from __future__ import annotations

from django.db.models import F

from coffeechat.accounts.models import profile_for
from coffeechat.growth.models import Action, JobPosting, Resource
from coffeechat.interviews.models import Interview
from coffeechat.network.models import Person
from coffeechat.outreach.compose import Draft, TemplateChoice, _inline, first_sentence
from coffeechat.outreach.models import Channel, MessageKind
from coffeechat.outreach.templates import fill

ACTION_UPDATE = (
    "I took your advice",
    """Hi {first_name},

I took your advice! You suggested I {advice_taken}, and I did. Thank you for the push: it made a real difference.

I'll keep you posted on what comes next.

Best,
{my_name}""",
)

RESOURCE_UPDATE = (
    "Thank you for recommending “{title}”",
    """Hi {first_name},

You recommended “{title}”, and I've now {verb} it. Thank you for pointing me to it: it was exactly what I needed.

I'll keep you posted on what comes next.

Best,
{my_name}""",
)

REFERRAL_UPDATE = (
    "Thank you for introducing me to {referred_first}",
    """Hi {first_name},

I spoke with {referred}, thank you for the introduction! It was a generous, useful conversation, and I came away with a much clearer picture of where I'm heading.

I'll keep you posted on what comes next.

Best,
{my_name}""",
)

POSTING_NOTE = (
    "I applied for the {posting} role",
    """Hi {first_name},

I wanted you to hear it from me: I've applied for the {posting} role at {organization}. Here is the posting: {posting_link}

Our conversation helped me see that this is work I want to do, so thank you again. I've attached my résumé so you can see where I am now.

Best,
{my_name}""",
)

CHECK_IN_HELLO = (
    "It's been a while, {first_name}",
    """Hi {first_name},

It's been a while, and you came to mind. I hope all is well at {organization}! How are things on your side?

On my side, I've been exploring {exploration}, and I'm enjoying learning from the people who do that work.

No need for a long reply; I just wanted to say hello.

Best,
{my_name}""",
)

# What the user did on the advice, in their own update template: "You suggested I read …".
ADVICE_VERBS: dict[str, str] = {
    "book": "read",
    "article": "read",
    "podcast": "listen to",
    "newsletter": "subscribe to",
    "course": "take",
    "community": "join",
    "event": "go to",
}

# How a finished resource is talked about: "I've now read it".
FINISHED_VERBS: dict[str, str] = {
    "book": "read",
    "article": "read",
    "podcast": "listened to",
    "newsletter": "subscribed to",
    "course": "finished",
    "community": "joined",
    "event": "been to",
}


BEST_MATCH = TemplateChoice()


def channel_for(person: Person) -> str:
    """Email when there is an address, else a LinkedIn message."""
    return Channel.EMAIL if person.email else Channel.LINKEDIN_MESSAGE


def latest_interview(person: Person) -> Interview | None:
    """The conversation a message to this person belongs with, if any."""
    return (
        Interview.objects.filter(user_id=person.user_id, person=person)
        .order_by(F("held_at").desc(nulls_last=True), "-created_at", "-id")
        .first()
    )


def posting_contact(posting: JobPosting) -> Person | None:
    """Who at the posting's organization the user has interviewed: a held interview first."""
    if posting.organization_id is None:
        return None
    interview = (
        Interview.objects.filter(
            user_id=posting.user_id, person__organization_id=posting.organization_id
        )
        .select_related("person", "person__organization")
        .order_by(F("held_at").desc(nulls_last=True), "-created_at", "-id")
        .first()
    )
    return interview.person if interview is not None else None


def _escape(text: str) -> str:
    """A name or title put into a template, so that braces in it are not taken as fields."""
    return text.replace("{", "(").replace("}", ")")


def _draft(
    person: Person,
    kind: str,
    built_in: tuple[str, str],
    name: str,
    choice: TemplateChoice,
    **values: str,
) -> Draft:
    """The draft from the user's own template for this kind (as `choice` says), else from
    `built_in`, whose words of its own are already in (see `_with`)."""
    profile = profile_for(person.user)
    merge = {
        "first_name": person.first_name,
        "organization": person.organization.name if person.organization else "",
        "position": person.position,
        "introduction": first_sentence(profile.introduction),
        "my_name": profile.name or person.user.get_full_name(),
        **values,
    }
    channel = channel_for(person)
    own = choice.template(person.user, kind, channel, person.source)
    subject_text, body_text = (own.subject, own.body) if own is not None else built_in
    subject = fill(subject_text if channel == Channel.EMAIL else "", merge)
    return Draft.filled(
        kind,
        channel,
        subject,
        fill(body_text, merge),
        own.name if own is not None else name,
        own.pk if own is not None else None,
    )


def _with(template: tuple[str, str], **words: str) -> tuple[str, str]:
    """A template with words of its own (a title, a name) put in before the merge fields."""
    subject, body = template
    for key, word in words.items():
        subject = subject.replace("{" + key + "}", _escape(word))
        body = body.replace("{" + key + "}", _escape(word))
    return subject, body


def action_update(action: Action, choice: TemplateChoice = BEST_MATCH) -> Draft:
    """The update to whoever suggested the action: "I took your advice …"."""
    person = _required(action.suggested_by)
    return _draft(
        person,
        MessageKind.UPDATE,
        ACTION_UPDATE,
        "Update · advice taken",
        choice,
        advice_taken=_inline(action.title),
    )


def resource_update(resource: Resource, choice: TemplateChoice = BEST_MATCH) -> Draft:
    """The thanks to whoever recommended a resource the user has finished. In the user's own
    update template, what they did on the advice is "read “the title”" and the like."""
    person = _required(resource.recommended_by)
    title = resource.title.strip()
    verb = FINISHED_VERBS.get(resource.kind, "looked into")
    template = _with(RESOURCE_UPDATE, title=title, verb=verb)
    advice_taken = f"{ADVICE_VERBS.get(resource.kind, 'look into')} “{title}”"
    return _draft(
        person,
        MessageKind.UPDATE,
        template,
        "Update · resource finished",
        choice,
        advice_taken=advice_taken,
    )


def referral_update(referred: Person, choice: TemplateChoice = BEST_MATCH) -> Draft:
    """The thanks to whoever introduced the user to `referred`, once they have spoken. In the
    user's own update template, what they did on the advice is "talk with <them>"."""
    person = _required(referred.referred_by)
    template = _with(REFERRAL_UPDATE, referred=referred.name, referred_first=referred.first_name)
    return _draft(
        person,
        MessageKind.UPDATE,
        template,
        "Update · thanks for the introduction",
        choice,
        advice_taken=f"talk with {referred.name}",
    )


def posting_note(
    posting: JobPosting, contact: Person, choice: TemplateChoice = BEST_MATCH
) -> Draft:
    """The note to a contact at the posting's organization: applied, the link, the résumé."""
    return _draft(
        contact,
        MessageKind.JOB_POSTING,
        POSTING_NOTE,
        "Job-posting notice · applied",
        choice,
        posting=posting.title,
        posting_link=posting.url,
        organization=posting.organization.name if posting.organization else "",
    )


def _required(person: Person | None) -> Person:
    if person is None:
        raise ValueError("nobody to write to")
    return person
