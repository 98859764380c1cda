"""Keeping in touch: when the user last talked with each person, and who is drifting away.

A person has a keep-in-touch cadence when they have their own (Person.keep_in_touch_days;
0 turns reminders off for them), or when the user has held an interview with them and the
profile's default cadence is on. The clock runs from the last interaction of any kind: a
message sent or answered, a meeting held (or whose time has passed), a note, a LinkedIn
message. People never talked with count from when they were added, so a fresh import does
not flood Today. Everything is computed in the database, in a fixed number of queries
whatever the size of the network.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

import holidays
from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from coffeechat.accounts.models import Profile, profile_for
from coffeechat.agenda.prepared import prepared
from coffeechat.agenda.rules import DueItem
from coffeechat.growth.drafts import BEST_MATCH, CHECK_IN_HELLO
from coffeechat.growth.models import Action, ActionStatus
from coffeechat.interviews.models import Interview
from coffeechat.network.models import Exploration, Note, Person
from coffeechat.outreach.compose import Draft, TemplateChoice, first_sentence
from coffeechat.outreach.models import Channel, Message, MessageKind
from coffeechat.outreach.templates import fill
from coffeechat.owned import object_url

# How many check-ins Today shows at once, most overdue first; the Drifting page has the rest.
TODAY_LIMIT = 10
# Season's greetings are suggested when a holiday is this close.
HOLIDAY_WINDOW = dt.timedelta(days=14)
# Dated reminders fall due in the morning of their day, not at midnight.
MORNING = dt.time(9, 0)

# Stands in for "never" so that Greatest() sees no NULL (SQLite's max() would return NULL).
NEVER = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _never() -> Value:
    return Value(NEVER, output_field=DateTimeField())


def _latest(queryset: QuerySet[Any], expression: Any) -> Subquery:
    """The greatest value of `expression` over the person's rows in `queryset`."""
    # The first row by that value rather than an aggregate: the database can read it
    # straight off an index (a person with hundreds of notes costs one look-up).
    return Subquery(
        queryset.filter(person=OuterRef("pk"))
        .annotate(latest=expression)
        .order_by("-latest")
        .values("latest")[:1],
        output_field=DateTimeField(),
    )


def last_talked_expression(now: dt.datetime) -> Greatest:
    """When the user and the person last interacted, or NEVER."""
    messages = _latest(
        Message.objects.all(),
        Greatest(Coalesce("sent_at", _never()), Coalesce("replied_at", _never())),
    )
    meetings = _latest(
        Interview.objects.all(),
        Greatest(
            Coalesce("held_at", _never()),
            Case(When(scheduled_at__lte=now, then=F("scheduled_at")), default=_never()),
        ),
    )
    notes = _latest(Note.objects.all(), F("created_at"))
    return Greatest(
        Coalesce(messages, _never()),
        Coalesce(meetings, _never()),
        Coalesce(notes, _never()),
        Coalesce("last_linkedin_message_at", _never()),
        output_field=DateTimeField(),
    )


class DayNumber(Func):
    """A moment as a number of days (with a fraction), for date arithmetic in the database.

    SQLite and PostgreSQL count from different origins, so compare only day numbers that
    the same database computed. Plain SQL on both: no Python function runs per row.
    """

    output_field = FloatField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="julianday", **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="(EXTRACT(EPOCH FROM %(expressions)s) / 86400.0)"
        )


def _interviewed(user_id: int) -> QuerySet[Any]:
    """The people the user has held an interview with."""
    return Interview.objects.filter(user_id=user_id, held_at__isnull=False).values("person_id")


def _clock(now: dt.datetime) -> Greatest:
    """Where a person's keep-in-touch clock starts: the last interaction, or when added."""
    return Greatest(last_talked_expression(now), F("created_at"), output_field=DateTimeField())


def _due_day(now: dt.datetime, cadence: Any) -> Any:
    return DayNumber(_clock(now)) + cadence


def _now_day(now: dt.datetime) -> DayNumber:
    return DayNumber(Value(now, output_field=DateTimeField()))


def _interviewed_clocks(user: Any, profile: Profile, now: dt.datetime) -> QuerySet[Any]:
    """People the user interviewed who have a cadence, with their `due_day`."""
    return _interviewed_clocks_of(user.pk, profile.keep_in_touch_days or 0, now)


