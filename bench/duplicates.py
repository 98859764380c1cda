"""How long do Possible duplicates and the vCard export and re-import take at 30,000 people?

Times the duplicates page once (it builds the matcher's index of the whole network), the
vCard download of everyone, and reading that file back with the vCard reader.
Targets: duplicates page <= 3 s; export and reading back <= 2 ms a card each (vobject
builds and parses every card as a tree of objects: about 1 ms a card on an idle machine,
so a phone's few thousand contacts take seconds and 30,000 take about half a minute).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.table import Table

if TYPE_CHECKING:
    from django.test import Client

PAGE_TARGET_S = 3.0
CARD_TARGET_MS = 2.0


def _timed(step: str, results: dict[str, float], start: float) -> None:
    results[step] = time.perf_counter() - start


def table(client: Client) -> tuple[Table, list[str]]:
    """The timings as a table, and the targets missed in words."""
    from coffeechat.imports.formats import vcard
    from coffeechat.imports.rows import Contact

    results: dict[str, float] = {}
    start = time.perf_counter()
    page = client.get("/network/duplicates/")
    _timed("duplicates page", results, start)
    start = time.perf_counter()
    download = client.get("/network/vcards/")
    _timed("vCard download", results, start)
    if page.status_code != 200 or download.status_code != 200:
        raise SystemExit("The duplicates page or the vCard download failed: the bench is broken.")
    start = time.perf_counter()
    cards = sum(isinstance(row, Contact) for row in vcard.read(download.content, name="all.vcf"))
    _timed("vCard read back", results, start)
    title = f"Duplicates and vCards ({cards:,} cards, {len(download.content) / 1e6:.1f} MB)"
    out = Table(title=title)
    out.add_column("step")
    out.add_column("seconds", justify="right")
    out.add_column("target", justify="right")
    misses = []
    for step, seconds in results.items():
        per_card = step != "duplicates page"
        target = CARD_TARGET_MS * max(cards, 1) / 1000 if per_card else PAGE_TARGET_S
        shown = f"{seconds:.2f}" + (
            f" ({seconds * 1000 / max(cards, 1):.2f} ms a card)" if per_card else ""
        )
        verdict = shown if seconds <= target else f"[bold red]{shown}[/bold red]"
        out.add_row(step, verdict, f"<= {target:.1f}")
        if seconds > target:
            misses.append(f"{step}: {seconds:.2f} s (target {target:.1f} s)")
    return out, misses
