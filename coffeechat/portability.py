"""Everything of one user as one JSON file, and back: the format behind export, import and moving.

The file is documented in docs/export-format.md. Its shape:

    {"format": "coffeechat-export", "version": 1,
     "profile": {field: value, ...},
     "tables": {"network.person": [{"id": "person-1", field: value, ...}, ...], ...}}

Rows are named by local ids ("person-1" is the user's person with the lowest database id), so
the file says nothing about the server it came from, and links between rows are those local
ids. Tables come in an order where every row's links point backwards, except links within a
table that may form cycles (a person referred by a person), which the importer sets in a
second pass. Importing into an empty account creates rows in file order, so the database ids
keep that order and the next export writes the same bytes.

Both directions work on plain rows rather than model instances: a whole network (30,000
people, 100,000 notes) moves in seconds. The export reads each table with `values_list` and
turns each column into JSON with a converter chosen once per column. The import checks each
value by the rules its model field applies (`to_python`, choices, length, a time zone), a
column at a time: a column whose values are all plainly fine (text within its length, whole
numbers of zero or more, known choices, links to rows already in, moments in UTC as export
writes them) passes a few whole-column checks and is stored as it is; any other column is
read value by value, which names the first value at fault. It inserts each table with
multi-row INSERTs in file order (the new ids come back through RETURNING; on SQLite with its
own "?" markers, as `search.placeholder` explains; on PostgreSQL with one array per column);
and, as bulk inserts send no signals, computes the derived columns and the search entries
from the values it just inserted, a column at a time (`search.entry_rows`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from decimal import Decimal
from operator import itemgetter
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, models, transaction
from django.utils import timezone

from coffeechat.accounts.models import Profile
from coffeechat.imports.importer import Progress, no_cycle_collection, prepared_ahead
from coffeechat.network.models import SearchEntry, search_key
from coffeechat.owned import Owned
from coffeechat.pagecache import data_changed

FORMAT = "coffeechat-export"
VERSION = 1

# Tables that hold credentials or what Coffeechat derives from other rows; an import makes
# them anew. A calendar feed's address is a secret: after a move, the user subscribes again;
# an upload waiting for its import preview is not data yet.
NOT_EXPORTED = {"agenda.calendarfeed", "imports.importupload"}
# Columns that Coffeechat computes from the others of the same row.
DERIVED_FIELDS: dict[str, set[str]] = {"network.person": {"search_text"}}
PROFILE_SKIPPED = {"id", "user"}
# Rows per INSERT statement (fewer when a table has many columns, see _batch_size).
INSERT_BATCH = 1000
# Rows whose search entries are built and inserted together.
_ENTRY_BATCH = 10_000


class ExportFormatError(ValueError):
    """A file this version of Coffeechat cannot import, with the place at fault in words."""


def label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def exported_models() -> list[type[Owned]]:
    """Every table of user data, each after the tables its rows link to."""
    owned = [
        model
        for model in apps.get_models()
        if issubclass(model, Owned) and label(model) not in NOT_EXPORTED
    ]
    owned.sort(key=label)
    ordered: list[type[Owned]] = []
    placed: set[type[models.Model]] = set()
    pending = list(owned)
    while pending:
        for model in pending:
            needs = {target for target in _link_targets(model) if target is not model}
            if needs <= placed:
                break
        else:  # a cycle between tables: take the first; its links are set in the second pass
            model = pending[0]
        ordered.append(model)
        placed.add(model)
        pending.remove(model)
    return ordered


def _link_targets(model: type[models.Model]) -> set[type[models.Model]]:
    return {
        field.related_model
        for field in _fields(model)
        if field.is_relation and isinstance(field.related_model, type)
        if issubclass(field.related_model, Owned)
    }


def _fields(model: type[models.Model]) -> list[Any]:
    """The exported columns of a table: all but its id, its owner and derived ones."""
    skipped = {"id", "user"} | DERIVED_FIELDS.get(label(model), set())
    concrete = [field for field in model._meta.concrete_fields if field.name not in skipped]
    many = [field for field in model._meta.many_to_many if field.name not in skipped]
    return [*concrete, *many]


def _local_prefix(model: type[models.Model]) -> str:
    return model._meta.model_name or label(model)


# ---- export ------------------------------------------------------------------------------

LocalIds = dict[type[models.Model], dict[int, str]]


def export_user(user: Any, progress: Progress | None = None) -> dict[str, Any]:
    """Everything of one user, as a structure ready for json.dumps.

    `progress` hears (steps done, steps, "Reading <table>" or "Converting <table>"): each
    table is read, then converted."""
    local_ids: LocalIds = {}
    fetched: list[tuple[type[Owned], list[tuple[Any, ...]]]] = []
    models_to_export = exported_models()
    steps = 2 * len(models_to_export)

    def tell(done: int, what: str, model: type[Owned]) -> None:
        if progress is not None:
            progress(done, steps, f"{what} {model._meta.verbose_name_plural}")

    for done, model in enumerate(models_to_export):
        tell(done, "Reading", model)
        columns = [field.attname for field in _fields(model) if not field.many_to_many]
        rows = list(
            model.objects.filter(user_id=user.pk).order_by("pk").values_list("pk", *columns)
        )
        prefix = _local_prefix(model)
        local_ids[model] = {row[0]: f"{prefix}-{n}" for n, row in enumerate(rows, start=1)}
        fetched.append((model, rows))
    tables = {}
    for done, (model, rows) in enumerate(fetched, start=len(fetched)):
        tell(done, "Converting", model)
        tables[label(model)] = _export_table(user, model, rows, local_ids)
    if progress is not None:
        progress(steps, steps, "Converted")
    return {
        "format": FORMAT,
        "version": VERSION,
        "profile": _export_profile(user),
        "tables": tables,
    }


def dumps(data: dict[str, Any]) -> str:
    """The file's text: stable key order and indentation, so equal data gives equal bytes."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def _export_profile(user: Any) -> dict[str, Any]:
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return {}
    return {
        field.name: _export_value(field, field.value_from_object(profile))
        for field in Profile._meta.concrete_fields
        if field.name not in PROFILE_SKIPPED
    }