def _interviewed_clocks_of(user_id: int, default: int, now: dt.datetime) -> QuerySet[Any]:
    """People the user interviewed who have a cadence (their own, else `default`), with
    their `due_day`.

    They are looked up by id from the user's held interviews (a thousand or so), not
    through the index of all the user's people (tens of thousands).
    """
    cadence = Coalesce("keep_in_touch_days", Value(default), output_field=IntegerField())
    return (
        rows_owned_by(Person.objects.all(), user_id)
        .filter(pk__in=_interviewed(user_id))
        .annotate(cadence_days=cadence)
        .filter(cadence_days__gt=0)
        .annotate(due_day=_due_day(now, F("cadence_days")))
    )


def _interviewed_due(user: Any, profile: Profile, now: dt.datetime) -> QuerySet[Any]:
    """People the user interviewed whose check-in is due, with their `due_day`.

    Interviewed people are a few thousand at most, so ordering them all by due day is cheap.
    """
    return _interviewed_clocks(user, profile, now).filter(due_day__lte=_now_day(now))


def _others_due(user: Any, now: dt.datetime) -> QuerySet[Any]:
    """People never interviewed whose own cadence asks for a check-in now."""
    return _others_due_of(user.pk, now)


def _others_due_of(user_id: int, now: dt.datetime) -> QuerySet[Any]:
    """People never interviewed whose own cadence asks for a check-in now."""
    return (
        Person.objects.filter(user_id=user_id)
        .filter(keep_in_touch_days__gt=0)
        .exclude(pk__in=_interviewed(user_id))
        .annotate(due_day=_due_day(now, F("keep_in_touch_days")))
        .filter(due_day__lte=_now_day(now))
    )


@dataclass(frozen=True)
class Clock:
    """Where someone's keep-in-touch clock stands."""

    person: Person
    cadence: int  # days; 0 when the user doesn't keep in touch with them
    last_talked: dt.datetime | None
    due_at: dt.datetime
    latest_interview: int | None


@prepared
def _people_with_clocks(user_id: int, ids: list[int], now: dt.datetime) -> QuerySet[Person]:
    """The user's people with these ids, each with when they last talked, their latest
    interview and whether the user held one with them."""
    held = Interview.objects.filter(person=OuterRef("pk"), held_at__isnull=False)
    return (
        Person.objects.filter(user_id=user_id)
        .filter(pk__in=ids)
        .select_related("organization")
        .annotate(
            last_talked=last_talked_expression(now),
            latest_interview=_latest_interview(),
            interviewed=Exists(held),
        )
        # Unordered, so that the database looks the ids up rather than walk the user's
        # people in name order; they are put back in the order asked for below.
        .order_by()
    )


def _details(user: Any, profile: Profile, now: dt.datetime, ids: list[int]) -> list[Clock]:
    """The clocks of the people with these ids, in this order."""
    if not ids:
        return []
    default = profile.keep_in_touch_days or 0
    rows = _people_with_clocks(user_id=user.pk, ids=ids, now=now)
    clocks = []
    for person in rows:
        cadence = person.keep_in_touch_days
        if cadence is None:
            cadence = default if person.interviewed else 0
        last_talked = person.last_talked
        clocks.append(
            Clock(
                person=person,
                cadence=cadence,
                last_talked=last_talked if last_talked > NEVER else None,
                due_at=max(last_talked, person.created_at) + dt.timedelta(days=cadence),
                latest_interview=person.latest_interview,
            )
        )
    order = {pk: index for index, pk in enumerate(ids)}
    clocks.sort(key=lambda clock: order[clock.person.pk])
    return clocks


def drifting(
    user: Any, profile: Profile, now: dt.datetime, *, limit: int, offset: int = 0
) -> list[Clock]:
    """The clocks of people whose check-in is due, most overdue first."""
    interviewed = _interviewed_due(user, profile, now).order_by().values_list("pk", "due_day")
    others = _others_due(user, now).order_by().values_list("pk", "due_day")
    page = interviewed.union(others, all=True).order_by("due_day", "pk")[offset : offset + limit]
    return _details(user, profile, now, [pk for pk, _day in page])


