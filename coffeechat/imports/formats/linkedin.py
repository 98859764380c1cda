"""LinkedIn's data export: `Connections.csv` (the network) and `messages.csv` (who wrote when).

Connections.csv as it comes out of "Get a copy of your data": current exports open with a
"Notes:" preamble and a blank line before the header, older ones start with the header and
have no URL column. Dates read "09 Oct 2024" now and "1/8/18, 6:14 PM" in older files. Real
files carry a byte-order mark, stray tabs and spaces, honorifics inside first names
("Dr. Jane"), degrees after last names ("Doe, PhD"), commas and quotes inside company and
position, " -" for no company, and blank rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Iterator

from coffeechat.imports.errors import ImportFileError
from coffeechat.imports.formats.csvtext import (
    MAX_CELL,
    cell,
    decode,
    linkedin_url,
    valid_emails,
)
from coffeechat.imports.rows import Contact, LastTalked, Row, Skipped

CONNECTION_COLUMNS = ("first name", "last name")
MESSAGE_COLUMNS = ("from", "date")

HONORIFIC = re.compile(
    r"^(?:(?:dr|mr|mrs|ms|mx|miss|prof|professor|sir|dame|rev|herr|frau|mme|mlle)\.?\s+)+",
    re.IGNORECASE,
)
# Degrees and certifications people append to their last name: "Doe, PhD, PMP".
POST_NOMINAL = re.compile(
    r"(?:[,\s]+(?:ph\.?\s?d|m\.?b\.?a|m\.?d|cpa|pmp|cfa|msc|ma|mph|rn|esq|jr|sr|ii|iii)\.?)+\s*$",
    re.IGNORECASE,
)
NO_COMPANY = {"", "-", "--", "—", "n/a", "na", "none", "self"}
MAX_ROWS = 1_000_000


def _records(data: bytes, name: str) -> list[list[str]]:
    text = decode(data).replace("\x00", "")
    if not text.strip():
        raise ImportFileError(f"{name}: the file is empty.")
    try:
        return list(csv.reader(text.splitlines(keepends=True)))
    except csv.Error as error:
        raise ImportFileError(f"{name}: this is not a readable CSV file ({error}).") from None


def _find_header(records: list[list[str]], wanted: tuple[str, ...]) -> int | None:
    """Where the header row is: the first row holding every wanted column name."""
    for index, record in enumerate(records[:50]):
        folded = {" ".join(value.split()).strip("\ufeff \"'").casefold() for value in record}
        if all(column in folded for column in wanted):
            return index
    return None


def _columns(header: list[str]) -> dict[str, int]:
    return {
        " ".join(value.split()).strip("\ufeff \"'").casefold(): i for i, value in enumerate(header)
    }


@functools.lru_cache(maxsize=4096)  # an export holds a few thousand distinct dates at most
def parse_connected_on(value: str) -> dt.date | None:
    """ "09 Oct 2024", "9-Oct-24", "2024-10-09" or the older "1/8/18, 6:14 PM" (US order)."""
    text = " ".join(value.split())
    if not text:
        return None
    for pattern in ("%d %b %Y", "%d %B %Y", "%d-%b-%y", "%d-%b-%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    us = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:,?\s.*)?", text)
    if us:
        month, day, year = (int(part) for part in us.groups())
        year += 2000 if year < 100 else 0
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    return None


# A degree after a last name needs a comma or a space before it: most names have neither.
SEPARATOR = re.compile(r"[,\s]")
PROFILE_PREFIX = "https://www.linkedin.com/"


def clean_first_name(value: str) -> str:
    honorific = HONORIFIC.match(value)  # anchored: only ever at the start
    if honorific is None:
        return value.strip() or value
    return value[honorific.end() :].strip() or value


def clean_last_name(value: str) -> str:
    if SEPARATOR.search(value) is None:
        return value.strip(" ,") or value
    return POST_NOMINAL.sub("", value).strip(" ,") or value


def _profile_url(value: str) -> str:
    """linkedin_url([value]), sooner for the plain profile address nearly every row holds."""
    if (
        value.startswith(PROFILE_PREFIX)
        and len(value) > len(PROFILE_PREFIX)
        and " " not in value
        and "," not in value
        and ";" not in value
    ):
        return value
    return linkedin_url([value])


def clean_company(value: str) -> str:
    return "" if value.casefold() in NO_COMPANY else value


def read_connections(data: bytes, *, name: str = "Connections.csv") -> Iterator[Row]:
    """The people of a LinkedIn Connections.csv, in file order; blank rows are passed over."""
    records = _records(data, name)
    header_at = _find_header(records, CONNECTION_COLUMNS)
    if header_at is None:
        raise ImportFileError(
            f"{name}: this is not LinkedIn's Connections.csv: no row names the columns "
            "“First Name” and “Last Name”."
        )
    columns = _columns(records[header_at])
    places = [
        columns.get(column)
        for column in (
            "first name",
            "last name",
            "email address",
            "position",
            "company",
            "url",
            "connected on",
        )
    ]

    width = max((place for place in places if place is not None), default=0) + 1
    # A missing column reads from the cell past the row's end, which is always "".
    first_at, last_at, email_at, position_at, company_at, url_at, connected_at = (
        width if place is None else place for place in places
    )
    for number, record in enumerate(records[header_at + 1 :][:MAX_ROWS], start=header_at + 2):
        if not "".join(record).strip():
            continue
        # cell() of each column, without a call per cell: a big export has 200,000 of them.
        record = [" ".join(value[:MAX_CELL].split()) for value in record[:width]]
        record.extend([""] * (width + 1 - len(record)))
        first = clean_first_name(record[first_at])
        last = clean_last_name(record[last_at])
        if not first and not last:
            yield Skipped(
                number,
                "no first or last name (LinkedIn leaves them empty for members who left)",
                {"First Name": "", "Last Name": ""},
            )
            continue
        if not first:
            first, last = last, ""
        email, url = record[email_at], record[url_at]
        yield Contact(
            row=number,
            first_name=first,
            last_name=last,
            emails=valid_emails([email]) if email else (),
            position=clean_company(record[position_at]),
            organization=clean_company(record[company_at]),
            linkedin_url=_profile_url(url) if url else "",
            connected_on=parse_connected_on(record[connected_at]),
        )


def parse_message_date(value: str) -> dt.datetime | None:
    """ "2024-10-09 14:22:10 UTC" (LinkedIn writes every message time in UTC)."""
    text = " ".join(value.split()).removesuffix(" UTC").removesuffix("Z")
    for pattern in (
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%m/%d/%y, %I:%M %p",
    ):
        try:
            return dt.datetime.strptime(text, pattern).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    return None


def _urls(value: str) -> list[str]:
    return [
        linkedin_url([part])
        for part in re.split(r"[\s,;]+", value)
        if "linkedin.com/" in part.casefold()
    ]


def read_messages(data: bytes, *, name: str = "messages.csv") -> Iterator[Row]:
    """When the user last wrote with each person, one LastTalked per profile, latest first.

    The user's own profile is the one in the most messages; everyone else in a message is
    someone the user talked with at that time. Drafts are not conversations.
    """
    records = _records(data, name)
    header_at = _find_header(records, MESSAGE_COLUMNS)
    if header_at is None:
        raise ImportFileError(
            f"{name}: this is not LinkedIn's messages.csv: no row names the columns "
            "“FROM” and “DATE”."
        )
    columns = _columns(records[header_at])

    def get(record: list[str], *names: str) -> str:
        for column in names:
            if column in columns:
                return cell(record, columns[column])
        return ""

    messages: list[tuple[int, dt.datetime, list[tuple[str, str]]]] = []
    appearances: Counter[str] = Counter()
    for number, record in enumerate(records[header_at + 1 :][:MAX_ROWS], start=header_at + 2):
        if not any(value.strip() for value in record):
            continue
        if get(record, "is message draft").casefold() in {"yes", "true"}:
            continue
        at = parse_message_date(get(record, "date"))
        if at is None:
            yield Skipped(number, "DATE is not a date and time like 2024-10-09 14:22:10 UTC")
            continue
        sender = _urls(get(record, "sender profile url"))
        recipients = _urls(get(record, "recipient profile urls", "recipient profile url"))
        recipient_names = [n.strip() for n in get(record, "to").split(",") if n.strip()]
        people = [(url, get(record, "from")) for url in sender[:1]]
        for i, url in enumerate(recipients):
            people.append((url, recipient_names[i] if i < len(recipient_names) else ""))
        if not people:
            yield Skipped(number, "no SENDER PROFILE URL or RECIPIENT PROFILE URLS to match")
            continue
        appearances.update({url for url, _ in people})
        messages.append((number, at, people))
    own = appearances.most_common(1)[0][0] if appearances else ""
    latest: dict[str, LastTalked] = {}
    for number, at, people in messages:
        for url, person_name in people:
            if url == own:
                continue
            known = latest.get(url)
            if known is None or at > known.at:
                latest[url] = LastTalked(
                    number, person_name or (known.name if known else ""), url, at
                )
    yield from sorted(latest.values(), key=lambda talked: talked.row)
