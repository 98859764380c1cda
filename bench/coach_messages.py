"""How well the outreach coach agrees with the labelled drafts in tests/data/coach_messages.json.

`report()` gives per-code precision, recall and support on the whole set and on the held-out
half (the half not looked at while the rules were written); `table()` shows them for
`make bench`. Run it alone with `python -m bench.coach_messages`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.table import Table

from bench.report import accuracy_table
from coffeechat.outreach.coach import CODES, coach_message

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "coach_messages.json"
TARGET = 0.9
CAVEAT = (
    "The held-out drafts were each evaluated once and the misses then fixed, so the held-out "
    "columns are no longer unseen; the first-run figures are in the data file's 'about'."
)
_OPTIONS = (
    "channel",
    "to_name",
    "to_org",
    "to_role",
    "connection",
    "research_notes",
    "kind",
    "linkedin_note_limit",
)


@dataclass(frozen=True)
class Score:
    """Agreement on one code over some examples."""

    code: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def support(self) -> int:
        """How many examples expect the code."""
        return self.true_positives + self.false_negatives

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.support if self.support else 1.0

    @property
    def meets_target(self) -> bool:
        return self.precision >= TARGET and self.recall >= TARGET


@dataclass(frozen=True)
class Row:
    """One code: its score on the whole set and on the held-out half."""

    code: str
    whole: Score
    held_out: Score


def load(path: Path = DATA) -> list[dict[str, Any]]:
    """The labelled examples."""
    data = json.loads(path.read_text(encoding="utf-8"))
    messages: list[dict[str, Any]] = data["messages"]
    return messages


def predict(example: Mapping[str, Any]) -> set[str]:
    """The codes the coach finds in one labelled example."""
    options = {key: example[key] for key in _OPTIONS if key in example}
    return set(coach_message(example["text"], **options).codes)


def score(code: str, pairs: Iterable[tuple[set[str], set[str]]]) -> Score:
    """Score one code over (expected, found) pairs."""
    tp = fp = fn = 0
    for expected, found in pairs:
        if code in found and code in expected:
            tp += 1
        elif code in found:
            fp += 1
        elif code in expected:
            fn += 1
    return Score(code, tp, fp, fn)


def rows(examples: list[dict[str, Any]] | None = None) -> list[Row]:
    """Per-code scores on the whole set and on the held-out half."""
    examples = load() if examples is None else examples
    pairs = [(set(e["expect"]), predict(e), e["split"] == "held-out") for e in examples]
    whole = [(expected, found) for expected, found, _ in pairs]
    held = [(expected, found) for expected, found, held_out in pairs if held_out]
    return [Row(code, score(code, whole), score(code, held)) for code in CODES]


def report() -> list[tuple[str, float, float, int, float, float, int]]:
    """(code, precision, recall, support) on the whole set, then the same on the held-out half."""
    return [
        (
            row.code,
            row.whole.precision,
            row.whole.recall,
            row.whole.support,
            row.held_out.precision,
            row.held_out.recall,
            row.held_out.support,
        )
        for row in rows()
    ]


def table() -> Table:
    """The report as a table for `make bench`."""
    examples = load()
    held = sum(e["split"] == "held-out" for e in examples)
    result = accuracy_table(
        f"Outreach coach against {len(examples)} labelled drafts ({held} held out)", CAVEAT
    )
    for row in rows(examples):
        verdict = "[green]ok[/green]" if row.whole.meets_target else "[bold red]MISSED[/bold red]"
        if row.whole.meets_target and not row.held_out.meets_target:
            verdict = "[yellow]ok (held-out below)[/yellow]"
        result.add_row(
            row.code,
            f"{row.whole.precision:.2f}",
            f"{row.whole.recall:.2f}",
            str(row.whole.support),
            f"{row.held_out.precision:.2f}",
            f"{row.held_out.recall:.2f}",
            str(row.held_out.support),
            f"≥ {TARGET:g}",
            verdict,
        )
    return result


if __name__ == "__main__":
    from rich.console import Console

    Console().print(table())
