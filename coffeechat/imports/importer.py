"""Bringing rows from a file into the user's network: the preview, and the import itself.

The web page and `coffeechat import` both call `run_import`. It reads every row, matches it
against the user's people (`network.matching`), decides per row — create, fill in empty
fields, leave alone, or skip with a reason — and, unless it is a preview, writes all of it in
one transaction. What the user typed is never overwritten: an import only fills fields that
are empty. A row that only *probably* is someone the user knows is added as a new person and
flagged for review on the duplicates screen, never merged on a guess. Importing the same file
twice changes nothing the second time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from operator import attrgetter
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from coffeechat.imports.errors import ImportFileError
from coffeechat.imports.rows import Contact, LastTalked, NotedInterview, Row, Skipped
from coffeechat.network import search
from coffeechat.network.matching import Keys, Match, NetworkIndex
from coffeechat.network.models import Exploration, Organization, Person, search_key
from coffeechat.network.normalize import normalize_organization_name
from coffeechat.pagecache import data_changed

# ----------------------------------------------------------------------------- readers


@dataclass(frozen=True)
class Kind:
    """One kind of file the user can import, and the reader that understands it."""

    name: str
    label: str
    module: str
    function: str
    extensions: tuple[str, ...]
    folder: bool = False  # the CLI takes a folder (the web page, a .zip of it)

    def reader(self) -> Callable[..., Iterator[Row]]:
        try:
            module = importlib.import_module(self.module)
        except ImportError:
            raise ImportFileError(
                f"Importing {self.label} is not available in this version of Coffeechat yet."
            ) from None
        found: Callable[..., Iterator[Row]] = getattr(module, self.function)
        return found


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "linkedin",
            "LinkedIn connections (Connections.csv)",
            "coffeechat.imports.formats.linkedin",
            "read_connections",
            (".csv",),
        ),
        Kind(
            "linkedin-messages",
            "LinkedIn messages (messages.csv)",
            "coffeechat.imports.formats.linkedin",
            "read_messages",
            (".csv",),
        ),
        Kind(
            "google",
            "Google Contacts (CSV)",
            "coffeechat.imports.formats.google",
            "read",
            (".csv",),
        ),
        Kind(
            "outlook",
            "Outlook contacts (CSV)",
            "coffeechat.imports.formats.outlook",
            "read",
            (".csv",),
        ),
        Kind(
            "vcard", "vCard (.vcf)", "coffeechat.imports.formats.vcard", "read", (".vcf", ".vcard")
        ),
        Kind(
            "csv",
            "Any spreadsheet (CSV, columns mapped)",
            "coffeechat.imports.formats.csv_mapping",
            "read",
            (".csv", ".txt", ".tsv"),
        ),
        Kind(
            "notes",
            "Markdown notes with front matter (a folder, or a .zip of it)",
            "coffeechat.imports.formats.notes",
            "read",
            (".zip",),
            folder=True,
        ),
    )
}


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while an import makes its many small objects.

    Every few hundred new objects it would walk all of them again: a tenth of a big
    import's time, to find no garbage (rows, reports and keys form no cycles).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def prepared_ahead[T, R](work: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
    """`work` done on each item, in order, the next one prepared in a second thread while
    the caller uses the one in hand.

    Meant for pure Python work (building rows) beside database writes: SQLite and psycopg
    let go of Python's interpreter lock while the database works, so on a machine with two
    cores the rows of the next batch are built while the last batch is written. `work` must
    not touch the database: the connection belongs to the caller's thread and transaction.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="coffeechat-prepare") as helper:
        ahead: Future[R] | None = None
        for item in items:
            following = helper.submit(work, item)
            if ahead is not None:
                yield ahead.result()
            ahead = following
        if ahead is not None:
            yield ahead.result()


def read_rows(
    kind: str, source: bytes | Path, *, name: str, mapping: dict[str, int] | None = None
) -> list[Row]:
    """Every row of a file (bytes) or notes folder (Path), or ImportFileError naming the file."""
    if kind not in KINDS:
        raise ImportFileError(f"{kind!r} is not a kind of import; use one of {', '.join(KINDS)}.")
    read = KINDS[kind].reader()
    extra: dict[str, Any] = {"mapping": mapping} if kind == "csv" and mapping is not None else {}
    try:
        with no_cycle_collection():
            return list(read(source, name=name, **extra))
    except ImportFileError:
        raise
    except (ValueError, UnicodeError, OSError) as error:
        raise ImportFileError(
            f"{name}: this file can't be read as {KINDS[kind].label} ({error})."
        ) from None


