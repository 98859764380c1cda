"""One search over the user's people, organizations, notes, interviews, takeaways and messages.

Every searchable row has a `SearchEntry` kept in step with it by this module alone, on both
databases: the signals in `network.signals` call it on each save and delete, and the bulk
paths (`PersonQuerySet.reindex()`, `rebuild()`) call it for many rows at once. Python folds
the text (lower case, accents dropped, punctuation gone) into plain words, so SQLite's FTS5
table and PostgreSQL's `tsvector` column see the same words, and a query typed by the user
becomes prefix terms of letters and digits only: quotes, `*`, `-`, `OR` or brackets are words
or nothing, never query syntax.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, cast

from django.db import connection
from django.db.models import Model, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from coffeechat.network.models import SearchEntry, SearchKind, search_key
from coffeechat.owned import object_url

WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 8
# Long interview notes are searched in full up to here; nobody types a word from page 40.
BODY_LIMIT = 20_000
BATCH = 500
FTS_TABLE = "network_searchentry_fts"
# Title words count this many times more than body words in SQLite's bm25.
TITLE_WEIGHT = 4.0
KIND_ORDER = {kind: place for place, kind in enumerate(SearchKind.values)}
LINKS = {
    SearchKind.PERSON: "person_detail",
    SearchKind.ORGANIZATION: "organization_detail",
    SearchKind.NOTE: "person_detail",
    SearchKind.INTERVIEW: "interview_detail",
    SearchKind.TAKEAWAY: "interview_detail",
    SearchKind.MESSAGE: "message_detail",
}


def words(text: str) -> list[str]:
    """The folded words of a text: "García-López, PhD" is ["garcia", "lopez", "phd"]."""
    if not text.isascii():
        # The " · " between a person's position and organization is no word: without it,
        # most entries skip search_key's slow path for accents.
        text = text.replace("·", " ")
    return WORD.findall(search_key(text))


def person_entry(
    first_name: str,
    last_name: str,
    position: str,
    organization_name: str,
    email: str,
    location: str = "",
    tags: str = "",
    research_notes: str = "",
) -> tuple[str, str, str, str]:
    """The title, body, title_key and body_key of a person's entry, as `_person` and
    `Entry.values` give them (see `person_entries`)."""
    person = (first_name, last_name, position, organization_name, email, location, tags)
    return person_entries([(*person, research_notes)])[0]


PersonParts = tuple[str, str, str, str, str, str, str, str]


def person_entries(people: Iterable[PersonParts]) -> list[tuple[str, str, str, str]]:
    """The title, body, title_key and body_key of each person's entry, from (first name,
    last name, position, organization name, email, location, tags, research notes), as
    `_person` and `Entry.values` give them, for the import's bulk path (no dict or Entry per
    person).

    A body's words are its parts' words one after the other (the separators are no
    letters): positions, organizations, places and tags repeat across a network, so each
    is folded once per call.
    """
    folded: dict[str, list[str]] = {}

    def repeated(text: str) -> list[str]:
        found = folded.get(text)
        if found is None:
            found = folded[text] = words(text)
        return found

    findall = WORD.findall
    built = []
    for first_name, last_name, position, organization, email, location, tags, notes in people:
        title = f"{first_name} {last_name}".strip()
        head = f"{position} · {organization}" if position and organization else ""
        parts = (head or position or organization, email, location, tags, notes)
        body = "\n".join([part for part in parts if part])
        if len(body) > BODY_LIMIT:
            body = body[:BODY_LIMIT]
            body_words = words(body)
        else:
            body_words = [
                *(repeated(position) if position else ()),
                *(repeated(organization) if organization else ()),
                *((findall(email.lower()) if email.isascii() else words(email)) if email else ()),
                *(repeated(location) if location else ()),
                *(repeated(tags) if tags else ()),
                *(words(notes) if notes else ()),
            ]
        title_words = findall(title.lower()) if title.isascii() else words(title)
        built.append((title, body, " ".join(title_words), " ".join(body_words)))
    return built


def terms(query: str) -> list[str]:
    """The words of what the user typed, each to be matched as the start of a word."""
    return list(dict.fromkeys(words(query)))[:MAX_TERMS]


# ----------------------------------------------------------------------------- entries


@dataclass(frozen=True)
class Entry:
    """What one searchable row contributes to the index."""

    kind: str
    object_id: int
    user_id: int
    link_id: int
    person_id: int | None
    title: str
    body: str

    def values(self) -> dict[str, Any]:
        body = self.body[:BODY_LIMIT]
        return {
            "user_id": self.user_id,
            "link_id": self.link_id,
            "person_id": self.person_id,
            "title": self.title,
            "body": body,
            "title_key": " ".join(words(self.title)),
            "body_key": " ".join(words(body)),
        }


def _name(row: Mapping[str, Any], prefix: str = "") -> str:
    return f"{row[prefix + 'first_name']} {row[prefix + 'last_name']}".strip()


def _lines(*parts: Any) -> str:
    return "\n".join(str(part) for part in parts if part)


def _person(row: Mapping[str, Any]) -> Entry:
    return Entry(
        SearchKind.PERSON,
        row["id"],
        row["user_id"],
        row["id"],
        row["id"],
        _name(row),
        _lines(
            " · ".join(p for p in (row["position"], row["organization__name"]) if p),
            row["email"],
            row["location"],
            row["tags"],
            row["research_notes"],
        ),
    )


def _organization(row: Mapping[str, Any]) -> Entry:
    return Entry(
        SearchKind.ORGANIZATION,
        row["id"],
        row["user_id"],
        row["id"],
        None,
        row["name"],
        _lines(row["aliases"], row["industry"], row["location"], row["research_notes"]),
    )


def _note(row: Mapping[str, Any]) -> Entry:
    return Entry(
        SearchKind.NOTE,
        row["id"],
        row["user_id"],
        row["person_id"],
        row["person_id"],
        _name(row, "person__"),
        row["text"],
    )


def _interview(row: Mapping[str, Any]) -> Entry:
    title = _name(row, "person__")
    if row["exploration__name"]:
        title = f"{title} · {row['exploration__name']}"
    return Entry(
        SearchKind.INTERVIEW,
        row["id"],
        row["user_id"],
        row["id"],
        row["person_id"],
        title,
        _lines(row["objective"], row["notes"], row["debrief"]),
    )


def _takeaway(row: Mapping[str, Any]) -> Entry:
    return Entry(
        SearchKind.TAKEAWAY,
        row["id"],
        row["user_id"],
        row["interview_id"],
        row["person_id"],
        _name(row, "person__"),
        row["text"],
    )


def _message(row: Mapping[str, Any]) -> Entry:
    title = f"{row['kind'].replace('-', ' ').capitalize()} to {_name(row, 'person__')}"
    if row["subject"]:
        title = f"{title}: {row['subject']}"
    return Entry(
        SearchKind.MESSAGE,
        row["id"],
        row["user_id"],
        row["id"],
        row["person_id"],
        title,
        row["body"],
    )


PERSON_NAME = ("person_id", "person__first_name", "person__last_name")
# Per kind: the model ("app.Model"), the columns an entry is built from, and the builder.
SOURCES: dict[str, tuple[str, tuple[str, ...], Any]] = {
    SearchKind.PERSON: (
        "network.Person",
        (
            "first_name",
            "last_name",
            "position",
            "organization__name",
            "email",
            "location",
            "tags",
            "research_notes",
        ),
        _person,
    ),
    SearchKind.ORGANIZATION: (
        "network.Organization",
        ("name", "aliases", "industry", "location", "research_notes"),
        _organization,
    ),
    SearchKind.NOTE: ("network.Note", (*PERSON_NAME, "text"), _note),
    SearchKind.INTERVIEW: (
        "interviews.Interview",
        (*PERSON_NAME, "exploration__name", "objective", "notes", "debrief"),
        _interview,
    ),
    SearchKind.TAKEAWAY: ("interviews.Takeaway", (*PERSON_NAME, "interview_id", "text"), _takeaway),
    SearchKind.MESSAGE: ("outreach.Message", (*PERSON_NAME, "kind", "subject", "body"), _message),
}


def entries(kind: str, rows: QuerySet[Any]) -> Iterator[Entry]:
    """The entries of these rows (a queryset of the kind's model)."""
    _model, columns, build = SOURCES[kind]
    for row in rows.order_by().values("id", "user_id", *columns).iterator(chunk_size=2000):
        yield build(row)


def _batches[T](items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


FIELDS = ("user_id", "link_id", "person_id", "title", "body", "title_key", "body_key")


def sync(kind: str, rows: QuerySet[Any], entry_model: type[Model] = SearchEntry) -> int:
    """Bring the entries of these rows up to date; returns how many were written.

    Unchanged entries are left alone, so that re-importing a file the user already imported
    rewrites nothing. `entry_model` lets a migration pass its historical model.
    """
    manager: Any = entry_model._default_manager
    written = 0
    for batch in _batches(entries(kind, rows)):
        existing = {
            row["object_id"]: row
            for row in manager.filter(kind=kind, object_id__in=[e.object_id for e in batch]).values(
                "id", "object_id", *FIELDS
            )
        }
        create: list[tuple[Any, ...]] = []
        update = []
        for entry in batch:
            values = entry.values()
            found = existing.get(entry.object_id)
            if found is None:
                create.append((kind, entry.object_id, *values.values()))
            elif any(found[name] != value for name, value in values.items()):
                update.append(entry_model(id=found["id"], kind=kind, **values))
        _insert(entry_model, create)
        manager.bulk_update(update, FIELDS, batch_size=BATCH)
        written += len(create) + len(update)
    return written


def index_new(kind: str, rows: Iterable[Mapping[str, Any]]) -> int:
    """Index rows just inserted in bulk, from the values the kind's entries are built from
    (`id`, `user_id` and the kind's columns in SOURCES), without reading them back.

    Their ids are new, so no entry can exist yet: nothing to compare, only to insert.
    """
    build = SOURCES[kind][2]
    written = 0
    for batch in _batches((build(row) for row in rows), INSERT_BATCH):
        _insert(
            SearchEntry,
            [(kind, entry.object_id, *entry.values().values()) for entry in batch],
        )
        written += len(batch)
    return written


def entry_rows(
    kind: str, object_ids: Sequence[int], user_id: int, columns: Mapping[str, Sequence[Any]]
) -> list[tuple[Any, ...]]:
    """The entries of rows just inserted in bulk, each (kind, object_id, *FIELDS), from the
    kind's columns in SOURCES (one list each, in the rows' order): what `index_new` writes,
    built without a dict or an Entry per row. A title that repeats (a note's person) is
    folded once; plain-ASCII text is folded without `search_key`'s detour.
    """
    link_ids, person_ids, titles, bodies = _COLUMN_BUILDERS[kind](object_ids, columns)
    folded: dict[str, str] = {}
    title_keys = []
    for title in titles:
        key = folded.get(title)
        if key is None:
            key = folded[title] = " ".join(words(title))
        title_keys.append(key)
    findall = WORD.findall
    bodies = [body[:BODY_LIMIT] for body in bodies]
    body_keys = [
        " ".join(findall(body.lower()) if body.isascii() else words(body)) for body in bodies
    ]
    owners = [user_id] * len(object_ids)
    return list(
        zip(
            [kind] * len(object_ids),
            object_ids,
            owners,
            link_ids,
            person_ids,
            titles,
            bodies,
            title_keys,
            body_keys,
            strict=True,
        )
    )


Built = tuple[Sequence[Any], Sequence[Any], list[str], list[str]]


def _names(columns: Mapping[str, Sequence[Any]], prefix: str = "") -> list[str]:
    return [
        f"{first} {last}".strip()
        for first, last in zip(
            columns[prefix + "first_name"], columns[prefix + "last_name"], strict=True
        )
    ]


def _people_columns(ids: Sequence[int], columns: Mapping[str, Sequence[Any]]) -> Built:
    heads = [
        " · ".join(p for p in (position, organization) if p)
        for position, organization in zip(
            columns["position"], columns["organization__name"], strict=True
        )
    ]
    bodies = list(
        map(
            _lines,
            heads,
            columns["email"],
            columns["location"],
            columns["tags"],
            columns["research_notes"],
        )
    )
    return ids, ids, _names(columns), bodies


def _organization_columns(ids: Sequence[int], columns: Mapping[str, Sequence[Any]]) -> Built:
    bodies = list(
        map(
            _lines,
            columns["aliases"],
            columns["industry"],
            columns["location"],
            columns["research_notes"],
        )
    )
    return ids, [None] * len(ids), list(columns["name"]), bodies


def _note_columns(ids: Sequence[int], columns: Mapping[str, Sequence[Any]]) -> Built:
    people = columns["person_id"]
    return people, people, _names(columns, "person__"), list(columns["text"])


def _interview_columns(ids: Sequence[int], columns: Mapping[str, Sequence[Any]]) -> Built:
    titles = [
        f"{name} · {exploration}" if exploration else name
        for name, exploration in zip(
            _names(columns, "person__"), columns["exploration__name"], strict=True
        )
    ]
    bodies = list(map(_lines, columns["objective"], columns["notes"], columns["debrief"]))
    return ids, columns["person_id"], titles, bodies


def _takeaway_columns(ids: Sequence[int], columns: Mapping[str, Sequence[Any]]) -> Built:
    return (
        columns["interview_id"],
        columns["person_id"],
        _names(columns, "person__"),
        list(columns["text"]),
    )


def _message_columns(ids: Sequence[int], columns: Mapping[str, Sequence[Any]]) -> Built:
    titles = []
    for kind, name, subject in zip(
        columns["kind"], _names(columns, "person__"), columns["subject"], strict=True
    ):
        title = f"{kind.replace('-', ' ').capitalize()} to {name}"
        titles.append(f"{title}: {subject}" if subject else title)
    return ids, columns["person_id"], titles, list(columns["body"])


# Per kind, the columns of `entry_rows`: what the builders in SOURCES give row by row.
_COLUMN_BUILDERS: dict[str, Callable[[Sequence[int], Mapping[str, Sequence[Any]]], Built]] = {
    SearchKind.PERSON: _people_columns,
    SearchKind.ORGANIZATION: _organization_columns,
    SearchKind.NOTE: _note_columns,
    SearchKind.INTERVIEW: _interview_columns,
    SearchKind.TAKEAWAY: _takeaway_columns,
    SearchKind.MESSAGE: _message_columns,
}


def insert_entries(rows: list[tuple[Any, ...]]) -> int:
    """Insert entries of rows just inserted in bulk, each (kind, object_id, *FIELDS): the
    import builds its people's entries with the people (`person_entries`)."""
    _insert(SearchEntry, rows)
    return len(rows)


# Rows per INSERT statement. One statement per row would cost SQLite a flush of the
# full-text table's pending words from its trigger each time: five times slower in bulk.
INSERT_BATCH = 1000


def placeholder() -> str:
    """The parameter marker of a big bulk INSERT: SQLite's own "?" where it can be.

    Django turns each %s into "?" for SQLite with a regular expression, which costs more
    than SQLite's own work on an INSERT of 20,000 values. When Django logs queries (DEBUG,
    or a test counting them) it needs the %s to show the query, so they stay.
    """
    if connection.vendor == "sqlite" and not connection.queries_logged:
        return "?"
    return "%s"


def _insert(entry_model: type[Model], rows: list[tuple[Any, ...]]) -> None:
    """Plain multi-row INSERTs: building model instances cost more than the database's work."""
    if not rows:
        return
    columns = ", ".join(("kind", "object_id", *FIELDS))
    one = "(" + ", ".join([placeholder()] * (2 + len(FIELDS))) + ")"
    table = entry_model._meta.db_table
    with connection.cursor() as cursor:
        execute = bulk_executor(cursor, one)
        for start in range(0, len(rows), INSERT_BATCH):
            chunk = rows[start : start + INSERT_BATCH]
            execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([one] * len(chunk))}",
                [value for row in chunk for value in row],
            )


