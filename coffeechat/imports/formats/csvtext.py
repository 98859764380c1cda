"""Text and CSV helpers that the address-book readers share, and the reader itself.

Google and Outlook exports differ only in what their columns are called: each describes its
layout as an `AddressBook`, and `AddressBook.read` walks the rows the same way for both.

Address books leave the user's machine in many encodings: UTF-8 with or without a byte-order
mark, UTF-16 (older Google and Outlook "Unicode" exports) and Windows-1252 (Outlook on
Windows). The readers take bytes and decide here, so a user never has to re-save a file.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from coffeechat.imports.errors import ImportFileError
from coffeechat.imports.rows import Contact, Row, Skipped

# A cell longer than this is not contact data; csv's own limit would stop at 128 KiB anyway.
MAX_CELL = 100_000


def decode(data: bytes) -> str:
    """The text of a file whose encoding nobody stated."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # Latin-1 maps every byte, so a file of stray bytes still reads as (odd) text.
        return data.decode("latin-1")


@dataclass(frozen=True)
class Table:
    """A CSV file's header and rows, with columns found by name whatever their case."""

    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number as a spreadsheet shows it, cells)

    def column(self, *names: str) -> int | None:
        """The index of the first of these column names the header has, or None."""
        folded = [cell.strip().casefold() for cell in self.header]
        for name in names:
            if name.casefold() in folded:
                return folded.index(name.casefold())
        return None

    def columns_matching(self, pattern: str) -> list[int]:
        """The indexes of every column whose name matches the regular expression."""
        regex = re.compile(pattern, re.IGNORECASE)
        return [i for i, cell in enumerate(self.header) if regex.fullmatch(cell.strip())]


def read_table(data: bytes, *, name: str, kind: str) -> Table:
    """The header and the non-blank rows of a CSV file; ImportFileError if it isn't one."""
    text = decode(data).replace("\x00", "")
    if not text.strip():
        raise ImportFileError(f"{name}: the file is empty.")
    try:
        records = list(csv.reader(text.splitlines(keepends=True)))
    except csv.Error as error:
        raise ImportFileError(
            f"{name}: this is not a readable {kind} CSV file ({error})."
        ) from None
    header_at = next((i for i, record in enumerate(records) if any(c.strip() for c in record)), 0)
    header = [cell.strip().strip("\ufeff") for cell in records[header_at]]
    rows = [
        (number, record)
        for number, record in enumerate(records[header_at + 1 :], start=header_at + 2)
        if any(cell.strip() for cell in record)
    ]
    return Table(header=header, rows=rows)


def cell(record: Sequence[str], index: int | None) -> str:
    """The trimmed value of one cell, or "" when the row is short or the column missing."""
    if index is None or index >= len(record):
        return ""
    return " ".join(record[index][:MAX_CELL].split())


def text_cell(record: Sequence[str], index: int | None) -> str:
    """A free-text cell (notes), its line breaks kept."""
    if index is None or index >= len(record):
        return ""
    return record[index][:MAX_CELL].replace("\r\n", "\n").strip()


def split_values(value: str) -> list[str]:
    """Google's " ::: " separated list of values in one cell."""
    return [part.strip() for part in value.split(":::") if part.strip()]


def valid_emails(values: Sequence[str]) -> tuple[str, ...]:
    """The values that are email addresses, without repeats, in order."""
    found: list[str] = []
    for value in values:
        address = value.strip().strip("<>").removeprefix("mailto:")
        if len(address) > 254 or address.casefold() in (f.casefold() for f in found):
            continue
        try:
            validate_email(address)
        except ValidationError:
            continue
        found.append(address)
    return tuple(found)


def unique(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for value in values if value))


def linkedin_url(values: Sequence[str]) -> str:
    """The first value that is a LinkedIn profile address, with https:// in front."""
    for value in values:
        found = re.search(r"(?:https?://)?(?:[\w-]+\.)?linkedin\.com/[^\s,;]+", value, re.I)
        if found:
            url = found.group(0)
            return url if url.lower().startswith("http") else f"https://{url}"
    return ""


