"""What every reader of a source file yields: contacts, interviews from notes, or skipped rows.

A reader turns one file (or folder) into a stream of these, in file order; the importer matches
them against the user's network and writes them. Readers never touch the database, so they
can be tested, fuzzed and previewed on their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(slots=True)
class Contact:
    """One person as a source file describes them. Nothing changes a contact once its reader
    made it; it is not frozen only because a frozen dataclass sets each field through
    object.__setattr__, which costs a big LinkedIn import a tenth of a second."""

    row: int  # the row (CSV) or card (vCard) number in the file, 1-based, for row reports
    first_name: str
    last_name: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    position: str = ""
    organization: str = ""
    linkedin_url: str = ""
    location: str = ""
    connected_on: dt.date | None = None
    notes: str = ""

    @property
    def email(self) -> str:
        return self.emails[0] if self.emails else ""

    @property
    def phone(self) -> str:
        return self.phones[0] if self.phones else ""

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class NotedInterview:
    """One informational interview from a Markdown note with front matter."""

    row: int  # the file's position in the folder's sorted listing, 1-based
    file: str  # the note's path relative to the folder
    contact: Contact
    date: dt.date | None
    exploration: str = ""
    notes: str = ""


@dataclass(frozen=True)
class LastTalked:
    """When the user and a LinkedIn connection last wrote to each other (messages.csv)."""

    row: int
    name: str
    linkedin_url: str
    at: dt.datetime


@dataclass(frozen=True)
class Skipped:
    """A row the reader could not use, and why, in words that name the field at fault."""

    row: int
    reason: str
    fields: dict[str, str] = field(default_factory=dict)


Row = Contact | NotedInterview | LastTalked | Skipped
