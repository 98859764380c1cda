"""Pydantic schemas for every kind of row, made from the models so the API follows them.

Each table gets three: what a read returns (every field, links as ids), what a create takes
(required fields required), and what an update takes (every field optional). Fields the
server owns — the id, the owner, timestamps, derived columns and an interview's stage, which
moves only through its own endpoint — are read-only.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Annotated, Any, Literal

from django.db import models
from ninja import Schema
from pydantic import Field, create_model

from coffeechat.portability import DERIVED_FIELDS, label

# Row ids are 64-bit in both databases; a larger number names nothing and must not reach SQL.
MAX_ID = 2**63 - 1
RowId = Annotated[int, Field(ge=1, le=MAX_ID)]

# Fields a client reads but never writes.
READ_ONLY = {"id", "created_at", "updated_at"}
READ_ONLY_BY_TABLE: dict[str, set[str]] = {
    "interviews.interview": {"stage", "stage_changed_at", "close_reason"},
    "network.person": {"last_linkedin_message_at", "responsiveness"},
}


def writable_fields(model: type[models.Model]) -> list[Any]:
    table = label(model)
    skipped = (
        {"user"}
        | READ_ONLY
        | DERIVED_FIELDS.get(table, set())
        | READ_ONLY_BY_TABLE.get(table, set())
    )
    fields = [
        field
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if field.name not in skipped and field.editable
    ]
    return fields


def readable_fields(model: type[models.Model]) -> list[Any]:
    skipped = {"user"} | DERIVED_FIELDS.get(label(model), set())
    return [
        field
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if field.name not in skipped
    ]


def python_type(field: Any) -> Any:
    """The JSON type of one model field, with the constraints the database enforces."""
    if field.many_to_many:
        return list[RowId]
    if field.is_relation:
        return RowId
    if field.choices:
        values = tuple(choice for choice, _ in field.flatchoices)
        if field.blank and "" not in values:
            values = ("", *values)
        return Literal[values]
    if isinstance(field, models.BooleanField):
        return bool
    if isinstance(field, models.DateTimeField):
        return dt.datetime
    if isinstance(field, models.DateField):
        return dt.date
    if isinstance(field, models.IntegerField):
        low, high = _integer_range(field)
        return Annotated[int, Field(ge=low, le=high)]
    if isinstance(field, models.FloatField):
        return float
    return str


def constraints(field: Any) -> dict[str, Any]:
    if field.is_relation or field.choices:
        return {}
    found: dict[str, Any] = {}
    if getattr(field, "max_length", None) and isinstance(field, models.CharField):
        found["max_length"] = field.max_length
    if field.help_text:
        found["description"] = str(field.help_text)
    return found


def _integer_range(field: models.IntegerField[Any, Any]) -> tuple[int, int]:
    """The narrowest range both SQLite and PostgreSQL accept, and the field's own validators."""
    low, high = -(2**31), 2**31 - 1
    if isinstance(field, models.SmallIntegerField | models.PositiveSmallIntegerField):
        low, high = -32768, 32767
    if isinstance(field, models.PositiveIntegerField | models.PositiveSmallIntegerField):
        low = 0
    for validator in field.validators:
        limit = getattr(validator, "limit_value", None)
        code = getattr(validator, "code", "")
        if isinstance(limit, int):
            if code == "min_value":
                low = max(low, limit)
            elif code == "max_value":
                high = min(high, limit)
    return low, high


def _optional(field: Any) -> bool:
    return bool(field.null or field.blank or field.has_default() or field.many_to_many)


@functools.cache
def out_schema(model: type[models.Model]) -> type[Schema]:
    definitions: dict[str, Any] = {}
    for field in readable_fields(model):
        kind = python_type(field)
        if field.null and not field.many_to_many:
            kind = kind | None
        definitions[field.name] = (kind, Field(...))
    return create_model(f"{model.__name__}Out", __base__=Schema, **definitions)


@functools.cache
def in_schema(model: type[models.Model], *, partial: bool) -> type[Schema]:
    definitions: dict[str, Any] = {}
    for field in writable_fields(model):
        kind = python_type(field)
        if field.null and not field.many_to_many:
            kind = kind | None
        limits = constraints(field)
        if partial or _optional(field):
            definitions[field.name] = (
                kind | None if not field.null else kind,
                Field(None, **limits),
            )
        else:
            definitions[field.name] = (kind, Field(..., **limits))
    suffix = "Patch" if partial else "In"
    return create_model(f"{model.__name__}{suffix}", __base__=Schema, **definitions)


def page_schema(model: type[models.Model]) -> type[Schema]:
    return _page_schema(model)


@functools.cache
def _page_schema(model: type[models.Model]) -> type[Schema]:
    return create_model(
        f"{model.__name__}Page",
        __base__=Schema,
        count=(int, Field(..., description="Rows matching the filters, on all pages.")),
        items=(list[out_schema(model)], Field(...)),  # type: ignore[misc,arg-type]
    )


class ErrorOut(Schema):
    message: str
    field: str | None = None
