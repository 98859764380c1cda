"""How fast are Insights and the journal export with 1,000 interviews?

Adds its own user to the benchmark database: 1,000 interviews over 400 people, with notes
in the words people really write, takeaways, requests, thank-yous, referrals and
reflections. Times the Insights page (themes cached, as a user sees it after the first
visit), the journal's first page, and the whole journal exported to CSV and to XLSX.
Targets: the Insights page median <= 300 ms, and a query count that does not grow.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from typing import TYPE_CHECKING, Any

from rich.table import Table

if TYPE_CHECKING:
    from django.contrib.auth.models import User

INTERVIEWS = 1000
PEOPLE = 400
SEED = 20261126
PAGE_TARGET_MS = 300.0
NOTE_SENTENCES = [
    "Said the fastest way in is to run a small study for a nonprofit.",
    "Learn SQL properly; writing queries is half the job.",
    "Recommended the Google UX certificate, but a portfolio matters more.",
    "Warned that recruiting participants takes longer than you think.",
    "Suggested joining the ResearchOps community on Slack.",
    "Read Just Enough Research by Erika Hall.",
    "Basic statistics help when you work next to data scientists.",
    "Figma is the tool every team uses for prototypes.",
    "Present findings as stories, not as spreadsheets.",
    "Their team hires mostly through referrals.",
    "Expect a take-home exercise in the second round.",
    "Teaching experience counts: facilitation is a research skill.",
]
SKILLS = ["Learn SQL well enough to pull your own data.", "Figma for prototypes.", "Statistics."]


def build(user: User, interviews_count: int = INTERVIEWS, people_count: int = PEOPLE) -> None:
    """Interviews (1,000 by default) and their trail for `user`, in bulk."""
    from django.db import transaction
    from django.utils import timezone

    from coffeechat.growth.models import Reflection
    from coffeechat.interviews.models import Interview, Takeaway
    from coffeechat.network.models import Exploration, Person
    from coffeechat.outreach.models import Message

    rng = random.Random(SEED)
    now = timezone.now()
    with transaction.atomic():
        explorations = [
            Exploration.objects.create(user=user, name=name)
            for name in ("UX research", "Learning design", "Data for public services")
        ]
        people = [
            Person(
                user=user,
                first_name=f"Person{index}",
                last_name=rng.choice(["Okafor", "García", "Kim", "Novak", "Chen", "Silva"]),
                position=rng.choice(["UX Researcher", "Data Analyst", "Designer", ""]),
                source=rng.choice(["existing", "alumni", "coworker", "event", "cold"]),
            )
            for index in range(people_count)
        ]
        for person in people:
            person.search_text = person.compute_search_text()
        Person.objects.bulk_create(people, batch_size=500)
        for index, person in enumerate(people[40:140]):
            person.referred_by = people[index % 40]
            person.source = "referral"
        Person.objects.bulk_update(people[40:140], ["referred_by", "source"], batch_size=500)

        interviews = []
        for index in range(interviews_count):
            days = rng.uniform(0, 180)
            requested = now - dt.timedelta(days=days + 7)
            stage = rng.choice(["idea", "requested", "scheduled", "held", "thanked", "closed"])
            met = now - dt.timedelta(days=days)
            past = stage in ("held", "thanked")
            interviews.append(
                Interview(
                    user=user,
                    person=people[index % people_count],
                    exploration=explorations[index % 3],
                    stage=stage,
                    requested_at=requested if stage != "idea" else None,
                    scheduled_at=met if stage in ("scheduled", "held", "thanked") else None,
                    held_at=met if past else None,
                    thanked_at=met + dt.timedelta(hours=rng.choice([3, 20, 50]))
                    if stage == "thanked"
                    else None,
                    time_spent_minutes=rng.choice([60, 90, 120]) if past else None,
                    notes=" ".join(rng.sample(NOTE_SENTENCES, 3)) if past else "",
                )
            )
        Interview.objects.bulk_create(interviews, batch_size=500)
        Takeaway.objects.bulk_create(
            [
                Takeaway(
                    user=user,
                    interview=interview,
                    person=interview.person,
                    kind="skill",
                    text=rng.choice(SKILLS),
                )
                for interview in interviews
                if interview.held_at
            ],
            batch_size=500,
        )
        Message.objects.bulk_create(
            [
                Message(
                    user=user,
                    person=interview.person,
                    interview=interview,
                    kind="request",
                    channel=rng.choice(["email", "linkedin-note"]),
                    sent_at=interview.requested_at,
                    reply="yes" if interview.scheduled_at else "",
                )
                for interview in interviews
                if interview.requested_at
            ],
            batch_size=500,
        )
        Reflection.objects.bulk_create(
            Reflection(
                user=user,
                date=(now - dt.timedelta(days=7 * week)).date(),
                confidence=rng.randint(2, 5),
                text="How it is going.",
            )
            for week in range(26)
        )


def _times(work: Any, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _queries(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        client.get(url)
    return len(context)


def table(requests: int = 30) -> tuple[Table, list[str]]:
    """The Insights bench table, and the targets it missed (in words)."""
    from django.contrib.auth.models import User
    from django.test import Client

    from coffeechat.insights.journal import export_journal

    user = User.objects.create_user("insights-bench", "insights@example.org", "a long passphrase")
    build(user)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)

    first = _times(lambda: client.get("/insights/"), 1)[0]  # finds and caches the themes
    client.get("/insights/journal/")
    small = User.objects.create_user("insights-small", "small@example.org", "a long passphrase")
    build(small, interviews_count=10, people_count=10)
    small_client = Client(HTTP_HOST="localhost")
    small_client.force_login(small)
    for _ in range(2):
        small_client.get("/insights/")
    small_queries = _queries(small_client, "/insights/")
    rows = [
        ("Insights page, first visit (finds themes)", [first], None, None),
        (
            "Insights page",
            _times(lambda: client.get("/insights/"), requests),
            _queries(client, "/insights/"),
            PAGE_TARGET_MS,
        ),
        (
            "Journal, first page",
            _times(lambda: client.get("/insights/journal/"), requests),
            _queries(client, "/insights/journal/"),
            None,
        ),
        (
            "Journal export, CSV",
            _times(lambda: export_journal(user, "csv"), max(3, requests // 5)),
            None,
            None,
        ),
        (
            "Journal export, XLSX",
            _times(lambda: export_journal(user, "xlsx"), max(3, requests // 5)),
            None,
            None,
        ),
    ]
    result = Table(title=f"Insights with {INTERVIEWS:,} interviews")
    for column in ("what", "median ms", "max ms", "queries", "target", "verdict"):
        result.add_column(column, justify="left" if column in ("what", "target") else "right")
    missed = []
    if rows[1][2] != small_queries:
        missed.append(
            f"Insights page: {small_queries} queries with 10 interviews, "
            f"{rows[1][2]} with {INTERVIEWS:,}"
        )
    for name, times, queries, target in rows:
        median = statistics.median(times)
        verdict = "[dim]no target[/dim]"
        if target is not None:
            verdict = "[green]ok[/green]" if median <= target else "[bold red]MISSED[/bold red]"
            if median > target:
                missed.append(f"{name}: median {median:.0f} ms > {target:g} ms")
        result.add_row(
            name,
            f"{median:.1f}",
            f"{max(times):.1f}",
            "—" if queries is None else str(queries),
            f"median ≤ {target:g} ms" if target else "—",
            verdict,
        )
    return result, missed
