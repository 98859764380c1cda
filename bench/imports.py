"""How fast and how lean is a LinkedIn import of 30,000 connections, and its re-import?

The import reads a generated Connections.csv (with the "Notes:" preamble) for a new user, in
one transaction; the re-import of the same file must change nothing. Peak memory is measured
on a second new user with tracemalloc (which slows Python down, so it is timed apart).
"""

from __future__ import annotations

import random
import time
import tracemalloc
from typing import Any

from rich.table import Table

CONNECTIONS = 30_000
SECONDS_TARGET = 3.0
MEMORY_TARGET_MB = 300.0
PREAMBLE = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email '
    'addresses are missing."\n\n'
)


def connections_csv(count: int = CONNECTIONS, seed: int = 5) -> bytes:
    """A LinkedIn export of `count` connections at about count/6 organizations."""
    chance = random.Random(seed)
    lines = [PREAMBLE + "First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for i in range(count):
        company = f"Company {chance.randrange(count // 6 or 1)}"
        if i % 7 == 0:
            company = f'"{company}, Inc."'
        email = f"person{i}@example.org" if i % 10 == 0 else ""
        lines.append(
            f"First{i},Last{i},https://www.linkedin.com/in/person-{i},{email},{company},"
            f"Engineer {i % 40},{1 + i % 28:02d} Oct 2024"
        )
    return ("\n".join(lines) + "\n").encode()


def _import(user: Any, data: bytes) -> Any:
    from coffeechat.imports.importer import read_rows, run_import

    return run_import(user, read_rows("linkedin", data, name="Connections.csv"), apply=True)


def table() -> tuple[Table, list[str]]:
    from django.contrib.auth.models import User

    data = connections_csv()
    user = User.objects.create_user("bench-importer")
    started, started_cpu = time.perf_counter(), time.process_time()
    first = _import(user, data)
    first_seconds = time.perf_counter() - started
    first_cpu = time.process_time() - started_cpu
    started, started_cpu = time.perf_counter(), time.process_time()
    again = _import(user, data)
    again_seconds = time.perf_counter() - started
    again_cpu = time.process_time() - started_cpu

    measured = User.objects.create_user("bench-importer-memory")
    tracemalloc.start()
    _import(measured, data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak_mb = peak / 1024 / 1024

    rows = [
        (
            "LinkedIn import",
            f"{first_seconds:.2f} s",
            f"{first_cpu:.2f} s",
            f"<= {SECONDS_TARGET:g} s",
            first_seconds <= SECONDS_TARGET and first.created == CONNECTIONS,
            f"{first.created} created",
        ),
        (
            "Peak memory (tracemalloc)",
            f"{peak_mb:.0f} MB",
            "",
            f"<= {MEMORY_TARGET_MB:g} MB",
            peak_mb <= MEMORY_TARGET_MB,
            "",
        ),
        (
            "Re-import, same file",
            f"{again_seconds:.2f} s",
            f"{again_cpu:.2f} s",
            f"<= {SECONDS_TARGET:g} s",
            again_seconds <= SECONDS_TARGET and again.created == again.updated == 0,
            f"{again.created} created, {again.updated} updated, {again.unchanged} unchanged",
        ),
    ]
    result = Table(title=f"Imports: LinkedIn Connections.csv, {CONNECTIONS:,} connections")
    # CPU time beside the wall clock: on a busy machine only the CPU time compares.
    for column in ("measure", "value", "CPU", "target", "verdict", "rows"):
        result.add_column(column, justify="right" if column in ("value", "CPU") else "left")
    misses = []
    for name, value, cpu, target, met, detail in rows:
        verdict = "[green]met[/green]" if met else "[bold red]MISSED[/bold red]"
        result.add_row(name, value, cpu, target, verdict, detail)
        if not met:
            misses.append(f"imports: {name} {value} (target {target}; {detail})")
    return result, misses
