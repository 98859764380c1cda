"""Reflections and the action-due item, on fixed dates."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.test import Client

from coffeechat.accounts.models import profile_for
from coffeechat.agenda.rules import DueItem, due_items
from coffeechat.growth.models import Action, ActionStatus, Reflection
from coffeechat.growth.reflections import PROMPTS
from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Person

UTC = dt.UTC
HELD = dt.datetime(2026, 2, 2, 15, tzinfo=UTC)


def kinds(user: User, now: dt.datetime, kind: str) -> list[DueItem]:
    return [item for item in due_items(user, now) if item.kind == kind]


def hold_an_interview(user: User, at: dt.datetime = HELD) -> Person:
    person = Person.objects.create(user=user, first_name="Grace")
    interview = Interview.objects.create(user=user, person=person)
    Interview.objects.filter(pk=interview.pk).update(stage=Stage.HELD, held_at=at)
    return person


def test_no_reflection_is_suggested_before_the_first_interview(alice: User) -> None:
    assert kinds(alice, HELD + dt.timedelta(days=400), "reflect") == []


def test_a_reflection_is_suggested_three_weeks_after_the_first_interview(alice: User) -> None:
    hold_an_interview(alice)
    assert kinds(alice, HELD + dt.timedelta(days=20), "reflect") == []
    [item] = kinds(alice, dt.datetime(2026, 2, 23, 10, tzinfo=UTC), "reflect")
    assert item.due == dt.datetime(2026, 2, 23, 9, tzinfo=UTC)
    assert item.action_url == "/growth/reflections/new/" and item.person is None
    assert item.as_json()["person"] == ""


def test_writing_a_reflection_puts_the_next_one_off(alice: User) -> None:
    hold_an_interview(alice)
    now = dt.datetime(2026, 3, 1, 10, tzinfo=UTC)
    assert len(kinds(alice, now, "reflect")) == 1
    Reflection.objects.create(user=alice, date=now.date(), text="Calmer.", confidence=3)
    assert kinds(alice, now, "reflect") == []
    assert kinds(alice, now + dt.timedelta(days=20), "reflect") == []
    assert len(kinds(alice, dt.datetime(2026, 3, 22, 9, 30, tzinfo=UTC), "reflect")) == 1


def test_the_reminder_follows_the_setting_and_can_be_off(alice: User) -> None:
    hold_an_interview(alice)
    profile = profile_for(alice)
    profile.reflect_every_days = 7
    profile.save()
    assert len(kinds(alice, HELD + dt.timedelta(days=8), "reflect")) == 1
    profile.reflect_every_days = None
    profile.save()
    assert kinds(alice, HELD + dt.timedelta(days=400), "reflect") == []


def test_alice_writes_a_reflection_from_the_prompts_and_edits_it(
    alice: User, alice_client: Client
) -> None:
    page = alice_client.get("/growth/reflections/new/").content.decode()
    assert all(prompt in page for prompt in PROMPTS)
    assert "Have your goals evolved?" in page
    alice_client.post(
        "/growth/reflections/new/",
        {"date": "2026-03-01", "text": "More at ease.", "confidence": "4", "goals_changed": "on"},
    )
    reflection = Reflection.objects.get(user=alice)
    assert reflection.confidence == 4 and reflection.goals_changed
    alice_client.post(
        f"/growth/reflections/{reflection.pk}/edit/",
        {"date": "2026-03-01", "text": "At ease.", "confidence": "5"},
    )
    reflection.refresh_from_db()
    assert reflection.text == "At ease." and reflection.confidence == 5
    assert "At ease." in alice_client.get("/growth/reflections/").content.decode()


def test_a_confidence_outside_one_to_five_is_refused(alice: User, alice_client: Client) -> None:
    response = alice_client.post(
        "/growth/reflections/new/", {"date": "2026-03-01", "text": "x", "confidence": "9"}
    )
    assert response.status_code == 200 and not Reflection.objects.exists()


# --- action-due ---------------------------------------------------------------------------


def test_an_action_is_due_on_its_day_and_gone_once_done(alice: User) -> None:
    grace = Person.objects.create(user=alice, first_name="Grace")
    action = Action.objects.create(
        user=alice, title="Take a SQL course", suggested_by=grace, due_date=dt.date(2026, 3, 10)
    )
    assert kinds(alice, dt.datetime(2026, 3, 9, 23, tzinfo=UTC), "action-due") == []
    [item] = kinds(alice, dt.datetime(2026, 3, 10, 8, tzinfo=UTC), "action-due")
    assert item.key == f"action-due:action-{action.pk}" and item.person == grace
    assert item.due == dt.datetime(2026, 3, 10, 9, tzinfo=UTC)
    assert str(action.pk) in item.action_url
    action.status = ActionStatus.DONE
    action.save()
    assert kinds(alice, dt.datetime(2026, 3, 12, tzinfo=UTC), "action-due") == []


def test_a_dropped_action_or_one_without_a_date_is_never_due(alice: User) -> None:
    Action.objects.create(
        user=alice, title="Old idea", status=ActionStatus.DROPPED, due_date=dt.date(2026, 1, 1)
    )
    Action.objects.create(user=alice, title="Someday")
    assert kinds(alice, dt.datetime(2026, 6, 1, tzinfo=UTC), "action-due") == []


def test_due_dates_follow_the_users_time_zone(alice: User) -> None:
    profile = profile_for(alice)
    profile.time_zone = "Pacific/Auckland"
    profile.save()
    Action.objects.create(user=alice, title="Update the résumé", due_date=dt.date(2026, 3, 10))
    # 11:00 UTC on 9 March is already 10 March in Auckland.
    assert len(kinds(alice, dt.datetime(2026, 3, 9, 11, tzinfo=UTC), "action-due")) == 1
