"""Messages: templates and merge fields, drafts, sending by copy, mailto: and .eml, replies."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from coffeechat.accounts.models import profile_for
from coffeechat.growth.models import Action, ActionStatus, Event
from coffeechat.interviews.models import CloseReason, Interview, Stage, Takeaway
from coffeechat.network.models import Organization, Person, Responsiveness, Source
from coffeechat.outreach.coach import coach_message
from coffeechat.outreach.compose import draft_for
from coffeechat.outreach.models import Channel, Message, MessageKind, MessageTemplate, Reply
from coffeechat.outreach.sending import eml_bytes, mailto_url
from coffeechat.outreach.templates import (
    BUILT_IN_BY_KEY,
    BUILT_IN_TEMPLATES,
    FIELDS,
    SAMPLE_VALUES,
    BuiltInTemplate,
    fill,
)
from tests.conftest import World

TEXT_CHANNELS = [Channel.EMAIL, Channel.LINKEDIN_NOTE, Channel.LINKEDIN_MESSAGE]
REQUESTS = [t for t in BUILT_IN_TEMPLATES if t.kind == MessageKind.REQUEST]
JOB_WORDS = re.compile(
    r"\b(jobs?|positions?|openings?|hiring|hire|vacanc\w*|r[ée]sum[ée]s?|apply|applying)\b", re.I
)
ASKING = re.compile(r"\?|\b(would|could|can|will) you\b|\bplease\b", re.I)


def _filled(template: BuiltInTemplate) -> str:
    subject = fill(template.subject, SAMPLE_VALUES).text
    return (
        fill(template.body, SAMPLE_VALUES).text
        if not subject
        else subject + "\n\n" + fill(template.body, SAMPLE_VALUES).text
    )


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s.strip()]


def _ids(template: BuiltInTemplate) -> str:
    return template.key


# The built-in templates, measured against the practice.


def test_there_is_a_built_in_request_for_every_way_of_knowing_someone_and_every_channel() -> None:
    for source in Source.values:
        for channel in TEXT_CHANNELS:
            assert f"request.{source}.{channel}" in BUILT_IN_BY_KEY


def test_every_other_kind_has_a_built_in_email_and_linkedin_message() -> None:
    for kind in MessageKind.values:
        if kind != MessageKind.REQUEST:
            assert f"{kind}.anyone.email" in BUILT_IN_BY_KEY
            assert f"{kind}.anyone.linkedin-message" in BUILT_IN_BY_KEY


@pytest.mark.parametrize("template", BUILT_IN_TEMPLATES, ids=_ids)
def test_every_built_in_template_fills_every_field_with_realistic_data(
    template: BuiltInTemplate,
) -> None:
    for text in (template.subject, template.body):
        filled = fill(text, SAMPLE_VALUES)
        assert filled.missing == () and filled.unknown == ()
        assert "{" not in filled.text and "[" not in filled.text


@pytest.mark.parametrize("channel", TEXT_CHANNELS)
def test_a_referral_request_names_the_referrer_in_its_first_sentence(channel: str) -> None:
    body = fill(BUILT_IN_BY_KEY[f"request.referral.{channel}"].body, SAMPLE_VALUES).text
    assert "Maya Patel" in _sentences(body)[0]


@pytest.mark.parametrize("template", BUILT_IN_TEMPLATES, ids=_ids)
def test_no_built_in_template_asks_for_a_job(template: BuiltInTemplate) -> None:
    text = _filled(template)
    for sentence in [s for s in _sentences(text) if ASKING.search(s)]:
        assert not JOB_WORDS.search(sentence), sentence
    if template.kind != MessageKind.JOB_POSTING:
        # Only the job-posting notice (seed 003: tell them you are applying) mentions one.
        assert not JOB_WORDS.search(text)


@pytest.mark.parametrize(
    "template", [t for t in REQUESTS if t.channel != Channel.LINKEDIN_NOTE], ids=_ids
)
def test_request_emails_and_messages_stay_under_100_words(template: BuiltInTemplate) -> None:
    assert len(fill(template.body, SAMPLE_VALUES).text.split()) < 100


@pytest.mark.parametrize(
    "template", [t for t in BUILT_IN_TEMPLATES if t.channel == Channel.LINKEDIN_NOTE], ids=_ids
)
def test_linkedin_notes_fit_even_a_free_accounts_200_characters(
    template: BuiltInTemplate,
) -> None:
    assert len(fill(template.body, SAMPLE_VALUES).text) < 200 < 300


@pytest.mark.parametrize("template", REQUESTS, ids=_ids)
def test_each_request_asks_a_question_for_a_small_specific_amount_of_time(
    template: BuiltInTemplate,
) -> None:
    body = fill(template.body, SAMPLE_VALUES).text
    asking = [s for s in _sentences(body) if "20 minutes" in s]
    assert len(asking) == 1 and asking[0].endswith("?")


CONNECTIONS = {
    Source.EXISTING: "Northwind Health",
    Source.REFERRAL: "Maya Patel",
    Source.ALUMNI: "alum",
    Source.COWORKER: "colleague at Northwind Health",
    Source.EVENT: "UXPA Boston 2026",
    Source.JOB_POSTING: "Research Operations Lead",
    Source.COLD: "Senior UX Researcher",
}


@pytest.mark.parametrize("template", REQUESTS, ids=_ids)
def test_each_request_puts_the_connection_first(template: BuiltInTemplate) -> None:
    body = fill(template.body, SAMPLE_VALUES).text
    assert CONNECTIONS[template.source] in _sentences(body)[0]


@pytest.mark.parametrize("template", REQUESTS, ids=_ids)
def test_each_request_is_about_them_more_than_about_the_sender(
    template: BuiltInTemplate,
) -> None:
    words = re.findall(r"[\w']+", fill(template.body, SAMPLE_VALUES).text.lower())
    you = sum(w in {"you", "your", "yours", "you're", "you've"} for w in words)
    me = sum(w in {"i", "me", "my", "mine", "i'm", "i'd", "i've", "i'll"} for w in words)
    assert you >= me


@pytest.mark.parametrize("template", BUILT_IN_TEMPLATES, ids=_ids)
def test_the_outreach_coach_finds_nothing_to_change_in_a_built_in_template(
    template: BuiltInTemplate,
) -> None:
    connection = {"referral": "Maya Patel", "event": "UXPA Boston 2026"}.get(template.source, "")
    subject = fill(template.subject, SAMPLE_VALUES).text
    body = fill(template.body, SAMPLE_VALUES).text
    report = coach_message(
        f"Subject: {subject}\n\n{body}" if subject else body,
        channel=template.channel,
        kind=template.kind,
        to_name="Chloé Moreau",
        to_org="Northwind Health",
        to_role="Senior UX Researcher",
        connection=connection,
    )
    assert report.codes == []


# Merge fields.


def test_an_unknown_merge_field_is_reported_and_left_as_written() -> None:
    filled = fill("Hi {frist_name}, {first_name.__class__} {}", {"first_name": "Ada"})
    assert filled.text == "Hi {frist_name}, {first_name.__class__} {}"
    assert filled.unknown == ("frist_name", "first_name.__class__", "")


def test_a_field_without_a_value_becomes_a_visible_placeholder() -> None:
    filled = fill("At {organization}, {first_name}.", {"first_name": "Ada", "organization": " "})
    assert filled.text == "At [their organization], Ada."
    assert filled.missing == ("organization",)


def test_double_braces_and_any_case_work_too() -> None:
    assert fill("Hi {{ first_name }} and {First_Name}", {"first_name": "Ada"}).text == (
        "Hi Ada and Ada"
    )


def test_every_field_has_a_sample_value() -> None:
    assert set(SAMPLE_VALUES) == set(FIELDS)


# Sending by mailto: and .eml.


def test_a_mailto_link_is_percent_encoded_with_crlf_line_breaks() -> None:
    body = "Hi Chloé,\n\nWould you have 20 minutes? Q&A + coffee = 100% fine."
    url = mailto_url("chloe+work@example.org", "Coffee & a question", body)
    assert url.startswith("mailto:chloe%2Bwork@example.org?subject=Coffee%20%26%20a%20question&")
    assert " " not in url and "+" not in url and "\n" not in url
    assert "%0D%0A%0D%0AWould" in url and "Chlo%C3%A9" in url
    query = parse_qs(urlsplit(url).query)
    assert query["subject"] == ["Coffee & a question"]
    assert query["body"] == [body.replace("\n", "\r\n")]
    assert unquote(urlsplit(url).path) == "chloe+work@example.org"


def test_a_mailto_link_without_an_address_still_opens_a_draft() -> None:
    assert mailto_url("", "Hello", "") == "mailto:?subject=Hello"


def test_the_eml_file_parses_back_with_the_email_package(world: World) -> None:
    message = world.message
    message.person.email = "grace@example.org"
    message.person.first_name = "Chloé"
    message.subject = "Thank you, Chloé"
    message.body = "Hi Chloé,\n\nThank you!\n\nSam"
    data = eml_bytes(message, sender_name="Sam Rivera", sender_email="sam@example.org")
    parsed = email.message_from_bytes(data, policy=email.policy.default)
    assert parsed["To"].addresses[0].display_name == "Chloé Hopper"
    assert parsed["To"].addresses[0].addr_spec == "grace@example.org"
    assert str(parsed["From"]) == "Sam Rivera <sam@example.org>"
    assert parsed["Subject"] == "Thank you, Chloé"
    assert parsed["X-Unsent"] == "1"
    assert parsed.get_content().replace("\r\n", "\n") == "Hi Chloé,\n\nThank you!\n\nSam\n"


def test_the_eml_download_is_named_after_the_person(world: World, alice_client: Client) -> None:
    world.message.subject = "Hello"
    world.message.save()
    response = alice_client.get(f"/messages/{world.message.pk}/eml/")
    assert response["Content-Type"] == "message/rfc822"
    assert 'filename="request-grace-hopper.eml"' in response["Content-Disposition"]
    parsed = email.message_from_bytes(response.content, policy=email.policy.default)
    assert parsed["Subject"] == "Hello" and str(parsed["From"]) == "alice@example.org"


# Drafting for a real interview.


@pytest.fixture
def referred(alice: User, world: World) -> Interview:
    """An interview with Chloé, whom Grace (of the world) referred."""
    profile = profile_for(alice)
    profile.name = "Alice Liddell"
    profile.introduction = "I'm a teacher moving into UX research. I love interviews."
    profile.save()
    chloe = Person.objects.create(
        user=alice,
        first_name="Chloé",
        last_name="Moreau",
        position="Research Manager",
        organization=Organization.objects.create(user=alice, name="Brightpath Learning"),
        email="chloe@example.org",
        source=Source.REFERRAL,
        referred_by=world.person,
    )
    return Interview.objects.create(
        user=alice, person=chloe, exploration=world.exploration, length_minutes=20
    )


def test_the_request_to_a_referred_person_starts_with_the_referrer(referred: Interview) -> None:
    draft = draft_for(referred, MessageKind.REQUEST, Channel.EMAIL)
    assert draft.subject == "Grace Hopper suggested I get in touch"
    assert (
        _sentences(draft.body)[0] == "Hi Chloé,\n\nGrace Hopper suggested I get in touch with you."
    )
    assert "Would you have 20 minutes" in draft.body
    assert "I'm a teacher moving into UX research." in draft.body
    assert "I love interviews" not in draft.body, "only the introduction's first sentence"
    assert draft.body.endswith("Alice Liddell")
    assert draft.missing == [] and draft.unknown == []


def test_a_value_the_person_lacks_is_listed_with_what_to_do(
    world: World, alice_client: Client
) -> None:
    page = alice_client.get(
        f"/interviews/{world.interview.pk}/messages/new/?kind=request&channel=email"
    ).content.decode()
    assert "[one sentence about you]" in page
    assert "Write your introduction in Settings" in page
    assert "Would you have 30 minutes" in page


def test_the_compose_page_picks_the_next_message_and_the_channel(
    referred: Interview, alice_client: Client
) -> None:
    page = alice_client.get(f"/interviews/{referred.pk}/messages/new/").content.decode()
    assert '<option value="request" selected>' in page
    assert '<option value="email" selected>' in page
    assert "Grace Hopper suggested I get in touch with you." in page


def test_without_an_email_a_stranger_gets_a_linkedin_note(
    referred: Interview, alice_client: Client
) -> None:
    Person.objects.filter(pk=referred.person_id).update(email="")
    page = alice_client.get(f"/interviews/{referred.pk}/messages/new/").content.decode()
    assert '<option value="linkedin-note" selected>' in page
    assert "Grace Hopper suggested I reach out to you." in page


def test_saving_the_draft_creates_a_message_for_the_interview(
    referred: Interview, alice_client: Client, alice: User
) -> None:
    response = alice_client.post(
        f"/interviews/{referred.pk}/messages/new/?kind=request",
        {"kind": "request", "channel": "email", "subject": "Hello", "body": "Hi Chloé?"},
    )
    message = Message.objects.get(interview=referred)
    assert response["Location"] == f"/messages/{message.pk}/"
    assert (message.user, message.person, message.kind, message.channel) == (
        alice,
        referred.person,
        "request",
        "email",
    )
    assert (message.subject, message.body, message.sent_at) == ("Hello", "Hi Chloé?", None)


def test_the_thank_you_mentions_the_marked_points_and_the_next_step(
    alice: User, world: World, alice_client: Client
) -> None:
    interview = world.interview
    interview.notes = "- Start with a small study of your own.\n\n* Portfolios beat degrees."
    interview.save()
    second = Takeaway.objects.create(
        user=alice, interview=interview, person=world.person, text="Read Just Enough Research."
    )
    Action.objects.filter(pk=world.action.pk).update(title="Take a SQL course")
    url = f"/interviews/{interview.pk}/messages/new/?kind=thank-you&channel=email"
    page = alice_client.get(url).content.decode()
    # Unmarked, the first two takeaways are offered.
    assert "- Learn SQL.\n- Read Just Enough Research." in page
    assert "Next, I&#x27;m going to take a SQL course." in page
    page = alice_client.get(url + f"&picked=1&point=n0&point=t{second.pk}").content.decode()
    assert "- Start with a small study of your own.\n- Read Just Enough Research." in page
    assert "Learn SQL" not in page.split("<textarea")[1]


def test_an_update_names_the_advice_that_was_taken(world: World) -> None:
    Action.objects.filter(pk=world.action.pk).update(
        status=ActionStatus.DONE, done_at=timezone.now(), title="Join UXPA."
    )
    draft = draft_for(world.interview, MessageKind.UPDATE, Channel.EMAIL)
    assert "you suggested I join UXPA. I did" in draft.body


def test_a_met_at_an_event_request_names_the_event(world: World) -> None:
    Person.objects.filter(pk=world.person.pk).update(source=Source.EVENT)
    world.interview.refresh_from_db()
    Event.objects.create(user=world.person.user, name="Older meetup", date=dt.date(2020, 1, 1))
    draft = draft_for(world.interview, MessageKind.REQUEST, Channel.LINKEDIN_NOTE)
    assert draft.body.startswith("Hi Grace, it was great meeting you at UXPA.")


def test_a_follow_up_answers_the_request_by_its_subject(world: World) -> None:
    world.message.subject = "A question about UX research"
    world.message.sent_at = timezone.now()
    world.message.save()
    draft = draft_for(world.interview, MessageKind.FOLLOW_UP, Channel.EMAIL)
    assert draft.subject == "Re: A question about UX research"


# The user's own templates.


def test_a_users_template_replaces_the_built_in_for_new_drafts(
    referred: Interview, alice: User
) -> None:
    MessageTemplate.objects.create(
        user=alice, name="For anyone", kind="request", body="Hello {first_name} (anyone)"
    )
    draft = draft_for(referred, MessageKind.REQUEST, Channel.EMAIL)
    assert draft.body == "Hello Chloé (anyone)" and draft.template_name == "For anyone"
    MessageTemplate.objects.create(
        user=alice, name="Referrals", kind="request", source="referral", body="Via {referrer}"
    )
    assert draft_for(referred, MessageKind.REQUEST, Channel.EMAIL).body == "Via Grace Hopper"
    built_in = draft_for(referred, MessageKind.REQUEST, Channel.EMAIL, built_in=True)
    assert built_in.body.startswith("Hi Chloé,\n\nGrace Hopper suggested")


def test_customizing_a_built_in_template_starts_from_its_text(
    alice_client: Client, alice: User
) -> None:
    url = "/settings/templates/new/?from=request.cold.email"
    page = alice_client.get(url).content.decode()
    assert "Your work as {position}" in page
    response = alice_client.post(
        url,
        {
            "name": "My cold email",
            "kind": "request",
            "source": "cold",
            "channel": "email",
            "subject": "Your work at {organization}",
            "body": "Hi {first_name}, would you have {minutes} minutes?",
        },
    )
    assert response.status_code == 302
    template = MessageTemplate.objects.get(user=alice)
    assert (template.name, template.based_on) == ("My cold email", "request.cold.email")
    assert "replaced by yours" in alice_client.get("/settings/templates/").content.decode()


def test_a_template_with_an_unknown_field_is_refused_naming_the_field(
    alice_client: Client,
) -> None:
    response = alice_client.post(
        "/settings/templates/new/",
        {"name": "Typo", "kind": "request", "channel": "email", "body": "Hi {frist_name}"},
    )
    assert response.status_code == 200
    assert "Not a merge field: {frist_name}" in response.content.decode()
    assert not MessageTemplate.objects.exists()


def test_editing_a_template_saves_it_and_previews_it(world: World, alice_client: Client) -> None:
    url = f"/settings/templates/{world.message_template.pk}/"
    assert "Hi Chloé, how are things?" in alice_client.get(url).content.decode()
    alice_client.post(
        url,
        {
            "name": "Shorter",
            "kind": "request",
            "channel": "linkedin-note",
            "body": "Hi {first_name}!",
        },
    )
    world.message_template.refresh_from_db()
    assert (world.message_template.name, world.message_template.channel) == (
        "Shorter",
        "linkedin-note",
    )


def test_deleting_a_template_brings_back_the_built_in(world: World, alice_client: Client) -> None:
    alice_client.post(f"/settings/templates/{world.message_template.pk}/delete/")
    assert not MessageTemplate.objects.filter(pk=world.message_template.pk).exists()
    draft = draft_for(world.interview, MessageKind.REQUEST, Channel.EMAIL)
    assert draft.template_name == "Request · existing network · Email"


def test_bob_cannot_compose_with_alices_template(
    world: World, bob: User, bob_client: Client
) -> None:
    person = Person.objects.create(user=bob, first_name="Ben")
    interview = Interview.objects.create(user=bob, person=person)
    url = f"/interviews/{interview.pk}/messages/new/?template={world.message_template.pk}"
    assert bob_client.get(url).status_code == 404


def test_bobs_template_list_shows_nothing_of_alices(world: World, bob_client: Client) -> None:
    page = bob_client.get("/settings/templates/").content.decode()
    assert "Quick check-in" not in page and "None yet" in page


# Sending and the pipeline.


def _mark_sent(client: Client, message: Message, **edits: str) -> None:
    response = client.post(f"/messages/{message.pk}/send/", {"how": "mark", **edits})
    assert response.status_code == 302


@pytest.mark.parametrize("stage", [Stage.IDEA, Stage.RESEARCHING])
def test_marking_a_request_sent_moves_the_interview_to_requested(
    stage: str, world: World, alice_client: Client
) -> None:
    if stage != Stage.IDEA:
        world.interview.move_to(stage)
    _mark_sent(alice_client, world.message)
    world.message.refresh_from_db()
    world.interview.refresh_from_db()
    assert world.message.sent_at is not None
    assert world.interview.stage == Stage.REQUESTED
    assert world.interview.requested_at == world.message.sent_at


def test_marking_sent_saves_the_edits_made_on_the_page(world: World, alice_client: Client) -> None:
    _mark_sent(alice_client, world.message, channel="email", subject="Hi", body="Edited?")
    world.message.refresh_from_db()
    assert (world.message.subject, world.message.body) == ("Hi", "Edited?")


def test_marking_sent_twice_keeps_the_first_time(world: World, alice_client: Client) -> None:
    _mark_sent(alice_client, world.message)
    world.message.refresh_from_db()
    first = world.message.sent_at
    _mark_sent(alice_client, world.message)
    world.message.refresh_from_db()
    assert world.message.sent_at == first


def test_a_follow_up_sent_while_waiting_leaves_the_stage_alone(
    world: World, alice: User, alice_client: Client
) -> None:
    world.interview.move_to(Stage.REQUESTED)
    follow_up = Message.objects.create(
        user=alice, person=world.person, interview=world.interview, kind=MessageKind.FOLLOW_UP
    )
    _mark_sent(alice_client, follow_up)
    world.interview.refresh_from_db()
    assert world.interview.stage == Stage.REQUESTED


def test_sending_the_thank_you_moves_a_held_interview_to_thanked(
    world: World, alice: User, alice_client: Client
) -> None:
    world.interview.move_to(Stage.SCHEDULED, scheduled_at=timezone.now() - dt.timedelta(hours=2))
    world.interview.move_to(Stage.HELD)
    thanks = Message.objects.create(
        user=alice, person=world.person, interview=world.interview, kind=MessageKind.THANK_YOU
    )
    _mark_sent(alice_client, thanks)
    world.interview.refresh_from_db()
    assert world.interview.stage == Stage.THANKED and world.interview.thanked_at


def test_a_sent_message_stays_as_it_went_out(world: World, alice_client: Client) -> None:
    _mark_sent(alice_client, world.message)
    alice_client.post(f"/messages/{world.message.pk}/", {"channel": "email", "body": "Changed"})
    world.message.refresh_from_db()
    assert world.message.body == "Hello"


def test_without_smtp_the_page_offers_copy_mailto_eml_and_mark_as_sent(
    world: World, alice_client: Client
) -> None:
    page = alice_client.get(f"/messages/{world.message.pk}/").content.decode()
    assert 'data-copy-target="id_body"' in page
    assert 'href="mailto:?body=Hello"' in page
    assert f'href="/messages/{world.message.pk}/eml/"' in page
    assert 'value="mark"' in page and 'value="smtp"' not in page
    assert "the interview then moves to requested" in page


def test_asking_to_send_by_smtp_without_it_keeps_the_draft(
    world: World, alice_client: Client
) -> None:
    response = alice_client.post(
        f"/messages/{world.message.pk}/send/", {"how": "smtp"}, follow=True
    )
    assert "set EMAIL_HOST" in response.content.decode()
    world.message.refresh_from_db()
    assert world.message.sent_at is None


def test_message_pages_carry_no_inline_javascript(world: World, alice_client: Client) -> None:
    urls = [
        f"/messages/{world.message.pk}/",
        f"/interviews/{world.interview.pk}/messages/new/",
        f"/interviews/{world.interview.pk}/",
        "/settings/templates/",
    ]
    for url in urls:
        page = alice_client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert not re.search(r"\son[a-z]+=", page), url


def test_the_interview_page_lists_its_messages_and_offers_the_next_one(
    world: World, alice_client: Client
) -> None:
    page = alice_client.get(f"/interviews/{world.interview.pk}/").content.decode()
    section = page.split('id="messages"')[1].split("</section>")[0]
    assert f'href="/messages/{world.message.pk}/"' in section and "Draft" in section
    assert f"/interviews/{world.interview.pk}/messages/new/?kind=request" in section
    assert "Write the request" in section
    world.interview.move_to(Stage.SCHEDULED, scheduled_at=timezone.now())
    world.interview.move_to(Stage.HELD)
    page = alice_client.get(f"/interviews/{world.interview.pk}/").content.decode()
    assert "Write the thank-you" in page


# Replies.


@pytest.fixture
def sent(world: World) -> Message:
    """Alice's request to Grace, sent three days ago; the interview waits for an answer."""
    world.message.mark_sent(at=timezone.now() - dt.timedelta(days=3))
    return world.message