def joined(*parts: str, separator: str = ", ") -> str:
    return separator.join(part for part in parts if part)


# Some columns are found by a regular expression ("E-mail 2 - Value"), others by their
# names, first name first.
Columns = str | tuple[str, ...]


def find_columns(table: Table, columns: Columns) -> list[int | None]:
    if isinstance(columns, str):
        return list(table.columns_matching(columns))
    return [table.column(name) for name in columns]


@dataclass(frozen=True)
class AddressBook:
    """How one address book's CSV export names its columns; `read` reads it."""

    kind: str  # "Google Contacts", as in "not a readable Google Contacts CSV file"
    looks_like: str  # "a Google Contacts export"
    needed: str  # the columns, one of which tells the file apart, as a user reads them
    first: tuple[str, ...]
    last: tuple[str, ...]
    full: tuple[str, ...]  # a whole name, each tried in turn when first and last are empty
    organization: tuple[str, ...]
    organization_word: str  # what the export calls it: "organization", "company"
    position: tuple[str, ...]
    notes: tuple[str, ...]
    place: tuple[tuple[str, ...], ...]  # city, region, country
    emails: Columns
    phones: Columns
    websites: Columns
    # Google puts several values of one kind in one cell, separated by " ::: ".
    several_per_cell: bool = False
    # Outlook puts the email address where the whole name goes when it has no name.
    address_as_name: bool = False

    def read(self, data: bytes, *, name: str) -> Iterator[Row]:
        """Every contact of the export, or why a row was skipped."""
        table = read_table(data, name=name, kind=self.kind)
        if table.column(*self.first, *self.last) is None:
            raise ImportFileError(
                f"{name}: this doesn't look like {self.looks_like}: the first row has "
                f"no {self.needed} column."
            )
        columns = _AddressColumns(self, table)
        for number, record in table.rows:
            yield columns.contact(number, record)


class _AddressColumns:
    """Where each field of an address book sits in this file's header."""

    def __init__(self, book: AddressBook, table: Table) -> None:
        self.book = book
        self.first = table.column(*book.first)
        self.last = table.column(*book.last)
        self.full = [table.column(name) for name in book.full]
        self.organization = table.column(*book.organization)
        self.position = table.column(*book.position)
        self.notes = table.column(*book.notes)
        self.place = [table.column(*names) for names in book.place]
        self.emails = find_columns(table, book.emails)
        self.phones = find_columns(table, book.phones)
        self.websites = find_columns(table, book.websites)

    def values(self, record: list[str], indexes: list[int | None]) -> list[str]:
        if self.book.several_per_cell:
            return [value for i in indexes for value in split_values(cell(record, i))]
        return [cell(record, i) for i in indexes]

    def current(self, value: str) -> str:
        """Of several organizations or positions in one cell, the first: the current one."""
        if not self.book.several_per_cell:
            return value
        values = split_values(value)
        return values[0] if values else ""

    def contact(self, number: int, record: list[str]) -> Row:
        # A middle name stays out: LinkedIn and Google rarely have it, and matching needs
        # the names to agree.
        first, last = cell(record, self.first), cell(record, self.last)
        if not (first or last):
            fallback = next((cell(record, i) for i in self.full if cell(record, i)), "")
            if not (self.book.address_as_name and "@" in fallback):
                first, _, last = fallback.partition(" ")
        organization = cell(record, self.organization)
        if not (first or last):
            word = self.book.organization_word
            what = f"only the {word} {organization!r}" if organization else "no name"
            return Skipped(
                row=number,
                reason=f"row {number}: First Name and Last Name are empty ({what}).",
                fields={word.capitalize(): organization} if organization else {},
            )
        return Contact(
            row=number,
            first_name=first,
            last_name=last,
            emails=valid_emails(self.values(record, self.emails)),
            phones=unique(self.values(record, self.phones)),
            position=self.current(cell(record, self.position)),
            organization=self.current(organization),
            linkedin_url=linkedin_url(self.values(record, self.websites)),
            location=joined(*(cell(record, i) for i in self.place)),
            notes=text_cell(record, self.notes),
        )