def bulk_executor(cursor: Any, marked: str) -> Callable[[str, Sequence[Any]], Any]:
    """How a bulk statement of many values (`marked`: one row's markers) is run. With
    SQLite's own "?" markers (see `placeholder`) and nothing watching the queries, straight
    on SQLite's cursor: Django's wrapper would still scan the whole statement for "%s" to
    rewrite, which on 150,000 rows costs a good part of a second. The database's errors are
    Django's as ever."""
    if "?" not in marked or connection.execute_wrappers:
        return cast(Callable[[str, Sequence[Any]], Any], cursor.execute)
    sqlite_cursor = cursor.cursor
    plain = sqlite3.Cursor.execute

    def execute(sql: str, params: Sequence[Any]) -> Any:
        with connection.wrap_database_errors:
            return plain(sqlite_cursor, sql, params)

    return execute


def forget(kind: str, object_ids: Iterable[int]) -> None:
    """Drop the entries of deleted rows."""
    SearchEntry.objects.filter(kind=kind, object_id__in=list(object_ids)).delete()


def forget_person(user_id: int, person_id: int) -> None:
    """Drop the entries of a deleted person and of everything about them."""
    SearchEntry.objects.filter(user_id=user_id, person_id=person_id).delete()


def _model(kind: str, apps: Any = None) -> type[Model]:
    from django.apps import apps as live_apps

    app_label, name = SOURCES[kind][0].split(".")
    found: type[Model] = (apps or live_apps).get_model(app_label, name)
    return found


