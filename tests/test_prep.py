"""Preparing an interview: research, the tailored question list, the prep sheet."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from coffeechat.accounts.models import profile_for
from coffeechat.interviews import prep
from coffeechat.interviews.bank import ensure_question_bank
from coffeechat.interviews.models import Interview, InterviewQuestion, Question
from coffeechat.network.models import Organization, Person
from tests.conftest import World, build_world

REFERRAL = "Who else do you think I should talk to?"


@pytest.fixture
def interview(alice: User) -> Interview:
    organization = Organization.objects.create(user=alice, name="Northwind", industry="Health")
    person = Person.objects.create(
        user=alice,
        first_name="Grace",
        last_name="Hopper",
        position="UX Researcher",
        organization=organization,
    )
    return Interview.objects.create(user=alice, person=person, length_minutes=30)


def texts(interview: Interview) -> list[str]:
    return [item.text for item in interview.question_list()]


def bank_question(user: User, text: str) -> Question:
    ensure_question_bank(user)
    return Question.objects.get(user=user, text=text)


def post_questions(client: Client, interview: Interview, **data: object) -> None:
    response = client.post(f"/interviews/{interview.pk}/questions/", data)
    assert response.status_code == 302


def test_research_is_saved_where_it_belongs(alice_client: Client, interview: Interview) -> None:
    response = alice_client.post(
        f"/interviews/{interview.pk}/research/",
        {
            "objective": "Learn how researchers get in.",
            "person_notes": "Ten years at Northwind.",
            "organization_notes": "Hospital software, 400 people.",
            "introduction": "I'm a nurse moving into UX research.",
        },
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.objective == "Learn how researchers get in."
    assert Person.objects.get(pk=interview.person_id).research_notes == "Ten years at Northwind."
    organization = Organization.objects.get(name="Northwind")
    assert organization.research_notes == "Hospital software, 400 people."
    assert profile_for(interview.user).introduction == "I'm a nurse moving into UX research."


def test_the_next_interview_at_an_organization_starts_from_its_notes(
    alice: User, alice_client: Client, interview: Interview
) -> None:
    assert interview.person.organization is not None
    interview.person.organization.research_notes = "Hospital software."
    interview.person.organization.save()
    colleague = Person.objects.create(
        user=alice, first_name="Ada", organization=interview.person.organization
    )
    second = Interview.objects.create(user=alice, person=colleague)
    page = alice_client.get(f"/interviews/{second.pk}/").content.decode()
    assert "Hospital software." in page


def test_the_interview_page_fills_an_empty_bank_and_shows_the_research(
    alice: User, alice_client: Client, interview: Interview
) -> None:
    assert not Question.objects.filter(user=alice).exists()
    page = alice_client.get(f"/interviews/{interview.pk}/").content.decode()
    assert Question.objects.filter(user=alice).exists()
    assert 'id="research"' in page and 'id="questions"' in page
    assert "0 of about 7–10 that fit in 30 minutes" in page
    assert "Add to calendar" not in page  # no time yet; the link appears once scheduled


def test_the_referral_question_stays_last_whatever_is_added_after_it(
    alice: User, alice_client: Client, interview: Interview
) -> None:
    post_questions(alice_client, interview, op="add", question=bank_question(alice, REFERRAL).pk)
    post_questions(alice_client, interview, op="custom", text="How did you get into research?")
    post_questions(
        alice_client,
        interview,
        op="add",
        question=bank_question(alice, "What does a typical day look like for you?").pk,
    )
    assert texts(interview)[-1] == REFERRAL
    assert len(texts(interview)) == 3


def test_moving_a_question_down_never_passes_the_referral_question(
    alice: User, alice_client: Client, interview: Interview
) -> None:
    post_questions(alice_client, interview, op="custom", text="How did you get into research?")
    post_questions(alice_client, interview, op="add", question=bank_question(alice, REFERRAL).pk)
    first = interview.question_list()[0]
    post_questions(alice_client, interview, op="down", item=first.pk)
    assert texts(interview) == ["How did you get into research?", REFERRAL]
    referral = interview.question_list()[1]
    post_questions(alice_client, interview, op="up", item=referral.pk)
    assert texts(interview)[-1] == REFERRAL


def test_up_and_down_reorder_the_questions(alice_client: Client, interview: Interview) -> None:
    for text in ["First question?", "Second question?", "Third question?"]:
        post_questions(alice_client, interview, op="custom", text=text)
    third = interview.question_list()[2]
    post_questions(alice_client, interview, op="up", item=third.pk)
    assert texts(interview) == ["First question?", "Third question?", "Second question?"]
    first = interview.question_list()[0]
    post_questions(alice_client, interview, op="down", item=first.pk)
    assert texts(interview) == ["Third question?", "First question?", "Second question?"]
    assert [q.position for q in interview.question_list()] == [0, 1, 2]


def test_removing_a_question_keeps_the_rest_in_order(
    alice_client: Client, interview: Interview
) -> None:
    for text in ["First question?", "Second question?", "Third question?"]:
        post_questions(alice_client, interview, op="custom", text=text)
    post_questions(alice_client, interview, op="remove", item=interview.question_list()[1].pk)
    assert texts(interview) == ["First question?", "Third question?"]


def test_filling_to_fit_adds_a_comfortable_number_with_the_essentials_and_a_referral_last(
    alice_client: Client, interview: Interview
) -> None:
    post_questions(alice_client, interview, op="fill")
    items = list(interview.question_list().select_related("question"))
    low, high = prep.fit_range(30)
    assert low <= len(items) <= high
    categories = [prep.category_of(item) for item in items]
    assert {"role", "path", "skills", "advice"} <= set(categories[:4])
    assert categories[-1] == "referrals"
    assert categories.count("referrals") == 1


def test_fit_to_time_counts_against_the_agreed_length(interview: Interview) -> None:
    interview.length_minutes = 20
    assert str(prep.fit(interview, 8)) == "8 of about 5–6 that fit in 20 minutes"
    assert prep.fit(interview, 8).over
    interview.length_minutes = 30
    assert str(prep.fit(interview, 8)) == "8 of about 7–10 that fit in 30 minutes"
    assert not prep.fit(interview, 8).over


def test_suggestions_cover_the_missing_essentials_first_and_always_offer_a_referral(
    alice: User, interview: Interview
) -> None:
    prep.add_from_bank(
        interview, bank_question(alice, "What does a typical day look like for you?")
    )
    suggested = prep.suggestions(interview, limit=4)
    assert [q.category for q in suggested[:3]] == ["path", "skills", "advice"]
    assert suggested[-1].category == "referrals"


def test_the_coach_findings_are_shown_with_their_reasons(
    alice_client: Client, interview: Interview
) -> None:
    post_questions(alice_client, interview, op="custom", text="Are you hiring right now?")
    page = alice_client.get(f"/interviews/{interview.pk}/").content.decode()
    assert "asks-for-job" in page or "closed" in page
    assert "no-referral-question" in page
    assert "who else you could talk to" in page


def test_the_question_form_refuses_bobs_bank_and_bobs_items(
    alice_client: Client, interview: Interview, bob: User
) -> None:
    bobs = build_world(bob)
    alice_client.post(
        f"/interviews/{interview.pk}/questions/", {"op": "add", "question": bobs.question.pk}
    )
    assert interview.questions.count() == 0
    response = alice_client.post(
        f"/interviews/{interview.pk}/questions/",
        {"op": "remove", "item": bobs.interview_question.pk},
    )
    assert response.status_code == 404
    assert InterviewQuestion.objects.filter(pk=bobs.interview_question.pk).exists()


def test_an_item_of_another_interview_cant_be_moved_from_this_one(
    alice_client: Client, interview: Interview, world: World
) -> None:
    response = alice_client.post(
        f"/interviews/{interview.pk}/questions/",
        {"op": "up", "item": world.interview_question.pk},
    )
    assert response.status_code == 404


def prepared(alice: User, interview: Interview) -> Interview:
    profile = profile_for(alice)
    profile.introduction = "I'm a nurse moving into UX research."
    profile.save()
    interview.objective = "Learn how researchers get in."
    interview.save()
    interview.person.research_notes = "Ten years at Northwind."
    interview.person.save()
    assert interview.person.organization is not None
    interview.person.organization.research_notes = "Hospital software."
    interview.person.organization.save()
    prep.fill_to_fit(interview)
    return interview


def test_the_prep_page_shows_every_section(
    alice: User, alice_client: Client, interview: Interview
) -> None:
    prepared(alice, interview)
    page = alice_client.get(f"/interviews/{interview.pk}/prep/").content.decode()
    for text in [
        "Ten years at Northwind.",
        "Hospital software.",
        "Learn how researchers get in.",
        "nurse moving into UX research",
        REFERRAL,
        "Never ask for a job",
        "Thank them within 24 hours",
        'class="prep-sheet"',
    ]:
        assert text in page


def run_prep(*args: str) -> str:
    out = io.StringIO()
    call_command("prep", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_prep_command_prints_the_sheet_as_markdown(alice: User, interview: Interview) -> None:
    prepared(alice, interview)
    output = run_prep(str(interview.pk), "--user", "alice")
    for heading in [
        "# Prep: Grace Hopper",
        "## Who they are",
        "## The organization: Northwind",
        "## Objective",
        "## My introduction",
        "## Questions (",
        "## Checklist",
    ]:
        assert heading in output
    assert "Hospital software." in output
    assert f". {REFERRAL}" in output
    assert "- [ ] Never ask for a job" in output
    assert output.index("## Questions") < output.index(REFERRAL) < output.index("## Checklist")


def test_the_prep_command_and_the_page_share_one_sheet(
    alice: User, alice_client: Client, interview: Interview
) -> None:
    prepared(alice, interview)
    sheet = prep.prep_sheet(interview)
    output = run_prep(str(interview.pk), "--user", "alice")
    page = alice_client.get(f"/interviews/{interview.pk}/prep/").content.decode()
    assert sheet.fit in output and sheet.fit in page


def test_the_prep_command_names_an_unknown_interview(alice: User, interview: Interview) -> None:
    with pytest.raises(CommandError, match="There is no interview 9999"):
        run_prep("9999", "--user", "alice")


def test_the_prep_command_hides_other_users_interviews(
    alice: User, bob: User, interview: Interview
) -> None:
    with pytest.raises(CommandError, match=str(interview.pk)):
        run_prep(str(interview.pk), "--user", "bob")
