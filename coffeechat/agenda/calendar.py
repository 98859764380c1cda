"""Meetings and due follow-ups as iCalendar (RFC 5545), for downloads, the feed and export.

Meetings are timed VEVENTs in the user's time zone (with its VTIMEZONE), so a calendar app
shows "10:00 Europe/Paris" rather than a UTC instant. Due follow-ups are all-day,
transparent VEVENTs rather than VTODOs: Google Calendar, Outlook and Apple Calendar all
ignore VTODOs in a subscribed calendar, while an all-day event sits at the top of the day
like a to-do and blocks no time. An overdue item is placed on today, marked overdue, so
it stays in sight instead of sinking into the past.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from icalendar import Alarm, Calendar, Event, vDuration
from icalendar.enums import STATUS, TRANSP

from coffeechat.accounts.models import profile_for
from coffeechat.agenda.rules import DueItem, due_items
from coffeechat.interviews.models import Interview, Medium, Stage

PRODID = "-//Coffeechat//Coffeechat//EN"
# How often a subscribed calendar app should fetch the feed again.
REFRESH = dt.timedelta(hours=1)
REMINDER = dt.timedelta(minutes=15)
# Calendar apps download the whole feed at every refresh, and building an event costs about
# a millisecond, so the feed reaches back only this far; `coffeechat export ics` has all.
FEED_HISTORY = dt.timedelta(days=365)

STATUSES = {
    Stage.IDEA: STATUS.TENTATIVE,
    Stage.RESEARCHING: STATUS.TENTATIVE,
    Stage.REQUESTED: STATUS.TENTATIVE,
    Stage.SCHEDULED: STATUS.CONFIRMED,
    Stage.HELD: STATUS.CONFIRMED,
    Stage.THANKED: STATUS.CONFIRMED,
    Stage.CLOSED: STATUS.CANCELLED,
}


def interview_uid(interview: Interview) -> str:
    return f"interview-{interview.pk}@coffeechat"


def due_uid(item: DueItem) -> str:
    return f"{item.key.replace(':', '-')}@coffeechat"


def interview_calendar(
    interview: Interview, base_url: str, now: dt.datetime | None = None
) -> Calendar:
    """One meeting as a calendar file to download and import."""
    now = now or timezone.now()
    zone = profile_for(interview.user).zone
    calendar = Calendar.new(
        prodid=PRODID, method="PUBLISH", uid=f"calendar-{interview_uid(interview)}"
    )
    calendar.add_component(meeting_event(interview, base_url, zone, now))
    return _with_time_zones(calendar)


def feed_calendar(
    user: Any, base_url: str, now: dt.datetime | None = None, *, since: dt.datetime | None = None
) -> Calendar:
    """The user's meetings (from `since` on, but not cancelled ones) and what is due."""
    now = now or timezone.now()
    zone = profile_for(user).zone
    calendar = Calendar.new(
        prodid=PRODID,
        method="PUBLISH",
        name="Coffeechat",
        description="Informational interviews and the follow-ups due, from Coffeechat.",
        refresh_interval=REFRESH,
        uid=f"feed-{user.pk}@coffeechat",
    )
    # REFRESH-INTERVAL as Outlook and older Apple clients know it.
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    calendar.add("X-WR-TIMEZONE", str(zone))
    meetings = (
        Interview.objects.for_user(user)
        .filter(scheduled_at__isnull=False)
        .exclude(stage=Stage.CLOSED)
        .select_related("person", "person__organization")
        .order_by("scheduled_at", "pk")
    )
    if since is not None:
        meetings = meetings.filter(scheduled_at__gte=since)
    for interview in meetings:
        calendar.add_component(meeting_event(interview, base_url, zone, now))
    for item in due_items(user, now):
        calendar.add_component(due_event(item, base_url, zone, now))
    return _with_time_zones(calendar)


def subscribed_calendar(user: Any, base_url: str, now: dt.datetime | None = None) -> Calendar:
    """What the feed URL serves: the past year's meetings, those to come, and what is due."""
    now = now or timezone.now()
    return feed_calendar(user, base_url, now, since=now - FEED_HISTORY)


def export_ics(user: Any, base_url: str) -> tuple[bytes, int]:
    """Every meeting and what is due, as bytes for `coffeechat export ics`, and the count."""
    calendar = feed_calendar(user, base_url)
    return calendar.to_ical(), len(calendar.events)


def meeting_event(interview: Interview, base_url: str, zone: dt.tzinfo, now: dt.datetime) -> Event:
    assert interview.scheduled_at is not None and interview.ends_at is not None
    person = interview.person
    url = _absolute(base_url, interview.get_absolute_url())
    event = Event.new(
        uid=interview_uid(interview),
        summary=f"Informational interview with {person.name}",
        start=timezone.localtime(interview.scheduled_at, zone),
        end=timezone.localtime(interview.ends_at, zone),
        location=_where(interview) or None,
        description=_description(interview, url),
        url=url,
        stamp=now.astimezone(dt.UTC),
        created=interview.created_at.astimezone(dt.UTC),
        last_modified=interview.updated_at.astimezone(dt.UTC),
        sequence=_sequence(interview),
        status=STATUSES[Stage(interview.stage)],
        transparency=TRANSP.OPAQUE,
    )
    if interview.stage == Stage.SCHEDULED:
        alarm = Alarm()
        alarm.add("ACTION", "DISPLAY")
        alarm.add("DESCRIPTION", f"Informational interview with {person.name}")
        alarm.add("TRIGGER", -REMINDER)
        event.add_component(alarm)
    return event


def due_event(item: DueItem, base_url: str, zone: dt.tzinfo, now: dt.datetime) -> Event:
    today = timezone.localtime(now, zone).date()
    day = timezone.localtime(item.due, zone).date()
    overdue = day < today
    day = max(day, today)
    url = _absolute(base_url, item.action_url)
    return Event.new(
        uid=due_uid(item),
        summary=f"Overdue: {item.title}" if overdue else item.title,
        start=day,
        end=day + dt.timedelta(days=1),
        description=f"{item.detail}\n\n{item.action_label}: {url}",
        url=url,
        stamp=now.astimezone(dt.UTC),
        transparency=TRANSP.TRANSPARENT,
        categories=["Coffeechat", item.kind],
    )


def _with_time_zones(calendar: Calendar) -> Calendar:
    # A TZID needs its VTIMEZONE in the file; clients that know the zone by name use theirs.
    calendar.add_missing_timezones()
    return calendar


def _where(interview: Interview) -> str:
    if interview.location:
        return interview.location
    if interview.medium == Medium.PHONE and interview.person.phone:
        return f"Phone: {interview.person.phone}"
    return ""


def _description(interview: Interview, url: str) -> str:
    person = interview.person
    lines = []
    if interview.objective:
        lines.append(f"Objective: {interview.objective}")
    role = " at ".join(
        part for part in (person.position, getattr(person.organization, "name", "")) if part
    )
    if role:
        lines.append(f"{person.name}: {role}")
    lines.append(f"{interview.get_medium_display()}, {interview.length_minutes} minutes")
    lines.append("")
    lines.append(f"Prepare and take notes in Coffeechat: {url}")
    return "\n".join(lines)


def _sequence(interview: Interview) -> int:
    # Grows with every save and fits the 32-bit integer some clients assume.
    return max(0, int((interview.updated_at - interview.created_at).total_seconds()))


def _absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path