def refresh_people(people: QuerySet[Any]) -> int:
    """Refresh the entries of these people and of their notes, interviews, takeaways and
    messages, whose titles carry the person's name."""
    ids = people.order_by().values("pk")
    written = sync(SearchKind.PERSON, people)
    organizations: Any = _model(SearchKind.ORGANIZATION)
    written += sync(
        SearchKind.ORGANIZATION, organizations.objects.filter(people__in=ids).distinct()
    )
    for kind in (SearchKind.NOTE, SearchKind.INTERVIEW, SearchKind.TAKEAWAY, SearchKind.MESSAGE):
        model: Any = _model(kind)
        written += sync(kind, model.objects.filter(person__in=ids))
    return written


def indexed_title(kind: str, object_id: int) -> str | None:
    title: str | None = (
        SearchEntry.objects.filter(kind=kind, object_id=object_id)
        .values_list("title", flat=True)
        .first()
    )
    return title


def refresh(instance: Model) -> None:
    """Refresh the entry of one saved row (the signal handlers' path)."""
    kind = KIND_OF_MODEL[instance._meta.label]
    model: Any = type(instance)
    sync(kind, model._default_manager.filter(pk=instance.pk))


KIND_OF_MODEL = {source[0]: kind for kind, source in SOURCES.items()}