# ----------------------------------------------------------------------------- the report


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"


@dataclass(slots=True)
class RowReport:
    """What the import does (or did) with one row, in words."""

    row: int
    outcome: Outcome
    name: str
    detail: str
    review: str = ""  # "may be the same person as ..." when a likely duplicate was added
    review_person_id: int | None = None


@dataclass
class ImportReport:
    rows: list[RowReport] = field(default_factory=list)
    applied: bool = False

    def count(self, outcome: Outcome) -> int:
        return sum(1 for row in self.rows if row.outcome is outcome)

    @property
    def created(self) -> int:
        return self.count(Outcome.CREATED)

    @property
    def updated(self) -> int:
        return self.count(Outcome.UPDATED)

    @property
    def unchanged(self) -> int:
        return self.count(Outcome.UNCHANGED)

    @property
    def skipped(self) -> list[RowReport]:
        return [row for row in self.rows if row.outcome is Outcome.SKIPPED]

    @property
    def to_review(self) -> list[RowReport]:
        return [row for row in self.rows if row.review]

    def as_json(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": [{"row": row.row, "reason": row.detail} for row in self.skipped],
        }


# ----------------------------------------------------------------------------- planning

# The person's fields an import may fill, with the longest value each column holds.
FILLABLE = {
    "position": 200,
    "email": 254,
    "phone": 50,
    "linkedin_url": 200,
    "location": 200,
    "research_notes": 100_000,
}
LABELS = {
    "position": "position",
    "email": "email",
    "phone": "phone",
    "linkedin_url": "LinkedIn URL",
    "location": "location",
    "research_notes": "notes",
    "organization": "organization",
}
LOADED = ("id", "first_name", "last_name", "organization_id", *FILLABLE, "last_linkedin_message_at")


def _values(contact: Contact) -> dict[str, str]:
    values = {
        "position": contact.position,
        "email": contact.email,
        "phone": contact.phone,
        "linkedin_url": contact.linkedin_url,
        "location": contact.location,
        "research_notes": contact.notes,
    }
    return {key: value[: FILLABLE[key]] for key, value in values.items() if value}


@dataclass
class _Organization:
    """An organization people are linked to: one the user has (pk set) or one to create."""

    pk: int | None
    name: str
    normalized_name: str = ""


@dataclass(slots=True)
class _NewPerson:
    row: int
    contact: Contact
    organization_key: str
    interviews: list[NotedInterview] = field(default_factory=list)
    saved_id: int | None = None


@dataclass
class _Plan:
    user: Any
    index: NetworkIndex
    organizations: dict[str, _Organization]
    report: ImportReport = field(default_factory=ImportReport)
    new_people: list[_NewPerson] = field(default_factory=list)
    new_organizations: dict[str, _Organization] = field(default_factory=dict)
    known: _People = field(default_factory=lambda: _People({}))  # the user's people
    changed: dict[int, set[str]] = field(default_factory=dict)  # person id -> fields to save
    interviews: list[tuple[int, NotedInterview]] = field(default_factory=list)  # existing person

    def organization_key(self, name: str) -> str:
        return self.index.organization_key(name[:200]) if name.strip() else ""

    def organization_for(self, key: str, name: str) -> _Organization | None:
        if not key:
            return None
        found = self.organizations.get(key) or self.new_organizations.get(key)
        if found is None:
            found = _Organization(None, name.strip()[:200], normalize_organization_name(name[:200]))
            self.new_organizations[key] = found
        return found


