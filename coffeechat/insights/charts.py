"""Pictures of the search, drawn on the server as accessible SVG.

Each chart comes with its title, a sentence that says what it shows (the SVG's <desc> and
the text alternative on the page) and the table of numbers behind it. Colours come from CSS
classes, so the light and dark themes apply and a strict Content-Security-Policy holds.
A handful of queries per chart, however many interviews there are.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from coffeechat.accounts.models import profile_for
from coffeechat.growth.models import Reflection
from coffeechat.interviews.models import CloseReason, Interview, Stage
from coffeechat.network.models import SOURCE_LABELS, Person
from coffeechat.outreach.models import ASKING_KINDS, Channel, Message

WEEKS = 16
GRAPH_NODES = 40
GRAPH_TABLE_ROWS = 200
REFLECTIONS = 100
BAR_WIDTH = 600
LABEL_WIDTH = 200
ROW_HEIGHT = 30
CHANNEL_LABELS: dict[str, str] = dict(Channel.choices)


@dataclass
class Chart:
    """One picture: its SVG, what it says in words, and the numbers behind it."""

    slug: str
    title: str
    summary: str
    svg: SafeString
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    note: str = ""
    legend: list[tuple[str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.rows


def _svg(slug: str, title: str, summary: str, width: int, height: int, body: str) -> SafeString:
    # Safe: every text inside went through escape().
    return mark_safe(
        f'<svg class="chart-svg" role="img" aria-labelledby="{slug}-title {slug}-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{slug}-title">{escape(title)}</title>'
        f'<desc id="{slug}-desc">{escape(summary)}</desc>{body}</svg>'
    )


def _n(count: int, singular: str, plural: str = "") -> str:
    """ "1 person", "3 people"."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def _bars(values: Sequence[tuple[str, float, str]], css: str = "chart-bar") -> tuple[str, int]:
    """Horizontal bars with a label on the left and the value text on the right."""
    top = max((value for _label, value, _text in values), default=0) or 1
    span = BAR_WIDTH - LABEL_WIDTH - 130  # room for the value text at the end of the bar
    parts = []
    for index, (label, value, text) in enumerate(values):
        y = index * ROW_HEIGHT + 4
        length = max(value / top * span, 1 if value else 0)
        parts.append(
            f'<text class="chart-label" x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end">'
            f"{escape(label)}</text>"
            f'<rect class="{css}" x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="20"/>'
            f'<text class="chart-value" x="{LABEL_WIDTH + length + 6:.1f}" y="{y + 16}">'
            f"{escape(text)}</text>"
        )
    return "".join(parts), len(values) * ROW_HEIGHT + 8


# ----------------------------------------------------------------------------- funnel


def _interviews(user: Any, exploration: int | None) -> QuerySet[Interview]:
    interviews = Interview.objects.for_user(user)
    if exploration is not None:
        interviews = interviews.filter(exploration_id=exploration)
    return interviews.order_by()


def _thanked_in_time(grace: dt.timedelta) -> Q:
    """Interviews thanked within `grace` of the meeting's end.

    SQLite has no date arithmetic of its own: Django would call into Python for every
    row, so compare Julian day numbers there instead.
    """
    if connection.vendor == "sqlite":
        days = grace.total_seconds() / 86400
        within = RawSQL(
            'julianday("interviews_interview"."thanked_at") '
            '<= julianday("interviews_interview"."held_at") + %s',
            (days,),
            output_field=BooleanField(),
        )
        return Q(within)
    return Q(thanked_at__lte=F("held_at") + grace)


