"""Recurring themes: agreement with the labelled set in tests/data/themes.json, and speed.

A returned theme *is* a reader's theme when at least two of the reader's people are among its
people, they make at least half of its people, and either its name or those people's
sentences use the reader's words for it. A second returned theme matching the same reader's
theme is a duplicate and counts as wrong. Recall: share of the reader's themes found.
Precision: share of the top ten returned themes (per set) that are the reader's, averaged
over sets. Held-out sets were never looked at while the engine was tuned.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.table import Table

from coffeechat.insights.themes import Theme, themes_from_texts

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "themes.json"
RECALL_TARGET = 0.85
PRECISION_TARGET = 0.8
SPEED_TARGET_S = 3.0
TOP = 10


def load_sets() -> list[dict[str, Any]]:
    sets: list[dict[str, Any]] = json.loads(DATA.read_text())["sets"]
    return sets


def docs_of(labelled: dict[str, Any]) -> list[tuple[str, str]]:
    return [(row["person"], "\n".join(row["notes"])) for row in labelled["interviews"]]


def _says(text: str, keywords: Sequence[str]) -> bool:
    folded = text.casefold()
    return any(re.search(r"(?<![a-z0-9])" + re.escape(word), folded) for word in keywords)


def matches(theme: Theme, label: dict[str, Any]) -> bool:
    """Whether a returned theme is the careful reader's theme."""
    shared = set(theme.people) & set(label["people"])
    if len(shared) < 2 or len(shared) * 2 < theme.count:
        return False
    if _says(theme.theme, label["keywords"]):
        return True
    speaking = {m.person for m in theme.mentions if m.person in shared}
    worded = {
        m.person
        for m in theme.mentions
        if m.person in speaking and _says(m.text, label["keywords"])
    }
    return len(worded) >= 2


@dataclass
class SetScore:
    name: str
    held_out: bool
    labels: int
    found: int
    top: int
    real: int
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.labels if self.labels else 1.0

    @property
    def precision(self) -> float:
        return self.real / self.top if self.top else 1.0


def score_set(labelled: dict[str, Any]) -> SetScore:
    themes = themes_from_texts(docs_of(labelled))
    labels = labelled["themes"]
    found = {i for i, label in enumerate(labels) if any(matches(t, label) for t in themes)}
    claimed: set[int] = set()
    real = 0
    wrong = []
    for theme in themes[:TOP]:
        hit = next(
            (i for i, label in enumerate(labels) if i not in claimed and matches(theme, label)),
            None,
        )
        if hit is None:
            wrong.append(f"{theme.theme} ({', '.join(theme.people)})")
        else:
            claimed.add(hit)
            real += 1
    missed = [label["theme"] for i, label in enumerate(labels) if i not in found]
    return SetScore(
        labelled["name"],
        bool(labelled.get("held_out")),
        len(labels),
        len(found),
        min(TOP, len(themes)),
        real,
        missed,
        wrong,
    )


@dataclass
class Summary:
    recall: float
    precision: float
    sets: int


def summarize(scores: Sequence[SetScore]) -> Summary:
    if not scores:
        return Summary(1.0, 1.0, 0)
    labels = sum(s.labels for s in scores)
    found = sum(s.found for s in scores)
    return Summary(
        found / labels if labels else 1.0,
        sum(s.precision for s in scores) / len(scores),
        len(scores),
    )


def all_scores() -> list[SetScore]:
    return [score_set(labelled) for labelled in load_sets()]


# Realistic notes for the speed check, made the same way every run.
_OPENERS = (
    "{name}, {role} at {org}. {years} yrs in.",
    "{name} - {role} @ {org}",
    "{name} ({role}, {org}). super friendly, ran over time",
)
_ADVICE = (
    "def learn SQL properly, writing queries is most of the day",
    "get AWS certified, the AWS cert gets you past the recruiter screen",
    "go to meetups, attend local meetups every month",
    "networking > applying, she got every job through a referral",
    "build a portfolio w/ 2-3 case studies",
    "Tableau or Power BI for dashboards",
    "the market is rough rn for juniors, be patient",
    "PMP is expected for senior roles",
    "volunteer first, that's how most of her team started",
    "took a pay cut at first but worth it",
    "read the WSJ every morning",
    "python (pandas) after sql",
    "talk to customers constantly",
    "long hours, burnout is real, set boundaries",
    "alumni network is the way in, reach out to alumni",
    "stakeholder communication is 80% of the job",
    "learn Figma basics",
    "Excel still matters, pivot tables + xlookup",
    "grant writing is the most transferable skill",
    "contribute to open source, even docs",
)
_NOISE = (
    "we talked about her kids and the commute lol",
    "offered to intro me to her manager",
    "office is hybrid, 3 days in",
    "follow up in 2 weeks w/ the article I mentioned",
    "recommended a book on negotiation (forgot the title)",
    "he moved from Chicago last year",
)
_ROLES = ("data analyst", "UX researcher", "product manager", "nurse informaticist", "PM")
_ORGS = ("Acme Health", "Northwind", "Globex", "Initech", "Umbrella Co", "Hooli")


