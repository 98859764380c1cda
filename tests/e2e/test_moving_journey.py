"""Moving to another Coffeechat, in a real browser: download everything on one account, load
the file into an empty one from Settings, and find the same network there."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from coffeechat import portability
from coffeechat.network.models import Person
from coffeechat.web.demo import load_demo
from tests.e2e.conftest import log_in
from tests.e2e.test_journey import assert_accessible, check_both_themes

pytestmark = pytest.mark.e2e


def test_an_export_downloaded_in_settings_loads_into_an_empty_account(
    live_server: LiveServer, page: Page, screenshots: Path, tmp_path: Path
) -> None:
    before = User.objects.create_user("laptop")
    load_demo(before)
    log_in(page, live_server, before)
    page.goto(f"{live_server.url}/settings/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download everything (JSON)").click()
    export = tmp_path / "coffeechat.json"
    download.value.save_as(export)

    after = User.objects.create_user("career-centre")
    page.context.clear_cookies()
    log_in(page, live_server, after)
    page.goto(f"{live_server.url}/settings/")
    problems = check_both_themes(page, "settings")
    # A file that is no export is refused, naming the file, and the account stays empty.
    wrong = tmp_path / "contacts.json"
    wrong.write_text("[]", encoding="utf-8")
    page.get_by_label("Coffeechat export (.json)").set_input_files(wrong)
    page.get_by_role("button", name="Import the export").click()
    expect(page.get_by_role("alert")).to_contain_text("contacts.json: not a Coffeechat export")
    problems += check_both_themes(page, "settings with an import error")
    page.screenshot(path=str(screenshots / "settings-import-error.png"), full_page=True)
    assert not portability.user_has_data(after)

    page.get_by_label("Coffeechat export (.json)").set_input_files(export)
    page.get_by_role("button", name="Import the export").click()
    expect(page.get_by_text("Imported coffeechat.json")).to_be_visible()
    people = Person.objects.filter(user=after).count()
    assert people == Person.objects.filter(user=before).count() > 0
    assert portability.export_user(after)["tables"] == portability.export_user(before)["tables"]
    assert_accessible(problems)
