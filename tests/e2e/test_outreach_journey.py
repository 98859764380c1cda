"""One interview from idea to thanked, in the web UI alone, with the coach and Today on the way.

The acceptance item: a user takes one interview from "idea" to "thanked" without leaving the
web UI, sees the coach's findings on a bad draft as they type, and Today lists what is due
before and after. Screenshots land in build/screenshots/.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from coffeechat.accounts.models import ensure_owner
from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Person
from coffeechat.outreach.models import Message, MessageKind, Reply
from tests.e2e.conftest import log_in
from tests.e2e.test_journey import assert_accessible, blocking_violations

pytestmark = pytest.mark.e2e

NAME = "Grace Hopper"
SUBJECT = "A question about compilers at Analytical Engines"
# Asks for a job and for an hour, and says nothing about her: the coach must object.
BAD_BODY = (
    "Hi Grace,\n\n"
    "I am looking for a job and I wanted to ask whether you are hiring. Could we meet for "
    "an hour next week so I can tell you about my background?\n\n"
    "Best,\nSam"
)
# Personal, a question, and a small, specific amount of time: nothing to change.
GOOD_BODY = (
    "Hi Grace,\n\n"
    "Your work on compilers at Analytical Engines Ltd is why I am writing. How did you become "
    "a compiler engineer? Would you be open to a 20-minute call in the next two weeks?\n\n"
    "Thank you,\nSam"
)
THANK_YOU_BODY = (
    "Hi Grace,\n\n"
    "Thank you for your time yesterday. Your advice to read the compiler's source before its "
    "manual changed how I study, and I started with the parser this morning.\n\n"
    "Best,\nSam"
)


def go_to_today(page: Page, live_server: LiveServer) -> Locator:
    """Open Today from the header; returns its list of due items."""
    page.get_by_role("link", name="☕ Coffeechat").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    return page.locator("li.due-item")


def flash(page: Page) -> Locator:
    # Not get_by_role("status"): on a draft the coach's findings are a live region too.
    return page.locator(".flash")


def type_into(page: Page, field: Locator, text: str) -> None:
    """Replace a draft field's text as the user would, and wait for the coach to answer."""
    with page.expect_response(
        lambda r: r.url.endswith("/coach/") and r.request.method == "POST"
    ) as coached:
        field.fill(text)
    response = coached.value
    assert response.ok, response.status
    assert response.request.headers.get("hx-request") == "true"
    assert "<html" not in response.text(), "the coach should answer with its findings alone"