def synthetic_notes(interviews: int, seed: int = 7) -> list[tuple[str, str]]:
    """(person, notes) for this many interviews, one person each, the same every run."""
    rng = random.Random(seed)
    docs = []
    for number in range(interviews):
        name = f"Person {number:04d}"
        lines = [
            rng.choice(_OPENERS).format(
                name=name.split()[0],
                role=rng.choice(_ROLES),
                org=rng.choice(_ORGS),
                years=rng.randint(2, 20),
            )
        ]
        lines += [f"- {line}" for line in rng.sample(_ADVICE, rng.randint(3, 6))]
        lines += rng.sample(_NOISE, rng.randint(1, 3))
        docs.append((name, "\n".join(lines)))
    return docs


def time_texts(interviews: int = 1000) -> float:
    docs = synthetic_notes(interviews)
    start = time.perf_counter()
    themes_from_texts(docs)
    return time.perf_counter() - start


def _fmt(value: float) -> str:
    return f"{value:.2f}"


def table() -> tuple[Table, list[str]]:
    """The recall/precision table per set and overall, and the missed targets."""
    scores = all_scores()
    result = Table(
        title="Recurring themes against the careful reader (tests/data/themes.json)",
        caption="recall: reader's themes found; precision: top ten returned that are "
        "the reader's (duplicates count as wrong)",
    )
    for column in ("set", "held out", "themes", "recall", f"precision@{TOP}", "missed", "wrong"):
        result.add_column(column, justify="right" if column in ("themes",) else "left")
    for s in scores:
        result.add_row(
            s.name,
            "yes" if s.held_out else "",
            str(s.labels),
            _fmt(s.recall),
            _fmt(s.precision),
            "; ".join(s.missed) or "—",
            "; ".join(s.wrong) or "—",
        )
    misses = []
    for label, group in (
        ("all sets", scores),
        ("tuned sets", [s for s in scores if not s.held_out]),
        ("held-out sets", [s for s in scores if s.held_out]),
    ):
        summary = summarize(group)
        ok = summary.recall >= RECALL_TARGET and summary.precision >= PRECISION_TARGET
        result.add_row(
            f"[bold]{label}[/bold] ({summary.sets})",
            "",
            "",
            _fmt(summary.recall),
            _fmt(summary.precision),
            f"target recall >= {RECALL_TARGET}, precision >= {PRECISION_TARGET}",
            "[green]ok[/green]" if ok else "[bold red]MISSED[/bold red]",
        )
        if label == "all sets" and not ok:
            misses.append(
                f"Themes: recall {summary.recall:.2f}, precision {summary.precision:.2f} "
                f"(targets {RECALL_TARGET}, {PRECISION_TARGET})"
            )
    return result, misses


def speed_table(runs: int = 3) -> tuple[Table, list[str]]:
    """Themes over 1,000 interviews of a fresh user: plain text, from the database, cached."""
    import statistics

    from django.contrib.auth.models import User

    from coffeechat.insights.themes import cached_themes, clear_cache, find_themes
    from coffeechat.interviews.models import Interview
    from coffeechat.network.models import Person

    docs = synthetic_notes(1000)
    user, created = User.objects.get_or_create(username="themes-bench")
    if created:
        people = Person.objects.bulk_create(
            [Person(user=user, first_name=name, last_name="") for name, _ in docs]
        )
        Interview.objects.bulk_create(
            [
                Interview(user=user, person=person, notes=text)
                for person, (_, text) in zip(people, docs, strict=True)
            ]
        )

    def timed(call: Any, times: int) -> float:
        seconds = []
        for _ in range(times):
            start = time.perf_counter()
            call()
            seconds.append(time.perf_counter() - start)
        return statistics.median(seconds)

    texts = timed(lambda: themes_from_texts(docs), runs)
    database = timed(lambda: find_themes(user), runs)
    clear_cache()
    cached_themes(user)
    cached = timed(lambda: cached_themes(user), 20)
    result = Table(title="Recurring themes over 1,000 interviews (median)")
    for column in ("path", "seconds", "target", "verdict"):
        result.add_column(column, justify="right" if column == "seconds" else "left")
    misses = []
    for label, seconds, target in (
        ("themes_from_texts (notes in memory)", texts, SPEED_TARGET_S),
        ("find_themes (read from the database)", database, SPEED_TARGET_S),
        ("cached_themes (notes unchanged)", cached, 0.05),
    ):
        ok = seconds <= target
        result.add_row(
            label,
            f"{seconds:.3f}",
            f"<= {target:g} s",
            "[green]ok[/green]" if ok else "[bold red]MISSED[/bold red]",
        )
        if not ok:
            misses.append(f"Themes, {label}: {seconds:.2f} s > {target:g} s")
    return result, misses
