"""The question bank and the question coach: research first, open questions, never ask for a job,
always ask who else to talk to, and fit the questions to the time agreed."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.coach_questions import (
    CATEGORY_TARGET,
    CODES,
    PRECISION_RECALL_TARGET,
    evaluate,
    load,
    table,
)
from coffeechat.interviews.bank import BUILT_IN_QUESTIONS, ensure_question_bank
from coffeechat.interviews.coach import (
    CATEGORIES,
    categorize,
    clean_question,
    coach_question,
    coach_questions,
    fit_range,
    fit_to_time,
)
from coffeechat.interviews.models import Question, QuestionCategory

# Nothing here depends on the database engine: the PostgreSQL run skips it.
pytestmark = pytest.mark.backend_independent

GOOD_LIST = [
    "What does a typical day look like for you?",
    "How did you get into this field?",
    "What skills matter most in your role?",
    "If you were in my position, what would you do next?",
    "Who else do you think I should talk to?",
]


def codes_of(text: str) -> tuple[str, ...]:
    return coach_question(text).findings


def list_codes(lines: list[str], minutes: int | None = None) -> list[str]:
    return [f.code for f in coach_questions(lines, minutes=minutes).findings]


# ----------------------------------------------------------------------------- categories


def test_the_coach_knows_exactly_the_models_question_categories() -> None:
    assert set(CATEGORIES) == set(QuestionCategory.values)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("What does a typical day look like for you?", "role"),
        ("How did you get into this field?", "path"),
        ("What certifications would you recommend?", "skills"),
        ("How would you describe the culture on your team?", "culture"),
        ("Where do you see the industry going in five years?", "industry"),
        ("What do you like least about your job?", "experience"),
        ("If you were in my shoes, what would you do first?", "advice"),
        ("What do you look for in candidates?", "hiring"),
        ("Which podcasts or newsletters do you follow?", "resources"),
        ("Is there anyone else you think I should speak with?", "referrals"),
    ],
)
def test_it_files_each_question_under_its_category(text: str, category: str) -> None:
    assert categorize(text) == category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Where were you working before this?", "path"),
        ("What convinced you to leave banking?", "path"),
        ("What inspired you to pursue landscape architecture?", "path"),
        ("What brought you from museums to corporate learning?", "path"),
        ("What got you interested in energy auditing?", "path"),
        ("What makes someone good at this job?", "skills"),
        ("Which abilities separate a good analyst from a great one?", "skills"),
        ("What does it take to succeed as a paralegal?", "skills"),
        ("How much math does the role need?", "skills"),
        ("What should my next step be?", "advice"),
        ("Is there anything you would warn me about?", "advice"),
        ("What do career changers usually get wrong?", "advice"),
        ("How can I make myself a stronger candidate over the next year?", "advice"),
        ("What do you wish more newcomers knew?", "advice"),
        ("Which teams do you work with most often?", "role"),
        ("What are you on the hook for?", "role"),
        ("How much of your day is meetings versus heads-down work?", "role"),
        ("What documents do you prepare for submissions?", "role"),
        ("How does the board work with staff day to day?", "culture"),
        ("How much say do designers have in product decisions at your company?", "culture"),
    ],
)
def test_it_files_the_essential_categories_however_they_are_worded(
    text: str, category: str
) -> None:
    # A misfiled role, path, skills or advice question makes a false missing-category alarm.
    assert categorize(text) == category


# ----------------------------------------------------------------------------- googleable


@pytest.mark.parametrize(
    "text",
    [
        "What does your company do?",
        "Where is the company headquartered?",
        "How many people work at your firm?",
        "Who founded the company?",
        "When was the agency founded?",
        "What products does the company sell?",
        "What's the company's stock price?",
        "What does Acme do?",
    ],
)
def test_it_flags_a_question_the_website_answers(text: str) -> None:
    coached = coach_question(text)
    assert "googleable" in coached.findings
    assert "closed" not in coached.findings


@pytest.mark.parametrize(
    "text",
    [
        "What does your team do?",
        "How many people are on your team?",
        "How does the company's mission show up in your work?",
        "How has the company's growth changed your team?",
    ],
)
def test_it_leaves_questions_only_the_person_can_answer(text: str) -> None:
    assert "googleable" not in codes_of(text)


# ----------------------------------------------------------------------------- closed


@pytest.mark.parametrize(
    "text",
    [
        "Do you like your job?",
        "Is it stressful?",
        "Did you study design?",
        "As a manager, do you still get to do hands-on work?",
        "Should I learn Python before applying?",
    ],
)
def test_it_flags_a_yes_or_no_question(text: str) -> None:
    assert codes_of(text) == ("closed",)


@pytest.mark.parametrize(
    "text",
    [
        "Could you tell me about your typical day?",
        "Would you describe the culture on your team?",
        "Can you walk me through a recent project?",
        "Is there anyone else you think I should talk to?",
        "Are there any books you would recommend?",
        "Do you have any advice for someone switching careers?",
        "Do you enjoy the work, and if so, why?",
        "Is the job more creative or more analytical?",
        "May I mention your name when I reach out to them?",
    ],
)
def test_it_does_not_call_a_polite_open_request_closed(text: str) -> None:
    assert "closed" not in codes_of(text)


# ----------------------------------------------------------------------------- asks for a job


@pytest.mark.parametrize(
    "text",
    [
        "Are you hiring?",
        "Is your team hiring any analysts this year?",
        "Do you have any openings on your team?",
        "Could you pass my résumé along to the hiring manager?",
        "Would you refer me for the marketing coordinator role?",
        "Can you put in a good word for me?",
        "Would you keep me in mind if a position opens up?",
        "Can you get me an interview?",
        "Would you hire someone like me?",
    ],
)
def test_it_flags_a_question_that_asks_for_a_job(text: str) -> None:
    coached = coach_question(text)
    assert coached.findings == ("asks-for-job",)
    assert coached.category == "hiring"


@pytest.mark.parametrize(
    "text",
    [
        "What do you look for in candidates?",
        "What does the hiring process usually look like in this field?",
        "Could you look at my résumé and tell me what you think?",
        "How do people usually get hired into your team?",
        "Could you introduce me to someone on the research team?",
    ],
)
def test_it_lets_a_fair_question_about_hiring_through(text: str) -> None:
    assert "asks-for-job" not in codes_of(text)


# ----------------------------------------------------------------------------- duplicates


def test_it_marks_only_the_later_of_two_near_duplicates() -> None:
    report = coach_questions(
        [
            "What do you enjoy most about product management?",
            "How did you get into product?",
            "What do you like most about being a product manager?",
        ]
    )
    assert [q.findings for q in report.questions] == [(), (), ("duplicate",)]
    duplicate = next(f for f in report.findings if f.code == "duplicate")
    assert "Question 3 repeats question 1" in duplicate.message


def test_it_does_not_call_opposite_questions_duplicates() -> None:
    report = coach_questions(
        ["What do you like most about your job?", "What do you like least about your job?"]
    )
    assert all("duplicate" not in q.findings for q in report.questions)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "What's one thing about the job that caught you off guard?",
            "What surprised you most when you started?",
        ),
        (
            "How did acting prepare you for training work?",
            "How did your acting background help you as a trainer?",
        ),
        (
            "What's the hardest part of being a designer?",
            "What do designers find most difficult about the work?",
        ),
        ("How did you get into UX?", "How did you transition into UX?"),
    ],
)
def test_it_sees_a_repeat_through_other_words(first: str, second: str) -> None:
    report = coach_questions([first, "Which books would you recommend?", second])
    assert [q.findings for q in report.questions] == [(), (), ("duplicate",)]


def test_two_facts_about_the_same_organization_are_not_duplicates() -> None:
    report = coach_questions(["What does the museum do?", "Where is the museum located?"])
    assert [q.findings for q in report.questions] == [("googleable",), ("googleable",)]


def test_a_second_who_else_question_is_a_duplicate() -> None:
    report = coach_questions(
        ["Who else should I talk to?", "Is there anyone else you think I should speak with?"]
    )
    assert report.questions[1].findings == ("duplicate",)


# ----------------------------------------------------------------------------- list findings


def test_a_well_rounded_list_coaches_clean() -> None:
    report = coach_questions(GOOD_LIST, minutes=20)
    assert report.findings == ()
    assert all(q.findings == () for q in report.questions)
    assert "Nothing to change" in report.as_text()


def test_it_notices_when_no_question_asks_who_else_to_talk_to() -> None:
    assert "no-referral-question" in list_codes(GOOD_LIST[:4])
    assert "no-referral-question" not in list_codes(GOOD_LIST)


def test_it_says_how_many_questions_fit_the_time_agreed() -> None:
    lines = [*GOOD_LIST, "How is technology changing your industry?", "What keeps you motivated?"]
    report = coach_questions(lines, minutes=20)
    finding = next(f for f in report.findings if f.code == "too-many-for-time")
    assert "7 questions" in finding.message
    assert "5–6 fit" in finding.message
    assert "too-many-for-time" not in list_codes(lines[:6], minutes=20)
    assert "too-many-for-time" not in list_codes(lines * 5)  # no length given


def test_about_one_question_fits_every_three_to_four_minutes() -> None:
    assert fit_to_time(20) == 6
    assert fit_to_time(30) == 10
    assert fit_to_time(60) == 20
    assert fit_range(30) == (7, 10)
    assert fit_to_time(2) == 1
    assert fit_range(1) == (1, 1)


def test_it_names_the_essential_categories_a_list_leaves_out() -> None:
    report = coach_questions(
        ["What does a typical day look like for you?", "What do you enjoy most about it?"]
    )
    missing = [f for f in report.findings if f.code == "missing-category"]
    assert len(missing) == 1
    assert "their path" in missing[0].message
    assert "the skills it takes" in missing[0].message
    assert "their advice for you" in missing[0].message
    assert "Nothing here asks about the role" not in missing[0].message
    assert report.categories_missing == ("path", "skills", "advice")
    assert "missing-category" not in list_codes(GOOD_LIST)


def test_a_question_on_two_essential_categories_covers_both() -> None:
    # Advice first, skills a close second: the list asks about the skills it takes.
    lines = [
        "What does a typical day look like for you?",
        "How did you get into this field?",
        "If you were starting out now, which skills would you focus on?",
        "Who else should I talk to?",
    ]
    report = coach_questions(lines)
    assert report.questions[2].category == "advice"
    assert report.categories_missing == ()
    assert "missing-category" not in report.codes
    # A distant second is not enough: this one asks what to study, not for advice.
    lines[2] = "What would you recommend I study to be taken seriously?"
    assert coach_questions(lines).categories_missing == ("advice",)
    # Nor does a referral question count as advice for naming whom to recommend.
    lines[2:] = ["What skills matter most?", "Who else would you recommend I reach out to?"]
    assert coach_questions(lines).categories_missing == ("advice",)


def test_each_code_found_comes_with_a_plain_reason() -> None:
    report = coach_questions(
        ["What does your firm do?", "Do you like your job?", "Are you hiring?"], minutes=5
    )
    found = {f.code: f.message for f in report.findings}
    assert set(found) == {
        "googleable",
        "closed",
        "asks-for-job",
        "no-referral-question",
        "too-many-for-time",
        "missing-category",
    }
    assert all(len(message) > 40 for message in found.values())
    assert found["googleable"].startswith("Question 1 ")


# ----------------------------------------------------------------------------- the text itself


def test_it_reads_numbered_bulleted_and_curly_quoted_lines() -> None:
    assert clean_question("  1. What’s your typical day like?  ") == "What’s your typical day like?"
    assert clean_question("2) How did you get started?") == "How did you get started?"
    assert clean_question("- Who else should I talk to?") == "Who else should I talk to?"
    assert clean_question("* What skills matter most?") == "What skills matter most?"
    assert clean_question("• Q3: Any advice?") == "Q3: Any advice?"
    assert clean_question("3.5 years in, what changed?") == "3.5 years in, what changed?"
    coached = coach_question("1. What’s your typical day like?  ")
    assert (coached.text, coached.category, coached.findings) == (
        "What’s your typical day like?",
        "role",
        (),
    )
    assert coach_question("- Is there anyone else you’d suggest I speak with?").category == (
        "referrals"
    )


def test_an_empty_list_has_nothing_to_coach() -> None:
    for lines in ([], ["", "   ", "\t"]):
        report = coach_questions(lines, minutes=30)
        assert report.as_json() == {"questions": [], "findings": []}
        assert "No questions" in report.as_text()


def test_the_text_report_escapes_what_the_user_wrote() -> None:
    text = coach_questions(["What does [bold]this[/bold] role involve?"]).as_text()
    assert r"\[bold]" in text


# ----------------------------------------------------------------------------- the command


def run_coach(*args: str) -> dict[str, Any]:
    buffer = io.StringIO()
    call_command("coach", "questions", *args, stdout=buffer)
    result: dict[str, Any] = json.loads(buffer.getvalue())
    return result


def test_the_command_prints_the_json_contract(tmp_path: Path) -> None:
    path = tmp_path / "questions.txt"
    path.write_text(
        "1. What does your company do?\n\n2. Do you like your job?\n"
        "3. What does a typical day look like for you?\n",
        encoding="utf-8",
    )
    result = run_coach(str(path), "--json", "--minutes", "20")
    assert set(result) == {"questions", "findings"}
    assert result["questions"][0] == {
        "text": "What does your company do?",
        "category": "industry",
        "findings": ["googleable"],
    }
    assert [q["findings"] for q in result["questions"]] == [["googleable"], ["closed"], []]
    for question in result["questions"]:
        assert set(question) == {"text", "category", "findings"}
        assert question["category"] in CATEGORIES
    for finding in result["findings"]:
        assert set(finding) == {"code", "message"}
        assert finding["code"] in CODES
    assert {f["code"] for f in result["findings"]} == {
        "googleable",
        "closed",
        "no-referral-question",
        "missing-category",
    }


def test_the_command_reads_standard_input_for_a_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("- Are you hiring?\n- Who else should I ask?\n"))
    result = run_coach("-", "--json")
    assert [q["text"] for q in result["questions"]] == ["Are you hiring?", "Who else should I ask?"]
    assert result["questions"][0]["findings"] == ["asks-for-job"]


# ----------------------------------------------------------------------------- the bank


def test_the_bank_has_enough_questions_in_every_category() -> None:
    assert len(BUILT_IN_QUESTIONS) >= 80
    per_category = Counter(category for category, _ in BUILT_IN_QUESTIONS)
    assert set(per_category) == set(QuestionCategory.values)
    assert min(per_category.values()) >= 5
    texts = [text for _, text in BUILT_IN_QUESTIONS]
    assert len(set(texts)) == len(texts)


def test_every_bank_question_coaches_clean() -> None:
    for category, text in BUILT_IN_QUESTIONS:
        findings = set(coach_question(text).findings)
        assert not findings & {"googleable", "closed", "asks-for-job"}, (text, findings)
        assert category in CATEGORIES


def test_the_coach_files_bank_questions_under_their_own_category() -> None:
    right = sum(coach_question(text).category == category for category, text in BUILT_IN_QUESTIONS)
    assert right / len(BUILT_IN_QUESTIONS) >= 0.9


def test_the_bank_is_copied_once_per_user(alice: User, bob: User) -> None:
    assert ensure_question_bank(alice) == len(BUILT_IN_QUESTIONS)
    assert ensure_question_bank(alice) == 0
    mine = Question.objects.filter(user=alice)
    assert mine.count() == len(BUILT_IN_QUESTIONS)
    assert all(q.built_in for q in mine)

    # Alice's changes to her copy survive another run, and Bob gets his own copy.
    hidden = mine.first()
    assert hidden is not None
    hidden.hidden = True
    hidden.tags = "favourite"
    hidden.save()
    assert ensure_question_bank(bob) == len(BUILT_IN_QUESTIONS)
    assert ensure_question_bank(alice) == 0
    hidden.refresh_from_db()
    assert (hidden.hidden, hidden.tags) == (True, "favourite")
    assert Question.objects.filter(user=bob).count() == len(BUILT_IN_QUESTIONS)
    assert not Question.objects.filter(user=bob, hidden=True).exists()


def test_the_bank_adds_only_the_questions_a_user_lacks(alice: User) -> None:
    ensure_question_bank(alice)
    first = Question.objects.filter(user=alice, built_in=True).order_by("id").first()
    assert first is not None
    first.delete()
    Question.objects.create(user=alice, text="My own question?", category="role")
    assert ensure_question_bank(alice) == 1
    assert Question.objects.filter(user=alice).count() == len(BUILT_IN_QUESTIONS) + 1


# ----------------------------------------------------------------------------- the labelled set


def test_the_labelled_set_is_big_varied_and_valid() -> None:
    lists = load()
    questions = [q for labelled in lists for q in labelled["questions"]]
    assert len(questions) >= 100
    assert {labelled["split"] for labelled in lists} <= {"tune", "held-out"}
    # Every list added in a round after the first says which round it was held out in.
    assert all("round" in labelled.get("note", "").lower() for labelled in lists[13:]), (
        "a list without the round it was held out in"
    )
    for labelled in lists:
        assert set(labelled["codes"]) <= set(CODES)
        for question in labelled["questions"]:
            assert question["category"] in CATEGORIES
            assert set(question["codes"]) <= set(CODES)
    assert Counter(q["category"] for q in questions).most_common()[-1][1] >= 5
    assert all(
        any(code in q["codes"] for q in questions)
        for code in ("googleable", "closed", "asks-for-job", "duplicate")
    )


def test_the_coach_meets_its_targets_on_the_lists_it_was_tuned_on() -> None:
    scores = evaluate("tune")
    assert scores.misses() == [], scores.mistakes


def test_the_coach_keeps_its_category_target_on_held_out_lists() -> None:
    scores = evaluate("held-out")
    if not scores.categories_total:
        pytest.skip(
            "No list is held out now (rounds 9 and 10 were scored once, then used to tune): "
            "write round 11 before the rules change again."
        )
    assert scores.category_accuracy >= CATEGORY_TARGET, scores.mistakes


def test_the_coach_meets_its_targets_on_the_whole_labelled_set() -> None:
    scores = evaluate()
    assert scores.category_accuracy >= CATEGORY_TARGET
    for code, count in scores.codes.items():
        assert (count.precision or 1.0) >= PRECISION_RECALL_TARGET, code
        assert (count.recall or 1.0) >= PRECISION_RECALL_TARGET, code


def test_the_benchmark_table_has_a_row_per_code_and_one_for_categories() -> None:
    rendered = table()
    assert rendered.row_count == len(CODES) + 1


# ----------------------------------------------------------------------------- properties


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=300), max_size=25), st.none() | st.integers(1, 120))
def test_it_never_crashes_and_gives_one_entry_per_non_empty_line(
    lines: list[str], minutes: int | None
) -> None:
    report = coach_questions(lines, minutes=minutes)
    assert len(report.questions) == sum(1 for line in lines if line.strip())
    for question in report.questions:
        assert question.category in CATEGORIES
        assert question.text
        assert set(question.findings) <= set(CODES)
    assert {f.code for f in report.findings} <= set(CODES)
    json.dumps(report.as_json())
    report.as_text()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from([text for _, text in BUILT_IN_QUESTIONS])
        | st.text(alphabet=st.characters(codec="utf-8"), max_size=80),
        max_size=15,
    )
)
def test_the_same_list_always_gets_the_same_report(lines: list[str]) -> None:
    assert coach_questions(lines).as_json() == coach_questions(list(lines)).as_json()
    spaced = [f"  {line}\t" for line in lines]
    assert coach_questions(spaced).as_json() == coach_questions(lines).as_json()


# ----------------------------------------------------------------------------- rounds 8 to 10
# Hard cases the held-out rounds found, one group per code: each failed before the rules were
# changed on them.


@pytest.mark.parametrize(
    "text",
    [
        "When was the county's emergency management office established?",
        "Who is the clinic's medical director?",
        "I'd love to hear a bit about what the hospital network does.",
        "How many investigators does the national safety board employ?",
        "What is the foundation's annual budget?",
    ],
)
def test_it_sees_a_published_fact_about_a_public_body_or_network(text: str) -> None:
    assert coach_question(text).findings == ("googleable",)
    assert coach_question(text).category == "industry"


@pytest.mark.parametrize(
    "text",
    [
        "What does the hospital network look for in new nurses?",
        "How does the national safety board work with airlines day to day?",
        "What does your team's budget cover?",
    ],
)
def test_a_public_body_asked_about_its_work_is_not_googleable(text: str) -> None:
    assert "googleable" not in codes_of(text)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Would you say cataloguing skills carry over?", "skills"),
        ("Is taxonomy work something you still do yourself?", "role"),
        ("Would you say the job is more technical than clinical?", "role"),
        ("Is it common for nurses to move into informatics?", "path"),
        ("Did you need the CFP before your first planning job?", "skills"),
        ("Is it too late to retrain at thirty?", "advice"),
        ("Are clubs hiring more analysts than five years ago?", "industry"),
    ],
)
def test_it_flags_a_polite_or_disguised_yes_or_no_question(text: str, category: str) -> None:
    assert coach_question(text).findings == ("closed",)
    assert coach_question(text).category == category


def test_might_you_know_anyone_invites_names_not_a_yes() -> None:
    coached = coach_question(
        "Might you know anyone on the informatics team at the children's hospital I could contact?"
    )
    assert (coached.category, coached.findings) == ("referrals", ())


@pytest.mark.parametrize(
    "text",
    [
        "Is the informatics team hiring nurses or paramedics at the moment?",
        "If an account executive position opens up, could you let me know?",
        "When the next product marketing role is posted, would you give me a heads-up?",
        "Would you be open to recommending me to the hiring team?",
        "Is there any way you could get my portfolio in front of your design lead?",
        "If I applied to the content design opening, would you be willing to vouch for me?",
    ],
)
def test_it_flags_a_job_ask_in_new_words(text: str) -> None:
    assert coach_question(text).findings == ("asks-for-job",)
    assert coach_question(text).category == "hiring"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Do you miss working on the line?", "What do you miss most about the fire service?"),
        (
            "Which steno or voice-writing skills matter most for live captions?",
            "What are the key skills for live captioning?",
        ),
        (
            "Which Excel and SQL skills do you use every week?",
            "What skills in Excel and SQL do you rely on weekly?",
        ),
        (
            "What made you leave engineering for law?",
            "What made you quit engineering and go into law?",
        ),
    ],
)
def test_it_sees_a_repeat_or_an_open_twin_of_a_yes_or_no_question(first: str, second: str) -> None:
    report = coach_questions([first, "Which books would you recommend?", second])
    assert "duplicate" not in report.questions[0].findings
    assert "duplicate" in report.questions[2].findings


def test_a_wider_open_question_after_a_yes_or_no_one_is_not_its_twin() -> None:
    report = coach_questions(
        ["Did you study marketing in college?", "What did you study, and how much has it mattered?"]
    )
    assert "duplicate" not in report.questions[1].findings


@pytest.mark.parametrize(
    "text",
    [
        "Could you point me to a colleague in informatics who also came from the front line?",
        "Could you recommend one or two people in comms I should get to know?",
        "Whose name comes to mind as someone I should meet next?",
        "Who else would be generous enough to share twenty minutes like this?",
    ],
)
def test_a_referral_question_in_unusual_words_counts(text: str) -> None:
    lines = [*GOOD_LIST[:4], text]
    assert coach_question(text).category == "referrals"
    assert "no-referral-question" not in list_codes(lines)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("What got you out of the fire service and into planning?", "path"),
        ("What made you trade the kitchen for inspections?", "path"),
        ("How did a photography career turn into brand strategy for you?", "path"),
        ("What was your first step out of retail management?", "path"),
        ("How do people usually get into safety investigation from the cockpit?", "path"),
        ("How did newsroom layoffs push you toward communications?", "path"),
        ("What fills your week as a county emergency manager?", "role"),
        ("What does a comms manager's inbox look like on a Monday?", "role"),
        ("How does a course go from a subject-matter expert's notes to a finished module?", "role"),
        ("Which exam did you have to pass to practise?", "skills"),
        ("What's one thing you'd tell a nurse thinking about this move?", "advice"),
    ],
)
def test_an_essential_category_in_new_words_keeps_the_list_whole(text: str, category: str) -> None:
    # Each of these once made a false missing-category alarm on a list that did cover it.
    assert categorize(text) == category
    lines = [example for example in GOOD_LIST if categorize(example) != category]
    assert "missing-category" in list_codes(lines)
    assert "missing-category" not in list_codes([*lines, text])


def test_a_list_missing_only_its_path_question_names_just_that() -> None:
    report = coach_questions(
        [
            "What does a project manager at a construction firm juggle in a typical week?",
            "Which certifications matter more in practice, PMP or PRINCE2?",
            "How would you describe the culture at the firm compared with the army?",
            "What would you do in my position to translate military experience for civilian "
            "employers?",
            "Who else do you know who made the jump from the military that I could learn from?",
        ],
        minutes=25,
    )
    assert report.categories_missing == ("path",)
    missing = next(f for f in report.findings if f.code == "missing-category")
    assert "their path" in missing.message
    assert "the role" not in missing.message.split(".")[0]
