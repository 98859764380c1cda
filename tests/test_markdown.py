"""Notes are written in Markdown and shown as HTML that can't run, load or restyle anything."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.test import Client

from coffeechat.interviews.models import Interview
from coffeechat.network.models import Note, Organization, Person
from coffeechat.web.templatetags.markdown import TAGS, render_markdown

ATTACKS = [
    "<script>alert('hi')</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="https://example.org" onclick="steal()">click</a>',
    '<p style="position:fixed;top:0">cover the page</p>',
    "[win a prize](javascript:alert(1))",
    "[win a prize](JaVaScRiPt:alert(1))",
    "[win a prize](jav&#x09;ascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
    "![tracker](https://tracker.example/pixel.gif)",
    "<iframe src=https://evil.example></iframe>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="vbscript:msgbox(1)">x</a>',
    "<style>body { display: none }</style>",
    "<!-- a comment --><form action=https://evil.example><input name=password></form>",
]


class Elements(HTMLParser):
    """Every start tag of a fragment with its attributes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def assert_harmless(html: str) -> None:
    for tag, attrs in Elements(html).found:
        assert tag in TAGS, html
        assert set(attrs) <= ({"href", "rel"} if tag == "a" else set()), html
        href = attrs.get("href")
        if href is not None:
            assert href.startswith(("http://", "https://", "mailto:")), html
            assert attrs["rel"] == "noopener noreferrer nofollow", html


@pytest.mark.backend_independent
@pytest.mark.parametrize("attack", ATTACKS)
def test_nothing_in_a_note_can_run_load_or_restyle(attack: str) -> None:
    html = render_markdown(f"Before\n\n{attack}\n\n**after**")
    assert_harmless(html)
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert "<strong>after</strong>" in html


@pytest.mark.backend_independent
def test_raw_html_shows_as_the_text_that_was_typed() -> None:
    html = render_markdown("Use <b>bold</b> tags")
    assert html == "<p>Use &lt;b&gt;bold&lt;/b&gt; tags</p>\n"


@pytest.mark.backend_independent
def test_lists_emphasis_quotes_code_and_links_survive() -> None:
    html = render_markdown(
        "She said **learn SQL** and *ship* something.\n"
        "Second line.\n\n"
        "- first\n- second\n\n"
        "1. one\n2. two\n\n"
        "> keep going\n\n"
        "`SELECT 1` and\n\n```\nfenced code\n```\n\n"
        "[her site](https://grace.example/about) or [mail](mailto:grace@example.org)"
    )
    assert_harmless(html)
    assert "<strong>learn SQL</strong>" in html and "<em>ship</em>" in html
    assert "something.<br>\nSecond line." in html
    assert "<ul>\n<li>first</li>\n<li>second</li>\n</ul>" in html
    assert "<ol>\n<li>one</li>\n<li>two</li>\n</ol>" in html
    assert "<blockquote>\n<p>keep going</p>\n</blockquote>" in html
    assert "<code>SELECT 1</code>" in html and "<pre><code>fenced code\n</code></pre>" in html
    assert (
        '<a href="https://grace.example/about" rel="noopener noreferrer nofollow">her site</a>'
        in html
    )
    assert '<a href="mailto:grace@example.org" rel="noopener noreferrer nofollow">mail</a>' in html


@pytest.mark.backend_independent
def test_headings_sit_below_the_pages_own_and_images_become_links() -> None:
    html = render_markdown("# Big\n\n## Smaller\n\n![the slides](https://example.org/s.pdf)")
    assert "<h3>Big</h3>" in html and "<h4>Smaller</h4>" in html
    assert (
        '<a href="https://example.org/s.pdf" rel="noopener noreferrer nofollow">the slides</a>'
        in html
    )


@pytest.mark.backend_independent
def test_a_relative_link_loses_its_address() -> None:
    html = render_markdown("[admin](/admin/) and [other](//evil.example/)")
    assert "href" not in html and "admin" in html


NOTE = "Met at the **meetup**.\n\n- ask about SQL\n\n<script>alert(1)</script>"


def _check_page(page: str) -> None:
    assert "<strong>meetup</strong>" in page
    assert "<li>ask about SQL</li>" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_person_page_shows_notes_and_research_as_markdown(
    alice: User, alice_client: Client
) -> None:
    person = Person.objects.create(user=alice, first_name="Grace", research_notes=NOTE)
    Note.objects.create(user=alice, person=person, text="Follow up on **Friday**.")
    page = alice_client.get(f"/network/people/{person.pk}/").content.decode()
    _check_page(page)
    assert "<strong>Friday</strong>" in page


def test_the_interview_pages_show_notes_debrief_and_research_as_markdown(
    alice: User, alice_client: Client
) -> None:
    organization = Organization.objects.create(
        user=alice, name="Northwind", research_notes="Hiring **analysts**."
    )
    person = Person.objects.create(
        user=alice, first_name="Grace", organization=organization, research_notes=NOTE
    )
    interview = Interview.objects.create(
        user=alice, person=person, notes=NOTE, debrief="Went *well*."
    )
    detail = alice_client.get(f"/interviews/{interview.pk}/").content.decode()
    _check_page(detail)
    assert "<em>well</em>" in detail
    _check_page(alice_client.get(f"/interviews/{interview.pk}/debrief/").content.decode())
    prep = alice_client.get(f"/interviews/{interview.pk}/prep/").content.decode()
    _check_page(prep)
    assert "<strong>analysts</strong>" in prep