def due_for_today(user: Any, profile: Profile, now: dt.datetime) -> list[Clock]:
    """Up to TODAY_LIMIT people to check in with, in a time that does not grow with the network.

    The most overdue of the people the user interviewed come first; people never
    interviewed (with a cadence of their own) fill the rest in the order they were added,
    since ranking tens of thousands of them would cost more than Today may spend.
    """
    # The first TODAY_LIMIT by due day, of which those due: the same people as filtering on
    # the due day first, but each person's clock is worked out once rather than twice. A
    # meeting is an interaction, so nobody is due before a cadence has passed since their
    # last meeting: checking that first spares working out the clocks of those met lately.
    ranked = _ranked_interviewed(user_id=user.pk, default=profile.keep_in_touch_days or 0, now=now)
    interviewed = [pk for pk, due_day, now_day in ranked if due_day <= now_day]
    others: list[int] = []
    if len(interviewed) < TODAY_LIMIT:
        # The first TODAY_LIMIT, of which as many as there is room for.
        others = [pk for (pk,) in _first_others_due(user_id=user.pk, now=now)]
        others = others[: TODAY_LIMIT - len(interviewed)]
    clocks = _details(user, profile, now, interviewed + others)
    return sorted(clocks, key=lambda clock: (clock.due_at, clock.person.pk))


@prepared
def _ranked_interviewed(
    user_id: int, default: int, now: dt.datetime
) -> QuerySet[Person, tuple[int, float, float]]:
    """The first TODAY_LIMIT people the user interviewed by due day, of those whose last
    meeting is a cadence ago, with their due day and today's, to keep those due."""
    last_met = _latest(Interview.objects.filter(held_at__isnull=False), F("held_at"))
    return (
        _interviewed_clocks_of(user_id, default, now)
        .alias(met_due_day=DayNumber(last_met) + F("cadence_days"))
        .filter(met_due_day__lte=_now_day(now))
        .annotate(now_day=_now_day(now))
        .order_by("due_day", "pk")
        .values_list("pk", "due_day", "now_day")[:TODAY_LIMIT]
    )


@prepared
def _first_others_due(user_id: int, now: dt.datetime) -> QuerySet[Person, tuple[int]]:
    """The first TODAY_LIMIT people never interviewed who are due, in the order added."""
    return _others_due_of(user_id, now).order_by("pk").values_list("pk")[:TODAY_LIMIT]


