"""Business days in the user's country: weekends and public holidays don't count.

The follow-up rules ("3 business days, then 7") are about people's working days, so a
request sent on the Friday before a long weekend is not yet unanswered on Monday.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays(country: str, subdivision: str, year: int) -> frozenset[dt.date]:
    try:
        calendar = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    except NotImplementedError:
        return frozenset()  # a country the library doesn't know: weekends only
    return frozenset(calendar.keys())


def is_business_day(day: dt.date, country: str = "US", subdivision: str = "") -> bool:
    return day.weekday() < 5 and day not in _holidays(
        country.upper(), subdivision.upper(), day.year
    )


def add_business_days(
    start: dt.datetime, days: int, country: str = "US", subdivision: str = ""
) -> dt.datetime:
    """The moment `days` business days after `start`, at the same time of day.

    A start on a weekend or holiday counts from the next business day's morning, since
    nobody had a working day to answer yet.
    """
    day, to_morning = _business_day_after(start.date(), days, country, subdivision)
    moment = start
    if day != start.date():
        moment = start + dt.timedelta(days=(day - start.date()).days)
    if to_morning:
        moment = moment.replace(hour=9, minute=0, second=0, microsecond=0)
    return moment


@lru_cache(maxsize=4096)
def _business_day_after(
    start: dt.date, days: int, country: str, subdivision: str
) -> tuple[dt.date, bool]:
    """The day `days` business days after `start`, and whether the count began on a later day.

    Today's list asks this for hundreds of requests sent on a few hundred distinct days,
    so the answers are kept.
    """
    day = start
    moved = False
    while not is_business_day(day, country, subdivision):
        day += dt.timedelta(days=1)
        moved = True
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_business_day(day, country, subdivision):
            remaining -= 1
    return day, moved
