"""After the meeting, in a real browser: advice becomes an action, the action an update to the
person who suggested it; applying where someone was interviewed leads to a note to them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from coffeechat.accounts.models import ensure_owner
from coffeechat.growth.models import Action, ActionStatus, JobPosting, PostingStatus, Resource
from coffeechat.interviews.models import Interview, Stage, Takeaway, TakeawayKind
from coffeechat.network.models import Organization, Person
from coffeechat.outreach.models import Message, MessageKind
from tests.e2e.conftest import log_in
from tests.e2e.test_journey import assert_accessible, check_both_themes

pytestmark = pytest.mark.e2e

LINK = "https://careers.northwind.example/jobs/4521"


def test_advice_to_action_to_update_and_a_posting_to_a_note(
    live_server: LiveServer, page: Page, screenshots: Path
) -> None:
    owner, _ = ensure_owner()
    northwind = Organization.objects.create(user=owner, name="Northwind Health")
    grace = Person.objects.create(
        user=owner,
        first_name="Grace",
        last_name="Hopper",
        email="grace@northwind.example",
        organization=northwind,
    )
    interview = Interview.objects.create(user=owner, person=grace)
    interview.move_to(Stage.SCHEDULED, scheduled_at=timezone.now() - dt.timedelta(days=2))
    interview.move_to(Stage.HELD)
    Takeaway.objects.create(
        user=owner, interview=interview, kind=TakeawayKind.ADVICE, text="Join the UXPA chapter."
    )
    log_in(page, live_server, owner)
    problems: list[str] = []

    # The takeaway becomes an action, with Grace as the one who suggested it.
    page.goto(f"{live_server.url}/growth/")
    problems += check_both_themes(page, "growth")
    page.get_by_role("link", name="Make an action of: Join the UXPA chapter.").click()
    expect(page.get_by_label("Title")).to_have_value("Join the UXPA chapter")
    expect(page.get_by_label("Suggested by")).to_have_value(str(grace.pk))
    problems += check_both_themes(page, "new action")
    page.get_by_label("Due on").fill("2026-12-01")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Action added: Join the UXPA chapter.", exact=True)).to_be_visible()

    # Done: Today offers the update to Grace.
    page.get_by_role("button", name="Mark done: Join the UXPA chapter").click()
    expect(page.get_by_text("an update to them is waiting on Today")).to_be_visible()
    page.goto(f"{live_server.url}/")
    update = page.locator('.due-item[data-kind="share-update"]')
    expect(update).to_contain_text("Tell Grace Hopper you took their advice")
    problems += check_both_themes(page, "today with growth items")
    update.get_by_role("link", name="Write the update").click()
    body = page.get_by_label("Body")
    expect(body).to_have_value(re.compile(r"I took your advice! You suggested I join the UXPA"))
    problems += check_both_themes(page, "update draft")
    page.screenshot(path=str(screenshots / "growth-update.png"), full_page=True)
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    page.get_by_role("button", name="Mark as sent").click()
    expect(page.get_by_text("Marked as sent.")).to_be_visible()
    page.goto(f"{live_server.url}/")
    expect(page.locator('.due-item[data-kind="share-update"]')).to_have_count(0)

    # A posting at Northwind, applied for: the note to Grace links it.
    page.goto(f"{live_server.url}/growth/")
    page.get_by_role("link", name="Add a posting").click()
    page.get_by_label("Title").fill("Research Operations Lead")
    page.get_by_label("Organization").fill("Northwind Health")
    page.get_by_label("Link").fill(LINK)
    problems += check_both_themes(page, "new posting")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Mark applied: Research Operations Lead").click()
    expect(page.get_by_text("You talked with Grace Hopper there")).to_be_visible()
    page.goto(f"{live_server.url}/")
    note = page.locator('.due-item[data-kind="job-posting"]')
    expect(note).to_contain_text("Tell Grace Hopper you applied at Northwind Health")
    note.get_by_role("link", name="Write the note").click()
    expect(page.get_by_label("Body")).to_have_value(re.compile(re.escape(LINK)))
    expect(page.get_by_label("Body")).to_have_value(re.compile("attached my résumé"))
    problems += check_both_themes(page, "posting note draft")

    action = Action.objects.get()
    assert action.status == ActionStatus.DONE and action.suggested_by == grace
    assert Message.objects.get(kind=MessageKind.UPDATE, person=grace).sent_at is not None
    posting = JobPosting.objects.get()
    assert posting.status == PostingStatus.APPLIED and posting.organization == northwind
    assert_accessible(problems)


def test_a_recommendation_noted_in_the_interview_is_saved_as_a_resource_from_there(
    live_server: LiveServer, page: Page, screenshots: Path
) -> None:
    owner, _ = ensure_owner()
    grace = Person.objects.create(user=owner, first_name="Grace", last_name="Hopper")
    interview = Interview.objects.create(user=owner, person=grace)
    Takeaway.objects.create(
        user=owner,
        interview=interview,
        kind=TakeawayKind.RESOURCE,
        text="Read Just Enough Research by Erika Hall.",
    )
    log_in(page, live_server, owner)
    page.goto(f"{live_server.url}/interviews/{interview.pk}/")
    problems = check_both_themes(page, "interview with takeaways")
    page.get_by_role(
        "button", name="Save as a resource: Read Just Enough Research by Erika Hall."
    ).click()
    expect(page.get_by_text("Saved as a resource to look at")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/interviews/{interview.pk}/")
    resource = Resource.objects.get(takeaway__interview=interview)
    assert resource.recommended_by == grace
    link = page.get_by_role("link", name=f"Among your resources: {resource.title}")
    expect(link).to_be_visible()
    page.screenshot(path=str(screenshots / "interview-takeaways.png"), full_page=True)
    link.click()
    expect(page.get_by_label("Title")).to_have_value(resource.title)
    assert_accessible(problems)