def _latest_interview() -> Subquery:
    return Subquery(
        Interview.objects.filter(person=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )


def check_in_url(person: Person, interview_id: int | None) -> str:
    """Where a check-in to this person is drafted: the interview's compose page if they had one."""
    if interview_id is not None:
        compose = object_url("message_compose", interview_id)
        return f"{compose}?kind={MessageKind.CHECK_IN}"
    return object_url("drifting_check_in", person.pk)


@lru_cache(maxsize=64)
def _holidays_of(country: str, region: str, year: int) -> tuple[tuple[dt.date, str], ...]:
    try:
        # English names: the ideas are written in English, whatever the country.
        calendar = holidays.country_holidays(
            country, subdiv=region or None, years=year, language="en_US"
        )
    except NotImplementedError:
        return ()
    return tuple(sorted(calendar.items()))


def upcoming_holiday(profile: Profile, today: dt.date) -> tuple[dt.date, str] | None:
    """The next public holiday of the user's country within two weeks, if any."""
    country, region = profile.country.upper(), profile.region.upper()
    for year in (today.year, today.year + 1):
        for day, name in _holidays_of(country, region, year):
            if today <= day <= today + HOLIDAY_WINDOW:
                return day, name
    return None


@dataclass(frozen=True)
class CheckIn:
    """A person due for a check-in, with reasons to write that fit."""

    person: Person
    due: dt.datetime
    cadence: int
    last_talked: dt.datetime | None
    url: str
    ideas: tuple[str, ...]

    def days_overdue(self, now: dt.datetime) -> int:
        return max(0, (now - self.due).days)


def owned_without_index[M: Model](queryset: QuerySet[M], user: Any) -> QuerySet[M]:
    """The user's rows of `queryset`, for a query that another index serves better: see
    `rows_owned_by`."""
    return rows_owned_by(queryset, user.pk)


def rows_owned_by[M: Model](queryset: QuerySet[M], user_id: int) -> QuerySet[M]:
    """The user's rows of `queryset`, for a query that another index serves better.

    SQLite keeps no statistics, so it reads a few people's actions through the index of
    all the user's actions (thousands) rather than the index of those people (a few
    dozen). Comparing `+user_id` keeps that index out of its choice; other databases
    choose well by themselves.
    """
    if connection.vendor != "sqlite":
        return queryset.filter(user_id=user_id)
    owner = Func(F("user_id"), template="+%(expressions)s", output_field=IntegerField())
    # alias() loses the model type in django-stubs; the rows are still the queryset's own.
    return cast("QuerySet[M]", queryset.alias(owner=owner).filter(owner=user_id))


@prepared
def _advice_done(user_id: int, people: list[int]) -> QuerySet[Action, tuple[int, str]]:
    """The actions these people suggested that the user has done, the latest last."""
    return (
        rows_owned_by(Action.objects.all(), user_id)
        .filter(suggested_by__in=people, status=ActionStatus.DONE)
        .order_by(F("done_at").asc(nulls_first=True), "id")
        .values_list("suggested_by_id", "title")
    )


def _advice_taken(user: Any, people: list[int]) -> dict[int, str]:
    """For each person, the latest action they suggested that the user has done."""
    done = _advice_done(user_id=user.pk, people=people)
    return {person_id: title for person_id, title in done if person_id is not None}


def ideas_for(person: Person, advice_taken: str, holiday: tuple[dt.date, str] | None) -> list[str]:
    """Reasons to write that fit this person now; a check-in needs no more than one."""
    ideas = []
    if advice_taken:
        ideas.append(f"Report progress: you did what they suggested, “{advice_taken}”.")
    if holiday is not None:
        day, name = holiday
        ideas.append(f"Season's greetings: {name} is on {day:%a %d %b}.")
    organization = f" at {person.organization.name}" if person.organization else ""
    if person.linkedin_url:
        ideas.append(
            f"Congratulate them: glance at their LinkedIn for a new position{organization} "
            "or a work anniversary."
        )
    else:
        ideas.append(f"Congratulate them if they have a new role{organization}.")
    ideas.append(
        "Share an article or a talk they would enjoy, with a line on why it made you think of them."
    )
    return ideas


def check_ins_for(
    user: Any, profile: Profile, now: dt.datetime, clocks: list[Clock]
) -> list[CheckIn]:
    """Check-ins from the clocks of `drifting` or `due_for_today`, with ideas for each."""
    advice = _advice_taken(user, [clock.person.pk for clock in clocks]) if clocks else {}
    holiday = upcoming_holiday(profile, timezone.localdate(now, profile.zone))
    return [
        CheckIn(
            person=clock.person,
            due=clock.due_at,
            cadence=clock.cadence,
            last_talked=clock.last_talked,
            url=check_in_url(clock.person, clock.latest_interview),
            ideas=tuple(ideas_for(clock.person, advice.get(clock.person.pk, ""), holiday)),
        )
        for clock in clocks
    ]


def relationship_items(user: Any, profile: Profile, local_now: dt.datetime) -> list[DueItem]:
    """Today's keep-in-touch, action-due and reflect items."""
    from coffeechat.growth.reflections import reflect_items

    return [
        *keep_in_touch_items(user, profile, local_now),
        *action_due_items(user, local_now),
        *reflect_items(user, profile, local_now),
    ]


def keep_in_touch_items(user: Any, profile: Profile, now: dt.datetime) -> list[DueItem]:
    items = []
    for check_in in check_ins_for(user, profile, now, due_for_today(user, profile, now)):
        person = check_in.person
        since = (
            f"You last talked {check_in.last_talked:%d %b %Y}"
            if check_in.last_talked
            else "You haven't talked yet"
        )
        items.append(
            DueItem(
                kind="keep-in-touch",
                due=check_in.due,
                title=f"Check in with {person.name}",
                detail=f"{since}; you keep in touch every {check_in.cadence} days. "
                + " ".join(check_in.ideas[:2]),
                interview=None,
                about=person,
                ref=f"person-{person.pk}",
                action_url=check_in.url,
                action_label="Write a check-in",
            )
        )
    return items


def action_url(action: Action) -> str:
    """The action's own page when the Growth pages have one, else its place on the Growth page."""
    try:
        return reverse("action_edit", args=[action.pk])
    except NoReverseMatch:
        return reverse("growth") + f"#action-{action.pk}"


@prepared
def _oldest_open_actions(user_id: int, today: dt.date) -> QuerySet[Action]:
    """The TODAY_LIMIT open actions due longest ago (by `today`), with who suggested them.

    The oldest are picked from the actions alone, and only they are read whole with their
    people: ordering thousands of overdue actions with their people attached costs more.
    """
    oldest = (
        Action.objects.filter(user_id=user_id)
        .filter(status__in=[ActionStatus.TODO, ActionStatus.DOING], due_date__lte=today)
        .order_by("due_date", "id")
        .values("pk")[:TODAY_LIMIT]
    )
    return (
        Action.objects.filter(pk__in=oldest)
        .select_related("suggested_by", "suggested_by__organization")
        .order_by("due_date", "id")
    )


def action_due_items(user: Any, now: dt.datetime) -> list[DueItem]:
    """Actions not done nor dropped whose due date has come, the oldest first."""
    due = _oldest_open_actions(user_id=user.pk, today=now.date())
    items = []
    for action in due:
        person = action.suggested_by
        detail = f"Due {action.due_date:%a %d %b}."
        if person is not None:
            detail += f" {person.name} suggested it; once done, tell them how it went."
        assert action.due_date is not None
        items.append(
            DueItem(
                kind="action-due",
                due=dt.datetime.combine(action.due_date, MORNING, tzinfo=now.tzinfo),
                title=action.title,
                detail=detail,
                interview=None,
                about=person,
                ref=f"action-{action.pk}",
                action_url=action_url(action),
                action_label="Open the action",
            )
        )
    return items


def draft_check_in_for(person: Person, choice: TemplateChoice = BEST_MATCH) -> Draft:
    """A check-in to someone the user never interviewed: from their own check-in template,
    else a hello that speaks of what the user is exploring now (the built-in check-in thanks
    them for advice they never gave). Fields nobody knows stay bracketed, and listed."""
    profile = profile_for(person.user)
    channel = Channel.EMAIL if person.email else Channel.LINKEDIN_MESSAGE
    own = choice.template(person.user, MessageKind.CHECK_IN, channel, person.source)
    if own is not None:
        subject, body, name = own.subject, own.body, own.name
    else:
        (subject, body), name = CHECK_IN_HELLO, "Check-in · saying hello"
    event = person.events.order_by("-date", "-id").first()
    exploration = (
        Exploration.objects.for_user(person.user)
        .filter(archived=False)
        .order_by("-updated_at", "-id")
        .first()
    )
    values = {
        "first_name": person.first_name,
        "organization": person.organization.name if person.organization else "",
        "position": person.position,
        "referrer": person.referred_by.name if person.referred_by else "",
        "introduction": first_sentence(profile.introduction),
        "my_name": profile.name or person.user.get_full_name(),
        "event": event.name if event else "",
        "exploration": exploration.name if exploration else "",
    }
    return Draft.filled(
        MessageKind.CHECK_IN,
        channel,
        fill(subject if channel == Channel.EMAIL else "", values),
        fill(body, values),
        name,
        own.pk if own else None,
        hints={"exploration": "Add what you are exploring under Explorations, or write it in."},
    )


@dataclass(frozen=True)
class KeepInTouch:
    """What the person page says about keeping in touch with someone."""

    last_talked: dt.datetime | None
    cadence: int
    due: dt.datetime | None
    overdue: bool
    url: str


def keep_in_touch_for(person: Person, now: dt.datetime | None = None) -> KeepInTouch:
    """When the user last talked with this person, and when the next check-in is due.

    The person page has the person already: their clock is read with four small queries
    of a single index each, which cost less to build than one query that nests them.
    Reads the same interactions as `last_talked_expression`, which Today and Drifting use.
    """
    now = now or timezone.now()
    interviews = Interview.objects.filter(person_id=person.pk, user_id=person.user_id)
    messages = Message.objects.filter(person_id=person.pk).aggregate(
        sent=Max("sent_at"), replied=Max("replied_at")
    )
    meetings = interviews.aggregate(
        held=Max("held_at"),
        past=Max("scheduled_at", filter=Q(scheduled_at__lte=now)),
        interviewed=Count("held_at"),
    )
    latest_interview = (
        interviews.order_by("-created_at", "-id").values_list("pk", flat=True).first()
    )
    note = (
        Note.objects.filter(person_id=person.pk)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    moments = [
        messages["sent"],
        messages["replied"],
        meetings["held"],
        meetings["past"],
        note,
        person.last_linkedin_message_at,
    ]
    last_talked = max((moment for moment in moments if moment is not None), default=None)
    # Read whether or not it is needed, so that the page's queries don't depend on the data.
    default = profile_for(person.user).keep_in_touch_days or 0
    cadence = person.keep_in_touch_days
    if cadence is None:
        cadence = default if meetings["interviewed"] > 0 else 0
    start = max(last_talked, person.created_at) if last_talked else person.created_at
    due = start + dt.timedelta(days=cadence) if cadence else None
    return KeepInTouch(
        last_talked=last_talked,
        cadence=cadence,
        due=due,
        overdue=due is not None and due <= now,
        url=check_in_url(person, latest_interview),
    )
