"""Actions: from a takeaway or by hand, listed and filtered on Growth, completed, and the
update to whoever suggested them."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from coffeechat.agenda.rules import due_items
from coffeechat.growth.models import Action, ActionKind, ActionStatus
from coffeechat.interviews.models import Interview, Takeaway, TakeawayKind
from coffeechat.network.models import Person
from coffeechat.outreach.compose import coach
from coffeechat.outreach.models import Message, MessageKind
from tests.conftest import World


def test_a_takeaway_starts_an_action_with_its_words_and_its_person(
    world: World, alice_client: Client
) -> None:
    takeaway = Takeaway.objects.create(
        user=world.person.user,
        interview=world.interview,
        kind=TakeawayKind.ADVICE,
        text="Get the Google UX certificate.",
    )
    page = alice_client.get(f"/growth/actions/new/?takeaway={takeaway.pk}").content.decode()
    assert 'value="Get the Google UX certificate"' in page  # a title, not a sentence
    assert '<option value="certification" selected>' in page
    assert f'<option value="{world.person.pk}" selected>' in page

    response = alice_client.post(
        f"/growth/actions/new/?takeaway={takeaway.pk}",
        {
            "title": "Get the Google UX certificate",
            "kind": "certification",
            "status": "todo",
            "due_date": "2026-12-15",
            "suggested_by": world.person.pk,
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(title="Get the Google UX certificate")
    assert action.takeaway == takeaway and action.suggested_by == world.person
    assert action.due_date == dt.date(2026, 12, 15) and action.done_at is None
    assert "Get the Google UX certificate" in alice_client.get("/growth/").content.decode()
    # Acted on, so it no longer waits among the takeaways.
    assert f"?takeaway={takeaway.pk}" not in alice_client.get("/growth/").content.decode()


def test_an_action_by_hand_names_only_people_the_user_has_talked_with(
    world: World, alice: User, alice_client: Client, bob: User
) -> None:
    stranger = Person.objects.create(user=alice, first_name="Nobody")
    bobs = Person.objects.create(user=bob, first_name="Bobs")
    Interview.objects.create(user=bob, person=bobs)
    form = alice_client.get("/growth/actions/new/").content.decode()
    assert world.person.name in form and "Nobody" not in form
    for pk in (stranger.pk, bobs.pk):
        response = alice_client.post(
            "/growth/actions/new/",
            {"title": "Update my résumé", "kind": "resume", "status": "todo", "suggested_by": pk},
        )
        assert response.status_code == 200, "a person not on the list is refused"
    assert not Action.objects.filter(title="Update my résumé").exists()


def test_the_growth_page_filters_actions_by_status_and_kind(
    world: World, alice: User, alice_client: Client
) -> None:
    Action.objects.create(user=alice, title="Join UXPA", kind=ActionKind.COMMUNITY)
    Action.objects.create(
        user=alice, title="Learn Figma", kind=ActionKind.LEARN_SKILL, status=ActionStatus.DONE
    )
    open_page = alice_client.get("/growth/").content.decode()
    assert "Join UXPA" in open_page and "Learn Figma" not in open_page
    done = alice_client.get("/growth/?status=done&kind=").content.decode()
    assert "Learn Figma" in done and "Join UXPA" not in done
    communities = alice_client.get("/growth/?status=&kind=community").content.decode()
    assert "Join UXPA" in communities and world.action.title not in communities


def test_editing_an_action_records_and_forgets_the_day_it_was_done(
    world: World, alice_client: Client
) -> None:
    url = f"/growth/actions/{world.action.pk}/"
    fields = {"title": "Take a SQL course", "kind": "course", "suggested_by": world.person.pk}
    alice_client.post(url, {**fields, "status": "done", "done_on": "2026-01-10"})
    world.action.refresh_from_db()
    assert world.action.status == ActionStatus.DONE
    assert timezone.localdate(world.action.done_at) == dt.date(2026, 1, 10)

    alice_client.post(url, {**fields, "status": "doing"})
    world.action.refresh_from_db()
    assert world.action.done_at is None

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = alice_client.post(url, {**fields, "status": "done", "done_on": tomorrow})
    assert "be in the future" in response.content.decode()


def test_completing_a_suggested_action_drafts_an_update_that_goes_out_like_any_message(
    world: World, alice: User, alice_client: Client
) -> None:
    response = alice_client.post(f"/growth/actions/{world.action.pk}/complete/", follow=True)
    assert "an update to them is waiting on Today" in response.content.decode()
    world.action.refresh_from_db()
    assert world.action.status == ActionStatus.DONE and world.action.done_at is not None
    key = f"share-update:action-{world.action.pk}"
    assert key in {item.key for item in due_items(alice)}

    compose = alice_client.get(f"/growth/actions/{world.action.pk}/update/").content.decode()
    assert "I took your advice! You suggested I take a SQL course" in compose
    assert "[" not in compose.split("Hi Grace,")[1].split("</textarea>")[0].replace(
        "[your name]", ""
    ), "nothing else is left to fill in"

    body = "Hi Grace,\n\nI took your advice and took the SQL course. Thank you!\n\nSam"
    response = alice_client.post(
        f"/growth/actions/{world.action.pk}/update/",
        {"kind": "update", "channel": "linkedin-message", "subject": "", "body": body},
    )
    message = Message.objects.get(kind=MessageKind.UPDATE)
    assert response["Location"] == f"/messages/{message.pk}/"
    assert message.person == world.person and message.interview == world.interview
    assert message.is_draft
    assert key in {item.key for item in due_items(alice)}, "a draft isn't sent"

    alice_client.post(f"/messages/{message.pk}/send/", {"how": "mark"})
    assert key not in {item.key for item in due_items(alice)}
    assert coach(world.person, "update", message.channel, "", message.body) == []


def test_an_update_is_only_offered_for_an_action_someone_suggested(
    alice: User, alice_client: Client
) -> None:
    action = Action.objects.create(user=alice, title="Read more")
    response = alice_client.post(f"/growth/actions/{action.pk}/complete/", follow=True)
    assert "Well done" in response.content.decode()
    assert alice_client.get(f"/growth/actions/{action.pk}/update/").status_code == 404


def test_deleting_an_action(world: World, alice_client: Client) -> None:
    url = f"/growth/actions/{world.action.pk}/delete/"
    assert "Delete Take a SQL course?" in alice_client.get(url).content.decode()
    alice_client.post(url)
    assert not Action.objects.filter(pk=world.action.pk).exists()
