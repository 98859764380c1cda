"""The owner's journey in a real browser, screenshots of the main pages, and axe-core on them.

Run alone with `python -m pytest tests/e2e`; screenshots land in build/screenshots/.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from coffeechat.accounts.models import ensure_owner
from coffeechat.interviews.models import Interview, Stage
from coffeechat.network.models import Person
from coffeechat.web.demo import load_demo
from tests.e2e.conftest import PHONE, REPO, log_in, open_context

pytestmark = pytest.mark.e2e

AXE = Axe()
# What must never ship; "moderate" and "minor" findings are left to judgement.
BLOCKING_IMPACTS = {"serious", "critical"}
DOCS_SCREENSHOT = REPO / "docs" / "screenshot.png"


def blocking_violations(page: Page, label: str) -> list[str]:
    """axe-core's serious and critical findings on the page, one readable line each."""
    results = AXE.run(page)
    problems = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        targets = "; ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
        head = f"{label}: {violation['id']} ({violation['impact']}): {violation['help']}"
        problems.append(f"{head}\n    at {targets}")
    return problems


def check_both_themes(page: Page, label: str) -> list[str]:
    """axe in the light theme, then with the system asking for dark."""
    problems = blocking_violations(page, f"{label}, light")
    page.emulate_media(color_scheme="dark")
    try:
        problems += blocking_violations(page, f"{label}, dark")
    finally:
        page.emulate_media(color_scheme="light")
    return problems


def assert_accessible(problems: list[str]) -> None:
    if problems:
        report = "\n".join(problems)
        print(report)
        pytest.fail(
            f"axe-core found {len(problems)} serious or critical violations:\n{report}",
            pytrace=False,
        )