def test_one_interview_from_idea_to_thanked(
    live_server: LiveServer, page: Page, screenshots: Path
) -> None:
    owner, _ = ensure_owner()
    log_in(page, live_server, owner)
    problems: list[str] = []

    # A person to ask, with where she works and what she does.
    page.goto(f"{live_server.url}/network/")
    page.get_by_role("link", name="Add a person").first.click()  # also in the empty state
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Hopper")
    page.get_by_label("Position").fill("Compiler Engineer")
    page.get_by_label("Organization").fill("Analytical Engines Ltd")
    page.get_by_label("Email").fill("grace@example.org")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(page.locator(".subtitle")).to_have_text("Compiler Engineer at Analytical Engines Ltd")

    # An interview with her, which starts as an idea.
    page.get_by_role("link", name="New interview", exact=True).click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Interview with {NAME}")
    expect(page.locator("#stage-heading")).to_have_text("Stage: Idea")
    match = re.search(r"/interviews/(\d+)/$", page.url)
    assert match, page.url
    interview_url = page.url
    interview = Interview.objects.get(pk=int(match.group(1)))
    assert interview.person == Person.objects.get(user=owner, first_name="Grace")

    # Write the request from the interview page: compose it, then save the draft.
    messages = page.locator("#messages")
    messages.get_by_role("link", name="Write the request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Write a request to {NAME}")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Request to {NAME}")
    expect(flash(page)).to_contain_text("Draft saved.")
    request = Message.objects.get(interview=interview, kind=MessageKind.REQUEST)
    assert request.is_draft
    drafted = request.body
    expect(page).to_have_url(f"{live_server.url}{request.get_absolute_url()}")

    # A bad draft: the coach's findings appear as it is typed, without saving anything.
    page.evaluate("window.sameDocument = true")
    body = page.get_by_label("Body")
    findings = page.locator("#coach-findings")
    type_into(page, page.get_by_label("Subject"), SUBJECT)  # the template's has a blank
    type_into(page, body, BAD_BODY)
    expect(findings.locator("li[data-code=asks-for-job]")).to_be_visible()
    expect(findings.locator("li[data-code=no-time-bound]")).to_be_visible()
    expect(findings).to_contain_text("The coach suggests:")
    assert page.evaluate("window.sameDocument") is True, "typing reloaded the page"
    expect(body).to_have_value(BAD_BODY)
    request.refresh_from_db()
    assert request.body == drafted, "the coach must not save the draft"
    page.screenshot(path=screenshots / "outreach-draft-coach.png", full_page=True)
    problems += blocking_violations(page, "draft with the coach's findings")

    # Fixed: the findings go away, still without a reload.
    type_into(page, body, GOOD_BODY)
    expect(findings.locator("li")).to_have_count(0)
    expect(findings).to_contain_text("The coach found nothing to change.")
    assert page.evaluate("window.sameDocument") is True, "typing reloaded the page"

    # Mark it sent (which saves the text as it stands): the interview is requested.
    page.get_by_role("button", name="Mark as sent").click()
    expect(page).to_have_url(interview_url)
    expect(flash(page)).to_contain_text("Marked as sent. The interview is now requested.")
    expect(page.locator("#stage-heading")).to_have_text("Stage: Requested")
    request.refresh_from_db()
    assert request.sent_at is not None
    assert request.subject == SUBJECT
    assert request.body.replace("\r\n", "\n") == GOOD_BODY

    # She says yes, without a time yet.
    messages.get_by_role("link", name="Record their reply").click()
    reply = page.locator("#reply")
    reply.get_by_label("Yes", exact=True).check()
    reply.get_by_role("button", name="Record the reply").click()
    expect(page).to_have_url(f"{interview_url}#stage")
    expect(flash(page)).to_contain_text("Grace said yes!")
    expect(page.locator("#stage-heading")).to_have_text("Stage: Requested")

    # Today asks to schedule the meeting, and nothing else about her.
    items = go_to_today(page, live_server)
    schedule_item = items.filter(has_text=f"Schedule the meeting with {NAME}")
    expect(schedule_item).to_have_count(1)
    expect(schedule_item).to_have_attribute("data-kind", "schedule")
    expect(items.filter(has_text=f"Thank {NAME}")).to_have_count(0)
    page.screenshot(path=screenshots / "outreach-today-schedule.png", full_page=True)

    # Schedule it from there (the meeting was yesterday afternoon), then mark it held.
    schedule_item.get_by_role("link", name="Schedule", exact=True).click()
    expect(page).to_have_url(f"{interview_url}#stage")
    when = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).replace(
        hour=15, minute=30, second=0, microsecond=0
    )
    moves = page.locator("#stage form.move")
    schedule = moves.filter(has=page.get_by_role("button", name="Schedule", exact=True))
    schedule.get_by_label("When").fill(when.strftime("%Y-%m-%dT%H:%M"))
    schedule.get_by_role("button", name="Schedule", exact=True).click()
    expect(page.locator("#stage-heading")).to_have_text("Stage: Scheduled")
    expect(flash(page)).to_contain_text(f"Interview with {NAME}: scheduled.")
    page.get_by_role("button", name="Mark held", exact=True).click()
    expect(page.locator("#stage-heading")).to_have_text("Stage: Held")
    interview.refresh_from_db()
    assert interview.scheduled_at == when
    assert interview.held_at is not None

    # Today BEFORE: the held meeting's thank-you is due; the schedule item is gone.
    items = go_to_today(page, live_server)
    thank_item = items.filter(has_text=f"Thank {NAME}")
    expect(thank_item).to_have_count(1)
    expect(thank_item).to_have_attribute("data-kind", "thank-you")
    expect(items.filter(has_text=f"Schedule the meeting with {NAME}")).to_have_count(0)
    page.screenshot(path=screenshots / "outreach-today-before.png", full_page=True)
    problems += blocking_violations(page, "today with a thank-you due")

    # Write the thank-you from Today, and mark it sent: the interview is thanked.
    thank_item.get_by_role("link", name="Write the thank-you").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Write a thank-you to {NAME}")
    page.get_by_label("Body").fill(THANK_YOU_BODY)
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Thank-you to {NAME}")
    expect(page.locator("#coach-findings li")).to_have_count(0)
    page.get_by_role("button", name="Mark as sent").click()
    expect(page).to_have_url(interview_url)
    expect(flash(page)).to_contain_text("Marked as sent. The interview is now thanked.")
    expect(page.locator("#stage-heading")).to_have_text("Stage: Thanked")
    expect(page.locator("#stage")).to_contain_text("This interview is complete.")

    # Today AFTER: nothing left to do for her.
    items = go_to_today(page, live_server)
    expect(items.filter(has_text=NAME)).to_have_count(0)
    expect(page.locator("#due-heading + p")).to_have_text("Nothing due. Well done.")
    page.screenshot(path=screenshots / "outreach-today-after.png", full_page=True)

    # What the database holds at the end.
    interview.refresh_from_db()
    assert interview.stage == Stage.THANKED
    assert interview.thanked_at is not None
    assert interview.requested_at is not None
    sent = list(interview.messages.filter(sent_at__isnull=False).order_by("sent_at"))
    assert [m.kind for m in sent] == [MessageKind.REQUEST, MessageKind.THANK_YOU]
    assert sent[0].reply == Reply.YES
    assert sent[1].body.replace("\r\n", "\n") == THANK_YOU_BODY
    assert interview.messages.count() == 2, "no stray drafts"
    assert_accessible(problems)
