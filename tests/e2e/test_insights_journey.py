"""Insights in a real browser, on the demo data: a theme several people share, each picture
with its numbers, a skill turned into an action, and the journal downloaded as a spreadsheet."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from coffeechat.accounts.models import ensure_owner
from coffeechat.growth.models import Action
from coffeechat.insights.journal import HEADERS
from coffeechat.interviews.models import Interview
from coffeechat.web.demo import load_demo
from tests.e2e.conftest import log_in
from tests.e2e.test_journey import assert_accessible, check_both_themes

pytestmark = pytest.mark.e2e

CHARTS = ("funnel", "by-source", "by-channel", "weekly", "referrals", "confidence")


def test_insights_on_the_demo_data(
    live_server: LiveServer, page: Page, screenshots: Path, tmp_path: Path
) -> None:
    owner, _ = ensure_owner()
    load_demo(owner)
    log_in(page, live_server, owner)
    problems: list[str] = []

    page.goto(f"{live_server.url}/insights/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Insights")

    # A theme that at least two demo people raised, with who said what inside.
    shared = page.locator(".theme").filter(has_text=re.compile(r"\b([2-9]|\d\d+) people\b"))
    expect(shared.first).to_be_visible()
    theme = shared.first
    theme.locator("summary").click()
    speakers = theme.locator(".mention-person").all_inner_texts()
    assert len(set(speakers)) >= 2, speakers
    expect(theme.locator(".mentions q").first).to_be_visible()

    # Every picture draws as an image with a name, and its numbers are one click away.
    for slug in CHARTS:
        chart = page.locator(f'[data-chart="{slug}"]')
        svg = chart.locator('svg[role="img"]')
        expect(svg).to_be_visible()
        expect(svg.locator(f"#{slug}-title")).not_to_be_empty()
        expect(svg.locator(f"#{slug}-desc")).not_to_be_empty()
        chart.locator("details summary").click()
        rows = chart.locator("details tbody tr")
        expect(rows.first).to_be_visible()
        assert rows.count() >= 1, slug
    funnel = page.locator('[data-chart="funnel"]')
    requested = funnel.locator("tbody tr").first.locator("td").nth(1).inner_text()
    expect(funnel.locator("svg text").filter(has_text=re.compile(rf"^{requested}$"))).to_have_count(
        1
    )
    expect(page.locator('[data-chart="referrals"] svg circle')).to_have_count(4)

    problems += check_both_themes(page, "insights")
    page.screenshot(path=str(screenshots / "insights.png"), full_page=True)

    # One click turns a missing skill into an action, then shows it as planned.
    plan = page.get_by_role("button", name=re.compile(r"^Plan to (learn|earn) it"))
    if plan.count():
        before = Action.objects.filter(user=owner).count()
        plan.first.click()
        expect(page.get_by_text(re.compile(r"^Action added: "))).to_be_visible()
        assert Action.objects.filter(user=owner).count() == before + 1
        expect(page.locator(".planned").first).to_be_visible()

    # The journal: one row per interview, sorted by person, downloaded as XLSX.
    page.get_by_role("link", name="Open the journal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Journal")
    interviews = Interview.objects.filter(user=owner).count()
    expect(page.locator("table.journal tbody tr")).to_have_count(interviews)
    page.get_by_role("link", name="Person").click()
    expect(page.locator('th[aria-sort="ascending"]')).to_contain_text("Person")
    problems += check_both_themes(page, "journal")
    page.screenshot(path=str(screenshots / "journal.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Spreadsheet (XLSX)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".xlsx"
    sheet = openpyxl.load_workbook(saved).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == HEADERS
    assert len(values) == interviews + 1

    assert_accessible(problems)