def funnel_chart(user: Any, exploration: int | None = None) -> Chart:
    """Requests sent, replies, meetings held, thank-yous on time, and referrals gained."""
    grace = dt.timedelta(hours=profile_for(user).thank_you_hours)
    answered = (
        Message.objects.filter(interview_id=OuterRef("pk"), kind__in=ASKING_KINDS)
        .exclude(reply="")
        .values("pk")
    )
    met = Q(scheduled_at__isnull=False) | Q(held_at__isnull=False)
    counts = _interviews(user, exploration).aggregate(
        requested=Count("id", filter=Q(requested_at__isnull=False) | met),
        replied=Count(
            "id", filter=Q(Exists(answered)) | met | Q(close_reason=CloseReason.DECLINED)
        ),
        held=Count("id", filter=Q(held_at__isnull=False)),
        on_time=Count("id", filter=_thanked_in_time(grace)),
    )
    people = Person.objects.for_user(user).filter(referred_by__isnull=False)
    if exploration is not None:
        people = people.filter(
            Exists(
                Interview.objects.filter(
                    person_id=OuterRef("referred_by_id"), exploration_id=exploration
                )
            )
        )
    referrals = people.count()
    requested, replied, held, on_time = (
        counts["requested"],
        counts["replied"],
        counts["held"],
        counts["on_time"],
    )
    steps = [
        ("Requests sent", requested, ""),
        ("Replies", replied, _percent(replied, requested) + " of requests"),
        ("Meetings held", held, _percent(held, requested) + " of requests"),
        ("Thank-yous on time", on_time, _percent(on_time, held) + " of meetings"),
        ("Referrals gained", referrals, ""),
    ]
    summary = (
        f"{_n(requested, 'request')} sent, {_n(replied, 'reply', 'replies')} "
        f"({_percent(replied, requested)}), {_n(held, 'meeting')} held, "
        f"{_n(on_time, 'thank-you')} sent on time ({_percent(on_time, held)} of meetings) and "
        f"{_n(referrals, 'person', 'people')} introduced to you."
    )
    body, height = _bars(
        [(label, n, f"{n}" + (f" · {rate}" if rate else "")) for label, n, rate in steps]
    )
    title = "From request to referral"
    has_data = any(n for _label, n, _rate in steps)
    return Chart(
        slug="funnel",
        title=title,
        summary=summary,
        svg=_svg("funnel", title, summary, BAR_WIDTH, height, body),
        columns=("Step", "Count", "Rate"),
        rows=[(label, n, rate or "—") for label, n, rate in steps] if has_data else [],
    )


def reply_rate_charts(user: Any, exploration: int | None = None) -> list[Chart]:
    """Of the people asked for a meeting, how many replied: by source and by channel."""
    asked = Message.objects.for_user(user).filter(kind__in=ASKING_KINDS, sent_at__isnull=False)
    if exploration is not None:
        asked = asked.filter(interview__exploration_id=exploration)
    charts = []
    for slug, group, labels, title in (
        ("by-source", "person__source", SOURCE_LABELS, "Reply rate by how you know them"),
        ("by-channel", "channel", CHANNEL_LABELS, "Reply rate by channel"),
    ):
        rows = (
            asked.order_by()
            .values_list(group)
            .annotate(
                sent=Count("person", distinct=True),
                replied=Count("person", distinct=True, filter=~Q(reply="")),
            )
        )
        stats = sorted(
            ((labels.get(key, key), sent, replied) for key, sent, replied in rows),
            key=lambda row: (-row[2] / row[1] if row[1] else 0, row[0]),
        )
        bars = [
            (
                label,
                replied / sent if sent else 0,
                f"{_percent(replied, sent)} ({replied} of {sent})",
            )
            for label, sent, replied in stats
        ]
        summary = (
            "Share of people asked who replied, highest first: "
            + "; ".join(f"{label} {_percent(r, s)} ({r} of {s})" for label, s, r in stats)
            + "."
            if stats
            else "No requests sent yet."
        )
        body, height = _bars(bars, "chart-bar chart-bar-alt")
        charts.append(
            Chart(
                slug=slug,
                title=title,
                summary=summary,
                svg=_svg(slug, title, summary, BAR_WIDTH, height, body),
                columns=(
                    "Source" if slug == "by-source" else "Channel",
                    "People asked",
                    "Replied",
                    "Reply rate",
                ),
                rows=[(label, s, r, _percent(r, s)) for label, s, r in stats],
            )
        )
    return charts


# ----------------------------------------------------------------------------- weekly