def _reply(client: Client, message: Message, answer: str, on: dt.date, **more: str) -> str:
    response = client.post(
        f"/messages/{message.pk}/reply/", {"answer": answer, "replied_on": on.isoformat(), **more}
    )
    assert response.status_code == 302, response.content.decode()
    return response["Location"]


def test_a_yes_keeps_the_interview_requested_and_points_to_scheduling(
    sent: Message, alice_client: Client
) -> None:
    location = _reply(alice_client, sent, Reply.YES, timezone.localdate())
    assert location == f"/interviews/{sent.interview_id}/#stage"
    sent.refresh_from_db()
    assert sent.reply == Reply.YES and sent.replied_at is not None
    assert Interview.objects.get(pk=sent.interview_id).stage == Stage.REQUESTED


def test_a_yes_with_a_time_schedules_the_interview(sent: Message, alice_client: Client) -> None:
    _reply(alice_client, sent, Reply.YES, timezone.localdate(), scheduled_at="2031-05-06T15:30")
    interview = Interview.objects.get(pk=sent.interview_id)
    assert interview.stage == Stage.SCHEDULED
    assert timezone.localtime(interview.scheduled_at).strftime("%Y-%m-%d %H:%M") == (
        "2031-05-06 15:30"
    )


def test_a_no_closes_the_interview_as_declined(sent: Message, alice_client: Client) -> None:
    _reply(alice_client, sent, Reply.NO, timezone.localdate())
    interview = Interview.objects.get(pk=sent.interview_id)
    assert (interview.stage, interview.close_reason) == (Stage.CLOSED, CloseReason.DECLINED)


