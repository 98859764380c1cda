"""The pages for a missing page and a server error are Coffeechat's own, with a way back."""

from __future__ import annotations

from django.test import Client, RequestFactory
from django.views.defaults import server_error


def test_a_missing_page_offers_today_and_search_and_highlights_no_section(
    alice_client: Client, client: Client
) -> None:
    response = alice_client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404 and "Nothing here" in page
    assert 'href="/">Go to Today</a>' in page and "Search everything" in page
    assert 'aria-current="page"' not in page
    anonymous = client.get("/no-such-page/").content.decode()
    assert "Log in</a>" in anonymous and "Go to Today" not in anonymous


def test_a_server_error_renders_without_any_context_and_says_nothing_saved_is_lost() -> None:
    """Django renders 500.html with no context processors: it must not need them."""
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in page and "Nothing you saved before is lost" in page
