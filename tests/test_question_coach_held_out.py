"""The question coach on the wordings round 12 of its labelled set brought in.

Each case below is written in the words of round 12's tune lists or the practice behind them (not
copied from its held-out lists): what the organization publishes about itself, a bare definition
of a role, published pay and requirements, and the hard negatives that mention a fact or a number
but ask for the person's own experience.
"""

from __future__ import annotations

import pytest

from bench.coach_questions import evaluate, load
from coffeechat.interviews.coach import coach_question, coach_questions

pytestmark = pytest.mark.backend_independent


@pytest.mark.parametrize(
    "text",
    [
        "how many attorneys work at the firm?",
        "How many pupils the school has?",
        "Would you mind sharing how many volunteers the charity has?",
        "What kind of projects does the company build?",
        "Which platforms do the studio's games ship on?",
        "What's the biggest project the company has completed?",
        "Is the company family owned?",
        "Which year did the firm start?",
        "Who are the charity's patrons?",
        "Where is the hospital trust's main site?",
    ],
)
def test_what_the_organization_publishes_is_googleable_and_filed_under_industry(
    text: str,
) -> None:
    coached = coach_question(text)
    assert (coached.findings, coached.category) == (("googleable",), "industry")


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("What does a health data analyst do?", "role"),
        ("what does an immigration attorney do", "role"),
        ("What is UX research?", "role"),
        ("What are the requirements to get teacher certification in the state?", "skills"),
        ("What is the starting salary for a new teacher in this district?", "industry"),
        ("What skills are listed in the job posting?", "skills"),
    ],
)
def test_a_definition_or_a_published_rule_is_googleable_in_its_own_category(
    text: str, category: str
) -> None:
    coached = coach_question(text)
    assert (coached.findings, coached.category) == (("googleable",), category)


@pytest.mark.parametrize(
    "text",
    [
        # A number the organization does not publish: only someone inside knows it.
        "How many hours a week does the clinic expect from a newly qualified therapist?",
        "How many interview rounds does the hospital run for band 5 posts?",
        # A fact in passing, and a question about the person's work.
        "Now that the hospital has 900 beds, how do you decide which requests come first?",
        "How did the trust's move to the new electronic record system change your work?",
        "How did the 2023 reorganization change your team's work?",
        "Which clients does the agency work with most, in your experience?",
        # The day, not the definition.
        "What does a paralegal do on a typical day?",
        "What does a collections assistant spend the day on?",
        # Pay asked for the user, not read off a scale.
        "What salary range should I expect as a junior?",
        "Where is the company heading?",
    ],
)
def test_a_fact_in_passing_or_an_inside_number_is_not_googleable(text: str) -> None:
    assert "googleable" not in coach_question(text).findings


@pytest.mark.parametrize(
    "text",
    [
        "any chance you could let me shadow you for a day with a view to a job",
        "If a planner role comes up on your team, would you think of me?",
        "Would you be comfortable vouching for me if I apply to the graduate scheme?",
    ],
)
def test_it_sees_a_job_ask_in_new_words(text: str) -> None:
    coached = coach_question(text)
    assert (coached.findings, coached.category) == (("asks-for-job",), "hiring")


def test_what_would_you_learn_first_repeats_what_should_i_learn_first() -> None:
    report = coach_questions(
        [
            "Which planning software should I learn first?",
            "What planning software would you learn first?",
            "What software did you learn first?",
        ]
    )
    assert [q.findings for q in report.questions] == [(), ("duplicate",), ()]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("what made you pick speech therapy over teaching", "path"),
        ("How you decided to become teacher after engineering?", "path"),
        ("which tools does your team use daily?", "skills"),
    ],
)
def test_it_files_these_wordings_in_the_right_category(text: str, category: str) -> None:
    assert coach_question(text).category == category


def test_round_12_keeps_ten_held_out_lists_that_say_so() -> None:
    round_12 = [labelled for labelled in load() if "round 12" in labelled.get("note", "")]
    held_out = [labelled for labelled in round_12 if labelled["split"] == "held-out"]
    assert len(round_12) == 21
    assert len(held_out) == 10
    assert all("Still held out" in labelled["note"] for labelled in held_out)
    googleable = sum("googleable" in q["codes"] for lst in round_12 for q in lst["questions"])
    assert googleable >= 60


def test_googleable_keeps_its_precision_on_round_12_held_out_lists() -> None:
    held_out = [
        labelled
        for labelled in load()
        if labelled["split"] == "held-out" and "round 12" in labelled.get("note", "")
    ]
    scores = evaluate(lists=held_out)
    assert scores.codes["googleable"].precision == 1.0, scores.mistakes
