"""How fast are the busiest pages with a big network? `make bench` (or `make bench ARGS="--people 300"`).

Builds a throwaway SQLite database in a temporary COFFEECHAT_HOME, fills it with a
deterministic synthetic network (30,000 people by default), then times the network list,
person detail, pipeline and interview pages through the Django test client, counts their
queries and checks that the count stays the same whatever the number of rows shown.

A benchmark never fails a build: it always exits 0 and prints the missed targets at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import Model
    from django.test import Client

    from coffeechat.interviews.models import Interview

# Wide enough for the tables when the output is a pipe (make, CI logs), not a terminal.
console = Console(highlight=False, width=None if sys.stdout.isatty() else 120)

BATCH = 2000
SEED = 20240601


def words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = words(
    "Aaliyah Aaron Abigail Adam Aiden Alex Alice Amara Amir Ana Andrea Arjun Ava Ben Camila Carlos "
    "Chen Chloe Daniel David Diego Elena Eli Emma Ethan Fatima Felix Grace Hana Hannah Hugo Ian "
    "Isabel Jack James Jin Jonas Jordan Julia Kai Karim Kenji Laura Leah Leo Lina Lucas Maya Mei "
    "Mia Mohamed Nadia Naomi Noah Nora Olivia Omar Paul Priya Rafael Rosa Ruth Sam Sara Sofia "
    "Tariq Theo Uma Victor Wei Yara Yusuf Zoe"
)
LAST_NAMES = words(
    "Abbott Adams Ahmed Alvarez Anderson Bailey Baker Banerjee Barnes Bell Bennett Brooks Brown "
    "Bryant Campbell Carter Castro Chan Chen Clark Cohen Collins Cook Cooper Cruz Davidson Davis "
    "Dawson Diaz Dixon Edwards Ellison Emerson Evans Fernandez Fischer Fisher Flores Foster Garcia "
    "Gibson Gomez Gonzalez Gordon Graham Gray Green Gupta Hall Hansen Harris Hayes Henderson "
    "Hernandez Hill Hoffman Hughes Hudson Ibrahim Jackson Jameson James Jensen Johansson Johnson "
    "Jones Kaur Kelly Khan Kim King Kowalski Larsen Lee Lewis Li Lopez Martin Martinez Mason "
    "Matsumoto Meyer Miller Mitchell Moore Morgan Morris Murphy Nakamura Nelson Nguyen Nielsen "
    "Olsen Ortiz Owens Park Patel Patterson Pearson Perez Peterson Phillips Powell Price Ramirez "
    "Reed Reyes Richardson Rivera Roberts Robinson Rodriguez Rogers Ross Russell Sanchez Sanders "
    "Schmidt Scott Shah Simpson Singh Smith Stevenson Stewart Sullivan Suzuki Tanaka Taylor "
    "Thompson Torres Turner Walker Wang Ward Watson White Williams Wilson Wood Wright Young Zhang"
)
# Matches Anderson, Johnson, Wilson, Davidson... in a good share of the network.
SEARCH_TERM = "son"
ORG_PREFIXES = words(
    "Acme Apex Atlas Beacon Blue Bright Cedar Cobalt Crescent Delta Ember Evergreen Falcon Forge "
    "Granite Harbor Helix Horizon Indigo Iron Juniper Keystone Lumen Maple Meridian Nimbus North "
    "Nova Oak Orbit Pacific Pinnacle Polar Prism Quantum Radiant Red Ridge River Sage Silver "
    "Solar Spruce Summit Terra Tidal Titan Union Vector Vertex Willow Zenith"
)
ORG_NOUNS = words(
    "Analytics Bank Bio Capital Care Cloud Consulting Data Design Dynamics Energy Foods Foundry "
    "Games Genomics Health Holdings Insights Labs Learning Logistics Media Medical Mobility "
    "Networks Partners Pharma Robotics Security Software Studios Systems Technologies Therapeutics "
    "Ventures Works"
)
ORG_SUFFIXES = ["", "", "", " Inc", " LLC", " Ltd", " GmbH", " Corp"]
INDUSTRIES = words("Software Healthcare Finance Education Energy Retail Media Biotech Nonprofit")
CITIES = words("Berlin Boston Chicago Lagos London Madrid Montreal Nairobi Paris Seattle Singapore")
POSITIONS = [
    "Software Engineer",
    "Senior Software Engineer",
    "Data Scientist",
    "Product Manager",
    "UX Researcher",
    "Designer",
    "Engineering Manager",
    "Marketing Lead",
    "Recruiter",
    "Policy Analyst",
    "Research Scientist",
    "Consultant",
    "Nurse Practitioner",
    "Teacher",
    "Operations Manager",
    "Founder",
    "Sales Director",
    "Financial Analyst",
    "Librarian",
    "",
]
TAGS = ["", "", "", "mentor", "hiring", "alumni, data", "climate", "design, research", "ml"]
# Source weights; "job-posting" is kept for a handful of people, to get a filter with few rows.
SOURCE_WEIGHTS = {
    "existing": 30,
    "referral": 15,
    "alumni": 20,
    "coworker": 15,
    "event": 10,
    "cold": 10,
}
RARE_SOURCE = "job-posting"
RARE_SOURCE_PEOPLE = 3
STAGE_WEIGHTS = {
    "idea": 15,
    "researching": 10,
    "requested": 15,
    "scheduled": 10,
    "held": 15,
    "thanked": 25,
    "closed": 10,
}
NOTE_TEXTS = [
    "Met at the alumni mixer; suggested I read their team's engineering blog.",
    "Prefers email over LinkedIn. Mentioned a reorg coming in the spring.",
    "Follow up after the conference in March.",
    "Knows the hiring manager for the platform team.",
    "Moved from consulting into product three years ago; happy to talk about the switch.",
    "Sent an article about career changes into data science.",
    "Said the best way in is through the apprenticeship programme.",
]
QUESTION_TEXTS = [
    "What does a typical week look like for you?",
    "How did you get into this field?",
    "Which skills matter most in your role?",
    "What do you wish you had known when you started?",
    "Who else would you suggest I talk to?",
    "How does your team decide what to work on?",
]
TAKEAWAY_TEXTS = [
    "Learn SQL properly before applying.",
    "Portfolio beats certificates for design roles.",
    "The team hires mostly through referrals.",
    "Read 'The Manager's Path'.",
    "Expect a take-home exercise in the second round.",
]


# ----------------------------------------------------------------------------- set-up


def set_up_django() -> str:
    """Point Coffeechat at a fresh data folder, start Django and create the tables."""
    home = tempfile.mkdtemp(prefix="coffeechat-bench-")
    os.environ["COFFEECHAT_HOME"] = home
    os.environ["DJANGO_SETTINGS_MODULE"] = "coffeechat.settings"
    os.environ.pop("DATABASE_URL", None)
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return home


@contextmanager
def explicit_timestamps(*models: type[Model]) -> Iterator[None]:
    """Let bulk_create keep our created_at/updated_at instead of stamping them with now."""
    saved: list[tuple[Any, bool, bool]] = []
    for model in models:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                saved.append((f, f.auto_now, f.auto_now_add))  # type: ignore[attr-defined]
                f.auto_now = f.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def insert(model: type[Model], rows: Sequence[Model]) -> None:
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start : start + BATCH], batch_size=BATCH)  # type: ignore[attr-defined]


# ----------------------------------------------------------------------------- data


@dataclass
class DataSet:
    """What the measurements need to know about the generated rows."""

    user: User
    counts: dict[str, int] = field(default_factory=dict)
    star_person: int = 0  # many interviews, messages, notes and referrals
    light_person: int = 0  # exactly one note, nothing else
    heavy_interview: int = 0  # many questions and takeaways
    light_interview: int = 0  # no questions, no takeaways
    quiet_exploration: int = 0  # two interviews


def build(people_count: int) -> DataSet:
    from django.contrib.auth.models import User
    from django.db import transaction
    from django.utils import timezone

    from coffeechat.interviews.models import Interview, InterviewQuestion, Takeaway
    from coffeechat.interviews.stages import CloseReason, Stage
    from coffeechat.network.models import Exploration, Note, Organization, Person
    from coffeechat.network.normalize import normalize_organization_name
    from coffeechat.outreach.models import Message

    rng = random.Random(SEED)
    now = timezone.now().replace(microsecond=0)
    user = User.objects.create_user("bench", "bench@example.org", "a long benchmark passphrase")
    data = DataSet(user=user)
    uid = user.pk

    def ago(days: float) -> dt.datetime:
        return now - dt.timedelta(days=days)

    org_count = max(1, people_count // 10)
    interview_count = max(10, people_count // 10)
    note_count = max(2, people_count * 10 // 3)  # 100,000 notes for 30,000 people

    with (
        transaction.atomic(),
        explicit_timestamps(
            Exploration, Organization, Person, Interview, InterviewQuestion, Takeaway, Note, Message
        ),
    ):
        explorations = [
            Exploration(
                user_id=uid,
                name=name,
                objective=objective,
                created_at=ago(400),
                updated_at=ago(400),
            )
            for name, objective in [
                ("Data science", "How people moved in from other fields."),
                ("Product management", "What the day-to-day really is."),
                ("Climate tech", "Which companies hire generalists."),
            ]
        ]
        Exploration.objects.bulk_create(explorations)

        # Organizations: unique prefix+noun pairs, some with a legal suffix.
        pairs = [(p, n) for p in ORG_PREFIXES for n in ORG_NOUNS]
        rng.shuffle(pairs)
        organizations: list[Organization] = []
        for i in range(org_count):
            prefix, noun = pairs[i % len(pairs)]
            name = f"{prefix} {noun}{rng.choice(ORG_SUFFIXES)}"
            if i >= len(pairs):
                name = f"{name} {i // len(pairs) + 1}"
            created = ago(rng.uniform(30, 700))
            organizations.append(
                Organization(
                    id=i + 1,
                    user_id=uid,
                    name=name,
                    normalized_name=normalize_organization_name(name),
                    industry=rng.choice(INDUSTRIES),
                    location=rng.choice(CITIES),
                    website=f"https://{prefix.lower()}{noun.lower()}{i}.example.com",
                    created_at=created,
                    updated_at=created,
                )
            )
        insert(Organization, organizations)

        # People: ids 1..N. Person 1 is the star, person 2 has one note and nothing else.
        sources = list(SOURCE_WEIGHTS)
        source_weights = list(SOURCE_WEIGHTS.values())
        rare = set(rng.sample(range(3, people_count + 1), RARE_SOURCE_PEOPLE))
        people: list[Person] = []
        for pk in range(1, people_count + 1):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            created = ago(rng.uniform(1, 700))
            referred_by = None
            if 3 <= pk <= 12:
                referred_by = 1  # the star suggested ten people
            elif pk > 12 and rng.random() < 0.03:
                referred_by = rng.choice([1, rng.randint(3, people_count)])
            people.append(
                Person(
                    id=pk,
                    user_id=uid,
                    first_name=first,
                    last_name=last,
                    position=rng.choice(POSITIONS),
                    organization_id=rng.randint(1, org_count) if rng.random() < 0.9 else None,
                    email=f"{first}.{last}.{pk}@example.org".lower() if rng.random() < 0.7 else "",
                    location=rng.choice(CITIES),
                    source=RARE_SOURCE if pk in rare else rng.choices(sources, source_weights)[0],
                    referred_by_id=referred_by if referred_by != pk else None,
                    tags=rng.choice(TAGS),
                    keep_in_touch_days=rng.choice([None, None, None, 30, 90, 180]),
                    created_at=created,
                    updated_at=created,
                )
            )
        for person in people:  # bulk inserts skip save(), which keeps the search text
            if person.organization_id is not None:
                person.organization = organizations[person.organization_id - 1]
            person.search_text = person.compute_search_text()
        data.star_person, data.light_person = 1, 2
        insert(Person, people)

        # Interviews: the star has five; person 2 none; the rest spread over people 3..N.
        stages = list(STAGE_WEIGHTS)
        stage_weights = list(STAGE_WEIGHTS.values())
        interviews: list[Interview] = []
        for pk in range(1, interview_count + 1):
            person = 1 if pk <= 5 else rng.randint(3, people_count)
            stage = (
                Stage.HELD
                if pk == 1
                else Stage.IDEA
                if pk == 6
                else rng.choices(stages, stage_weights)[0]
            )
            interviews.append(make_interview(rng, now, pk, uid, person, stage, CloseReason.values))
            # The first two explorations are busy; the third has only interviews 7 and 8,
            # for a pipeline with few cards.
            common = [None, None, explorations[0].pk, explorations[1].pk]
            quiet = explorations[2].pk if pk in (7, 8) else None
            interviews[-1].exploration_id = quiet or rng.choice(common)
        data.quiet_exploration = explorations[2].pk
        data.heavy_interview = 1
        data.light_interview = 6
        insert(Interview, interviews)

        # Prepared questions and takeaways: the heavy interview gets many, later stages a few.
        questions: list[InterviewQuestion] = []
        takeaways: list[Takeaway] = []
        for interview in interviews:
            if interview.pk == data.light_interview:
                continue
            n_questions = (
                12
                if interview.pk == 1
                else 3
                if interview.stage in ("scheduled", "held", "thanked")
                else 0
            )
            n_takeaways = (
                10 if interview.pk == 1 else 2 if interview.stage in ("held", "thanked") else 0
            )
            for position in range(n_questions):
                questions.append(
                    InterviewQuestion(
                        user_id=uid,
                        interview_id=interview.pk,
                        text=QUESTION_TEXTS[position % len(QUESTION_TEXTS)],
                        position=position,
                        asked=interview.stage != "scheduled",
                        created_at=interview.created_at,
                        updated_at=interview.created_at,
                    )
                )
            when = interview.held_at or interview.stage_changed_at
            for k in range(n_takeaways):
                takeaways.append(
                    Takeaway(
                        user_id=uid,
                        interview_id=interview.pk,
                        person_id=interview.person_id,
                        kind=rng.choice(
                            ["advice", "skill", "resource", "trend", "culture", "career-path"]
                        ),
                        text=TAKEAWAY_TEXTS[k % len(TAKEAWAY_TEXTS)],
                        created_at=when,
                        updated_at=when,
                    )
                )
        insert(InterviewQuestion, questions)
        insert(Takeaway, takeaways)

        # Messages: the outreach each interview's stage implies, check-ins, and a busy star.
        messages: list[Message] = []

        def message(
            person: int, interview: int | None, kind: str, sent: dt.datetime | None, reply: str = ""
        ) -> None:
            created = sent or ago(rng.uniform(0, 10))
            messages.append(
                Message(
                    user_id=uid,
                    person_id=person,
                    interview_id=interview,
                    kind=kind,
                    channel=rng.choice(["email", "email", "linkedin-message", "linkedin-note"]),
                    subject=f"{kind.replace('-', ' ').capitalize()}: informational interview",
                    body="Hello! I'm exploring the field and would love 20 minutes of your time.",
                    sent_at=sent,
                    reply=reply,
                    replied_at=sent + dt.timedelta(days=2) if sent and reply else None,
                    created_at=created,
                    updated_at=created,
                )
            )

        for interview in interviews:
            if interview.requested_at is not None:
                agreed = interview.stage in ("scheduled", "held", "thanked")
                reply = "yes" if agreed else "no" if interview.stage == "closed" else ""
                message(interview.person_id, interview.pk, "request", interview.requested_at, reply)
                if rng.random() < 0.3:
                    message(
                        interview.person_id,
                        interview.pk,
                        "follow-up",
                        interview.requested_at + dt.timedelta(days=7),
                    )
            if interview.thanked_at is not None:
                message(interview.person_id, interview.pk, "thank-you", interview.thanked_at)
            if interview.stage == "researching" and rng.random() < 0.5:
                message(interview.person_id, interview.pk, "request", None)  # a draft
        for _ in range(people_count // 30):
            message(rng.randint(3, people_count), None, "check-in", ago(rng.uniform(1, 300)))
        for k in range(40):
            message(1, None, rng.choice(["check-in", "update"]), ago(k * 9 + 1))
        insert(Message, messages)

        # Notes: the star has 150 (more than the timeline shows), person 2 exactly one,
        # the rest on random people, a fifth of them from an interview.
        notes: list[Note] = []

        def note(person: int, interview: int | None, created: dt.datetime) -> None:
            notes.append(
                Note(
                    user_id=uid,
                    person_id=person,
                    interview_id=interview,
                    text=rng.choice(NOTE_TEXTS),
                    created_at=created,
                    updated_at=created,
                )
            )

        for k in range(150):
            note(1, rng.choice([None, 1, 2, 3, 4, 5]), ago(k * 2.5 + 0.5))
        note(2, None, ago(12))
        for _ in range(max(0, note_count - len(notes))):
            if rng.random() < 0.2:
                interview = rng.choice(interviews)
                note(interview.person_id, interview.pk, interview.stage_changed_at)
            else:
                note(rng.randint(3, people_count), None, ago(rng.uniform(0, 600)))
        insert(Note, notes)

    data.counts = {
        "organizations": len(organizations),
        "people": len(people),
        "interviews": len(interviews),
        "questions": len(questions),
        "takeaways": len(takeaways),
        "messages": len(messages),
        "notes": len(notes),
        "explorations": len(explorations),
    }
    return data


def make_interview(
    rng: random.Random,
    now: dt.datetime,
    pk: int,
    uid: int,
    person: int,
    stage: str,
    close_reasons: list[str],
) -> Interview:
    """One interview whose dates agree with its stage."""
    from coffeechat.interviews.models import Interview

    created = now - dt.timedelta(days=rng.uniform(20, 420), minutes=rng.randint(0, 1440))
    span = now - created
    changed = created + span * rng.uniform(0.2, 0.98)
    interview = Interview(
        id=pk,
        user_id=uid,
        person_id=person,
        stage=stage,
        created_at=created,
        objective="Learn how they moved into the field and what the first year was like.",
        length_minutes=rng.choice([20, 30, 30, 45]),
        medium=rng.choice(["video", "phone", "coffee"]),
    )
    requested = created + (changed - created) * 0.3
    if stage in ("requested", "scheduled", "held", "thanked"):
        interview.requested_at = requested
    if stage == "scheduled":
        changed = now - dt.timedelta(days=rng.uniform(0.5, 10))
        interview.scheduled_at = (now + dt.timedelta(days=rng.uniform(1, 30))).replace(
            minute=0, second=0
        )
    elif stage in ("held", "thanked"):
        scheduled = (requested + (changed - requested) * 0.8).replace(minute=0, second=0)
        interview.scheduled_at = scheduled
        interview.held_at = scheduled + dt.timedelta(minutes=interview.length_minutes)
        changed = interview.held_at
        if stage == "thanked":
            thanked = interview.held_at + dt.timedelta(hours=rng.uniform(2, 30))
            interview.thanked_at = min(thanked, now)
            changed = interview.thanked_at
    elif stage == "closed":
        interview.closed_at = changed
        interview.close_reason = rng.choice(close_reasons)
    changed = min(changed, now)
    interview.stage_changed_at = changed
    interview.updated_at = changed
    return interview


# ----------------------------------------------------------------------------- measuring


@dataclass
class Target:
    median_ms: float
    p95_ms: float | None = None

    def __str__(self) -> str:
        text = f"median ≤ {self.median_ms:g}"
        return text + (f", p95 ≤ {self.p95_ms:g}" if self.p95_ms is not None else "")

    def misses(self, median: float, p95: float) -> list[str]:
        missed = []
        if median > self.median_ms:
            missed.append(f"median {median:.1f} ms > {self.median_ms:g} ms")
        if self.p95_ms is not None and p95 > self.p95_ms:
            missed.append(f"p95 {p95:.1f} ms > {self.p95_ms:g} ms")
        return missed


@dataclass
class Result:
    name: str
    url: str
    times_ms: list[float]
    cpu_ms: list[float]
    queries: int
    sql_ms: float
    target: Target | None

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        if len(self.times_ms) < 2:
            return self.times_ms[0]
        return statistics.quantiles(self.times_ms, n=100, method="inclusive")[94]

    @property
    def misses(self) -> list[str]:
        return self.target.misses(self.median, self.p95) if self.target else []


def fetch(client: Client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(
            f"GET {url} answered {response.status_code}, not 200: the benchmark is broken."
        )


def count_queries(client: Client, url: str) -> tuple[int, float]:
    """The number of queries one request makes, and their total time in ms."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    spent: list[float] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(time.perf_counter() - start)

    # CaptureQueriesContext's own timings are rounded to the millisecond; time them here.
    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timed):
        fetch(client, url)
    return len(captured.captured_queries), sum(spent) * 1000


