"""Resources: what people recommended, whether the user has looked at it, and the thanks."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from coffeechat.agenda.rules import due_items
from coffeechat.growth.models import Action, Resource, ResourceKind, ResourceStatus
from coffeechat.growth.takeaways import resource_kind_for, title_from
from coffeechat.interviews.models import Takeaway, TakeawayKind
from coffeechat.outreach.models import Message, MessageKind
from tests.conftest import World


def resource_takeaway(world: World, text: str) -> Takeaway:
    return Takeaway.objects.create(
        user=world.person.user, interview=world.interview, kind=TakeawayKind.RESOURCE, text=text
    )


def test_a_resource_takeaway_becomes_a_resource_in_one_click(
    world: World, alice_client: Client
) -> None:
    takeaway = resource_takeaway(world, "Listen to the Dollars to Donuts podcast.")
    growth = alice_client.get("/growth/").content.decode()
    assert f"/growth/takeaways/{takeaway.pk}/resource/" in growth

    alice_client.post(f"/growth/takeaways/{takeaway.pk}/resource/")
    resource = Resource.objects.get(takeaway=takeaway)
    assert resource.title == "Listen to the Dollars to Donuts podcast"
    assert resource.kind == ResourceKind.PODCAST
    assert resource.recommended_by == world.person
    assert resource.interview == world.interview and resource.takeaway == takeaway
    assert resource.status == ResourceStatus.TO_LOOK_AT

    response = alice_client.post(f"/growth/takeaways/{takeaway.pk}/resource/", follow=True)
    assert "Already among your resources" in response.content.decode()
    assert Resource.objects.filter(takeaway=takeaway).count() == 1
    assert (
        f"/growth/takeaways/{takeaway.pk}/resource/"
        not in alice_client.get("/growth/").content.decode()
    )


def test_the_interview_page_saves_a_recommendation_and_shows_what_became_of_it(
    world: World, alice_client: Client
) -> None:
    book = resource_takeaway(world, "Read Just Enough Research by Erika Hall.")
    advice = Takeaway.objects.create(
        user=world.person.user,
        interview=world.interview,
        kind=TakeawayKind.ADVICE,
        text="Volunteer for usability tests at the library.",
    )
    page = f"/interviews/{world.interview.pk}/"
    html = alice_client.get(page).content.decode()
    assert f"/growth/takeaways/{book.pk}/resource/" in html
    assert f"/growth/takeaways/{advice.pk}/resource/" not in html  # advice is no resource
    assert f"/growth/actions/new/?takeaway={advice.pk}" in html

    response = alice_client.post(f"/growth/takeaways/{book.pk}/resource/", {"next": page})
    assert response.status_code == 302 and response["Location"] == page
    resource = Resource.objects.get(takeaway=book)
    action = Action.objects.create(
        user=world.person.user, title="Volunteer at the library", takeaway=advice
    )
    html = alice_client.get(page).content.decode()
    assert f"/growth/takeaways/{book.pk}/resource/" not in html
    assert f'href="/growth/resources/{resource.pk}/"' in html
    assert f'href="/growth/actions/{action.pk}/"' in html
    assert f"/growth/actions/new/?takeaway={advice.pk}" not in html


def test_kinds_and_titles_are_read_from_the_words() -> None:
    assert resource_kind_for("Read “Just Enough Research”, the book by Erika Hall") == "book"
    assert resource_kind_for("Subscribe to the UX Collective newsletter") == "newsletter"
    assert resource_kind_for("Join the ResearchOps Slack") == "community"
    assert resource_kind_for("Something else entirely") == "other"
    assert title_from("\n- Read Erika Hall\nmore") == "Read Erika Hall"
    assert title_from("Join the UXPA chapter. ") == "Join the UXPA chapter"
    assert title_from("Ask about the bootcamp...") == "Ask about the bootcamp..."
    assert title_from("Why not try Figma?") == "Why not try Figma?"
    assert len(title_from("x" * 400)) == 300


def test_a_resource_by_hand_and_its_edits(world: World, alice_client: Client) -> None:
    alice_client.post(
        "/growth/resources/new/",
        {
            "title": "Just Enough Research",
            "kind": "book",
            "url": "https://example.org/jer",
            "recommended_by": world.person.pk,
            "status": "to-look-at",
        },
    )
    resource = Resource.objects.get(url="https://example.org/jer")
    assert resource.finished_at is None
    url = f"/growth/resources/{resource.pk}/"
    fields = {"title": "Just Enough Research", "kind": "book", "recommended_by": world.person.pk}
    alice_client.post(url, {**fields, "status": "looked-at"})
    resource.refresh_from_db()
    assert resource.status == ResourceStatus.LOOKED_AT and resource.finished_at is None
    alice_client.post(url, {**fields, "status": "finished"})
    resource.refresh_from_db()
    assert resource.finished_at is not None
    alice_client.post(f"/growth/resources/{resource.pk}/delete/")
    assert not Resource.objects.filter(pk=resource.pk).exists()


def test_finishing_a_recommended_resource_offers_thanks_until_an_update_is_sent(
    world: World, alice: User, alice_client: Client
) -> None:
    resource = Resource.objects.create(
        user=alice, title="Just Enough Research", kind="book", recommended_by=world.person
    )
    key = f"share-update:resource-{resource.pk}"
    assert key not in {item.key for item in due_items(alice)}
    response = alice_client.post(f"/growth/resources/{resource.pk}/finish/", follow=True)
    assert "a thank-you to them is waiting on Today" in response.content.decode()
    assert key in {item.key for item in due_items(alice)}

    page = alice_client.get(f"/growth/resources/{resource.pk}/update/").content.decode()
    assert "You recommended “Just Enough Research”, and I&#x27;ve now read it." in page
    alice_client.post(
        f"/growth/resources/{resource.pk}/update/",
        {"kind": "update", "channel": "linkedin-message", "body": "Thank you, Grace!"},
    )
    message = Message.objects.get(kind=MessageKind.UPDATE)
    alice_client.post(f"/messages/{message.pk}/send/", {"how": "mark"})
    assert key not in {item.key for item in due_items(alice)}


def test_a_resource_nobody_recommended_has_no_thanks(alice: User, alice_client: Client) -> None:
    resource = Resource.objects.create(user=alice, title="A blog I found")
    alice_client.post(f"/growth/resources/{resource.pk}/finish/")
    assert not [item for item in due_items(alice) if item.kind == "share-update"]
    assert alice_client.get(f"/growth/resources/{resource.pk}/update/").status_code == 404
