"""How fast is search everything over the bench network (30,000 people, 100,000 notes)?

Indexes the data set (it was inserted in bulk, past the signals), then times the search
page as a user types: one letter, two, a whole name, a word from the notes, two words.
Target: each query's median <= 20 ms, through the Django test client like the pages.
"""

from __future__ import annotations

import statistics
import time
from typing import TYPE_CHECKING

from rich.table import Table

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.test import Client

TARGET_MS = 20.0
QUERIES = ["g", "gr", "gra", "grace", "son", "garcia", "hiring manager", "alumni mix", "zzqx"]


def index(user: User) -> tuple[int, float]:
    """Index everything of the user; returns the entries written and the seconds it took."""
    from coffeechat.network.search import rebuild

    start = time.perf_counter()
    written = rebuild(user)
    return written, time.perf_counter() - start


def measure(client: Client, requests: int, warmup: int = 2) -> list[tuple[str, list[float], int]]:
    """(query, times in ms, matches) for each query, timed in turn."""
    from coffeechat.network.search import search

    urls = [f"/search/?q={query.replace(' ', '+')}" for query in QUERIES]
    for _ in range(warmup):
        for url in urls:
            client.get(url)
    times: list[list[float]] = [[] for _ in QUERIES]
    for _ in range(requests):
        for place, url in enumerate(urls):
            start = time.perf_counter()
            response = client.get(url, headers={"HX-Request": "true"})
            times[place].append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"GET {url} answered {response.status_code}: the bench is broken.")
    user = response.wsgi_request.user
    return [(query, times[place], search(user, query).total) for place, query in enumerate(QUERIES)]


def table(client: Client, user: User, requests: int) -> tuple[Table, list[str]]:
    """The search timings as a table, and the targets missed in words."""
    written, seconds = index(user)
    results = measure(client, requests)
    table = Table(
        title=f"Search everything as the user types ({written:,} entries indexed in {seconds:.1f} s)",
        caption="The htmx results of /search/?q=…: every kind, best five of each, with totals.",
    )
    for column in ("query", "matches", "median ms", "p95 ms", "target", "verdict"):
        table.add_column(column, justify="left" if column in ("query", "target") else "right")
    missed = []
    for query, times, matches in results:
        median = statistics.median(times)
        p95 = statistics.quantiles(times, n=100, method="inclusive")[94] if len(times) > 1 else 0
        ok = median <= TARGET_MS
        if not ok:
            missed.append(f"search {query!r}: median {median:.1f} ms > {TARGET_MS:g} ms")
        table.add_row(
            repr(query),
            f"{matches:,}",
            f"{median:.1f}",
            f"{p95:.1f}",
            f"median ≤ {TARGET_MS:g}",
            "[green]ok[/green]" if ok else "[bold red]MISSED[/bold red]",
        )
    return table, missed
