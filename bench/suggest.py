"""Who should I talk to? How well titles are read, and how fast a network is ranked.

Accuracy: the title-to-function reader against tests/data/job_titles.json, on the whole set
and on its held-out part (titles never used to write the rules); target >= 0.9 on the whole.
Speed: `suggest` for a few explorations over the bench network; target median <= 300 ms.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "job_titles.json"
ACCURACY_TARGET = 0.9
SPEED_TARGET_MS = 300.0
QUERIES = ["Data science", "product manager", "UX research", "Acme Analytics", "nurse"]


def accuracy() -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Per split ("whole", "held-out"): (right, total); and the titles read wrongly."""
    from coffeechat.network.titles import classify

    titles = json.loads(DATA.read_text(encoding="utf-8"))["titles"]
    counts = {"whole": [0, 0], "held-out": [0, 0]}
    wrong = []
    for labelled in titles:
        got = classify(labelled["title"])
        right = got == labelled["function"]
        for split in ("whole", labelled["split"]):
            if split in counts:
                counts[split][0] += right
                counts[split][1] += 1
        if not right:
            wrong.append(f"{labelled['title']!r}: {got} (want {labelled['function']})")
    return {split: (r, n) for split, (r, n) in counts.items()}, wrong


def accuracy_table() -> tuple[Table, list[str]]:
    counts, wrong = accuracy()
    table = Table(
        title="Job titles read as functions (tests/data/job_titles.json)",
        caption="Held out: titles never used to write or tune the rules. Wrong: "
        + ("; ".join(wrong[:5]) or "none"),
    )
    for column in ("set", "right", "titles", "accuracy", "target", "verdict"):
        table.add_column(column, justify="left" if column in ("set", "target") else "right")
    missed = []
    for split, (right, total) in counts.items():
        share = right / total if total else 1.0
        ok = split != "whole" or share >= ACCURACY_TARGET
        if not ok:
            missed.append(f"title accuracy {share:.2f} < {ACCURACY_TARGET}")
        table.add_row(
            split,
            str(right),
            str(total),
            f"{share:.3f}",
            f"≥ {ACCURACY_TARGET}" if split == "whole" else "—",
            "[green]ok[/green]" if ok else "[bold red]MISSED[/bold red]",
        )
    return table, missed


def speed_table(user: User, requests: int) -> tuple[Table, list[str]]:
    from coffeechat.network.models import Person
    from coffeechat.network.suggest import suggest

    people = Person.objects.for_user(user).count()
    table = Table(title=f"suggest over {people:,} people")
    for column in ("query", "suggested", "median ms", "target", "verdict"):
        table.add_column(column, justify="left" if column in ("query", "target") else "right")
    missed = []
    for query in QUERIES:
        suggest(user, query)  # warm-up
        times = []
        for _ in range(max(3, requests // 3)):
            start = time.perf_counter()
            found = suggest(user, query)
            times.append((time.perf_counter() - start) * 1000)
        median = statistics.median(times)
        ok = median <= SPEED_TARGET_MS
        if not ok:
            missed.append(f"suggest {query!r}: median {median:.0f} ms > {SPEED_TARGET_MS:g} ms")
        table.add_row(
            repr(query),
            str(len(found)),
            f"{median:.1f}",
            f"median ≤ {SPEED_TARGET_MS:g}",
            "[green]ok[/green]" if ok else "[bold red]MISSED[/bold red]",
        )
    return table, missed


if __name__ == "__main__":
    import os

    import django
    from rich.console import Console

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coffeechat.settings")
    django.setup()
    Console().print(accuracy_table()[0])
