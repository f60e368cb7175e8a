"""The turn path's statements run on the driver's cursor, inside the transaction SQLAlchemy holds.

SQLAlchemy's execution of a prebuilt statement (the compiled-cache lookup, an execution context, event
dispatch, a result object and its rows) costs several times what SQLite takes to run it: about 40 us a
statement against a few on this machine. `DriverStatements` compiles each statement once for the
dialect (an INSERT once per set of columns given), converts and orders its parameters with the
statement's own bind processors, as SQLAlchemy would, and reads rows back with the columns' own result
processors. The driver's errors are raised as SQLAlchemy's (`IntegrityError` and the rest), so callers
handle them as before. What it skips: SQLAlchemy's statement events, which the store does not use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.sql.compiler import SQLCompiler

Processor = Callable[[Any], Any]


@dataclass(frozen=True)
class _Form:
    """A statement as compiled for one dialect: its SQL, how its parameters are made, its columns."""

    sql: str
    compiled: SQLCompiler
    binds: Mapping[str, Processor]  # parameter name -> the driver value of a Python one
    order: tuple[str, ...] | None  # a positional driver's parameters, in order (None: by name)
    columns: tuple[tuple[str, sa.types.TypeEngine[Any]], ...]  # a SELECT's columns: name and type
    # How its rows are read, by the types the driver reports for its columns (they decide a column's
    # result processor on PostgreSQL).
    readings: dict[tuple[Any, ...], _Reading] = field(default_factory=dict)


@dataclass(frozen=True)
class _Reading:
    """How a statement's rows are read: each column's place, and its result processor (None: as is)."""

    places: Mapping[str, int]
    readers: tuple[Processor | None, ...]


class DriverRow(Mapping[str, Any]):
    """A row by column name, each value converted when it is first asked for: a reader that needs a
    few columns of a row (the id of a turn parsed before) does not pay to convert the rest."""

    __slots__ = ("_reading", "_values")

    def __init__(self, reading: _Reading, values: Sequence[Any]) -> None:
        self._reading = reading
        self._values = values

    def __getitem__(self, name: str) -> Any:
        place = self._reading.places[name]
        read = self._reading.readers[place]
        value = self._values[place]
        return value if read is None else read(value)

    def __iter__(self) -> Iterator[str]:
        return iter(self._reading.places)

    def __len__(self) -> int:
        return len(self._values)


class DriverStatements:
    """Prebuilt statements compiled once for one dialect and run on the driver's cursor."""

    def __init__(self, dialect: sa.Dialect) -> None:
        self._dialect = dialect
        self._error: type[Exception] = dialect.loaded_dbapi.Error
        # Keyed by the statement itself (the prebuilt ones of coach.store_statements), not its id, so
        # that no other statement can ever come to share a key.
        self._forms: dict[tuple[sa.ClauseElement, tuple[str, ...]], _Form] = {}

    def rows(
        self, conn: Connection, statement: sa.ClauseElement, params: Mapping[str, Any]
    ) -> list[DriverRow]:
        """Every row `statement` gives, each column by name, its value as SQLAlchemy would give it."""
        form, cursor = self._run(conn, statement, params)
        try:
            found = cursor.fetchall()
            reported = tuple(column[1] for column in cursor.description)
        finally:
            cursor.close()
        reading = form.readings.get(reported)
        if reading is None:
            readers = tuple(
                kind._cached_result_processor(self._dialect, code)
                for (_, kind), code in zip(form.columns, reported, strict=True)
            )
            reading = _Reading({name: i for i, (name, _) in enumerate(form.columns)}, readers)
            form.readings[reported] = reading
        return [DriverRow(reading, row) for row in found]

    def run(self, conn: Connection, statement: sa.ClauseElement, params: Mapping[str, Any]) -> int:
        """Run a statement that returns no rows; the number of rows it changed."""
        _, cursor = self._run(conn, statement, params)
        try:
            return int(cursor.rowcount)
        finally:
            cursor.close()

    def _run(
        self, conn: Connection, statement: sa.ClauseElement, params: Mapping[str, Any]
    ) -> tuple[_Form, Any]:
        form = self._form(statement, params)
        values = form.compiled.construct_params(dict(params))
        for name, to_driver in form.binds.items():
            if name in values:
                values[name] = to_driver(values[name])
        driver_params: Sequence[Any] | Mapping[str, Any] = (
            values if form.order is None else tuple(values[name] for name in form.order)
        )
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(form.sql, driver_params)
        except self._error as exc:
            cursor.close()
            raise sa.exc.DBAPIError.instance(form.sql, driver_params, exc, self._error) from exc
        return form, cursor

    def _form(self, statement: sa.ClauseElement, params: Mapping[str, Any]) -> _Form:
        # An INSERT's SQL names the columns given, so each set of them is compiled apart.
        given = tuple(params) if isinstance(statement, sa.Insert) else ()
        key = (statement, given)
        form = self._forms.get(key)
        if form is None:
            compiled = statement.compile(dialect=self._dialect, column_keys=list(given) or None)
            assert isinstance(compiled, SQLCompiler), "a Core statement compiles with the SQL compiler"
            binds = dict(compiled._bind_processors)
            # A sequence of processors belongs to a tuple-valued parameter, which no statement here has.
            assert all(callable(to_driver) for to_driver in binds.values()), "one processor a parameter"
            form = _Form(
                sql=compiled.string,
                compiled=compiled,
                binds=binds,  # type: ignore[arg-type]  # checked callable above
                order=tuple(compiled.positiontup or ()) if compiled.positional else None,
                columns=tuple((column.keyname, column.type) for column in compiled._result_columns),
            )
            self._forms[key] = form
        return form
