"""Outlook CSV exports: classic desktop Outlook and the newer Outlook.com (People) layout.

Classic Outlook writes "First Name", "Last Name", "Company", "Job Title", "E-mail Address",
"E-mail 2 Address", "Business Phone", "Mobile Phone"... and its "Title" is an honorific
("Dr."), not a position. Outlook.com writes "First name", "Last name", "Email address",
"Company", "Job title". Both are seen with a byte-order mark and in Windows-1252.
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
    text_cell,
    unique,
    valid_emails,
)
from coffeechat.imports.rows import Contact, Row, Skipped

FIRST = ("First Name",)
LAST = ("Last Name",)
FULL = ("Display Name", "Name", "Nickname", "E-mail Display Name")
ORGANIZATION = ("Company", "Company Name")
POSITION = ("Job Title",)
NOTES = ("Notes",)
EMAILS = r"(E-?mail( \d)? Address|Email address( \d)?|Primary email|Secondary email)"
PHONES = r"((Business|Home|Mobile|Primary|Other|Car|Company Main)( Phone| Telephone)( \d)?)"
WEBSITES = ("Web Page", "Personal Web Page", "Business Web Page", "Website")
PLACE = (("Business City", "Home City", "City"), ("Business State", "Home State", "State"))
COUNTRY = ("Business Country/Region", "Home Country/Region", "Country/Region", "Country")


def read(data: bytes, *, name: str) -> Iterator[Row]:
    """Every contact of an Outlook CSV export, or why a row was skipped."""
    table = read_table(data, name=name, kind="Outlook")
    if table.column(*FIRST, *LAST) is None:
        raise ImportFileError(
            f"{name}: this doesn't look like an Outlook export: the first row has "
            "no 'First Name' or 'Last Name' column."
        )
    columns = _Columns(table)
    for number, record in table.rows:
        yield columns.contact(number, record)


class _Columns:
    """Where each field sits in this file's header."""

    def __init__(self, table: Table) -> None:
        self.first = table.column(*FIRST)
        self.last = table.column(*LAST)
        self.full = [table.column(name) for name in FULL]
        self.organization = table.column(*ORGANIZATION)
        self.position = table.column(*POSITION)
        self.notes = table.column(*NOTES)
        self.emails = table.columns_matching(EMAILS)
        self.phones = table.columns_matching(PHONES)
        self.websites = [table.column(name) for name in WEBSITES]
        self.place = [table.column(*names) for names in (*PLACE, COUNTRY)]

    def contact(self, number: int, record: list[str]) -> Row:
        # The middle name stays out: LinkedIn and Google rarely have it, and matching needs
        # the names to agree.
        first = cell(record, self.first)
        last = cell(record, self.last)
        if not (first or last):
            fallback = next((cell(record, i) for i in self.full if cell(record, i)), "")
            if "@" not in fallback:  # Outlook puts the address here when it has no name
                first, _, last = fallback.partition(" ")
        organization = cell(record, self.organization)
        if not (first or last):
            what = f"only the company {organization!r}" if organization else "no name"
            return Skipped(
                row=number,
                reason=f"row {number}: First Name and Last Name are empty ({what}).",
                fields={"Company": organization} if organization else {},
            )
        return Contact(
            row=number,
            first_name=first,
            last_name=last,
            emails=valid_emails([cell(record, i) for i in self.emails]),
            phones=unique([cell(record, i) for i in self.phones]),
            position=cell(record, self.position),
            organization=organization,
            linkedin_url=linkedin_url([cell(record, i) for i in self.websites]),
            location=joined(*(cell(record, i) for i in self.place)),
            notes=text_cell(record, self.notes),
        )