def test_a_later_keeps_the_interview_requested(sent: Message, alice_client: Client) -> None:
    _reply(alice_client, sent, Reply.LATER, timezone.localdate())
    assert Interview.objects.get(pk=sent.interview_id).stage == Stage.REQUESTED
    assert Message.objects.get(pk=sent.pk).reply == Reply.LATER


def test_a_reply_within_two_days_makes_the_person_a_booster(
    sent: Message, alice_client: Client
) -> None:
    _reply(alice_client, sent, Reply.NO, timezone.localdate(sent.sent_at) + dt.timedelta(days=2))
    assert Person.objects.get(pk=sent.person_id).responsiveness == Responsiveness.BOOSTER


def test_a_reply_only_after_the_follow_up_makes_the_person_slow(
    sent: Message, alice: User, alice_client: Client
) -> None:
    follow_up = Message.objects.create(
        user=alice, person=sent.person, interview=sent.interview, kind=MessageKind.FOLLOW_UP
    )
    follow_up.mark_sent()
    _reply(alice_client, follow_up, Reply.YES, timezone.localdate())
    assert Person.objects.get(pk=sent.person_id).responsiveness == Responsiveness.SLOW


def test_closing_as_no_reply_marks_the_person_as_not_replying(
    sent: Message, alice_client: Client
) -> None:
    alice_client.post(
        f"/interviews/{sent.interview_id}/move/", {"stage": "closed", "close_reason": "no-reply"}
    )
    assert Person.objects.get(pk=sent.person_id).responsiveness == Responsiveness.NO_REPLY


