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
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from coffeechat.accounts.models import Profile
from coffeechat.owned import Owned

FORMAT = "coffeechat-export"
VERSION = 1

# Tables that hold credentials or what Coffeechat derives from other rows; an import makes
# them anew. A calendar feed's address is a secret: after a move, the user subscribes again;
# an upload waiting for its import preview is not data yet.
NOT_EXPORTED = {"agenda.calendarfeed", "imports.importupload"}
# Columns that Coffeechat computes from the others of the same row.
DERIVED_FIELDS: dict[str, set[str]] = {"network.person": {"search_text"}}
PROFILE_SKIPPED = {"id", "user"}


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


def export_user(user: Any) -> dict[str, Any]:
    """Everything of one user, as a structure ready for json.dumps."""
    local_ids: dict[tuple[type[models.Model], int], str] = {}
    tables: dict[str, list[dict[str, Any]]] = {}
    rows_by_model: dict[type[Owned], list[Owned]] = {}
    for model in exported_models():
        rows = list(
            model.objects.filter(user_id=user.pk)
            .order_by("pk")
            .prefetch_related(*[f.name for f in model._meta.many_to_many])
        )
        prefix = _local_prefix(model)
        for number, row in enumerate(rows, start=1):
            local_ids[(model, row.pk)] = f"{prefix}-{number}"
        rows_by_model[model] = rows
    for model, rows in rows_by_model.items():
        fields = _fields(model)
        tables[label(model)] = [_export_row(row, fields, local_ids) for row in rows]
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


def _export_row(
    row: Owned, fields: list[Any], local_ids: dict[tuple[type[models.Model], int], str]
) -> dict[str, Any]:
    record: dict[str, Any] = {"id": local_ids[(type(row), row.pk)]}
    for field in fields:
        if field.many_to_many:
            related = field.related_model
            targets = sorted(item.pk for item in getattr(row, field.name).all())
            record[field.name] = [local_ids[(related, pk)] for pk in targets]
        elif field.is_relation:
            pk = getattr(row, field.attname)
            record[field.name] = None if pk is None else local_ids[(field.related_model, pk)]
        else:
            record[field.name] = _export_value(field, field.value_from_object(row))
    return record


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


def import_user(user: Any, data: dict[str, Any], *, name: str = "the file") -> dict[str, int]:
    """Load an export into an empty account, all or nothing. Returns rows created per table."""
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
    with transaction.atomic(), explicit_timestamps(*models_by_label.values()):
        _import_profile(user, data.get("profile", {}), name)
        pks: dict[str, int] = {}
        later: list[tuple[type[Owned], Owned, str, str, str]] = []
        many: list[tuple[Any, Owned, list[str], str]] = []
        for table, model in models_by_label.items():
            records = data["tables"].get(table, [])
            if not isinstance(records, list):
                raise ExportFormatError(f"{name}: table {table} is not a list.")
            built = [
                _build_row(user, model, record, index, table, pks, later, many, name)
                for index, record in enumerate(records, start=1)
            ]
            _stamp_missing_times(built)
            created = model.objects.bulk_create(built)
            for record, row in zip(records, created, strict=True):
                pks[record["id"]] = row.pk
            counts[table] = len(created)
        _second_pass(later, pks, name)
        _set_many(many, pks, name)
        _recompute_derived(user)
    return counts


def _stamp_missing_times(rows: list[Owned]) -> None:
    """Rows from a hand-made file may lack their timestamps: they were made now."""
    now = timezone.now()
    for row in rows:
        row.created_at = row.created_at or now
        row.updated_at = row.updated_at or row.created_at


def _recompute_derived(user: Any) -> None:
    from coffeechat.network.models import Person

    Person.objects.for_user(user).reindex()


def _import_profile(user: Any, values: dict[str, Any], name: str) -> None:
    if not values:
        return
    profile, _ = Profile.objects.get_or_create(user=user)
    for field in Profile._meta.concrete_fields:
        if field.name in PROFILE_SKIPPED or field.name not in values:
            continue
        setattr(profile, field.attname, _import_value(field, values[field.name], name, "profile"))
    profile.save()


def _build_row(
    user: Any,
    model: type[Owned],
    record: Any,
    index: int,
    table: str,
    pks: dict[str, int],
    later: list[tuple[type[Owned], Owned, str, str, str]],
    many: list[tuple[Any, Owned, list[str], str]],
    name: str,
) -> Owned:
    where = f"{table} row {index}"
    if not isinstance(record, dict) or not isinstance(record.get("id"), str):
        raise ExportFormatError(f'{name}: {where} has no "id".')
    where = f"{table} {record['id']}"
    row = model(user=user)
    for field in _fields(model):
        if field.name not in record:
            continue
        value = record[field.name]
        if field.many_to_many:
            if not isinstance(value, list):
                raise ExportFormatError(f"{name}: {where}, field {field.name}: not a list.")
            many.append((field, row, value, where))
        elif field.is_relation:
            if value is None:
                continue
            if value in pks:
                setattr(row, field.attname, pks[value])
            elif field.related_model is model and field.null:
                later.append((model, row, field.attname, value, where))
            else:
                raise ExportFormatError(
                    f"{name}: {where}, field {field.name}: links to {value!r}, which is not "
                    "in the file before it."
                )
        else:
            setattr(row, field.attname, _import_value(field, value, name, where))
    return row


def _import_value(field: Any, value: Any, name: str, where: str) -> Any:
    if value is None:
        if not field.null:
            raise ExportFormatError(f"{name}: {where}, field {field.name}: may not be empty.")
        return None
    try:
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
    except ValidationError as error:
        reason = "; ".join(error.messages)
        raise ExportFormatError(f"{name}: {where}, field {field.name}: {reason}.") from None
    return converted


def _second_pass(
    later: list[tuple[type[Owned], Owned, str, str, str]], pks: dict[str, int], name: str
) -> None:
    by_model: dict[type[Owned], list[tuple[int, str, int]]] = {}
    for model, row, attname, target, where in later:
        if target not in pks:
            raise ExportFormatError(
                f"{name}: {where}: links to {target!r}, which is not in the file."
            )
        by_model.setdefault(model, []).append((row.pk, attname, pks[target]))
    for model, updates in by_model.items():
        for pk, attname, target_pk in updates:
            model.objects.filter(pk=pk).update(**{attname: target_pk})


def _set_many(
    many: list[tuple[Any, Owned, list[str], str]], pks: dict[str, int], name: str
) -> None:
    through_rows: dict[Any, list[Any]] = {}
    for field, row, targets, where in many:
        through = field.remote_field.through
        source = field.m2m_field_name()
        target = field.m2m_reverse_field_name()
        for local in targets:
            if local not in pks:
                raise ExportFormatError(
                    f"{name}: {where}, field {field.name}: links to {local!r}, which is not in "
                    "the file."
                )
            through_rows.setdefault(through, []).append(
                through(**{f"{source}_id": row.pk, f"{target}_id": pks[local]})
            )
    for through, rows in through_rows.items():
        through.objects.bulk_create(rows)


@contextlib.contextmanager
def explicit_timestamps(*models_: type[models.Model]) -> Iterator[None]:
    """Let bulk_create keep the rows' own created_at/updated_at instead of stamping now."""
    saved: list[tuple[Any, bool, bool]] = []
    for model in models_:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                saved.append((field, field.auto_now, field.auto_now_add))  # type: ignore[attr-defined]
                field.auto_now = field.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def table_counts(data: dict[str, Any]) -> Sequence[tuple[str, int]]:
    return [(table, len(rows)) for table, rows in data["tables"].items()]
