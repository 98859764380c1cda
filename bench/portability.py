"""`export json` and `import json` of the whole bench account, timed as the commands do them.

The export is written as `coffeechat export json FILE` writes it (`export_user`, `dumps`,
UTF-8 bytes); the import reads it back as `coffeechat import json FILE` does (`loads`,
`import_user`) into a new, empty account. Then the copy is exported again: the file must come
back byte for byte, at this size as in the tests. Each step reports wall-clock seconds, the
CPU seconds of this process (which a busy machine inflates less) and how far the process's
resident memory rose above where it started.

Run it last: the import adds a second copy of the account to the database.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.table import Table

if TYPE_CHECKING:
    from django.contrib.auth.models import User

TARGET_S = 10.0
_PAGE = 4096


def _rss() -> int:
    """This process's resident memory in bytes (Linux), 0 where /proc is missing."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * _PAGE


@dataclass
class Step:
    seconds: float
    cpu_seconds: float
    peak_mb: float  # the highest resident memory during the step, above where it started


def _measured[T](work: Callable[[], T]) -> tuple[T, Step]:
    """Run the work while a thread samples the resident memory every 20 ms."""
    start_rss = _rss()
    peak = [start_rss]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], _rss())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        result = work()
    finally:
        seconds, cpu_seconds = time.perf_counter() - wall, time.process_time() - cpu
        done.set()
        sampler.join()
    peak_mb = (max(peak[0], _rss()) - start_rss) / 1024 / 1024
    return result, Step(seconds, cpu_seconds, peak_mb)


def table(user: User) -> tuple[Table, list[str]]:
    """Export, import into an empty account, export again; the timings and what missed."""
    from django.contrib.auth.models import User

    from coffeechat import portability

    def export(owner: Any) -> bytes:
        return portability.dumps(portability.export_user(owner)).encode()

    text, exported = _measured(lambda: export(user))
    copy = User.objects.create_user("bench-portability-copy")
    counts, imported = _measured(
        lambda: portability.import_user(
            copy, portability.loads(text.decode(), name="bench.json"), name="bench.json"
        )
    )
    again = export(copy)

    people = counts.get("network.person", 0)
    interviews = counts.get("interviews.interview", 0)
    table = Table(
        title=f"JSON export and import: {people:,} people, {interviews:,} interviews, "
        f"{sum(counts.values()):,} rows in all ({len(text) / 1024 / 1024:.0f} MB)",
        caption="seconds: wall-clock; CPU s: this process's CPU time (a busy machine inflates "
        "it less); memory: the peak rise of resident memory during the step. "
        "Round trip: the copy's export compared byte for byte with the first.",
    )
    for column in ("step", "seconds", "CPU s", "memory MB", "target", "verdict"):
        table.add_column(column, justify="left" if column in ("step", "target") else "right")
    misses = []
    for name, step in (("export json", exported), ("import json", imported)):
        ok = step.seconds <= TARGET_S
        if not ok:
            misses.append(
                f"{name}: {step.seconds:.1f} s > {TARGET_S:g} s ({step.cpu_seconds:.1f} s of CPU)"
            )
        table.add_row(
            name,
            f"{step.seconds:.2f}",
            f"{step.cpu_seconds:.2f}",
            f"{step.peak_mb:.0f}",
            f"<= {TARGET_S:g} s",
            "[green]ok[/green]" if ok else "[bold red]MISSED[/bold red]",
        )
    same = again == text
    if not same:
        misses.append("JSON round trip: the copy's export differs from the original's")
    table.add_row(
        "export → import → export",
        "",
        "",
        "",
        "same bytes",
        "[green]ok[/green]" if same else "[bold red]DIFFERS[/bold red]",
    )
    return table, misses
