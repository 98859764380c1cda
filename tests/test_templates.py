"""Template mistakes Django shows to the user instead of refusing."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "coffeechat"
TEMPLATES = sorted(p for p in ROOT.rglob("*.html") if "static" not in p.parts)


@pytest.mark.backend_independent
@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_comment_spans_lines(path: Path) -> None:
    """Django's {# #} ends at the line's end: a longer one prints as text on the page."""
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        opened = line.count("{#")
        assert opened == line.count("#}"), f"{path.name}:{number}: use {{% comment %}}"