def measure(
    client: Client, pages: list[tuple[str, str, Target | None]], requests: int, warmup: int
) -> list[Result]:
    """Time every page, one request of each in turn, so that a slow moment of the machine
    falls on all pages alike instead of on whichever page was being measured."""
    for _ in range(warmup):
        for _name, url, _target in pages:
            fetch(client, url)
    counted = [count_queries(client, url) for _name, url, _target in pages]
    times: list[list[float]] = [[] for _ in pages]
    cpu: list[list[float]] = [[] for _ in pages]
    for _ in range(requests):
        for index, (_name, url, _target) in enumerate(pages):
            start, start_cpu = time.perf_counter(), time.process_time()
            fetch(client, url)
            times[index].append((time.perf_counter() - start) * 1000)
            cpu[index].append((time.process_time() - start_cpu) * 1000)
    return [
        Result(name, url, times[i], cpu[i], counted[i][0], counted[i][1], target)
        for i, (name, url, target) in enumerate(pages)
    ]


def reference_ms() -> float:
    """The median time of a fixed pure-Python workload, to tell a slow machine from a slow page."""
    times = []
    for _ in range(5):
        start = time.perf_counter()
        sum(i * i for i in range(200_000))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def busy_machine() -> str:
    """A warning when other work competes for the CPUs, which inflates wall-clock times."""
    try:
        load = os.getloadavg()[0]
    except OSError:
        return ""
    cpus = os.cpu_count() or 1
    if load <= cpus * 0.75:
        return ""
    return (
        f"The machine is busy (load average {load:.1f} on {cpus} CPUs): wall-clock times are "
        "inflated; compare the CPU ms column, or run again on a quiet machine."
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--people",
        type=int,
        default=30_000,
        help="People in the network (default 30000); "
        "organizations, interviews, notes and messages scale with it.",
    )
    parser.add_argument(
        "--requests", type=int, default=30, help="Timed requests per page (default 30)."
    )
    parser.add_argument(
        "--warmup", type=int, default=2, help="Untimed requests per page first (default 2)."
    )
    parser.add_argument(
        "--keep", action="store_true", help="Keep the data folder to poke at afterwards."
    )
    args = parser.parse_args(argv)
    if args.people < 10 or args.requests < 1 or args.warmup < 0:
        parser.error("--people must be at least 10, --requests at least 1 and --warmup at least 0.")

    home = set_up_django()
    try:
        return run(args.people, args.requests, args.warmup, home)
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            console.print(f"Data folder kept: {home}")
        else:
            shutil.rmtree(home, ignore_errors=True)