class _People(dict[int, dict[str, Any]]):
    """The user's people as the import read them (LOADED, one query for all): each one's
    values become a dict the first time a row matches them."""

    def __init__(self, rows: dict[int, tuple[Any, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def __missing__(self, person_id: int) -> dict[str, Any]:
        values = dict(zip(LOADED, self.rows[person_id], strict=True))
        self[person_id] = values
        return values


def _read_network(user: Any) -> tuple[NetworkIndex, dict[str, _Organization], _People]:
    """The user's organizations and people, read once: the index to match rows against, the
    organizations by their keys, and every person's current values."""
    organizations = list(
        Organization.objects.filter(user_id=user.pk).values_list(
            "id", "name", "normalized_name", "aliases"
        )
    )
    people = {
        row[0]: row
        for row in Person.objects.filter(user_id=user.pk).values_list(*LOADED).iterator(2000)
    }
    first, last, email, url, organization = (
        LOADED.index(column)
        for column in ("first_name", "last_name", "email", "linkedin_url", "organization_id")
    )
    index = NetworkIndex.from_rows(
        ((pk, normalized, aliases) for pk, _, normalized, aliases in organizations),
        ((r[0], r[first], r[last], r[email], r[url], r[organization]) for r in people.values()),
    )
    by_key: dict[str, _Organization] = {}
    for pk, name, normalized, aliases in sorted(organizations):
        known = _Organization(pk, name, normalized)
        by_key.setdefault(normalized, known)
        for line in aliases.splitlines():
            if line.strip():
                key = index.organization_key(normalize_organization_name(line))
                by_key.setdefault(key, known)
    return index, by_key, _People(people)


def _display(contact: Contact) -> str:
    return contact.name or contact.email or f"row {contact.row}"


def _plan_contact(
    plan: _Plan, contact: Contact, match: Match | None, keys: Keys
) -> _NewPerson | int | None:
    """Decide one contact; returns the new person, the existing person's id, or None (skip)."""
    if match is not None and match.certain and match.person_id < 0:
        pending = plan.new_people[-match.person_id - 1]
        if isinstance(contact, Contact) and pending.contact is not contact:
            plan.report.rows.append(
                RowReport(
                    contact.row,
                    Outcome.SKIPPED,
                    _display(contact),
                    f"the same person as row {pending.row} ({match.reason})",
                )
            )
        return pending
    if match is not None and match.certain:
        return _plan_update(plan, contact, match, keys)
    name = contact.organization
    # The keys hold the index's key of the whole name; the import keeps 200 characters.
    key = keys.organization if len(name) <= 200 else plan.organization_key(name)
    new = _NewPerson(contact.row, contact, key)
    plan.new_people.append(new)
    plan.index.add_keys(-len(plan.new_people), keys)
    report = RowReport(contact.row, Outcome.CREATED, _display(contact), "new person")
    if match is not None:
        if match.person_id > 0:
            other = plan.known[match.person_id] if match.person_id in plan.known.rows else None
            other_name = f"{other['first_name']} {other['last_name']}".strip() if other else ""
        else:
            other_name = plan.new_people[-match.person_id - 1].contact.name
        report.review = f"may be the same person as {other_name or 'someone'}: {match.reason}"
        report.review_person_id = match.person_id if match.person_id > 0 else None
    plan.report.rows.append(report)
    return new


def _plan_update(plan: _Plan, contact: Contact, match: Match, keys: Keys) -> int:
    person = plan.known[match.person_id]
    values = _values(contact)
    filled = [key for key in values if not person[key]]
    for key in filled:
        person[key] = values[key]
    key = plan.organization_key(contact.organization)
    if key and person["organization_id"] is None:
        organization = plan.organization_for(key, contact.organization)
        person["organization_id"] = organization
        filled.append("organization")
    if filled:
        plan.changed.setdefault(match.person_id, set()).update(filled)
        plan.index.add_keys(match.person_id, keys)
        detail = "filled in " + ", ".join(LABELS[name] for name in filled)
        outcome = Outcome.UPDATED
    else:
        detail = f"already in your network ({match.reason})"
        outcome = Outcome.UNCHANGED
    plan.report.rows.append(RowReport(contact.row, outcome, _display(contact), detail))
    return match.person_id


def _plan_last_talked(plan: _Plan, talked: LastTalked) -> None:
    person_id = plan.index.person_with_linkedin_url(talked.linkedin_url)
    name = talked.name or talked.linkedin_url
    if person_id is None or person_id < 0:
        plan.report.rows.append(
            RowReport(
                talked.row,
                Outcome.SKIPPED,
                name,
                f"nobody in your network has the LinkedIn profile {talked.linkedin_url}",
            )
        )
        return
    person = plan.known[person_id]
    current = person["last_linkedin_message_at"]
    if current is not None and current >= talked.at:
        plan.report.rows.append(
            RowReport(talked.row, Outcome.UNCHANGED, name, "last message already known")
        )
        return
    person["last_linkedin_message_at"] = talked.at
    plan.changed.setdefault(person_id, set()).add("last_linkedin_message_at")
    plan.report.rows.append(
        RowReport(talked.row, Outcome.UPDATED, name, f"last message on {talked.at:%Y-%m-%d}")
    )


def _same_interview_exists(person_id: int, noted: NotedInterview) -> bool:
    from coffeechat.interviews.models import Interview

    notes = noted.notes.strip()
    return any(
        text.strip() == notes
        for text in Interview.objects.filter(person_id=person_id).values_list("notes", flat=True)
    )


def _plan_noted(plan: _Plan, noted: NotedInterview, match: Match | None, keys: Keys) -> None:
    contact = noted.contact
    name = _display(contact)
    if match is not None and match.certain and match.person_id > 0:
        rows_before = len(plan.report.rows)
        _plan_update(plan, contact, match, keys)
        person_report = plan.report.rows.pop(rows_before)
        if _same_interview_exists(match.person_id, noted) or any(
            pid == match.person_id and other.notes.strip() == noted.notes.strip()
            for pid, other in plan.interviews
        ):
            person_report.detail = f"{noted.file}: interview already imported; " + (
                person_report.detail
            )
            plan.report.rows.append(person_report)
            return
        plan.interviews.append((match.person_id, noted))
        plan.report.rows.append(
            RowReport(noted.row, Outcome.CREATED, name, f"{noted.file}: interview with {name}")
        )
        return
    target = _plan_contact(plan, contact, match, keys)
    assert isinstance(target, _NewPerson)
    target.interviews.append(noted)
    if target.contact is not contact:
        plan.report.rows.pop()  # not a duplicate row: a second interview with the same person
        plan.report.rows.append(
            RowReport(noted.row, Outcome.CREATED, name, f"{noted.file}: interview with {name}")
        )
    else:
        plan.report.rows[-1].detail = f"{noted.file}: new person and interview"


def _plan(user: Any, rows: list[Row], progress: Progress | None) -> _Plan:
    index, organizations, people = _read_network(user)
    plan = _Plan(user=user, index=index, organizations=organizations, known=people)
    contacts = [row.contact if isinstance(row, NotedInterview) else row for row in rows]
    keys = [index.keys(row) if isinstance(row, Contact) else None for row in contacts]
    # Against the network as it was before this file; nobody to find in an empty one.
    first_matches = [
        index.match(row, found) if isinstance(row, Contact) and found and len(index) else None
        for row, found in zip(contacts, keys, strict=True)
    ]
    for number, row in enumerate(rows, start=1):
        if isinstance(row, Skipped):
            plan.report.rows.append(RowReport(row.row, Outcome.SKIPPED, "", row.reason))
        elif isinstance(row, LastTalked):
            _plan_last_talked(plan, row)
        else:
            contact = row.contact if isinstance(row, NotedInterview) else row
            contact_keys = keys[number - 1]
            assert contact_keys is not None
            # Rows earlier in this file may have added or completed someone: match again
            # where the first, file-wide match found nobody certain.
            match = first_matches[number - 1]
            if match is None or not match.certain:
                match = index.match(contact, contact_keys)
            if isinstance(row, NotedInterview):
                _plan_noted(plan, row, match, contact_keys)
            else:
                _plan_contact(plan, row, match, contact_keys)
        if progress is not None and number % 500 == 0:
            progress(number, len(rows), "Matching")
    return plan


# ----------------------------------------------------------------------------- writing

Progress = Callable[[int, int, str], None]


def _insert(model: type[Model], columns: Sequence[str], rows: list[tuple[Any, ...]]) -> list[int]:
    """Insert many rows in few statements and return their new ids, in the rows' order.

    One multi-row INSERT … RETURNING id per thousand rows, on SQLite (3.35+) and PostgreSQL
    alike; both return the ids in the order of the rows, which bulk_create relies on too.
    Model instances and bulk_create's per-value preparation cost ten times the database's
    own work at 30,000 people; the values here are plain text, numbers and prepared
    timestamps (`_constant_columns`).
    """
    if not rows:
        return []
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    limit = connection.features.max_query_params or 65_535
    size = max(1, min(1000, limit // len(columns)))
    one = "(" + ", ".join([search.placeholder()] * len(columns)) + ")"
    ids: list[int] = []
    with connection.cursor() as cursor:
        execute = search.bulk_executor(cursor, one)
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({names}) "
                f"VALUES {', '.join([one] * len(chunk))} RETURNING {quote('id')}",
                [value for row in chunk for value in row],
            )
            ids.extend(found[0] for found in cursor.fetchall())
    return ids


def _constant_columns(
    model: type[Model], varying: Sequence[str], user_id: int
) -> tuple[list[str], tuple[Any, ...]]:
    """Every other column of the model with the value a new row gets, ready for the database:
    the owner, both timestamps set to now, and each field's default."""
    now = timezone.now()
    columns: list[str] = []
    values: list[Any] = []
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key or model_field.attname in varying:
            continue
        if model_field.attname == "user_id":
            value: Any = user_id
        elif getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            value = now
        else:
            value = model_field.get_default()
        columns.append(model_field.column or model_field.attname)
        values.append(model_field.get_db_prep_save(value, connection))
    return columns, tuple(values)


ORGANIZATION_COLUMNS = ("name", "normalized_name")
PERSON_COLUMNS = ("first_name", "last_name", "organization_id", *FILLABLE, "search_text")
# New people per batch of rows built and written together.
WRITE_BATCH = 5000


def _write_organizations(plan: _Plan) -> list[_Organization]:
    """Create the organizations new to the user; each takes its new id."""
    created = list(plan.new_organizations.values())
    columns, constant = _constant_columns(Organization, ORGANIZATION_COLUMNS, plan.user.pk)
    rows = [(*constant, o.name, o.normalized_name) for o in created]
    for organization, pk in zip(
        created, _insert(Organization, [*columns, *ORGANIZATION_COLUMNS], rows), strict=True
    ):
        organization.pk = pk
    return created


def _new_person_rows(
    plan: _Plan, people: list[_NewPerson], constant: tuple[Any, ...]
) -> tuple[list[tuple[Any, ...]], list[tuple[str, str, str, str]]]:
    """The rows of these new people (`constant` then PERSON_COLUMNS), and each one's search
    entry (title, body, title_key, body_key), built together from the contact's values."""
    rows: list[tuple[Any, ...]] = []
    entry_parts: list[search.PersonParts] = []
    known, new_organizations = plan.organizations, plan.new_organizations
    for new in people:
        contact = new.contact
        key = new.organization_key
        # plan.organization_for: _write has made every new person's organization already.
        organization = (
            (
                known.get(key)
                or new_organizations.get(key)
                or plan.organization_for(key, contact.organization)
            )
            if key
            else None
        )
        organization_name = organization.name if organization else ""
        first_name = contact.first_name[:100]
        last_name = contact.last_name[:100]
        # What _values(contact) fills in, "" where the contact has nothing.
        position = contact.position[:200]
        email = contact.email[:254]
        location = contact.location[:200]
        notes = contact.notes[:100_000]
        # What Person.compute_search_text() gives, without building the model.
        parts = (first_name, last_name, position, organization_name, email)
        rows.append(
            (
                *constant,
                first_name,
                last_name,
                organization.pk if organization else None,
                position,
                email,
                contact.phone[:50],
                contact.linkedin_url[:200],
                location,
                notes,
                search_key(" ".join([part for part in parts if part])),
            )
        )
        entry_parts.append(
            (first_name, last_name, position, organization_name, email, location, "", notes)
        )
    return rows, search.person_entries(entry_parts)


def _write(plan: _Plan, progress: Progress | None) -> None:
    for new in plan.new_people:  # a new person's organization may be new too
        plan.organization_for(new.organization_key, new.contact.organization)
    new_organizations = _write_organizations(plan)
    total = len(plan.new_people)
    if progress is not None:
        progress(0, total, "Writing")
    columns, constant = _constant_columns(Person, PERSON_COLUMNS, plan.user.pk)
    user_id = plan.user.pk
    entries: list[tuple[Any, ...]] = []
    starts = range(0, total, WRITE_BATCH)

    def build(start: int) -> tuple[list[tuple[Any, ...]], list[tuple[str, str, str, str]]]:
        return _new_person_rows(plan, plan.new_people[start : start + WRITE_BATCH], constant)

    # Each batch's rows are built while the batch before is written.
    for start, (rows, person_entries) in zip(starts, prepared_ahead(build, starts), strict=True):
        chunk = plan.new_people[start : start + WRITE_BATCH]
        ids = _insert(Person, [*columns, *PERSON_COLUMNS], rows)
        for new, entry, pk in zip(chunk, person_entries, ids, strict=True):
            new.saved_id = pk
            entries.append((search.SearchKind.PERSON, pk, user_id, pk, pk, *entry))
        if progress is not None:
            progress(min(start + WRITE_BATCH, total), total, "Writing")
    _write_updates(plan)
    _write_interviews(plan)
    _refresh_search(plan, entries, new_organizations)
    data_changed(user_id)  # rows went in without saves: the user's kept pages go


def _write_updates(plan: _Plan) -> None:
    if not plan.changed:
        return
    fields: set[str] = set()
    updated: list[Person] = []
    for person_id, names in plan.changed.items():
        values = plan.known[person_id]
        person = Person(id=person_id, user_id=plan.user.pk)
        for name in names:
            if name == "organization":
                person.organization_id = values["organization_id"].pk
                fields.add("organization")
            else:
                setattr(person, name, values[name])
                fields.add(name)
        updated.append(person)
    Person.objects.bulk_update(updated, sorted(fields), batch_size=500)


def _write_interviews(plan: _Plan) -> None:
    from coffeechat.interviews.models import Interview, Stage

    pending = [(pid, noted) for pid, noted in plan.interviews]
    for new in plan.new_people:
        assert new.saved_id is not None
        pending.extend((new.saved_id, noted) for noted in new.interviews)
    explorations: dict[str, Exploration] = {}
    for person_id, noted in pending:
        exploration = None
        if noted.exploration:
            key = noted.exploration[:200]
            if key not in explorations:
                explorations[key], _ = Exploration.objects.get_or_create(user=plan.user, name=key)
            exploration = explorations[key]
        held_at = _held_at(noted.date)
        Interview.objects.create(
            user=plan.user,
            person_id=person_id,
            exploration=exploration,
            stage=Stage.HELD,
            stage_changed_at=held_at or timezone.now(),
            scheduled_at=held_at,
            held_at=held_at,
            notes=noted.notes,
        )


def _held_at(date: dt.date | None) -> dt.datetime | None:
    if date is None:
        return None
    return dt.datetime.combine(date, dt.time(12), tzinfo=timezone.get_current_timezone())


def _refresh_search(
    plan: _Plan, people: list[tuple[Any, ...]], new_organizations: list[_Organization]
) -> None:
    """Bulk writes skip save() and its signals: bring the search index up to date here.

    New people (their entries' rows, built with them) and organizations are indexed from
    the values just written, in a few statements; people who were filled in are reindexed
    in full, their notes and interviews with them.
    """
    user_id = plan.user.pk
    search.insert_entries(people)
    search.index_new(
        search.SearchKind.ORGANIZATION,
        (
            {
                "id": organization.pk,
                "user_id": user_id,
                "name": organization.name,
                "aliases": "",
                "industry": "",
                "location": "",
                "research_notes": "",
            }
            for organization in new_organizations
        ),
    )
    changed = list(plan.changed)
    for start in range(0, len(changed), 5000):
        Person.objects.filter(user_id=user_id, pk__in=changed[start : start + 5000]).reindex()


# ----------------------------------------------------------------------------- entry point


def run_import(
    user: Any,
    rows: list[Row],
    *,
    apply: bool,
    progress: Progress | None = None,
) -> ImportReport:
    """Preview (apply=False) or import (apply=True) these rows for this user.

    The import reads the user's network, decides every row and writes, all in one
    transaction: stopped midway (an error, a killed process), it leaves nothing behind.
    """
    with no_cycle_collection(), transaction.atomic():
        plan = _plan(user, rows, progress)
        if apply:
            _write(plan, progress)
    plan.report.applied = apply
    plan.report.rows.sort(key=attrgetter("row"))
    return plan.report
