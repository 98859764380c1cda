"""Text and CSV helpers that the address-book readers share.

Address books leave the user's machine in many encodings: UTF-8 with or without a byte-order
mark, UTF-16 (older Google and Outlook "Unicode" exports) and Windows-1252 (Outlook on
Windows). The readers take bytes and decide here, so a user never has to re-save a file.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from coffeechat.imports.errors import ImportFileError

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
