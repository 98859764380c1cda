"""The check-in drafted for someone never interviewed: the same draft page as every other
update, with what is still to fill in, the coach's findings and the user's own template."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from coffeechat.accounts.models import profile_for
from coffeechat.growth.relationships import draft_check_in_for
from coffeechat.network.models import Exploration, Organization, Person, Source
from coffeechat.outreach.models import Channel, Message, MessageKind, MessageTemplate


def url(person: Person) -> str:
    return f"/network/drifting/{person.pk}/check-in/"


def test_the_page_lists_what_is_still_to_fill_in_and_cancels_to_the_person(
    alice: User, alice_client: Client
) -> None:
    person = Person.objects.create(user=alice, first_name="Linus", email="linus@example.org")
    page = alice_client.get(url(person)).content.decode()
    assert "Write a check-in to" in page and "Hi Linus" in page
    # No organization on their page, no name in Settings, no exploration: all bracketed and
    # listed, with a hint each.
    assert "Fill these in before sending" in page
    assert "[what you are exploring]" in page and "under Explorations" in page
    assert "[their organization]" in page and "Add their organization on their page." in page
    assert "[your name]" in page and "Add your name in Settings." in page
    assert f'href="{person.get_absolute_url()}">Cancel</a>' in page


def test_what_is_known_is_filled_in_and_not_listed(alice: User, alice_client: Client) -> None:
    profile = profile_for(alice)
    profile.name = "Sam Rivera"
    profile.save()
    northwind = Organization.objects.create(user=alice, name="Northwind Health")
    person = Person.objects.create(
        user=alice, first_name="Linus", email="linus@example.org", organization=northwind
    )
    Exploration.objects.create(user=alice, name="UX research")
    Exploration.objects.create(user=alice, name="Teaching", archived=True)
    draft = draft_check_in_for(person)
    assert "Northwind Health" in draft.body and "Sam Rivera" in draft.body
    assert "I've been exploring UX research" in draft.body, "the open exploration, not the archived"
    assert draft.missing == []
    # Never interviewed: the draft does not thank them for advice they never gave.
    assert "advice" not in draft.body and draft.template_name == "Check-in · saying hello"
    assert draft.kind == MessageKind.CHECK_IN and draft.channel == Channel.EMAIL
    assert draft.subject == "It's been a while, Linus"


def test_the_users_own_template_for_the_persons_source_comes_first(alice: User) -> None:
    person = Person.objects.create(
        user=alice, first_name="Linus", email="linus@example.org", source=Source.EVENT
    )
    for name, source in (("For everyone", ""), ("For people met at events", Source.EVENT)):
        MessageTemplate.objects.create(
            user=alice,
            name=name,
            kind=MessageKind.CHECK_IN,
            source=source,
            channel=Channel.EMAIL,
            subject="Hello {first_name}",
            body=f"{name}: hi {{first_name}}, we met at {{event}}. {{Unknown}}",
        )
    draft = draft_check_in_for(person)
    assert draft.template_name == "For people met at events" and draft.template_id is not None
    assert draft.body.startswith("For people met at events: hi Linus, we met at [the event")
    assert draft.missing[0][0] == "the event where you met"
    assert draft.unknown == ["Unknown"]


def test_someone_without_an_address_gets_a_linkedin_message_without_subject(
    alice: User, alice_client: Client
) -> None:
    person = Person.objects.create(user=alice, first_name="Ada")
    draft = draft_check_in_for(person)
    assert draft.channel == Channel.LINKEDIN_MESSAGE and draft.subject == ""
    page = alice_client.get(url(person)).content.decode()
    assert 'type="hidden" name="subject"' in page
    response = alice_client.post(
        url(person), {"kind": "check-in", "channel": "linkedin-message", "body": "Hi Ada!"}
    )
    message = Message.objects.get(person=person)
    assert response.status_code == 302 and message.channel == Channel.LINKEDIN_MESSAGE


def test_a_draft_of_another_kind_is_not_saved_from_the_check_in_page(
    alice: User, alice_client: Client
) -> None:
    person = Person.objects.create(user=alice, first_name="Linus", email="linus@example.org")
    response = alice_client.post(
        url(person), {"kind": "request", "channel": "email", "subject": "Hi", "body": "Hi!"}
    )
    assert response.status_code == 200 and not Message.objects.filter(person=person).exists()
    assert "The draft couldn" in response.content.decode()