def weekly_chart(
    user: Any, exploration: int | None = None, *, weeks: int = WEEKS, now: dt.datetime | None = None
) -> Chart:
    """Requests, meetings and hours spent, week by week (weeks start on Monday)."""
    zone = profile_for(user).zone
    today = timezone.localtime(now or timezone.now(), zone).date()
    this_monday = today - dt.timedelta(days=today.weekday())
    mondays = [this_monday - dt.timedelta(weeks=weeks - 1 - i) for i in range(weeks)]
    start = dt.datetime.combine(mondays[0], dt.time.min, tzinfo=zone)
    interviews = _interviews(user, exploration)

    requests: dict[dt.date, int] = defaultdict(int)
    for week, n in (
        interviews.filter(requested_at__gte=start)
        .annotate(week=TruncWeek("requested_at", tzinfo=zone))
        .values_list("week")
        .annotate(n=Count("id"))
    ):
        requests[_day(week, zone)] += n
    meetings: dict[dt.date, int] = defaultdict(int)
    minutes: dict[dt.date, int] = defaultdict(int)
    for week, n, spent in (
        interviews.filter(held_at__gte=start)
        .annotate(week=TruncWeek("held_at", tzinfo=zone))
        .values_list("week")
        .annotate(n=Count("id"), spent=Sum("time_spent_minutes"))
    ):
        meetings[_day(week, zone)] += n
        minutes[_day(week, zone)] += spent or 0

    rows = [
        (monday, requests[monday], meetings[monday], round(minutes[monday] / 60, 1))
        for monday in mondays
    ]
    total_hours = round(sum(minutes.values()) / 60, 1)
    busiest = max(rows, key=lambda row: row[3])
    summary = (
        f"Over the last {weeks} weeks: {_n(sum(requests.values()), 'request')}, "
        f"{_n(sum(meetings.values()), 'meeting')} and {total_hours:g} hours spent"
        + (
            f"; the busiest week began {busiest[0]:%d %b} with {busiest[3]:g} hours."
            if busiest[3]
            else "."
        )
    )
    title = "Your weekly rhythm"
    svg = _svg("weekly", title, summary, *_weekly_body(rows))
    has_data = any(row[1] or row[2] or row[3] for row in rows)
    return Chart(
        slug="weekly",
        title=title,
        summary=summary,
        svg=svg,
        columns=("Week of", "Requests", "Meetings", "Hours spent"),
        rows=[(f"{m:%Y-%m-%d}", r, h, hours) for m, r, h, hours in rows] if has_data else [],
        legend=[
            ("chart-bar", "Requests"),
            ("chart-bar-alt", "Meetings"),
            ("chart-bar-hours", "Hours"),
        ],
    )


def _day(week: dt.datetime | dt.date, zone: dt.tzinfo) -> dt.date:
    if isinstance(week, dt.datetime):
        return timezone.localtime(week, zone).date() if timezone.is_aware(week) else week.date()
    return week


def _weekly_body(rows: list[tuple[dt.date, int, int, float]]) -> tuple[int, int, str]:
    """Two panels over the same weeks: requests and meetings side by side, hours below."""
    slot, left, panel = 36, 40, 120
    width = left + slot * len(rows) + 10
    counts_top = max((max(r, m) for _w, r, m, _h in rows), default=0) or 1
    hours_top = max((h for _w, _r, _m, h in rows), default=0) or 1
    parts = [
        f'<text class="chart-label" x="{left}" y="14">Requests and meetings</text>',
        f'<text class="chart-label" x="{left}" y="{panel + 44}">Hours spent</text>',
        f'<line class="chart-axis" x1="{left}" y1="{panel + 20}" x2="{width - 10}" y2="{panel + 20}"/>',
        f'<line class="chart-axis" x1="{left}" y1="{2 * panel + 50}" x2="{width - 10}" '
        f'y2="{2 * panel + 50}"/>',
        f'<text class="chart-tick" x="{left - 4}" y="30" text-anchor="end">{counts_top}</text>',
        f'<text class="chart-tick" x="{left - 4}" y="{panel + 60}" text-anchor="end">'
        f"{hours_top:g}</text>",
    ]
    for index, (monday, requested, met, hours) in enumerate(rows):
        x = left + index * slot + 4
        for offset, value, css, what in (
            (0, requested, "chart-bar", "requests"),
            (14, met, "chart-bar chart-bar-alt", "meetings"),
        ):
            height = value / counts_top * (panel - 20)
            parts.append(
                f'<rect class="{css}" x="{x + offset}" y="{panel + 20 - height:.1f}" width="12" '
                f'height="{height:.1f}"><title>{value} {what}, week of {monday:%d %b}</title></rect>'
            )
        height = hours / hours_top * (panel - 20)
        parts.append(
            f'<rect class="chart-bar chart-bar-hours" x="{x}" y="{2 * panel + 50 - height:.1f}" '
            f'width="26" height="{height:.1f}"><title>{hours:g} hours, week of {monday:%d %b}'
            "</title></rect>"
        )
        if index % 4 == 0 or index == len(rows) - 1:
            parts.append(
                f'<text class="chart-tick" x="{x + 13}" y="{2 * panel + 66}" text-anchor="middle">'
                f"{monday:%d %b}</text>"
            )
    return width, 2 * panel + 74, "".join(parts)


