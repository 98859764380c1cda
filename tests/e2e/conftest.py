"""A real browser for the end-to-end journeys: Debian's Chromium, driven by Playwright.

No browser is ever downloaded. Without /usr/bin/chromium the tests are skipped on a
developer's machine and fail on CI (where the CI variable is set), so a missing install
step can't pass unnoticed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    ViewportSize,
    expect,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer

from coffeechat.accounts.models import LoginLink, login_url

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING = "Chromium is not installed: apt-get install chromium"
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000
# expect() has a timeout of its own (5 s), apart from the context's: give it the same bound, so a
# slow page on a loaded CI machine fails neither an assertion nor an action before the other.
expect.set_options(timeout=TIMEOUT_MS)

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "build" / "screenshots"


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{MISSING} (it is required on CI; {CHROMIUM} is missing)", pytrace=False)
    pytest.skip(MISSING)


@pytest.fixture(scope="module")
def allow_async_unsafe() -> Iterator[None]:
    """Playwright's sync API runs an event loop in this thread, which makes Django refuse
    database calls from it; the browser and the test never touch the database at once."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def playwright(allow_async_unsafe: None) -> Iterator[Playwright]:
    require_chromium()
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """One browser for the whole module; each test opens its own contexts."""
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


def open_context(
    browser: Browser, *, viewport: ViewportSize | None = None, **options: Any
) -> BrowserContext:
    """A fresh browser context (a new private window) that fails fast.

    `options` go to Browser.new_context, such as storage_state to carry a login over."""
    context = browser.new_context(
        viewport=viewport or DESKTOP, locale="en-US", timezone_id="UTC", **options
    )
    context.set_default_timeout(TIMEOUT_MS)
    # Nothing to see there, and a stray request must not race the test for the database.
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    return context


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = open_context(browser)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A page that fails its test if the browser blocked anything by the Content Security
    Policy: an inline script or style slipped into a template would break in users' hands."""
    page = context.new_page()
    blocked: list[str] = []

    def watch(message: Any) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            blocked.append(f"{page.url}: {message.text}")

    page.on("console", watch)
    yield page
    assert not blocked, "Blocked by the Content Security Policy:\n" + "\n".join(blocked)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def log_in(page: Page, live_server: LiveServer, user: User) -> str:
    """Open a fresh one-time login link for the user; returns the link."""
    link = login_url(live_server.url, LoginLink.issue(user))
    page.goto(link)
    expect(page).to_have_url(f"{live_server.url}/")
    return link