def test_a_later_reply_outweighs_an_old_silence(
    sent: Message, alice: User, alice_client: Client
) -> None:
    sent.interview.move_to(Stage.CLOSED, close_reason=CloseReason.NO_REPLY)
    assert Person.objects.get(pk=sent.person_id).responsiveness == Responsiveness.NO_REPLY
    again = Interview.objects.create(user=alice, person=sent.person)
    request = Message.objects.create(user=alice, person=sent.person, interview=again)
    request.mark_sent()
    _reply(alice_client, request, Reply.YES, timezone.localdate())
    assert Person.objects.get(pk=sent.person_id).responsiveness == Responsiveness.BOOSTER


def test_a_reply_cannot_come_before_the_message(sent: Message, alice_client: Client) -> None:
    response = alice_client.post(
        f"/messages/{sent.pk}/reply/",
        {"answer": "yes", "replied_on": (timezone.localdate() - dt.timedelta(days=9)).isoformat()},
    )
    assert response.status_code == 200
    assert "the reply can&#x27;t be earlier" in response.content.decode()
    assert Message.objects.get(pk=sent.pk).reply == ""


def test_a_draft_cannot_get_a_reply(world: World, alice_client: Client) -> None:
    alice_client.post(
        f"/messages/{world.message.pk}/reply/",
        {"answer": "yes", "replied_on": timezone.localdate().isoformat()},
    )
    assert Message.objects.get(pk=world.message.pk).reply == ""


