"""Google Contacts CSV exports, in both layouts Google has used.

The current export ("Google CSV" since 2023) has "First Name", "Last Name", "Organization
Name", "Organization Title", "Labels"; the older one has "Given Name", "Family Name",
"Organization 1 - Name", "Organization 1 - Title", "Group Membership". Both number their
emails, phones and websites ("E-mail 1 - Value", "E-mail 2 - Value", ...) and put several
values of one kind in one cell separated by " ::: ".
"""

from __future__ import annotations

from collections.abc import Iterator

from coffeechat.imports.errors import ImportFileError
from coffeechat.imports.formats.csvtext import (
    Table,
    cell,
    joined,
    linkedin_url,
    read_table,
    split_values,
    text_cell,
    unique,
    valid_emails,
)
from coffeechat.imports.rows import Contact, Row, Skipped

FIRST = ("First Name", "Given Name")
LAST = ("Last Name", "Family Name")
FULL = ("Name", "File As", "Nickname")
ORGANIZATION = ("Organization Name", "Organization 1 - Name")
TITLE = ("Organization Title", "Organization 1 - Title")
NOTES = ("Notes",)
CITY = ("Address 1 - City",)
REGION = ("Address 1 - Region",)
COUNTRY = ("Address 1 - Country",)


def read(data: bytes, *, name: str) -> Iterator[Row]:
    """Every contact of a Google Contacts CSV export, or why a row was skipped."""
    table = read_table(data, name=name, kind="Google Contacts")
    if table.column(*FIRST, *LAST) is None:
        raise ImportFileError(
            f"{name}: this doesn't look like a Google Contacts export: the first row has "
            "no 'First Name' or 'Given Name' column."
        )
    columns = _Columns(table)
    for number, record in table.rows:
        yield columns.contact(number, record)


class _Columns:
    """Where each field sits in this file's header."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.first = table.column(*FIRST)
        self.last = table.column(*LAST)
        self.full = [table.column(name) for name in FULL]
        self.organization = table.column(*ORGANIZATION)
        self.title = table.column(*TITLE)
        self.notes = table.column(*NOTES)
        self.place = [table.column(*names) for names in (CITY, REGION, COUNTRY)]
        self.emails = table.columns_matching(r"E-mail \d+ - Value")
        self.phones = table.columns_matching(r"Phone \d+ - Value")
        self.websites = table.columns_matching(r"Website \d+ - Value")

    def values(self, record: list[str], indexes: list[int]) -> list[str]:
        return [value for i in indexes for value in split_values(cell(record, i))]

    def contact(self, number: int, record: list[str]) -> Row:
        first, last = cell(record, self.first), cell(record, self.last)
        if not (first or last):
            fallback = next((cell(record, i) for i in self.full if cell(record, i)), "")
            first, _, last = fallback.partition(" ")
        organization = cell(record, self.organization)
        if not (first or last):
            raw = {"Organization": organization} if organization else {}
            what = f"only the organization {organization!r}" if organization else "no name"
            return Skipped(
                row=number,
                reason=f"row {number}: First Name and Last Name are empty ({what}).",
                fields=raw,
            )
        # Several organizations in one cell: the first is the current one.
        organizations = split_values(organization)
        titles = split_values(cell(record, self.title))
        return Contact(
            row=number,
            first_name=first,
            last_name=last,
            emails=valid_emails(self.values(record, self.emails)),
            phones=unique(self.values(record, self.phones)),
            position=titles[0] if titles else "",
            organization=organizations[0] if organizations else "",
            linkedin_url=linkedin_url(self.values(record, self.websites)),
            location=joined(*(cell(record, i) for i in self.place)),
            notes=text_cell(record, self.notes),
        )
