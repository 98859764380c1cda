"""The user's own templates for updates, posting notes and check-ins take the place of the
built-in ones, as they do for every other message; the draft page lets the user pick."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from coffeechat.growth import drafts
from coffeechat.growth.models import Action, ActionStatus, JobPosting, Resource
from coffeechat.interviews.models import Interview
from coffeechat.network.models import Organization, Person
from coffeechat.outreach.compose import TemplateChoice
from coffeechat.outreach.models import Channel, Message, MessageKind, MessageTemplate

UPDATE_BODY = "Dear {first_name}, on your advice I did this: {advice_taken}. {my_name}"


def template(user: User, kind: str, body: str, **fields: str) -> MessageTemplate:
    return MessageTemplate.objects.create(
        user=user,
        name=fields.pop("name", "Mine"),
        kind=kind,
        channel=fields.pop("channel", Channel.EMAIL),
        subject=fields.pop("subject", "News, {first_name}"),
        body=body,
        **fields,
    )


def grace(user: User, **fields: str) -> Person:
    northwind = Organization.objects.create(user=user, name="Northwind Health")
    fields.setdefault("email", "grace@example.org")
    return Person.objects.create(
        user=user, first_name="Grace", last_name="Hopper", organization=northwind, **fields
    )


def test_an_update_is_drafted_from_the_users_own_template_and_can_go_back_to_the_built_in(
    alice: User, alice_client: Client
) -> None:
    person = grace(alice)
    action = Action.objects.create(
        user=alice, title="Join the local UXPA chapter.", suggested_by=person
    )
    action.status = ActionStatus.DONE
    action.save()
    mine = template(alice, MessageKind.UPDATE, UPDATE_BODY, name="Short and sweet")

    draft = drafts.action_update(action)
    assert draft.template_id == mine.pk and draft.subject == "News, Grace"
    assert draft.body.startswith("Dear Grace, on your advice I did this: join the local UXPA")

    built_in = drafts.action_update(action, TemplateChoice(built_in=True))
    assert built_in.template_id is None and "I took your advice!" in built_in.body

    url = f"/growth/actions/{action.pk}/update/"
    page = alice_client.get(url).content.decode()
    assert "Dear Grace, on your advice" in page and "From your template “Short and sweet”" in page
    assert f'<option value="{mine.pk}">Yours: Short and sweet</option>' in page
    page = alice_client.get(url + "?template=built-in").content.decode()
    assert "I took your advice!" in page and '<option value="built-in" selected>' in page

    # Saved from the page that drafted with the built-in template: still an update.
    alice_client.post(
        url + "?template=built-in",
        {"kind": "update", "channel": "email", "subject": "Thanks", "body": "Hi Grace!"},
    )
    assert Message.objects.get(person=person).kind == MessageKind.UPDATE


def test_a_resource_and_an_introduction_say_what_was_done_in_the_users_own_words(
    alice: User,
) -> None:
    person = grace(alice)
    template(alice, MessageKind.UPDATE, UPDATE_BODY)
    podcast = Resource.objects.create(
        user=alice, kind="podcast", title="Mixed Methods ", recommended_by=person
    )
    assert "I did this: listen to “Mixed Methods”." in drafts.resource_update(podcast).body
    referred = Person.objects.create(user=alice, first_name="Maya", last_name="Patel")
    referred.referred_by = person
    referred.save()
    assert "I did this: talk with Maya Patel." in drafts.referral_update(referred).body


def test_a_posting_note_fills_the_posting_in_the_users_own_template(alice: User) -> None:
    person = grace(alice)
    Interview.objects.create(user=alice, person=person)
    posting = JobPosting.objects.create(
        user=alice,
        title="Research Operations Lead",
        organization=person.organization,
        url="https://careers.northwind.example/jobs/4521",
    )
    template(
        alice,
        MessageKind.JOB_POSTING,
        "Hi {first_name}, I applied for {posting} at {organization}: {posting_link}",
    )
    contact = drafts.posting_contact(posting)
    assert contact == person
    note = drafts.posting_note(posting, contact)
    assert note.body == (
        "Hi Grace, I applied for Research Operations Lead at Northwind Health: "
        "https://careers.northwind.example/jobs/4521"
    )
    assert note.missing == []


def test_only_a_template_for_the_same_channel_is_used(alice: User) -> None:
    person = grace(alice, email="")  # no address: a LinkedIn message
    action = Action.objects.create(user=alice, title="Read a book", suggested_by=person)
    template(alice, MessageKind.UPDATE, UPDATE_BODY)  # for email only
    draft = drafts.action_update(action)
    assert draft.channel == Channel.LINKEDIN_MESSAGE and draft.template_id is None
    assert "I took your advice!" in draft.body
    linkedin = template(
        alice, MessageKind.UPDATE, "Hey {first_name}!", channel=Channel.LINKEDIN_MESSAGE
    )
    assert drafts.action_update(action).template_id == linkedin.pk


def test_another_users_template_or_one_of_another_kind_is_never_picked(
    alice: User, bob: User, alice_client: Client
) -> None:
    person = grace(alice)
    action = Action.objects.create(user=alice, title="Read a book", suggested_by=person)
    bobs = template(bob, MessageKind.UPDATE, "Bob's secret words, {first_name}")
    request = template(alice, MessageKind.REQUEST, "A request, {first_name}")
    for picked in (bobs, request):
        choice = TemplateChoice.from_query(alice, str(picked.pk), MessageKind.UPDATE)
        assert choice.picked is None
        page = alice_client.get(f"/growth/actions/{action.pk}/update/?template={picked.pk}")
        assert page.status_code == 200
        text = page.content.decode()
        assert "I took your advice!" in text
        assert "secret words" not in text and "A request," not in text


def test_the_check_in_page_offers_the_users_templates_and_the_built_in_hello(
    alice: User, alice_client: Client
) -> None:
    person = grace(alice)
    mine = template(alice, MessageKind.CHECK_IN, "Long time, {first_name}!", name="Hello")
    url = f"/network/drifting/{person.pk}/check-in/"
    page = alice_client.get(url).content.decode()
    assert "Long time, Grace!" in page and f'<option value="{mine.pk}">Yours: Hello</option>' in (
        page
    )
    page = alice_client.get(url + "?template=built-in").content.decode()
    assert "It&#x27;s been a while, and you came to mind." in page
    page = alice_client.get(url + f"?template={mine.pk}").content.decode()
    assert f'<option value="{mine.pk}" selected>Yours: Hello</option>' in page


def test_without_templates_of_their_own_the_page_offers_no_choice(
    alice: User, alice_client: Client
) -> None:
    person = grace(alice)
    page = alice_client.get(f"/network/drifting/{person.pk}/check-in/").content.decode()
    assert 'name="template"' not in page
