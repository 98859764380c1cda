"""Holding the conversation (live mode) and debriefing it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from coffeechat.growth.models import Action
from coffeechat.interviews import prep
from coffeechat.interviews.models import Interview, InterviewQuestion, Stage, Takeaway
from coffeechat.network.models import Organization, Person, Source
from tests.conftest import build_world


@pytest.fixture
def interview(alice: User) -> Interview:
    person = Person.objects.create(user=alice, first_name="Grace", last_name="Hopper")
    interview = Interview.objects.create(user=alice, person=person, length_minutes=30)
    interview.move_to(Stage.SCHEDULED, scheduled_at=timezone.now() - dt.timedelta(minutes=40))
    prep.add_custom(interview, "How did you get into research?")
    prep.add_custom(interview, "Who else do you think I should talk to?")
    return interview


def items(interview: Interview) -> list[InterviewQuestion]:
    return list(interview.question_list())


def test_live_mode_shows_the_timer_and_works_without_javascript(
    alice_client: Client, interview: Interview
) -> None:
    page = alice_client.get(f"/interviews/{interview.pk}/live/").content.decode()
    assert "30 minutes agreed." in page
    assert 'data-timer-minutes="30"' in page
    assert "<script>" not in page and "onclick" not in page and "onchange" not in page
    assert "How did you get into research?" in page


def test_a_tick_by_htmx_is_saved_at_once(alice_client: Client, interview: Interview) -> None:
    first = items(interview)[0]
    response = alice_client.post(
        f"/interviews/{interview.pk}/live/tick/",
        {"item": first.pk, "asked": ["0", "1"]},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 204
    first.refresh_from_db()
    assert first.asked


def test_a_tick_by_a_plain_form_is_saved_and_can_be_undone(
    alice_client: Client, interview: Interview
) -> None:
    first = items(interview)[0]
    response = alice_client.post(
        f"/interviews/{interview.pk}/live/tick/", {"item": first.pk, "asked": ["0", "1"]}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/interviews/{interview.pk}/live/#q-{first.pk}")
    first.refresh_from_db()
    assert first.asked
    alice_client.post(f"/interviews/{interview.pk}/live/tick/", {"item": first.pk, "asked": "0"})
    first.refresh_from_db()
    assert not first.asked


def test_notes_saved_as_you_type_survive_a_reload(
    alice_client: Client, interview: Interview
) -> None:
    response = alice_client.post(
        f"/interviews/{interview.pk}/live/notes/",
        {"notes": "Started as a nurse; SQL matters."},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 204
    interview.refresh_from_db()
    assert interview.notes == "Started as a nurse; SQL matters."
    page = alice_client.get(f"/interviews/{interview.pk}/live/").content.decode()
    assert "Started as a nurse; SQL matters." in page


def test_a_takeaway_captured_live_goes_back_to_live_mode(
    alice_client: Client, interview: Interview
) -> None:
    response = alice_client.post(
        f"/interviews/{interview.pk}/takeaways/",
        {
            "kind": "skill",
            "text": "Learn SQL.",
            "next": f"/interviews/{interview.pk}/live/#capture",
        },
    )
    assert response["Location"] == f"/interviews/{interview.pk}/live/#capture"
    takeaway = Takeaway.objects.get(interview=interview)
    assert (takeaway.kind, takeaway.text, takeaway.person_id) == (
        "skill",
        "Learn SQL.",
        interview.person_id,
    )


def test_a_takeaway_refuses_to_go_back_to_another_site(
    alice_client: Client, interview: Interview
) -> None:
    response = alice_client.post(
        f"/interviews/{interview.pk}/takeaways/",
        {"kind": "skill", "text": "Learn SQL.", "next": "https://evil.example/"},
    )
    assert response["Location"] == f"/interviews/{interview.pk}/"


def test_a_referral_creates_a_person_linked_to_who_suggested_them(
    alice: User, alice_client: Client, interview: Interview
) -> None:
    response = alice_client.post(
        f"/interviews/{interview.pk}/referrals/",
        {
            "referral-name": "Ada  Lovelace",
            "referral-organization": "Analytical Engines",
            "referral-position": "Research lead",
        },
    )
    assert response.status_code == 302
    ada = Person.objects.get(user=alice, first_name="Ada")
    assert ada.last_name == "Lovelace"
    assert ada.source == Source.REFERRAL
    assert ada.referred_by_id == interview.person_id
    assert ada.position == "Research lead"
    assert ada.organization == Organization.objects.get(user=alice, name="Analytical Engines")
    page = alice_client.get(f"/interviews/{interview.pk}/live/").content.decode()
    assert "Ada Lovelace" in page


def test_a_referral_reuses_an_organization_already_known(
    alice: User, alice_client: Client, interview: Interview
) -> None:
    known = Organization.objects.create(user=alice, name="Northwind Health Inc.")
    alice_client.post(
        f"/interviews/{interview.pk}/referrals/",
        {"referral-name": "Ada", "referral-organization": "Northwind Health"},
    )
    assert Person.objects.get(first_name="Ada").organization == known


def test_an_action_is_suggested_by_the_person_and_can_cite_a_takeaway(
    alice: User, alice_client: Client, interview: Interview
) -> None:
    takeaway = Takeaway.objects.create(user=alice, interview=interview, text="SQL matters.")
    alice_client.post(
        f"/interviews/{interview.pk}/actions/",
        {
            "action-title": "Take a SQL course",
            "action-kind": "course",
            "action-takeaway": takeaway.pk,
        },
    )
    action = Action.objects.get(user=alice)
    assert action.title == "Take a SQL course"
    assert action.kind == "course"
    assert action.suggested_by_id == interview.person_id
    assert action.takeaway == takeaway


def test_an_action_refuses_bobs_takeaway(
    alice: User, bob: User, alice_client: Client, interview: Interview
) -> None:
    bobs = build_world(bob)
    alice_client.post(
        f"/interviews/{interview.pk}/actions/",
        {"action-title": "Sneaky", "action-kind": "other", "action-takeaway": bobs.takeaway.pk},
    )
    assert not Action.objects.filter(user=alice).exists()


def test_a_tick_refuses_a_question_of_another_interview(
    alice: User, alice_client: Client, interview: Interview
) -> None:
    other = Interview.objects.create(user=alice, person=interview.person)
    stranger = prep.add_custom(other, "What else?")
    response = alice_client.post(
        f"/interviews/{interview.pk}/live/tick/", {"item": stranger.pk, "asked": "1"}
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert not stranger.asked


def test_the_debrief_marks_the_interview_held_and_leads_to_the_thank_you(
    alice_client: Client, interview: Interview
) -> None:
    for item in items(interview):
        item.asked = True
        item.save()
    response = alice_client.post(
        f"/interviews/{interview.pk}/debrief/",
        {"debrief": "Research ops is the way in.", "time_spent_minutes": "75"},
        follow=False,
    )
    assert response.status_code == 302
    assert response["Location"] == f"/interviews/{interview.pk}/messages/new/?kind=thank-you"
    interview.refresh_from_db()
    assert interview.stage == Stage.HELD
    assert interview.debrief == "Research ops is the way in."
    assert interview.time_spent_minutes == 75
    page = alice_client.get(response["Location"]).content.decode()
    assert "tick the question about who else" not in page


def test_the_debrief_warns_when_the_referral_question_was_not_asked(
    alice_client: Client, interview: Interview
) -> None:
    page = alice_client.get(f"/interviews/{interview.pk}/debrief/").content.decode()
    assert "tick the question about who else to talk to" in page
    response = alice_client.post(
        f"/interviews/{interview.pk}/debrief/", {"debrief": "Good.", "time_spent_minutes": ""}
    )
    page = alice_client.get(response["Location"]).content.decode()
    assert "tick the question about who else to talk to" in page
    interview.refresh_from_db()
    assert interview.stage == Stage.HELD


def test_the_debrief_reviews_what_was_captured(
    alice: User, alice_client: Client, interview: Interview
) -> None:
    interview.notes = "Nurse first."
    interview.save()
    Takeaway.objects.create(user=alice, interview=interview, text="SQL matters.")
    Person.objects.create(user=alice, first_name="Ada", referred_by=interview.person)
    Action.objects.create(user=alice, title="Take a SQL course", suggested_by=interview.person)
    page = alice_client.get(f"/interviews/{interview.pk}/debrief/").content.decode()
    for text in ["Nurse first.", "SQL matters.", "Ada", "Take a SQL course"]:
        assert text in page


def test_an_interview_never_scheduled_is_scheduled_then_held(
    alice: User, alice_client: Client
) -> None:
    person = Person.objects.create(user=alice, first_name="Ada")
    interview = Interview.objects.create(user=alice, person=person)
    page = alice_client.get(f"/interviews/{interview.pk}/debrief/").content.decode()
    assert "When did you meet?" in page
    alice_client.post(f"/interviews/{interview.pk}/debrief/", {"debrief": "Met by chance."})
    interview.refresh_from_db()
    assert interview.stage == Stage.HELD
    assert interview.scheduled_at is not None and interview.held_at is not None
    assert interview.held_at <= timezone.now()


def test_an_interview_never_scheduled_takes_the_time_given(
    alice: User, alice_client: Client
) -> None:
    person = Person.objects.create(user=alice, first_name="Ada")
    interview = Interview.objects.create(user=alice, person=person)
    alice_client.post(
        f"/interviews/{interview.pk}/debrief/",
        {"debrief": "Met.", "scheduled_at": "2026-11-20T10:00"},
    )
    interview.refresh_from_db()
    assert interview.stage == Stage.HELD
    assert interview.scheduled_at is not None
    assert interview.scheduled_at.date() == dt.date(2026, 11, 20)


def test_a_closed_interview_keeps_its_debrief_but_is_not_held(
    alice: User, alice_client: Client, interview: Interview
) -> None:
    interview.move_to(Stage.CLOSED, close_reason="cancelled")
    response = alice_client.post(
        f"/interviews/{interview.pk}/debrief/", {"debrief": "Never happened."}
    )
    assert response["Location"] == f"/interviews/{interview.pk}/"
    interview.refresh_from_db()
    assert interview.stage == Stage.CLOSED
    assert interview.debrief == "Never happened."


def test_debriefing_again_after_held_only_updates_the_text(
    alice_client: Client, interview: Interview
) -> None:
    interview.move_to(Stage.HELD)
    alice_client.post(f"/interviews/{interview.pk}/debrief/", {"debrief": "Second thoughts."})
    interview.refresh_from_db()
    assert interview.stage == Stage.HELD
    assert interview.debrief == "Second thoughts."