def _export_table(
    user: Any, model: type[Owned], rows: list[tuple[Any, ...]], local_ids: LocalIds
) -> list[dict[str, Any]]:
    fields = _fields(model)
    plain = [field for field in fields if not field.many_to_many]
    names = [field.name for field in plain]
    converters = [_exporter(field, local_ids) for field in plain]
    many = [
        (field.name, _export_links(user, model, field, local_ids))
        for field in fields
        if field.many_to_many
    ]
    ids = local_ids[model]
    records = []
    for pk, *values in rows:
        record: dict[str, Any] = {"id": ids[pk]}
        for name, convert, value in zip(names, converters, values, strict=True):
            record[name] = value if convert is None else convert(value)
        for name, links in many:
            record[name] = links.get(pk, [])
        records.append(record)
    return records


def _exporter(field: Any, local_ids: LocalIds) -> Callable[[Any], Any] | None:
    """How one column's stored value becomes JSON; None when it already is JSON."""
    if field.is_relation:
        targets = local_ids.get(field.related_model, {})
        return lambda pk: None if pk is None else targets[pk]
    if isinstance(field, models.DateTimeField):
        return lambda value: None if value is None else value.astimezone(dt.UTC).isoformat()
    if isinstance(field, models.DateField | models.TimeField):
        return lambda value: None if value is None else value.isoformat()
    if isinstance(
        field,
        models.CharField
        | models.TextField
        | models.IntegerField
        | models.BooleanField
        | models.FloatField
        | models.JSONField,
    ):
        return None
    return lambda value: _export_value(field, value)


def _export_links(
    user: Any, model: type[Owned], field: Any, local_ids: LocalIds
) -> dict[int, list[str]]:
    """A many-to-many column of every row at once: row id → the local ids it links to."""
    through = field.remote_field.through
    source = through._meta.get_field(field.m2m_field_name()).attname
    target = through._meta.get_field(field.m2m_reverse_field_name()).attname
    owners = model.objects.filter(user_id=user.pk).values("pk")
    targets = local_ids[field.related_model]
    links: dict[int, list[str]] = {}
    pairs = (
        through.objects.filter(**{f"{source}__in": owners})
        .order_by(target)
        .values_list(source, target)
    )
    for source_pk, target_pk in pairs:
        links.setdefault(source_pk, []).append(targets[target_pk])
    return links


