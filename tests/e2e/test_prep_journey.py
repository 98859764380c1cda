"""Prepare, hold and debrief one interview in a real browser; print its prep sheet to PDF."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, Response, expect
from pytest_django.live_server_helper import LiveServer

from coffeechat.accounts.models import ensure_owner
from coffeechat.growth.models import Action
from coffeechat.interviews import prep
from coffeechat.interviews.models import Interview, Stage, Takeaway
from coffeechat.network.models import Organization, Person, Source
from tests.e2e.conftest import log_in
from tests.e2e.test_journey import assert_accessible, check_both_themes

pytestmark = pytest.mark.e2e

QUESTIONS = 8
PRINTED_QUESTIONS = 10


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def saved(url: str) -> Callable[[Response], bool]:
    """Match the answer to one autosave POST, so a test waits for that save and no other."""
    return lambda response: response.url == url and response.request.method == "POST"


def notes_arrive(interview: Interview, notes: str, seconds: float = 10.0) -> None:
    """Wait for notes sent as the page went away; the browser sends them without waiting."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        interview.refresh_from_db(fields=["notes"])
        if interview.notes == notes:
            return
        time.sleep(0.05)
    assert interview.notes == notes


def test_prepare_hold_and_debrief_one_interview(
    live_server: LiveServer, page: Page, screenshots: Path
) -> None:
    owner, _ = ensure_owner()
    organization = Organization.objects.create(user=owner, name="Northwind Health")
    grace = Person.objects.create(
        user=owner,
        first_name="Grace",
        last_name="Hopper",
        position="UX Researcher",
        organization=organization,
    )
    interview = Interview.objects.create(user=owner, person=grace, length_minutes=30)
    interview.move_to(Stage.SCHEDULED, scheduled_at=timezone.now() + dt.timedelta(days=1))
    log_in(page, live_server, owner)
    problems: list[str] = []
    base = f"{live_server.url}/interviews/{interview.pk}"

    # Research, the objective and the introduction, in one form.
    page.goto(f"{base}/")
    page.get_by_label("Objective").fill("Learn how researchers get into health software.")
    page.get_by_label("About them").fill("Ten years at Northwind; talks at UXPA.")
    page.get_by_label("About the organization").fill("Hospital software, 400 people.")
    page.get_by_label("Your introduction").fill("I'm a nurse moving into UX research.")
    page.get_by_role("button", name="Save research").click()
    expect(page.get_by_text("Research saved.")).to_be_visible()

    # The suggested questions to fit the time, then one of our own, moved up by keyboard.
    page.get_by_role("button", name="Add suggested questions to fit the time").click()
    page.get_by_label("Your own question").fill("What surprised you most about health software?")
    page.get_by_label("Your own question").press("Enter")
    expect(page.locator(".question-list li")).to_have_count(QUESTIONS)
    up = page.get_by_role("button", name="Move up: What surprised you most about health software?")
    up.focus()
    page.keyboard.press("Enter")
    items = page.locator(".question-list li .question-text")
    expect(items.last).to_have_text(re.compile("talk to|speak with|reach out"))
    expect(page.locator(".fit")).to_contain_text(
        f"{QUESTIONS} of about 7–10 that fit in 30 minutes"
    )
    problems += check_both_themes(page, "interview with questions")
    page.screenshot(path=str(screenshots / "interview-prep.png"), full_page=True)

    # Two more, so that the sheet is checked with the ten questions a 30-minute meeting holds.
    for extra in (
        "How do you decide what to research next?",
        "What would you read first in my place?",
    ):
        page.get_by_label("Your own question").fill(extra)
        page.get_by_label("Your own question").press("Enter")
    expect(page.locator(".question-list li")).to_have_count(PRINTED_QUESTIONS)
    expect(items.last).to_have_text(re.compile("talk to|speak with|reach out"))

    # The prep sheet prints on one page.
    page.goto(f"{base}/prep/")
    expect(page.get_by_text("Hospital software, 400 people.")).to_be_visible()
    problems += check_both_themes(page, "prep sheet")
    page.emulate_media(media="print")
    page.screenshot(path=str(screenshots / "prep-sheet-print.png"), full_page=True)
    for size in ("A4", "Letter"):
        assert pdf_pages(page.pdf(format=size)) == 1, size
    page.emulate_media(media="screen")

    # Live mode: tick, take notes, reload, and nothing is lost.
    page.goto(f"{base}/live/")
    expect(page.locator(".timer-clock")).to_be_visible()
    expect(page.get_by_role("button", name="Save notes")).to_be_hidden()
    page.get_by_role("button", name="Start").click()
    expect(page.locator("[data-timer-remaining]")).to_have_text(re.compile(r"^29:5\d|^30:00"))
    boxes = page.locator(".live-questions input[type=checkbox]")
    for index in (0, 1, PRINTED_QUESTIONS - 1):  # the last one asks who else to talk to
        with page.expect_response(saved(f"{base}/live/tick/")):
            boxes.nth(index).check()
    expect(page.locator("#live-status")).to_contain_text("Saved")
    with page.expect_response(saved(f"{base}/live/notes/")):
        page.get_by_role("textbox", name="Notes").fill("Started as a nurse")
    # Words typed just before leaving the page are sent as it goes, not lost to the delay.
    page.get_by_role("textbox", name="Notes").press_sequentially(" too. SQL matters.")
    page.goto(f"{base}/prep/")
    notes_arrive(interview, "Started as a nurse too. SQL matters.")
    page.goto(f"{base}/live/")
    expect(page.get_by_role("textbox", name="Notes")).to_have_value(
        "Started as a nurse too. SQL matters."
    )
    expect(boxes.nth(0)).to_be_checked()
    expect(boxes.nth(PRINTED_QUESTIONS - 1)).to_be_checked()
    expect(boxes.nth(2)).not_to_be_checked()
    problems += check_both_themes(page, "live mode")

    for kind, text in (("skill", "Learn SQL."), ("advice", "Shadow a research ops team.")):
        page.locator("#id_kind").select_option(kind)
        page.locator("#id_text").fill(text)
        page.get_by_role("button", name="Add takeaway").click()
        expect(page.get_by_text("Takeaway saved.")).to_be_visible()
    page.get_by_label("Name").fill("Ada Lovelace")
    page.get_by_label("Organization").fill("Analytical Engines")
    page.get_by_role("button", name="Add referral").click()
    expect(page.get_by_role("link", name="Ada Lovelace")).to_be_visible()
    page.get_by_label("Title").fill("Take a SQL course")
    page.get_by_label("Kind", exact=True).last.select_option("course")
    page.get_by_label("From takeaway").select_option(label="Learn SQL.")
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_text("Action added: Take a SQL course.")).to_be_visible()
    page.screenshot(path=str(screenshots / "interview-live.png"), full_page=True)

    # The debrief reviews it all, marks it held and leads to the thank-you.
    page.get_by_role("link", name="Finish and debrief").click()
    expect(page.get_by_text("Shadow a research ops team.")).to_be_visible()
    expect(page.get_by_text("didn't tick the question")).to_have_count(0)
    problems += check_both_themes(page, "debrief")
    page.get_by_role("textbox", name="Debrief").fill("Research ops is a way in.")
    page.get_by_label("Time spent (minutes)").fill("90")
    page.get_by_role("button", name="Mark held and write the thank-you").click()
    expect(page).to_have_url(re.compile(r"/messages/new/\?kind=thank-you$"))

    interview.refresh_from_db()
    assert interview.stage == Stage.HELD
    assert interview.notes == "Started as a nurse too. SQL matters."
    assert interview.time_spent_minutes == 90
    assert [q.asked for q in interview.question_list()].count(True) == 3
    assert prep.category_of(list(interview.question_list())[-1]) == "referrals"
    assert Takeaway.objects.filter(interview=interview).count() == 2
    ada = Person.objects.get(first_name="Ada")
    assert ada.source == Source.REFERRAL and ada.referred_by == grace
    action = Action.objects.get()
    assert action.suggested_by == grace and action.takeaway is not None
    assert_accessible(problems)