# ----------------------------------------------------------------------------- referral graph


@dataclass
class Node:
    pk: int
    name: str
    parent: int | None
    stage: str
    children: list[int] = field(default_factory=list)
    depth: int = 0
    y: float = 0.0


def referral_graph(user: Any) -> Chart:
    """Who introduced whom: a tree per first contact, each person coloured by their stage."""
    latest_stage = Subquery(
        Interview.objects.filter(person_id=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("stage")[:1]
    )
    people = Person.objects.for_user(user)
    referrers = people.filter(referred_by__isnull=False).values("referred_by_id")
    nodes = {
        pk: Node(pk, f"{first} {last}".strip(), parent, stage or "")
        for pk, first, last, parent, stage in people.filter(
            Q(referred_by__isnull=False) | Q(pk__in=referrers)
        )
        .annotate(latest_stage=latest_stage)
        .order_by("last_name", "first_name", "id")
        .values_list("pk", "first_name", "last_name", "referred_by_id", "latest_stage")
    }
    for node in nodes.values():
        if node.parent in nodes:
            nodes[node.parent].children.append(node.pk)
    trees = _trees(nodes)
    edges = sum(1 for node in nodes.values() if node.parent in nodes)
    shown: list[list[int]] = []
    for tree in sorted(trees, key=len, reverse=True):
        if sum(map(len, shown)) + len(tree) > GRAPH_NODES and shown:
            continue
        shown.append(tree)
    introducers = sum(1 for node in nodes.values() if node.children)
    summary = (
        f"{_n(edges, 'introduction')}: {_n(introducers, 'person', 'people')} introduced you "
        f"to {_n(edges, 'other person', 'others')}."
        if edges
        else "Nobody has introduced you to anyone yet."
    )
    kept = sum(map(len, shown))
    note = (
        f"The picture shows the {kept} people of the largest chains; the table lists all."
        if kept < len(nodes)
        else ""
    )
    title = "Who introduced whom"
    rows = [
        (
            nodes[node.parent].name,
            node.name,
            Stage(node.stage).label if node.stage else "No interview",
        )
        for node in nodes.values()
        if node.parent in nodes
    ]
    return Chart(
        slug="referrals",
        title=title,
        summary=summary,
        svg=_svg("referrals", title, summary, *_graph_body(nodes, shown)),
        columns=("Introduced by", "Person", "Latest stage"),
        rows=rows[:GRAPH_TABLE_ROWS],
        note=note
        + (
            f" The table shows the first {GRAPH_TABLE_ROWS}."
            if len(rows) > GRAPH_TABLE_ROWS
            else ""
        ),
        legend=[(f"node-{stage}", label) for stage, label in Stage.choices]
        + [("node-none", "No interview")],
    )


def _trees(nodes: dict[int, Node]) -> list[list[int]]:
    """Each first contact's tree in depth-first order; cycles are broken where first met."""
    seen: set[int] = set()
    trees = []
    roots = [pk for pk, node in nodes.items() if node.parent not in nodes]
    for root in roots + list(nodes):
        if root in seen:
            continue
        order: list[int] = []
        stack = [(root, 0)]
        while stack:
            pk, depth = stack.pop()
            if pk in seen:
                continue
            seen.add(pk)
            nodes[pk].depth = depth
            order.append(pk)
            stack.extend((child, depth + 1) for child in reversed(nodes[pk].children))
        trees.append(order)
    return trees


def _graph_body(nodes: dict[int, Node], trees: list[list[int]]) -> tuple[int, int, str]:
    """A tidy left-to-right layout: leaves one row apart, a parent centred on its children."""
    column, row, radius = 190, 34, 8
    shown = {pk for tree in trees for pk in tree}
    next_row = 0.0

    def place(pk: int) -> float:
        nonlocal next_row
        children = [
            child
            for child in nodes[pk].children
            if child in shown and nodes[child].depth > nodes[pk].depth
        ]
        if not children:
            nodes[pk].y = next_row
            next_row += 1
        else:
            ys = [place(child) for child in children]
            nodes[pk].y = (ys[0] + ys[-1]) / 2
        return nodes[pk].y

    for tree in trees:
        place(tree[0])
        next_row += 0.5
    depth = max((nodes[pk].depth for pk in shown), default=0)
    width = 20 + (depth + 1) * column
    height = max(int(next_row * row) + 10, row)
    lines, dots = [], []
    drawn_parents = {
        nodes[pk].parent
        for pk in shown
        if nodes[pk].parent in shown and nodes[nodes[pk].parent].depth < nodes[pk].depth  # type: ignore[index]
    }
    for pk in (pk for tree in trees for pk in tree):
        node = nodes[pk]
        x, y = 20 + node.depth * column, 28 + node.y * row
        if node.parent in nodes and node.parent in shown and nodes[node.parent].depth < node.depth:
            parent = nodes[node.parent]
            px, py = 20 + parent.depth * column, 28 + parent.y * row
            mid = (px + x) / 2
            lines.append(
                f'<path class="graph-edge" d="M{px + radius} {py:.0f} C{mid} {py:.0f} {mid} '
                f'{y:.0f} {x - radius} {y:.0f}"/>'
            )
        stage = node.stage or "none"
        label = Stage(node.stage).label if node.stage else "no interview"
        # An introducer's name sits above its dot, clear of the lines to the people it introduced.
        text_x, text_y = (
            (x - radius, y - 13) if node.pk in drawn_parents else (x + radius + 4, y + 4)
        )
        dots.append(
            f'<g><circle class="node node-{stage}" cx="{x}" cy="{y:.0f}" r="{radius}"/>'
            f'<text class="chart-label" x="{text_x}" y="{text_y:.0f}">{escape(node.name)}'
            f"</text><title>{escape(node.name)}: {escape(label)}</title></g>"
        )
    return width, height + 10, "".join(lines) + "".join(dots)


# ----------------------------------------------------------------------------- confidence


def confidence_chart(user: Any) -> Chart:
    """Confidence (1 to 5) in each reflection, oldest first."""
    points = list(
        Reflection.objects.for_user(user)
        .order_by("-date", "-id")
        .values_list("date", "confidence")[:REFLECTIONS]
    )[::-1]
    title = "Confidence over time"
    if points:
        first, last = points[0], points[-1]
        average = sum(c for _d, c in points) / len(points)
        summary = (
            f"{_n(len(points), 'reflection')} from {first[0]:%d %b %Y} to {last[0]:%d %b %Y}: "
            f"confidence went from {first[1]} to {last[1]} out of 5 (average {average:.1f})."
        )
    else:
        summary = "No reflections yet: write one in Growth to see how your confidence changes."
    return Chart(
        slug="confidence",
        title=title,
        summary=summary,
        svg=_svg("confidence", title, summary, *_line_body(points)),
        columns=("Date", "Confidence (1–5)"),
        rows=[(f"{day:%Y-%m-%d}", value) for day, value in points],
    )


def _line_body(points: list[tuple[dt.date, int]]) -> tuple[int, int, str]:
    width, height, left, top, bottom = BAR_WIDTH, 200, 40, 12, 30
    plot_w, plot_h = width - left - 20, height - top - bottom
    parts = []
    for level in range(1, 6):
        y = top + plot_h - (level - 1) / 4 * plot_h
        parts.append(
            f'<line class="chart-grid" x1="{left}" y1="{y:.1f}" x2="{width - 20}" y2="{y:.1f}"/>'
            f'<text class="chart-tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{level}</text>'
        )
    if not points:
        return width, height, "".join(parts)
    start, end = points[0][0], points[-1][0]
    span = (end - start).days or 1
    coordinates = []
    for index, (day, value) in enumerate(points):
        x = left + (
            (day - start).days / span * plot_w
            if end != start
            else index / max(len(points) - 1, 1) * plot_w
        )
        y = top + plot_h - (value - 1) / 4 * plot_h
        coordinates.append((x, y, day, value))
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _day, _value in coordinates)
    parts.append(f'<polyline class="chart-line" points="{path}"/>')
    for x, y, day, value in coordinates:
        parts.append(
            f'<circle class="chart-point" cx="{x:.1f}" cy="{y:.1f}" r="4">'
            f"<title>{day:%d %b %Y}: {value} of 5</title></circle>"
        )
    parts.append(
        f'<text class="chart-tick" x="{left}" y="{height - 8}">{start:%d %b %Y}</text>'
        f'<text class="chart-tick" x="{width - 20}" y="{height - 8}" text-anchor="end">'
        f"{end:%d %b %Y}</text>"
    )
    return width, height, "".join(parts)


def all_charts(user: Any, exploration: int | None = None) -> list[Chart]:
    return [
        funnel_chart(user, exploration),
        *reply_rate_charts(user, exploration),
        weekly_chart(user, exploration),
        referral_graph(user),
        confidence_chart(user),
    ]
