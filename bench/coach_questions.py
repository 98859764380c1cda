"""How well the question coach agrees with the labelled set in tests/data/coach_questions.json.

Per code: precision, recall and support (labelled positives), on the whole set and on the
held-out lists (never used to write the rules); category accuracy likewise. Targets: each
code's precision and recall >= 0.9, category accuracy >= 0.85, on the whole set.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.table import Table

from bench.report import accuracy_table

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "coach_questions.json"

QUESTION_CODES = ("googleable", "closed", "asks-for-job", "duplicate")
LIST_CODES = ("no-referral-question", "too-many-for-time", "missing-category")
CODES = QUESTION_CODES + LIST_CODES
PRECISION_RECALL_TARGET = 0.9
CATEGORY_TARGET = 0.85


@dataclass
class Count:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass
class Scores:
    codes: dict[str, Count] = field(default_factory=lambda: {code: Count() for code in CODES})
    categories_right: int = 0
    categories_total: int = 0
    mistakes: list[str] = field(default_factory=list)

    @property
    def category_accuracy(self) -> float:
        return self.categories_right / self.categories_total if self.categories_total else 1.0

    def misses(self) -> list[str]:
        """Every target this score misses, in words; empty when all are met."""
        missed = []
        for code, count in self.codes.items():
            for name, value in (("precision", count.precision), ("recall", count.recall)):
                if value is not None and value < PRECISION_RECALL_TARGET:
                    missed.append(f"{code} {name} {value:.2f} < {PRECISION_RECALL_TARGET}")
        if self.category_accuracy < CATEGORY_TARGET:
            missed.append(f"category accuracy {self.category_accuracy:.2f} < {CATEGORY_TARGET}")
        return missed


def load(path: Path = DATA) -> list[dict[str, Any]]:
    lists: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["lists"]
    return lists


def _tally(count: Count, expected: bool, got: bool) -> None:
    if expected and got:
        count.tp += 1
    elif got:
        count.fp += 1
    elif expected:
        count.fn += 1


def evaluate(split: str | None = None, lists: list[dict[str, Any]] | None = None) -> Scores:
    """Score the coach on the labelled lists of one split ("tune", "held-out") or all of them."""
    from coffeechat.interviews.coach import coach_questions

    scores = Scores()
    for labelled in lists if lists is not None else load():
        if split is not None and labelled["split"] != split:
            continue
        report = coach_questions(
            [q["text"] for q in labelled["questions"]], minutes=labelled["minutes"]
        )
        for question, got in zip(labelled["questions"], report.questions, strict=True):
            for code in QUESTION_CODES:
                expected, found = code in question["codes"], code in got.findings
                _tally(scores.codes[code], expected, found)
                if expected != found:
                    sign = "missed" if expected else "wrongly"
                    scores.mistakes.append(f"{sign} {code}: {got.text}")
            scores.categories_total += 1
            if got.category == question["category"]:
                scores.categories_right += 1
            else:
                scores.mistakes.append(
                    f"category {got.category} (want {question['category']}): {got.text}"
                )
        list_codes = {f.code for f in report.findings}
        for code in LIST_CODES:
            expected, found = code in labelled["codes"], code in list_codes
            _tally(scores.codes[code], expected, found)
            if expected != found:
                sign = "missed" if expected else "wrongly"
                scores.mistakes.append(f"{sign} {code}: list {labelled['name']!r}")
    return scores


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _verdict(*values: float | None, target: float) -> str:
    if all(value is None or value >= target for value in values):
        return "[green]ok[/green]"
    return "[bold red]MISSED[/bold red]"


def table() -> Table:
    """The question coach against its labelled set, whole and held-out, with targets."""
    whole, held_out = evaluate(), evaluate("held-out")
    caption = (
        "Held out: lists written before the rules were last changed and never used to tune "
        "them. Verdict: the whole set against the target."
    )
    if not held_out.categories_total:
        caption += (
            " No list is held out now: every round was scored once, then used to tune (each "
            "list's note keeps its round's untouched scores)."
        )
    table = accuracy_table(
        f"Question coach against the labelled set: {whole.categories_total} questions "
        f"({held_out.categories_total} held out)",
        caption,
    )
    for code in CODES:
        w, h = whole.codes[code], held_out.codes[code]
        table.add_row(
            code,
            _number(w.precision),
            _number(w.recall),
            str(w.support),
            _number(h.precision),
            _number(h.recall),
            str(h.support),
            f"P, R ≥ {PRECISION_RECALL_TARGET}",
            _verdict(w.precision, w.recall, target=PRECISION_RECALL_TARGET),
        )
    table.add_row(
        "category accuracy",
        f"{whole.category_accuracy:.2f}",
        "",
        str(whole.categories_total),
        f"{held_out.category_accuracy:.2f}" if held_out.categories_total else "—",
        "",
        str(held_out.categories_total),
        f"≥ {CATEGORY_TARGET}",
        _verdict(whole.category_accuracy, target=CATEGORY_TARGET),
    )
    return table


if __name__ == "__main__":
    from rich.console import Console

    Console().print(table())
