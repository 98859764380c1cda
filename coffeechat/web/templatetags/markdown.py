"""`{{ note.text|markdown }}`: a note's Markdown as safe HTML.

People paste things into notes. The Markdown parser runs with raw HTML off (it shows up as
text), and nh3 then keeps only a small set of tags, so nothing in a note can run a script,
load an image, restyle the page or link anywhere but a web page or an e-mail address.
"""

from __future__ import annotations

import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

register = template.Library()

TAGS = {
    "p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "blockquote", "a",
    "h3", "h4", "h5", "h6",
}  # fmt: skip
LINK_REL = "noopener noreferrer nofollow"

# "breaks": a single line break in a note stays a line break, as people type them.
_parser = MarkdownIt("commonmark", {"html": False, "breaks": True})


def _image_as_link(
    self: object, tokens: list[Token], idx: int, options: object, env: object
) -> str:
    """No images load from a note: `![alt](url)` becomes a link to it, named by its alt text."""
    token = tokens[idx]
    src = escapeHtml(str(token.attrGet("src") or ""))
    return f'<a href="{src}">{escapeHtml(token.content or str(token.attrGet("src") or ""))}</a>'


_parser.add_render_rule("image", _image_as_link)


def _headings_below_the_page(tokens: list[Token]) -> None:
    """A note's `#` heading is h3: the page's own h1 and h2 stay on top."""
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 2, 6)}"


def render_markdown(text: str) -> str:
    """The text rendered from Markdown and reduced to the allowed tags and links."""
    tokens = _parser.parse(text)
    _headings_below_the_page(tokens)
    html = _parser.renderer.render(tokens, _parser.options, {})
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes={"a": {"href"}},
        link_rel=LINK_REL,
        url_schemes={"http", "https", "mailto"},
        url_relative="deny",
    )


@register.filter(is_safe=True)
def markdown(text: object) -> SafeString:
    return mark_safe(render_markdown(str(text or "")))  # sanitised by nh3 above