def run(people: int, requests: int, warmup: int, home: str) -> int:
    from django.test import Client

    console.print(f"Building the data set in {home} …")
    start = time.perf_counter()
    gc.disable()  # ~200,000 model instances: the cyclic collector would only slow the build
    try:
        data = build(people)
    finally:
        gc.enable()
        gc.collect()
    built = time.perf_counter() - start
    console.print(
        f"Built in [bold]{built:.1f} s[/bold]: "
        + ", ".join(f"{n:,} {what}" for what, n in data.counts.items())
    )

    client = Client(HTTP_HOST="localhost")
    client.force_login(data.user)

    network = Target(25, 50)
    detail = Target(50)
    pages: list[tuple[str, str, Target | None]] = [
        ("Network list", "/network/", network),
        (f"Network search ?q={SEARCH_TERM}", f"/network/?q={SEARCH_TERM}", network),
        ("Network filter ?source=alumni", "/network/?source=alumni", network),
        ("Network search + filter", f"/network/?q={SEARCH_TERM}&source=alumni", network),
        ("Network page 40", "/network/?page=40", network),
        ("Person detail (busy person)", f"/network/people/{data.star_person}/", detail),
        ("Pipeline board", "/pipeline/", detail),
        ("Pipeline table", "/pipeline/?view=table", detail),
        ("Interview detail", f"/interviews/{data.heavy_interview}/", None),
    ]
    with console.status("Measuring…"):
        results = measure(client, pages, requests, warmup)

    table = Table(title=f"Server time per page, {people:,} people, {requests} requests each")
    columns = ("page", "median ms", "p95 ms", "queries", "SQL ms", "CPU ms", "target", "verdict")
    for column in columns:
        table.add_column(column, justify="left" if column in ("page", "target") else "right")
    for result in results:
        verdict = (
            "[green]ok[/green]"
            if result.target and not result.misses
            else ("[bold red]MISSED[/bold red]" if result.target else "[dim]no target[/dim]")
        )
        table.add_row(
            result.name,
            f"{result.median:.1f}",
            f"{result.p95:.1f}",
            str(result.queries),
            f"{result.sql_ms:.1f}",
            f"{statistics.median(result.cpu_ms):.1f}",
            str(result.target) if result.target else "—",
            verdict,
        )
    console.print(table)
    console.print(
        "[dim]median and p95: wall-clock time of the whole request in the test client. "
        "SQL ms: time in the database during one request. CPU ms: median CPU time of this "
        "process per request, which a busy machine inflates less than wall-clock time.[/dim]"
    )
    console.print(
        f"[dim]Machine speed: a fixed pure-Python workload took {reference_ms():.1f} ms "
        "(compare this between runs and machines before comparing page times).[/dim]"
    )
    busy = busy_machine()
    if busy:
        console.print(f"[yellow]{busy}[/yellow]")

    # Does the number of queries grow with the number of rows shown?
    pairs = [
        (
            "Network list",
            f"/network/?source={RARE_SOURCE}",
            "/network/?source=alumni",
            "few rows",
            "up to 50 rows",
        ),
        (
            "Person detail",
            f"/network/people/{data.light_person}/",
            f"/network/people/{data.star_person}/",
            "1 note",
            "many interviews, messages, notes",
        ),
        (
            "Pipeline board",
            f"/pipeline/?exploration={data.quiet_exploration}",
            "/pipeline/",
            "2 cards",
            f"up to {7 * 30} cards",
        ),
        (
            "Pipeline table",
            f"/pipeline/?view=table&exploration={data.quiet_exploration}",
            "/pipeline/?view=table",
            "2 rows",
            "50 rows",
        ),
        (
            "Interview detail",
            f"/interviews/{data.light_interview}/",
            f"/interviews/{data.heavy_interview}/",
            "no questions or takeaways",
            "many",
        ),
    ]
    scaling = Table(title="Queries as rows grow")
    for column in ("page", "small", "queries", "large", "queries ", "verdict"):
        scaling.add_column(column, justify="right" if column.startswith("queries") else "left")
    grows: list[str] = []
    for name, small_url, large_url, small_label, large_label in pairs:
        fetch(client, small_url)
        fetch(client, large_url)
        small, _ = count_queries(client, small_url)
        large, _ = count_queries(client, large_url)
        if large > small:
            verdict = "[bold red]GROWS[/bold red]"
            grows.append(f"{name}: {small} queries for {small_label}, {large} for {large_label}")
        else:  # fewer queries for more rows happens only with tiny data sets (nothing to list)
            verdict = "[green]constant[/green]" if large == small else "[yellow]differs[/yellow]"
        scaling.add_row(name, small_label, str(small), large_label, str(large), verdict)
    console.print(scaling)

    # The coaches' accuracy on their labelled sets (offline, no database needed).
    from bench import coach_messages, coach_questions

    console.print(coach_messages.table())
    console.print(coach_questions.table())

    from bench import search, suggest

    search_table, search_misses = search.table(client, data.user, requests)
    console.print(search_table)
    for suggest_table, suggest_misses in (
        suggest.speed_table(data.user, requests),
        suggest.accuracy_table(),
    ):
        console.print(suggest_table)
        search_misses += suggest_misses

    from bench import themes

    themes_table, themes_misses = themes.table()
    console.print(themes_table)
    themes_speed, themes_slow = themes.speed_table()
    console.print(themes_speed)

    from bench import today

    today_table, today_misses = today.measure_today(data, requests, warmup)
    console.print(today_table)

    from bench import insights

    insights_table, insights_misses = insights.table(requests)
    console.print(insights_table)

    from bench import duplicates

    duplicates_table, duplicates_misses = duplicates.table(client)
    console.print(duplicates_table)

    from bench import imports

    imports_table, imports_misses = imports.table()
    console.print(imports_table)

    from bench import load

    load_tables, load_misses = load.tables(data, home, client)
    console.print(*load_tables)
    imports_misses += load_misses

    from bench import portability  # last: its import adds a second copy of the account

    portability_table, portability_misses = portability.table(data.user)
    console.print(portability_table)
    imports_misses += portability_misses

    misses = [f"{r.name} ({r.url}): " + "; ".join(r.misses) for r in results if r.misses]
    misses += search_misses + themes_misses + themes_slow
    misses += today_misses
    misses += insights_misses
    misses += duplicates_misses
    misses += imports_misses
    if misses or grows:
        console.print("[bold red]Targets missed:[/bold red]")
        for line in misses + grows:
            console.print(f"  • {line}")
    else:
        console.print(
            "[bold green]Every page met its target and the query counts are constant.[/bold green]"
        )
    return 0  # a benchmark never fails a build


if __name__ == "__main__":
    sys.exit(main())
