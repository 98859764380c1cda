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
    moment = start
    if not is_business_day(moment.date(), country, subdivision):
        while not is_business_day(moment.date(), country, subdivision):
            moment = moment + dt.timedelta(days=1)
        moment = moment.replace(hour=9, minute=0, second=0, microsecond=0)
    remaining = days
    while remaining > 0:
        moment = moment + dt.timedelta(days=1)
        if is_business_day(moment.date(), country, subdivision):
            remaining -= 1
    return moment
