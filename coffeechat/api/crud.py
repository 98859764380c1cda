"""List, read, create, update and delete for one kind of row, the same way for every kind.

Every query is filtered by the token's user; a link to another user's row (a person id in a
new interview, say) is refused as if the row did not exist. What the database would refuse
is caught first and answered as a 422 naming the field, never as a server error.
"""

# No `from __future__ import annotations` here: django-ninja reads these signatures at
# import time, and their types are classes made at run time.

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from ninja import Path, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from pydantic import Field, create_model

from coffeechat.api.errors import ApiError
from coffeechat.api.schemas import (
    MAX_ID,
    ErrorOut,
    in_schema,
    out_schema,
    page_schema,
    readable_fields,
    writable_fields,
)
from coffeechat.owned import Owned
from coffeechat.pagecache import kept_api_answer

MAX_PAGE = 500
ROW_ID = Path(..., ge=1, le=MAX_ID)


def to_dict(row: models.Model) -> dict[str, Any]:
    """A row as the API shows it: links as ids, many-to-many links as sorted ids."""
    data: dict[str, Any] = {}
    for field in readable_fields(type(row)):
        if field.many_to_many:
            data[field.name] = sorted(item.pk for item in getattr(row, field.name).all())
        elif field.is_relation:
            data[field.name] = getattr(row, field.attname)
        else:
            data[field.name] = getattr(row, field.attname)
    return data