def _export_value(field: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(field, models.JSONField):
        return value
    if isinstance(value, bool | int | float | str):
        return value
    return field.value_to_string(field.model(**{field.attname: value}))


# ---- import ------------------------------------------------------------------------------


def loads(text: str, *, name: str = "the file") -> dict[str, Any]:
    """Parse and check an export's outer shape, naming what is wrong."""
    try:
        with no_cycle_collection():  # millions of small objects, none of them in a cycle
            data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExportFormatError(
            f"{name}: not a Coffeechat export (not JSON: {error.msg}, line {error.lineno})."
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ExportFormatError(f'{name}: not a Coffeechat export (no "format": "{FORMAT}").')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ExportFormatError(f'{name}: the export\'s "version" is missing or not a number.')
    if version > VERSION:
        raise ExportFormatError(
            f"{name}: made by a newer Coffeechat (format version {version}); this one reads "
            f"versions up to {VERSION}. Update Coffeechat, then import again."
        )
    if version < 1:
        raise ExportFormatError(f"{name}: unknown format version {version}.")
    if not isinstance(data.get("tables"), dict) or not isinstance(data.get("profile", {}), dict):
        raise ExportFormatError(f'{name}: the export has no "tables" object.')
    return data


def user_has_data(user: Any) -> bool:
    return any(model.objects.filter(user_id=user.pk).exists() for model in exported_models())


def import_user(
    user: Any, data: dict[str, Any], *, name: str = "the file", progress: Progress | None = None
) -> dict[str, int]:
    """Load an export into an empty account, all or nothing. Returns rows created per table.

    `progress` hears (rows written, rows in the file, "Importing <table>") after each table."""
    data = loads(json.dumps(data), name=name) if "format" not in data else data
    if user_has_data(user):
        raise ExportFormatError(
            f"{name}: this account already has data; an export is imported into an empty "
            "account only, so nothing is mixed or duplicated."
        )
    models_by_label = {label(model): model for model in exported_models()}
    unknown = sorted(set(data["tables"]) - set(models_by_label))
    if unknown:
        raise ExportFormatError(f"{name}: unknown table {unknown[0]!r}.")
    counts: dict[str, int] = {}
    tables = data["tables"]
    total = sum(len(rows) for rows in tables.values() if isinstance(rows, list))
    with no_cycle_collection(), transaction.atomic():
        _import_profile(user, data.get("profile", {}), name)
        loader = _Loader(user, name)
        for table, model in models_by_label.items():
            records = tables.get(table, [])
            if not isinstance(records, list):
                raise ExportFormatError(f"{name}: table {table} is not a list.")
            if progress is not None and records:
                progress(
                    sum(counts.values()), total, f"Importing {model._meta.verbose_name_plural}"
                )
            counts[table] = loader.load(table, model, records)
        loader.finish()
        if progress is not None:
            progress(total, total, "Saving")
        data_changed(user.pk)  # rows went in without saves: the user's kept pages go
    return counts


def _import_profile(user: Any, values: dict[str, Any], name: str) -> None:
    if not values:
        return
    profile, _ = Profile.objects.get_or_create(user=user)
    for field in Profile._meta.concrete_fields:
        if field.name in PROFILE_SKIPPED or field.name not in values:
            continue
        setattr(profile, field.attname, _import_value(field, values[field.name], name, "profile"))
    profile.save()


def _import_value(field: Any, value: Any, name: str, where: str) -> Any:
    """One value checked as its model field would check it, or the place at fault named."""
    try:
        return _checked(field, value)
    except ValidationError as error:
        reason = "; ".join(error.messages)
        raise ExportFormatError(f"{name}: {where}, field {field.name}: {reason}.") from None


def _checked(field: Any, value: Any) -> Any:
    if value is None:
        if not field.null:
            raise ValidationError("may not be empty")
        return None
    converted = field.to_python(value)
    if isinstance(field, models.CharField | models.TextField) and not isinstance(value, str):
        raise ValidationError("not text")
    allowed = {choice for choice, _ in field.flatchoices} if field.choices else set()
    if field.blank:
        allowed.add("")
    if field.choices and converted not in allowed:
        raise ValidationError(f"{value!r} is not one of its choices")
    if isinstance(converted, dt.datetime) and converted.tzinfo is None:
        raise ValidationError("a date-time needs its time zone")
    limit = getattr(field, "max_length", None)
    if limit and isinstance(converted, str) and len(converted) > limit:
        raise ValidationError(f"longer than {limit} characters")
    if isinstance(field, _POSITIVE) and isinstance(converted, int) and converted < 0:
        raise ValidationError("may not be negative")
    return converted


_POSITIVE = (
    models.PositiveIntegerField | models.PositiveSmallIntegerField | models.PositiveBigIntegerField
)
_MISSING = object()


class _Bad(Exception):
    """A value at fault, before the row's name is known."""


Reader = Callable[[Any], Any]
# A whole column's check that costs little when every value is plainly fine: the values to
# store, or None to read the column value by value.
Quick = Callable[[list[Any]], list[Any] | None]


def _plain(model: type[Owned]) -> list[Any]:
    return [field for field in _fields(model) if not field.many_to_many]


class _Plan:
    """How the rows of one table are read from the file and stored."""

    def __init__(
        self,
        table: str,
        model: type[Owned],
        readers: list[tuple[Any, Reader]],
        quick: list[Quick | None],
    ) -> None:
        self.table = table
        self.fields = _plain(model)
        self.readers = readers
        self.quick = quick
        # Links within the table, set once it is in: (place in the row, column, [(row
        # number, target's local id, where)]).
        self.deferred: list[tuple[int, str, list[tuple[int, str, str]]]] = [
            (place, field.attname, [])
            for place, field in enumerate(self.fields, start=1)
            if field.is_relation and field.related_model is model
        ]
        self.linked: list[tuple[Any, list[tuple[str, list[str], str]]]] = [
            (field, []) for field in _fields(model) if field.many_to_many
        ]
        self.stamps = _stamp_columns(self.fields)
        self.derived = _deriver(table)
        self.columns: list[str] = ["user_id", *(field.column for field in self.fields)]
        if self.derived is not None:
            for name in sorted(DERIVED_FIELDS[table]):
                derived_field: Any = model._meta.get_field(name)
                self.columns.append(derived_field.column)


class _Loader:
    """Checks and inserts the tables of one file in order, remembering the new row ids."""

    def __init__(self, user: Any, name: str) -> None:
        self.user_id: int = user.pk
        self.name = name
        self.now = _moment_adapter()(timezone.now())
        # Per table, local id ("person-3") → database id: a link must name a row of the
        # table its column points to.
        self.ids: dict[type[models.Model], dict[str, int]] = defaultdict(dict)
        self.organization_names: dict[str, str] = {}  # for a person's search text
        # Links within a table, set once the table is in: (model, column, [(row's database
        # id, target's local id, where)]).
        self.later: list[tuple[type[Owned], str, list[tuple[int, str, str]]]] = []
        # Many-to-many links: (field, [(row's local id, [target local ids], where)]).
        self.many: list[tuple[Any, list[tuple[str, list[str], str]]]] = []
        # The rows as stored, of the tables whose columns the search index reads through a
        # link (a note's entry holds its person's name): table → {column: place}, {id: row}.
        self.stored: dict[str, tuple[dict[str, int], dict[int, Sequence[Any]]]] = {}
        self.joined = _joined_tables()

    def load(self, table: str, model: type[Owned], records: list[Any]) -> int:
        """Check every row of one table, insert them in file order and index them.

        The rows are read a column at a time: a column whose values are plainly fine (all
        text within its length, all whole numbers of zero or more, …) is checked in a few
        passes at C speed and kept as it is; any other column is read value by value, and
        the first value at fault is named with its row."""
        fields = _plain(model)
        plan = _Plan(
            table,
            model,
            [self._reader(model, field) for field in fields],
            [self._quick(model, field) for field in fields],
        )
        local_ids = self._local_ids(table, records)
        given = _given_columns([field.name for field in fields], records)
        columns = [
            self._column(plan, at, records, local_ids, None if given is None else given[at])
            for at in range(len(plan.fields))
        ]
        self._stamp(columns, plan.stamps)
        for place, _attname, links in plan.deferred:
            column = columns[place - 1]
            links += [
                (number, target, f"{table} {local_ids[number]}")
                for number, target in enumerate(column)
                if target is not None
            ]
            columns[place - 1] = [None] * len(column)
        for field, many in plan.linked:
            for record, local in zip(records, local_ids, strict=True):
                self._many(field, record, local, table, many)
        if plan.derived is not None:
            derive = plan.derived
            columns.append([derive(self, record) for record in records])
        rows: list[Sequence[Any]] = list(zip([self.user_id] * len(records), *columns, strict=True))
        new_ids = _insert(model, plan.columns, rows, self.name, table)
        self.ids[model].update(zip(local_ids, new_ids, strict=True))
        self._index(table, {column: at for at, column in enumerate(plan.columns)}, rows, new_ids)
        for _place, attname, links in plan.deferred:
            resolved = [(new_ids[row], target, where) for row, target, where in links]
            self.later.append((model, attname, resolved))
        self.many += plan.linked
        if table == "network.organization":
            self.organization_names = {record["id"]: record.get("name") or "" for record in records}
        return len(rows)

    def _local_ids(self, table: str, records: list[Any]) -> list[str]:
        """Every row's own id, in file order; each must be there, be text and be unique."""
        if set(map(type, records)) <= {dict}:
            ids = [record.get("id") for record in records]
            if set(map(type, ids)) <= {str} and len(set(ids)) == len(ids):
                return ids
        seen: set[str] = set()
        for number, record in enumerate(records, start=1):
            if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                raise ExportFormatError(f'{self.name}: {table} row {number} has no "id".')
            local = record["id"]
            if local in seen:
                raise ExportFormatError(f"{self.name}: {table} {local}: this id appears twice.")
            seen.add(local)
        return [record["id"] for record in records]

    def _column(
        self,
        plan: _Plan,
        at: int,
        records: list[dict[str, Any]],
        local_ids: list[str],
        given: list[Any] | None = None,
    ) -> list[Any]:
        """One column of every row (`given` when every row has it), checked and ready to
        store, or the first value at fault named with its row and field."""
        field = plan.fields[at]
        missing, read = plan.readers[at]
        name = field.name
        values = given if given is not None else [record.get(name, missing) for record in records]
        quick = plan.quick[at]
        if quick is not None:
            checked = quick(values)
            if checked is not None:
                return checked
        try:
            return list(map(read, values))
        except _Bad:
            pass
        for local, value in zip(local_ids, values, strict=True):
            try:
                read(value)
            except _Bad as bad:
                raise ExportFormatError(
                    f"{self.name}: {plan.table} {local}, field {name}: {bad}."
                ) from None
        raise AssertionError("a value was refused, then accepted")  # pragma: no cover

    def _reader(self, model: type[Owned], field: Any) -> tuple[Any, Reader]:
        """What a row without this column holds, and a function that checks the column's
        value from the file and gives what to store."""
        if field.is_relation:
            return None, self._link_reader(model, field)
        check = _value_reader(field)
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return _MISSING, lambda value: _MISSING if value is _MISSING else check(value)
        if field.has_default() and callable(field.default):
            default = field.get_default
            return _MISSING, lambda value: check(default() if value is _MISSING else value)
        if field.has_default() or field.null or field.empty_strings_allowed:
            return field.get_default(), check
        return _MISSING, lambda value: _missing() if value is _MISSING else check(value)

    def _quick(self, model: type[Owned], field: Any) -> Quick | None:
        """The cheap whole-column check of a column (see `_quick_values`); for a link, every
        value the id of a row already in (a link within the table waits for the table)."""
        if not field.is_relation:
            return _quick_values(field)
        ids = self.ids[field.related_model]
        kinds: set[type] = {str, type(None)} if field.null else {str}
        if field.related_model is model:
            if not field.null:
                return None
            return lambda values: values if set(map(type, values)) <= kinds else None

        def links(values: list[Any]) -> list[Any] | None:
            if not set(map(type, values)) <= kinds:
                return None
            found = [None if value is None else ids.get(value) for value in values]
            return found if found.count(None) == values.count(None) else None

        return links

    def _link_reader(self, model: type[Owned], field: Any) -> Reader:
        ids = self.ids[field.related_model]
        kind = label(field.related_model)
        within = field.related_model is model

        def read(value: Any) -> Any:
            if value is None or value is _MISSING:
                if not field.null:
                    raise _Bad("may not be empty")
                return None
            if not isinstance(value, str):
                raise _Bad(f"links to {value!r}, which is not a row's id")
            if within and field.null:
                return value  # set once the whole table is in
            found = ids.get(value)
            if found is None:
                raise _Bad(f"links to {value!r}, which is not a {kind} in the file before it")
            return found

        return read

    def _stamp(self, columns: list[list[Any]], stamps: list[int]) -> None:
        """Rows from a hand-made file may lack their timestamps: they were made now (and
        last changed when made)."""
        if not stamps:
            return
        made = columns[stamps[0]]
        for index in stamps:
            column = columns[index]
            if _MISSING not in column:
                continue
            columns[index] = [
                (self.now if index == stamps[0] else made[number]) if value is _MISSING else value
                for number, value in enumerate(column)
            ]
            if index == stamps[0]:
                made = columns[index]

    def _many(
        self, field: Any, record: dict[str, Any], local: str, table: str, links: list[Any]
    ) -> None:
        targets = record.get(field.name, [])
        if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
            raise ExportFormatError(
                f"{self.name}: {table} {local}, field {field.name}: not a list of ids."
            )
        if targets:
            links.append((local, targets, f"{table} {local}"))

    def _index(
        self, table: str, places: dict[str, int], rows: list[Sequence[Any]], new_ids: list[int]
    ) -> None:
        """Search entries for the rows just inserted, from the values in hand: bulk inserts
        send no signals, and reading 100,000 notes back would cost more than the inserts."""
        from coffeechat.network import search

        if table in self.joined:
            self.stored[table] = (places, dict(zip(new_ids, rows, strict=True)))
        entry_columns = ["kind", "object_id", *search.FIELDS]
        for kind, (source, columns, _build) in search.SOURCES.items():
            if source.lower() != table or not rows:
                continue
            values = {column: self._column_of(table, column, places, rows) for column in columns}

            def build(start: int, kind: str = kind, values: dict[str, Any] = values) -> Any:
                end = start + _ENTRY_BATCH
                return search.entry_rows(
                    kind,
                    new_ids[start:end],
                    self.user_id,
                    {column: given[start:end] for column, given in values.items()},
                )

            # A few at a time (less memory), each built while the one before is written.
            for entries in prepared_ahead(build, range(0, len(rows), _ENTRY_BATCH)):
                _insert(SearchEntry, entry_columns, entries, self.name, table, returning=False)

    def _column_of(
        self, table: str, column: str, places: dict[str, int], rows: Sequence[Sequence[Any]]
    ) -> list[Any]:
        """One column ("text", "person_id", "person__first_name") of these stored rows; a
        column read through a link is looked up once per linked row, not once per row."""
        head, _, rest = column.partition("__")
        if not rest:
            return list(map(itemgetter(places[column]), rows))
        link = apps.get_model(table)._meta.get_field(head)
        target = label(link.related_model)
        target_places, target_rows = self.stored[target]
        values = self._column_of(target, rest, target_places, list(target_rows.values()))
        by_pk = dict(zip(target_rows, values, strict=True))
        return list(map(by_pk.get, map(itemgetter(places[link.column]), rows)))

    def finish(self) -> None:
        """Set the links within tables and the many-to-many links, now every row exists."""
        quote = connection.ops.quote_name
        for model, attname, within in self.later:
            ids = self.ids[model]
            updates = []
            for pk, target, where in within:
                if target not in ids:
                    raise ExportFormatError(
                        f"{self.name}: {where}: links to {target!r}, which is not a "
                        f"{label(model)} in the file."
                    )
                updates.append((ids[target], pk))
            if updates:
                table, key = quote(model._meta.db_table), quote(str(model._meta.pk.column))
                with connection.cursor() as cursor:
                    cursor.executemany(
                        f"UPDATE {table} SET {quote(attname)} = %s WHERE {key} = %s", updates
                    )
        for field, links in self.many:
            through = field.remote_field.through
            source = through._meta.get_field(field.m2m_field_name()).column
            target = through._meta.get_field(field.m2m_reverse_field_name()).column
            sources, ids = self.ids[field.model], self.ids[field.related_model]
            rows = []
            for local, targets, where in links:
                for other in targets:
                    if other not in ids:
                        raise ExportFormatError(
                            f"{self.name}: {where}, field {field.name}: links to {other!r}, "
                            f"which is not a {label(field.related_model)} in the file."
                        )
                    rows.append([sources[local], ids[other]])
            _insert(through, [source, target], rows, self.name, label(field.model), returning=False)


def _joined_tables() -> set[str]:
    """The tables whose rows the search entries of other tables read through a link."""
    from coffeechat.network import search

    found = set()
    for source, columns, _build in search.SOURCES.values():
        for column in columns:
            model = apps.get_model(source)
            for name in column.split("__")[:-1]:
                model = model._meta.get_field(name).related_model
                found.add(label(model))
    return found


def _given_columns(names: list[str], records: list[dict[str, Any]]) -> list[list[Any]] | None:
    """The values of these fields, a list per field, when every row has every one of them
    (as export writes rows): one C-speed pass instead of a lookup per value. None when a
    row lacks one, which then reads as the field's default, column by column."""
    if not records or not names:
        return None
    try:
        if len(names) == 1:
            return [list(map(itemgetter(names[0]), records))]
        return list(map(list, zip(*map(itemgetter(*names), records), strict=True)))
    except KeyError:
        return None


def _missing() -> Any:
    raise _Bad("missing")


def _stamp_columns(fields: list[Any]) -> list[int]:
    """Where the columns Coffeechat stamps itself are, the creation time first."""
    stamped = [
        index
        for index, field in enumerate(fields)
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    return sorted(stamped, key=lambda index: not getattr(fields[index], "auto_now_add", False))


def _value_reader(field: Any) -> Reader:
    """A fast check for the common kinds of column, else the model field's own rules."""
    null = field.null
    if isinstance(field, models.CharField) and field.choices:
        allowed = {choice for choice, _ in field.flatchoices} | ({""} if field.blank else set())
        return lambda value: (
            value if value.__class__ is str and value in allowed else _slow(field, value)
        )
    if isinstance(field, models.BooleanField):
        return lambda value: value if value.__class__ is bool else _slow(field, value)
    if isinstance(field, models.IntegerField) and not field.choices:
        return lambda value: value if value.__class__ is int and value >= 0 else _slow(field, value)
    if isinstance(field, models.CharField | models.TextField) and not field.choices:
        limit = field.max_length

        def text(value: Any) -> Any:
            if type(value) is not str:
                if value is None:
                    if null:
                        return None
                    raise _Bad("may not be empty")
                raise _Bad("not text")
            if limit is not None and len(value) > limit:
                raise _Bad(f"longer than {limit} characters")
            return value

        return text
    if isinstance(field, models.DateTimeField):
        adapt = _moment_adapter()

        def moment(value: Any) -> Any:
            if type(value) is str:
                try:
                    parsed = dt.datetime.fromisoformat(value)
                except ValueError:
                    parsed = _slow(field, value)
                if parsed.tzinfo is None:
                    raise _Bad("a date-time needs its time zone")
                return adapt(parsed)
            checked = _slow(field, value)
            return None if checked is None else adapt(checked)

        return moment
    prepare = _preparer(field)
    return lambda value: prepare(_slow(field, value))


def _quick_values(field: Any) -> Quick | None:
    """For the common kinds of column, a check of all its values at once that keeps them as
    they are when every one is plainly fine (as its reader would keep it)."""
    kinds: set[type] = {str, type(None)} if field.null else {str}
    if isinstance(field, models.CharField) and field.choices:
        allowed = {choice for choice, _ in field.flatchoices} | ({""} if field.blank else set())
        return lambda values: (
            values if set(map(type, values)) <= {str} and set(values) <= allowed else None
        )
    if isinstance(field, models.BooleanField):
        flags = {bool, type(None)} if field.null else {bool}
        return lambda values: values if set(map(type, values)) <= flags else None
    if isinstance(field, models.IntegerField) and not field.choices:
        numbers = {int, type(None)} if field.null else {int}

        def whole(values: list[Any]) -> list[Any] | None:
            if not set(map(type, values)) <= numbers:
                return None
            given = [value for value in values if value is not None] if field.null else values
            return values if min(given, default=0) >= 0 else None

        return whole
    if isinstance(field, models.CharField | models.TextField) and not field.choices:
        limit = field.max_length

        def text(values: list[Any]) -> list[Any] | None:
            if not set(map(type, values)) <= kinds:
                return None
            if limit is not None and max(map(len, filter(None, values)), default=0) > limit:
                return None
            return values

        return text
    if isinstance(field, models.DateTimeField) and _moment_adapter() is _sqlite_moment:
        return _quick_moments(kinds)
    return None


# A moment as export writes it in UTC: six digits of microseconds when there are any.
_UTC_MOMENT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(?:\.(?!000000)[0-9]{6})?\+00:00"
)


def _quick_moments(kinds: set[type]) -> Quick:
    """On SQLite, moments written as export writes them in UTC are stored as the same
    characters with a space for the "T" and without the offset (as _sqlite_moment stores
    them), once each is known to be a real date and time."""

    def moments(values: list[Any]) -> list[Any] | None:
        if not set(map(type, values)) <= kinds:
            return None
        given = [value for value in values if value is not None]
        if not all(map(_UTC_MOMENT.fullmatch, given)):
            return None
        try:
            deque(map(dt.datetime.fromisoformat, given), maxlen=0)
        except ValueError:
            return None
        return [None if value is None else value[:-6].replace("T", " ", 1) for value in values]

    return moments


def _slow(field: Any, value: Any) -> Any:
    try:
        return _checked(field, value)
    except ValidationError as error:
        raise _Bad("; ".join(error.messages)) from None
    except (TypeError, ValueError):
        raise _Bad(f"{value!r} is not a value it can hold") from None


def _preparer(field: Any) -> Callable[[Any], Any]:
    """What the database is given for a checked value (dates as text on SQLite, …)."""
    if isinstance(
        field, models.CharField | models.TextField | models.IntegerField | models.BooleanField
    ):
        return lambda value: value
    return lambda value: None if value is None else field.get_db_prep_save(value, connection)


def _moment_adapter() -> Callable[[dt.datetime], Any]:
    """How the database is given a moment: Django's adapt_datetimefield_value, looked up
    once per table rather than per value; on SQLite (UTC text without the offset) done
    directly, as that method does it, for the hundreds of thousands of timestamps."""
    if connection.vendor == "sqlite" and connection.timezone_name == "UTC":
        return _sqlite_moment
    return connection.ops.adapt_datetimefield_value


def _sqlite_moment(value: dt.datetime) -> str:
    if value.utcoffset() == _NO_OFFSET:
        return str(value.replace(tzinfo=None))
    return str(value.astimezone(dt.UTC).replace(tzinfo=None))


_NO_OFFSET = dt.timedelta(0)


def _deriver(table: str) -> Callable[[_Loader, dict[str, Any]], Any] | None:
    """The derived columns of a table, computed from the row as it is inserted."""
    if table != "network.person":
        return None

    def search_text(loader: _Loader, record: dict[str, Any]) -> str:
        # As Person.compute_search_text: the name, position, organization and email.
        organization = loader.organization_names.get(record.get("organization") or "", "")
        parts = [
            record.get("first_name"),
            record.get("last_name"),
            record.get("position"),
            organization,
            record.get("email"),
        ]
        return search_key(" ".join(part for part in parts if part))

    return search_text


def _batch_size(columns: int) -> int:
    limit = connection.features.max_query_params or 65_535
    return max(1, min(INSERT_BATCH, limit // columns))


def _insert(
    model: type[models.Model],
    columns: list[str],
    rows: Sequence[Sequence[Any]],
    name: str,
    table: str,
    *,
    returning: bool = True,
) -> list[int]:
    """Multi-row INSERTs in the given order; the new ids, in that order, when asked."""
    from coffeechat.network import search

    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _insert_arrays(model, columns, rows, name, table, returning=returning)
    quote = connection.ops.quote_name
    db_table, key = quote(model._meta.db_table), quote(str(model._meta.pk.column))
    names = ", ".join(quote(column) for column in columns)
    one = "(" + ", ".join([search.placeholder()] * len(columns)) + ")"
    size = _batch_size(len(columns))
    with_returning = returning and connection.features.can_return_rows_from_bulk_insert
    new_ids: list[int] = []
    with connection.cursor() as cursor:
        execute = search.bulk_executor(cursor, one)
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            sql = f"INSERT INTO {db_table} ({names}) VALUES {', '.join([one] * len(chunk))}"
            params = [value for row in chunk for value in row]
            try:
                if with_returning:
                    execute(f"{sql} RETURNING {key}", params)
                    # Ids grow in the order of the VALUES; RETURNING need not keep it.
                    new_ids += sorted(pk for (pk,) in cursor.fetchall())
                else:
                    execute(sql, params)
            except (IntegrityError, DataError, OverflowError) as error:
                raise ExportFormatError(
                    f"{name}: {table}, rows {start + 1} to {start + len(chunk)}: the database "
                    f"refused them ({error})."
                ) from None
    if returning and not with_returning:  # SQLite before 3.35: the account was empty
        user_id = rows[0][0]
        new_ids = list(
            model._default_manager.filter(user_id=user_id)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    return new_ids


# Rows per INSERT on PostgreSQL, where each column goes as one array.
ARRAY_BATCH = 10_000


def _insert_arrays(
    model: type[models.Model],
    columns: list[str],
    rows: Sequence[Sequence[Any]],
    name: str,
    table: str,
    *,
    returning: bool,
) -> list[int]:
    """On PostgreSQL, each column of many rows as one array, unnested into rows in order:
    psycopg reads every "%s" of a statement itself, and a multi-row VALUES of 20,000 markers
    is never the same statement twice, so it cost more than the database's work."""
    quote = connection.ops.quote_name
    db_table, key = quote(model._meta.db_table), quote(str(model._meta.pk.column))
    names = ", ".join(quote(column) for column in columns)
    fields = {field.column: field for field in model._meta.concrete_fields}
    arrays = ", ".join(f"%s::{fields[column].db_type(connection)}[]" for column in columns)
    sql = f"INSERT INTO {db_table} ({names}) SELECT * FROM unnest({arrays})"
    if returning:
        sql += f" RETURNING {key}"
    new_ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), ARRAY_BATCH):
            chunk = rows[start : start + ARRAY_BATCH]
            try:
                cursor.execute(sql, [list(column) for column in zip(*chunk, strict=True)])
            except (IntegrityError, DataError, OverflowError) as error:
                raise ExportFormatError(
                    f"{name}: {table}, rows {start + 1} to {start + len(chunk)}: the database "
                    f"refused them ({error})."
                ) from None
            if returning:
                # Ids grow in the order of the arrays; RETURNING need not keep it.
                new_ids += sorted(pk for (pk,) in cursor.fetchall())
    return new_ids


def table_counts(data: dict[str, Any]) -> Sequence[tuple[str, int]]:
    return [(table, len(rows)) for table, rows in data["tables"].items()]