def rebuild(user: Any = None, apps: Any = None) -> int:
    """Index everything (of one user, or of everyone); returns how many entries were written."""
    entry_model = (apps.get_model("network", "SearchEntry")) if apps else SearchEntry
    written = 0
    for kind in SOURCES:
        model: Any = _model(kind, apps)
        rows = model._default_manager.all()
        if user is not None:
            rows = rows.filter(user_id=user.pk)
        written += sync(kind, rows, entry_model)
    return written


# ----------------------------------------------------------------------------- searching


@dataclass
class Hit:
    kind: str
    title: SafeString
    snippet: SafeString
    url: str
    rank: float


@dataclass
class Group:
    kind: str
    label: str
    total: int
    hits: list[Hit] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.total - len(self.hits)

    @property
    def total_label(self) -> str:
        return f"{COUNT_CAP:,}+" if self.total > COUNT_CAP else f"{self.total:,}"


@dataclass
class Results:
    query: str
    terms: list[str]
    groups: list[Group]

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)

    def as_json(self) -> list[dict[str, Any]]:
        return [
            {
                "kind": group.kind,
                "total": group.total,
                "hits": [
                    {"title": str(h.title), "snippet": str(h.snippet), "url": h.url}
                    for h in group.hits
                ],
            }
            for group in self.groups
        ]


