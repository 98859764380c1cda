"""Queries whose SQL is worked out once per process and then run with each visit's values.

Today runs the same twenty-odd queries on every visit; only the user, the moment and a few
numbers of their profile change. Building those queries with the ORM (filters, nested
subqueries, annotations) and turning them into SQL cost more than running them, so a
`Prepared` query builds its SQL once, from stand-in values, and afterwards puts each
visit's values in their places. The rows still come back through Django: model instances,
values lists, the database's own conversions, and every query is counted and logged as
usual.

A query's SQL must not depend on its values: a value may be compared, selected or put in
an expression, but not turned into another value on the way (`now.date()` belongs to the
caller, who passes it as a value of its own). `Prepared` checks this when it builds the SQL:
it builds it twice from two sets of stand-ins and refuses a query whose text or other
parameters differ, or where a value did not land as a parameter of its own.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.db.models.sql.compiler import SQLCompiler

# Set by `unprepared`: every query is built with the ORM afresh, as it would be without this.
_PLAIN: ContextVar[bool] = ContextVar("plain", default=False)


@contextmanager
def unprepared() -> Iterator[None]:
    """Within this block, prepared queries are built and run by the ORM each time: what the
    kept SQL must give, for tests to compare."""
    token = _PLAIN.set(True)
    try:
        yield
    finally:
        _PLAIN.reset(token)


class ShapeError(RuntimeError):
    """The query's SQL depends on its values, so it cannot be prepared."""


def _stand_in(value: Any, index: int, second: bool) -> Any:
    """A value of the same type as `value` that no query holds by chance, one per index;
    the second set differs from the first in every part (year, month, day, time of day)."""
    shift = 1 if second else 0
    if isinstance(value, bool) or value is None:
        raise ShapeError("None or a yes/no value changes the SQL itself: build two queries.")
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ShapeError("Prepared queries take aware moments only.")
        start = dt.datetime(
            1901 + shift, 2 + shift, 3 + shift, 4 + shift, 5 + shift, 6, tzinfo=dt.UTC
        )
        return start + dt.timedelta(days=index, microseconds=7 + index)
    if isinstance(value, dt.date):
        return dt.date(1901 + shift, 2 + shift, 3 + shift) + dt.timedelta(days=index)
    if isinstance(value, int):
        return 1_000_000_007 * (1 + shift) + index
    if isinstance(value, str):
        return f"\x00stand-in {shift} {index}\x00"
    raise ShapeError(f"Prepared queries take moments, dates, numbers and text, not {value!r}.")


def _adapt(connection: BaseDatabaseWrapper, value: Any) -> Any:
    """A value as the ORM hands it to the database in a query parameter."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ShapeError("Prepared queries take aware moments only.")
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    return value


@dataclass(frozen=True)
class _Shape:
    queryset: QuerySet[Any, Any]  # built from stand-ins, never run
    compiler: SQLCompiler  # that query compiled: which columns, how to read them
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, str], ...]  # (parameter index, name of the value it takes)

    def run(self, connection: BaseDatabaseWrapper, values: dict[str, Any]) -> list[Any]:
        adapted = {name: _adapt(connection, value) for name, value in _leaves(values).items()}
        params = list(self.params)
        for index, name in self.slots:
            params[index] = adapted[name]
        sql_and_params = (self.sql, tuple(params))
        compiler = copy.copy(self.compiler)
        compiler.connection = connection
        compiler.as_sql = lambda *args, **kwargs: sql_and_params  # type: ignore[method-assign]
        # A copy of the query built from stand-ins, which hands out the compiler above
        # instead of compiling itself: Django reads the rows as it would its own.
        queryset = self.queryset.all()
        queryset.query.get_compiler = lambda *args, **kwargs: compiler  # type: ignore[method-assign]
        return list(queryset)


class Prepared:
    """A query built by `build(**values)`, turned into SQL once per process and database.

    Calling it with the values (each by name) runs the query and returns its rows as a
    list, of what `build`'s QuerySet yields (model instances, values lists). The SQL is
    kept per set of value types, for the database the query reads from.
    """

    def __init__(self, build: Callable[..., QuerySet[Any, Any]]) -> None:
        self._build = build
        self._shapes: dict[tuple[Any, ...], _Shape] = {}
        self.__doc__ = build.__doc__
        self.__name__ = build.__name__

    def __call__(self, **values: Any) -> list[Any]:
        if _PLAIN.get():
            return list(self._build(**values))
        types = tuple(sorted((name, type(value)) for name, value in _leaves(values).items()))
        shape = self._shapes.get(types)
        if shape is None:
            shape = self._shapes[types] = self._prepare(values)
        return shape.run(connections[shape.queryset.db], values)

    def _prepare(self, values: dict[str, Any]) -> _Shape:
        leaves = _leaves(values)
        names = sorted(leaves)
        first = {name: _stand_in(leaves[name], i, False) for i, name in enumerate(names)}
        second = {name: _stand_in(leaves[name], i, True) for i, name in enumerate(names)}
        queryset = self._build(**_unflatten(values, first))
        connection = connections[queryset.db]
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        slots = self._slots(connection, params, first)
        other_sql, other_params = self._build(**_unflatten(values, second)).query.sql_with_params()
        other_slots = self._slots(connection, other_params, second)
        constants = [p for i, p in enumerate(params) if i not in dict(slots)]
        other_constants = [p for i, p in enumerate(other_params) if i not in dict(other_slots)]
        if sql != other_sql or slots != other_slots or constants != other_constants:
            raise ShapeError(f"{self.__name__}: its SQL changes with its values.")
        return _Shape(queryset, compiler, sql, tuple(params), slots)

    def _slots(
        self, connection: BaseDatabaseWrapper, params: Any, stand_ins: dict[str, Any]
    ) -> tuple[tuple[int, str], ...]:
        names = {_adapt(connection, value): name for name, value in stand_ins.items()}
        slots = tuple(
            (index, names[param])
            for index, param in enumerate(params)
            if _hashable(param) and param in names
        )
        unused = set(stand_ins) - {name for _index, name in slots}
        if unused:
            raise ShapeError(
                f"{self.__name__}: {', '.join(sorted(unused))} did not land in the SQL as "
                "it was given (a value turned into another, or not used)."
            )
        return slots


def _leaves(values: dict[str, Any]) -> dict[str, Any]:
    """The values, with each list of values (ids, say) taken apart: `ids` becomes `ids[0]`,
    `ids[1]`, ... so that a list of each length has SQL of its own."""
    leaves = {}
    for name, value in values.items():
        if isinstance(value, list | tuple):
            leaves.update({f"{name}[{index}]": item for index, item in enumerate(value)})
        else:
            leaves[name] = value
    return leaves


def _unflatten(values: dict[str, Any], leaves: dict[str, Any]) -> dict[str, Any]:
    """Stand-ins for `values`, from the stand-ins of their leaves."""
    return {
        name: (
            [leaves[f"{name}[{index}]"] for index in range(len(value))]
            if isinstance(value, list | tuple)
            else leaves[name]
        )
        for name, value in values.items()
    }


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def prepared(build: Callable[..., QuerySet[Any, Any]]) -> Prepared:
    """Decorate a function that builds a query from keyword values: see `Prepared`."""
    return Prepared(build)