def filter_fields(model: type[models.Model]) -> list[Any]:
    """What a list can be filtered on: links, choices and yes/no fields."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.name != "user"
        and (field.is_relation or field.choices or isinstance(field, models.BooleanField))
    ]


def filter_schema(model: type[models.Model]) -> type[Schema]:
    from coffeechat.api.schemas import python_type

    definitions: dict[str, Any] = {
        field.name: (python_type(field) | None, Field(None)) for field in filter_fields(model)
    }
    return create_model(f"{model.__name__}Filters", __base__=Schema, **definitions)


def check_text(data: dict[str, Any]) -> None:
    for name, value in data.items():
        if isinstance(value, str) and "\x00" in value:
            raise ApiError(422, "Text may not contain the NUL character.", name)


def assign(row: Owned, data: dict[str, Any], user: Any) -> dict[str, list[int]]:
    """Set the fields given; returns the many-to-many links to set once the row is saved."""
    check_text(data)
    fields = {field.name: field for field in writable_fields(type(row))}
    many: dict[str, list[int]] = {}
    for name, value in data.items():
        field = fields[name]
        if field.many_to_many:
            ids = sorted(set(value or []))
            owned = set(
                field.related_model.objects.filter(user_id=user.pk, pk__in=ids).values_list(
                    "pk", flat=True
                )
            )
            missing = [pk for pk in ids if pk not in owned]
            if missing:
                raise ApiError(
                    422, f"No {field.related_model._meta.verbose_name} {missing[0]}.", name
                )
            many[name] = ids
        elif field.is_relation:
            if value is not None and not _owned_exists(field.related_model, user, value):
                raise ApiError(422, f"No {field.related_model._meta.verbose_name} {value}.", name)
            setattr(row, field.attname, value)
        else:
            if value is None and not field.null:
                value = field.get_default() if field.has_default() else ""
            setattr(row, field.attname, in_utc(value, name))
    return many


def in_utc(value: Any, name: str) -> Any:
    """A moment with any UTC offset Python accepts, stored as the same moment in UTC:
    PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 allows."""
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        return value
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise ApiError(422, "That moment is out of range.", name) from None


def _owned_exists(model: Any, user: Any, pk: int) -> bool:
    if issubclass(model, Owned):
        return model.objects.filter(user_id=user.pk, pk=pk).exists()
    return False


def save(row: Owned, many: dict[str, list[int]]) -> None:
    model = type(row)
    writable = {field.name for field in writable_fields(model)}
    exclude = [f.name for f in model._meta.concrete_fields if f.name not in writable]
    try:
        row.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        # Uniqueness is per user ("one exploration of each name"): check it with the owner.
        owner_too = [name for name in exclude if name != "user"]
        row.validate_unique(exclude=owner_too)
        row.validate_constraints(exclude=owner_too)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        where = None if field == "__all__" else field
        raise ApiError(422, " ".join(messages), where) from None
    with transaction.atomic():
        row.save()
        for name, ids in many.items():
            getattr(row, name).set(ids)


def crud_router(model: type[Owned], path: str, tag: str) -> Router:
    """The five endpoints of one kind of row, under /api/v1/<path>/."""
    router = Router(tags=[tag])
    Out = out_schema(model)
    In = in_schema(model, partial=False)
    Patch = in_schema(model, partial=True)
    Page = page_schema(model)
    Filters = filter_schema(model)
    noun = str(model._meta.verbose_name)
    plural = str(model._meta.verbose_name_plural)

    def owned(request: HttpRequest) -> Any:
        return model.objects.filter(user_id=request.auth.pk)  # type: ignore[attr-defined]

    def one(request: HttpRequest, pk: int) -> Owned:
        row = owned(request).filter(pk=pk).first()
        if row is None:
            raise ApiError(404, f"No {noun} {pk}.")
        return row

    def list_rows(
        request: HttpRequest,
        filters: Query[Filters],  # type: ignore[valid-type]
        limit: int = Query(50, ge=1, le=MAX_PAGE),
        offset: int = Query(0, ge=0, le=2**31 - 1),
    ) -> Any:
        wanted = {
            name: value
            for name, value in filters.dict(exclude_none=True).items()  # type: ignore[attr-defined]
        }
        check_text(wanted)
        rows = owned(request).filter(**wanted).order_by("pk")
        many = [f.name for f in model._meta.many_to_many]
        page = rows.prefetch_related(*many)[offset : offset + limit]
        return {"count": rows.count(), "items": [to_dict(row) for row in page]}

    def read_row(request: HttpRequest, pk: int = ROW_ID) -> Any:
        return to_dict(one(request, pk))

    def create_row(request: HttpRequest, payload: In) -> Any:  # type: ignore[valid-type]
        row = model(user=request.auth)  # type: ignore[attr-defined]
        many = assign(row, payload.dict(exclude_unset=True), request.auth)  # type: ignore[attr-defined]
        save(row, many)
        return Status(201, to_dict(row))

    def update_row(request: HttpRequest, payload: Patch, pk: int = ROW_ID) -> Any:  # type: ignore[valid-type]
        row = one(request, pk)
        many = assign(row, payload.dict(exclude_unset=True), request.auth)  # type: ignore[attr-defined]
        save(row, many)
        return to_dict(row)

    def delete_row(request: HttpRequest, pk: int = ROW_ID) -> Any:
        one(request, pk).delete()
        return HttpResponse(status=204)

    key = path.replace("-", "_")
    read = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
    write = {400: ErrorOut, 401: ErrorOut, 422: ErrorOut}
    router.get(
        "/",
        response={200: Page, 401: ErrorOut, 422: ErrorOut},
        summary=f"List {plural}",
        operation_id=f"list_{key}",
    )(decorate_view(kept_api_answer)(list_rows))
    router.post(
        "/", response={201: Out, **write}, summary=f"Create a {noun}", operation_id=f"create_{key}"
    )(create_row)
    router.get(
        "/{pk}",
        response={200: Out, **read},
        summary=f"Read a {noun}",
        operation_id=f"read_{key}",
    )(decorate_view(kept_api_answer)(read_row))
    router.patch(
        "/{pk}",
        response={200: Out, **read, **write},
        summary=f"Update a {noun}",
        operation_id=f"update_{key}",
    )(update_row)
    router.delete(
        "/{pk}",
        response={204: None, **read},
        summary=f"Delete a {noun}",
        operation_id=f"delete_{key}",
    )(delete_row)
    return router