def test_the_sent_page_offers_the_reply_form(sent: Message, alice_client: Client) -> None:
    page = alice_client.get(f"/messages/{sent.pk}/").content.decode()
    assert 'id="reply"' in page and 'name="answer"' in page and 'name="scheduled_at"' in page
    assert 'data-copy-target="message-text"' in page


def test_deleting_a_draft_goes_back_to_the_interview(world: World, alice_client: Client) -> None:
    response = alice_client.post(f"/messages/{world.message.pk}/delete/")
    assert response["Location"] == f"/interviews/{world.interview.pk}/"
    assert not Message.objects.filter(pk=world.message.pk).exists()


def test_an_eml_for_an_address_that_is_not_one_leaves_to_empty(world: World) -> None:
    world.message.person.email = "not an address"
    parsed = email.message_from_bytes(eml_bytes(world.message), policy=email.policy.default)
    assert parsed["To"] is None and parsed["From"] is None


def test_the_coach_reads_the_draft_as_it_is_typed_without_saving_it(
    world: World, alice_client: Client
) -> None:
    page = alice_client.get(f"/messages/{world.message.pk}/").content.decode()
    assert f'hx-post="/messages/{world.message.pk}/coach/"' in page
    response = alice_client.post(
        f"/messages/{world.message.pk}/coach/",
        {"subject": "Hello", "body": "Hi Grace, are you hiring? Could you pass on my resume?"},
    )
    html = response.content.decode()
    assert 'data-code="asks-for-job"' in html and "words" in html
    world.message.refresh_from_db()
    assert world.message.body == "Hello"


def test_a_free_linkedin_account_has_a_shorter_note_limit(
    world: World, alice_client: Client, alice: User
) -> None:
    Message.objects.filter(pk=world.message.pk).update(channel="linkedin-note")
    note = (
        "Hi Grace, "
        + "I admire your research at Northwind Health. " * 5
        + "Could we talk for 20 minutes?"
    )
    assert 200 < len(note) <= 300
    url = f"/messages/{world.message.pk}/coach/"
    assert 'data-code="too-long"' not in alice_client.post(url, {"body": note}).content.decode()
    profile = profile_for(alice)
    profile.linkedin_free_account = True
    profile.save()
    assert 'data-code="too-long"' in alice_client.post(url, {"body": note}).content.decode()
