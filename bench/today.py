"""Today at real sizes: 30,000 people, 3,000 interviews and 10,000 actions.

Adds the actions to the data set bench/run.py built, times the Today page, and counts its
queries for a user with a handful of rows of each kind and for the big user: the count must
be the same, whatever the size of the network.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.table import Table

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from bench.run import DataSet

ACTIONS = 10_000
TARGET_MEDIAN_MS = 100
TITLES = [
    "Take an SQL course",
    "Join the local UXPA chapter",
    "Update the résumé with the research project",
    "Earn the Google UX certificate",
    "Attend the product meetup",
    "Read 'The Manager's Path'",
]


def add_actions(data: DataSet, count: int = ACTIONS) -> None:
    """Actions from takeaways: some done, some dropped, most open with a due date around now."""
    from django.utils import timezone

    from bench.run import explicit_timestamps, insert
    from coffeechat.growth.models import Action
    from coffeechat.interviews.models import Takeaway

    rng = random.Random(7)
    now = timezone.now()
    today = timezone.localdate()
    takeaways = list(
        Takeaway.objects.filter(user=data.user).values_list("pk", "person_id", "created_at")
    )
    actions = []
    for _ in range(count):
        takeaway, person, created = rng.choice(takeaways)
        status = rng.choices(["todo", "doing", "done", "dropped"], [50, 15, 30, 5])[0]
        actions.append(
            Action(
                user_id=data.user.pk,
                title=rng.choice(TITLES),
                kind=rng.choice(["learn-skill", "certification", "course", "community", "resume"]),
                takeaway_id=takeaway,
                suggested_by_id=person,
                due_date=today + dt.timedelta(days=rng.randint(-120, 120)),
                status=status,
                done_at=now - dt.timedelta(days=rng.uniform(0, 100)) if status == "done" else None,
                created_at=created,
                updated_at=created,
            )
        )
    with explicit_timestamps(Action):
        insert(Action, actions)
    data.counts["actions"] = len(actions)


def small_user() -> User:
    """A user with one of everything Today lists: the small end of the query count."""
    from django.contrib.auth.models import User
    from django.utils import timezone

    from coffeechat.growth.models import Action
    from coffeechat.interviews.models import Interview, Stage
    from coffeechat.network.models import Organization, Person
    from coffeechat.outreach.models import Message, MessageKind

    now = timezone.now()
    user = User.objects.create_user("bench-small", "small@example.org", "a long passphrase")
    people = [
        Person.objects.create(user=user, first_name=name, keep_in_touch_days=30)
        for name in ("Ada", "Linus")
    ]
    Person.objects.filter(user=user).update(created_at=now - dt.timedelta(days=200))
    for stage, person in (("held", people[0]), ("thanked", people[1])):
        interview = Interview.objects.create(user=user, person=person)
        Interview.objects.filter(pk=interview.pk).update(
            stage=stage,
            scheduled_at=now - dt.timedelta(days=150),
            held_at=now - dt.timedelta(days=150),
        )
    Action.objects.create(
        user=user,
        title="Take an SQL course",
        suggested_by=people[0],
        due_date=timezone.localdate() - dt.timedelta(days=3),
    )
    # An unanswered request at an organization, with someone else there to ask instead.
    organization = Organization.objects.create(user=user, name="Northwind")
    asked, _other = (
        Person.objects.create(user=user, first_name=name, organization=organization)
        for name in ("Grace", "Barbara")
    )
    interview = Interview.objects.create(user=user, person=asked)
    sent = now - dt.timedelta(days=20)
    interview.move_to(Stage.REQUESTED, at=sent)
    Message.objects.create(
        user=user, person=asked, interview=interview, kind=MessageKind.REQUEST, sent_at=sent
    )
    return user


def rule_cpu_ms(user: User, runs: int = 9) -> dict[str, float]:
    """The least CPU time of `runs` for each of Today's rules, and for the whole list with
    its first page built: where the page's time goes, to read next to its median."""
    import time

    from django.utils import timezone

    from coffeechat.accounts.models import profile_for
    from coffeechat.agenda import rules
    from coffeechat.growth import reflections, relationships
    from coffeechat.growth import today as growth

    profile = profile_for(user)
    now = timezone.localtime(timezone.now(), profile.zone)
    since = now - growth.STALE_AFTER
    steps: dict[str, Callable[[], object]] = {
        "thank-you": lambda: rules._thank_yous(user, profile, now),
        "requests (follow-up, try-another, schedule)": lambda: rules._requests(user, profile, now),
        "prep": lambda: rules._preps(user, profile, now),
        "share-update (actions)": lambda: growth._action_updates(user, now, since),
        "share-update (resources)": lambda: growth._resource_updates(user, now, since),
        "referral and its thanks": lambda: growth._referral_items(user, now, since),
        "job-posting": lambda: growth._posting_notes(user, now, since),
        "keep-in-touch": lambda: relationships.keep_in_touch_items(user, profile, now),
        "action-due": lambda: relationships.action_due_items(user, now),
        "reflect": lambda: reflections.reflect_items(user, profile, now),
        "the whole list and its first page": lambda: rules.due_list(user)[:50],
    }
    least = {}
    for name, step in steps.items():
        step()
        times = []
        for _ in range(runs):
            start = time.process_time()
            step()
            times.append((time.process_time() - start) * 1000)
        least[name] = min(times)
    return least


def measure_today(data: DataSet, requests: int, warmup: int) -> tuple[Table, list[str]]:
    """Time Today for the big user and count its queries for a small and a big user."""
    from django.test import Client

    from bench.run import Target, count_queries, fetch, measure

    add_actions(data)
    big = Client(HTTP_HOST="localhost")
    big.force_login(data.user)
    small = Client(HTTP_HOST="localhost")
    small.force_login(small_user())

    [result] = measure(big, [("Today", "/", Target(TARGET_MEDIAN_MS))], requests, warmup)
    fetch(small, "/")
    small_queries, _ = count_queries(small, "/")
    big_queries, _ = count_queries(big, "/")

    table = Table(
        title=f"Today with {data.counts['people']:,} people, "
        f"{data.counts['interviews']:,} interviews, {data.counts['actions']:,} actions"
    )
    for column in ("measure", "value", "target", "verdict"):
        table.add_column(column, justify="left" if column != "value" else "right")
    ok, missed = "[green]ok[/green]", "[bold red]MISSED[/bold red]"
    table.add_row(
        "median ms",
        f"{result.median:.1f}",
        f"≤ {TARGET_MEDIAN_MS}",
        missed if result.misses else ok,
    )
    table.add_row("p95 ms", f"{result.p95:.1f}", "—", "")
    # CPU time of the request: what a busy machine inflates least (the database is SQLite,
    # in this process, so it counts too).
    table.add_row("CPU ms (median)", f"{statistics.median(result.cpu_ms):.1f}", "—", "")
    table.add_row("SQL ms", f"{result.sql_ms:.1f}", "—", "")
    table.add_row("queries, small user (4 people)", str(small_queries), "—", "")
    grows = big_queries > small_queries
    table.add_row(
        f"queries, big user ({data.counts['people']:,} people)",
        str(big_queries),
        "same as small",
        missed if grows else ok,
    )
    for name, cpu_ms in rule_cpu_ms(data.user).items():
        table.add_row(f"  CPU ms (least of 9): {name}", f"{cpu_ms:.1f}", "—", "")
    misses = [f"Today (/): {miss}" for miss in result.misses]
    if grows:
        misses.append(
            f"Today: {small_queries} queries for a small user, {big_queries} for the big one"
        )
    return table, misses