def _match_sqlite(query_terms: list[str]) -> str:
    # Quoted, so that a word such as "or" or "near" stays a word.
    return " ".join(f'"{term}"*' for term in query_terms)


def _match_postgresql(query_terms: list[str]) -> str:
    return " & ".join(f"{term}:*" for term in query_terms)


def _sql(vendor: str, kind: str) -> str:
    """The SQL of one kind's matches (id and rank, newest first), up to a limit.

    Ranks: lower is better on both databases (bm25 is negative; ts_rank is negated).
    Parameters: the match, the user's id, the limit.
    """
    if vendor == "postgresql":
        return (
            "SELECT e.id, -ts_rank(e.vector, q.query, 1) "
            "FROM network_searchentry e, (SELECT to_tsquery('simple', %s) AS query) q "
            f"WHERE e.user_id = %s AND e.kind = '{kind}' AND e.vector @@ q.query "
            "ORDER BY e.id DESC LIMIT %s"
        )
    table = f"{FTS_TABLE}_{kind}"
    # CROSS JOIN keeps the full-text table outside: the other way round, SQLite would run
    # the whole match again for every entry of the user. Ordered by the full-text table's
    # own rowid, so SQLite walks the matches newest first instead of every entry testing
    # each against the match.
    return (
        f"SELECT e.id, bm25({table}, {TITLE_WEIGHT}, 1.0) "
        f"FROM {table} CROSS JOIN network_searchentry e ON e.id = {table}.rowid "
        f"WHERE {table} MATCH %s AND e.user_id = %s ORDER BY {table}.rowid DESC LIMIT %s"
    )