def test_owner_journey(live_server: LiveServer, browser: Browser, page: Page) -> None:
    owner, created = ensure_owner()
    assert created
    load_demo(owner)  # A populated network, so that searching has something to narrow.

    # The one-time link logs the owner in and lands on Today.
    link = log_in(page, live_server, owner)
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    # The same link, opened again in a new private window, no longer logs anyone in.
    stranger = open_context(browser)
    try:
        other = stranger.new_page()
        other.goto(link)
        expect(other).to_have_url(f"{live_server.url}/login/")
        expect(other.get_by_role("status")).to_contain_text(
            "That login link has been used or has expired"
        )
        expect(other.get_by_role("button", name="Log out")).to_have_count(0)
        other.goto(f"{live_server.url}/network/")
        expect(other).to_have_url(re.compile(r"/login/\?next=/network/$"))
    finally:
        stranger.close()

    # Add a person from the Network page.
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Network").click()
    expect(page).to_have_url(f"{live_server.url}/network/")
    page.get_by_role("link", name="Add a person").click()
    problems = blocking_violations(page, "add a person")
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    page.get_by_label("Position").fill("Research Engineer")
    page.get_by_label("Organization").fill("Analytical Engines Ltd")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Lovelace")
    expect(page.locator(".subtitle")).to_have_text("Research Engineer at Analytical Engines Ltd")
    expect(page.get_by_role("status")).to_contain_text("Ada Lovelace is in your network.")
    person = Person.objects.select_related("organization").get(user=owner, first_name="Ada")
    assert person.organization is not None
    assert person.organization.name == "Analytical Engines Ltd"
    expect(page).to_have_url(f"{live_server.url}{person.get_absolute_url()}")

    # Start an interview with her: it begins as an idea.
    page.get_by_role("link", name="New interview", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New interview with Ada Lovelace")
    problems += blocking_violations(page, "new interview")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Interview with Ada Lovelace")
    expect(page.locator("#stage-heading")).to_have_text("Stage: Idea")
    match = re.search(r"/interviews/(\d+)/$", page.url)
    assert match, page.url
    interview_id = int(match.group(1))

    # Schedule it a few days ahead.
    when = (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).replace(
        hour=15, minute=30, second=0, microsecond=0
    )
    schedule = page.locator(
        "form.move", has=page.get_by_role("button", name="Schedule", exact=True)
    )
    schedule.get_by_label("When").fill(when.strftime("%Y-%m-%dT%H:%M"))
    schedule.get_by_role("button", name="Schedule", exact=True).click()
    expect(page.locator("#stage-heading")).to_have_text("Stage: Scheduled")
    expect(page.locator(".stages [aria-current=step]")).to_have_text("Scheduled")
    expect(page.locator(".flash")).to_contain_text("Interview with Ada Lovelace: scheduled.")
    interview = Interview.objects.get(pk=interview_id)
    assert interview.person_id == person.pk
    assert interview.stage == Stage.SCHEDULED
    assert interview.scheduled_at == when

    # The pipeline board shows her in the Scheduled column, and only there.
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Pipeline").click()
    expect(page).to_have_url(f"{live_server.url}/pipeline/")
    scheduled = page.locator("section.column", has=page.locator("#col-scheduled"))
    expect(scheduled.get_by_role("link", name="Ada Lovelace")).to_be_visible()
    expect(page.locator("section.column").get_by_role("link", name="Ada Lovelace")).to_have_count(1)

    # Search as you type narrows the network in place, without loading a new page.
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Network").click()
    results = page.locator("#results")
    everyone = Person.objects.for_user(owner).count()
    expect(results.locator(".count")).to_have_text(f"{everyone} people")
    page.evaluate("window.sameDocument = true")
    with page.expect_response(lambda r: "q=Lovelace" in r.url) as searched:
        page.get_by_label("Search people").press_sequentially("Lovelace", delay=20)
    response = searched.value
    assert response.request.headers.get("hx-request") == "true"
    assert "<html" not in response.text(), "the search should answer with the results alone"
    expect(results.locator(".count")).to_have_text("1 person matches")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results.get_by_role("link", name="Ada Lovelace")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/network/\?q=Lovelace"))
    assert page.evaluate("window.sameDocument") is True, "the search reloaded the page"
    problems += blocking_violations(page, "network, searched")

    assert_accessible(problems)


def main_pages(owner: User) -> list[tuple[str, str]]:
    """(name, path) of each main page, for a user with the demo data."""
    interview = (
        Interview.objects.for_user(owner)
        .filter(stage=Stage.THANKED)
        .select_related("person")
        .order_by("id")
        .first()
    )
    assert interview is not None, "the demo data should hold a thanked interview"
    return [
        ("today", "/"),
        ("network", "/network/"),
        ("person", interview.person.get_absolute_url()),
        ("pipeline-board", "/pipeline/"),
        ("pipeline-table", "/pipeline/?view=table"),
        ("interview", interview.get_absolute_url()),
        ("explorations", "/explorations/"),
        ("settings", "/settings/"),
    ]


def visit(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} answered {response and response.status}"
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_main_pages_screenshots_and_accessibility(
    live_server: LiveServer,
    browser: Browser,
    context: BrowserContext,
    page: Page,
    screenshots: Path,
) -> None:
    owner, _ = ensure_owner()
    counts = load_demo(owner)
    assert counts.people >= 40 and counts.interviews >= 12
    problems: list[str] = []

    # Desktop, logged in: one screenshot each, axe in both themes.
    log_in(page, live_server, owner)
    for name, path in main_pages(owner):
        visit(page, f"{live_server.url}{path}")
        # The board is shot as the visitor first sees it; it is also the README's picture.
        page.screenshot(path=screenshots / f"{name}.png", full_page=name != "pipeline-board")
        problems += check_both_themes(page, name)
    visit(page, f"{live_server.url}/pipeline/")
    page.emulate_media(color_scheme="dark")
    page.screenshot(path=screenshots / "pipeline-board-dark.png")
    page.emulate_media(color_scheme="light")
    if os.environ.get("COFFEECHAT_UPDATE_SCREENSHOT"):  # refresh the README's picture on request
        DOCS_SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(screenshots / "pipeline-board.png", DOCS_SCREENSHOT)

    # Phone width, in the same session.
    phone = open_context(browser, viewport=PHONE, storage_state=context.storage_state())
    try:
        small = phone.new_page()
        for name, path in (("network", "/network/"), ("pipeline-board", "/pipeline/")):
            visit(small, f"{live_server.url}{path}")
            small.screenshot(path=screenshots / f"{name}-phone.png", full_page=True)
            problems += blocking_violations(small, f"{name}, phone")
    finally:
        phone.close()

    # The login page, logged out, with and without the spent-link message.
    visitor = open_context(browser)
    try:
        anonymous = visitor.new_page()
        visit(anonymous, f"{live_server.url}/login/")
        anonymous.screenshot(path=screenshots / "login.png", full_page=True)
        problems += check_both_themes(anonymous, "login")
        visit(anonymous, f"{live_server.url}/login/link/not-a-token/")
        expect(anonymous.get_by_role("status")).to_contain_text("has been used or has expired")
        problems += check_both_themes(anonymous, "login after a spent link")
    finally:
        visitor.close()

    assert_accessible(problems)