# Per kind, the newest matches that are ranked: ranking every match of "g" among 100,000
# notes would cost far more than the 20 ms a keystroke may take. Totals stop counting at
# COUNT_CAP ("200+ notes").
CANDIDATES = 100
CANDIDATES_ONE_KIND = 1000
COUNT_CAP = 200


def search(
    user: Any, query: str, *, kind: str | None = None, per_kind: int = 5, offset: int = 0
) -> Results:
    """The user's entries matching every word of the query (each as a word's start).

    Groups come best first (people first when two kinds match about as well), each with its
    `per_kind` best hits after `offset` and its total. With `kind`, only that group.
    """
    query_terms = terms(query)
    if not query_terms:
        return Results(query, [], [])
    vendor = connection.vendor
    match = _match_postgresql(query_terms) if vendor == "postgresql" else _match_sqlite(query_terms)
    kinds = [kind] if kind is not None else SearchKind.values
    limit = CANDIDATES_ONE_KIND if kind is not None else CANDIDATES
    found: dict[str, tuple[int, list[tuple[int, float]]]] = {}
    with connection.cursor() as cursor:
        for each in kinds:
            # One query gives the candidates and the capped total: the first `limit` rows
            # are the candidates, and past COUNT_CAP the total is "200+" anyway.
            cursor.execute(_sql(vendor, each), [match, user.pk, max(limit, COUNT_CAP + 1)])
            rows = cursor.fetchall()
            if not rows:
                continue
            candidates = sorted(rows[:limit], key=lambda row: (row[1], -row[0]))
            found[each] = (len(rows), candidates[offset : offset + per_kind])
    shown = SearchEntry.objects.filter(
        pk__in=[entry_id for _, hits in found.values() for entry_id, _ in hits]
    ).values_list("id", "title", "body", "link_id")
    entries_by_id = {row[0]: row[1:] for row in shown}
    groups: list[Group] = []
    best: dict[str, float] = {}
    for each, (total, hits) in found.items():
        group = Group(each, SearchKind(each).label, total)
        best[each] = min((rank for _, rank in hits), default=0.0)
        link = LINKS[SearchKind(each)]
        for entry_id, rank in hits:
            title, body, link_id = entries_by_id[entry_id]
            group.hits.append(
                Hit(
                    kind=each,
                    title=highlight(title, query_terms),
                    snippet=snippet(body, query_terms),
                    url=object_url(link, link_id),
                    rank=rank,
                )
            )
        if group.hits:
            groups.append(group)
    return Results(query, query_terms, _ordered(groups, best))


# Groups whose best hit is at least this good next to the best of all count as a tie.
TIE = 0.75


def _ordered(groups: list[Group], best: dict[str, float]) -> list[Group]:
    """Groups by their best hit; near ties go by kind, people first (a name typed in full
    matches the person as well as a note about them, and the person is what was meant)."""
    if not groups:
        return groups
    top = min(best.values())  # ranks are negative: the smallest is the best

    def key(group: Group) -> tuple[int, float, int]:
        rank, place = best[group.kind], KIND_ORDER[group.kind]
        if rank <= top * TIE:
            return (0, place, place)
        return (1, rank, place)

    return sorted(groups, key=key)


# ----------------------------------------------------------------------------- display


def _matches(word: str, query_terms: list[str]) -> bool:
    return search_key(word).startswith(tuple(query_terms))


def highlight(text: str, query_terms: list[str]) -> SafeString:
    """The text, escaped, with each word that starts like a query term in <mark>."""
    out: list[str] = []
    position = 0
    for found in WORD.finditer(text):
        if _matches(found.group(), query_terms):
            out.append(escape(text[position : found.start()]))
            out.append(f"<mark>{escape(found.group())}</mark>")
            position = found.end()
    out.append(escape(text[position:]))
    return mark_safe("".join(out))


def snippet(text: str, query_terms: list[str], width: int = 160) -> SafeString:
    """About `width` characters of the text around its first matching word, highlighted."""
    text = " ".join(text.split())
    if len(text) <= width:
        return highlight(text, query_terms)
    start = 0
    for found in WORD.finditer(text):
        if _matches(found.group(), query_terms):
            start = max(0, found.start() - width // 3)
            break
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = start + width
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    piece = highlight(text[start:end], query_terms)
    before = "… " if start else ""
    after = " …" if end < len(text) else ""
    return mark_safe(f"{before}{piece}{after}")
