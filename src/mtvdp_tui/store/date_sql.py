"""Calendar arithmetic in SQL, the same on SQLite and PostgreSQL, so that lists of due dates are
filtered, sorted and paged by the database (`store/monitoring`).

`add_months(day, n)` is `domain.monitoring.add_months`: `n` calendar months after `day`, clamped
to the month's end (31 January + 1 month is 28 or 29 February). PostgreSQL's `date + interval`
clamps so already; SQLite's `date(day, '+n months')` runs over into the next month instead
(31 January + 1 month is 3 March), so where the day of the month changed, the last day of the
month meant is taken. `add_days(day, n)` adds days.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


class add_months(FunctionElement[Any]):
    type = Date()
    inherit_cache = False  # the number of months is part of the SQL text

    def __init__(self, day: ColumnElement[Any], months: int) -> None:
        self.months = int(months)
        super().__init__(day)


class add_days(FunctionElement[Any]):
    type = Date()
    inherit_cache = False

    def __init__(self, day: ColumnElement[Any], days: int) -> None:
        self.days = int(days)
        super().__init__(day)


def _day(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
    (day,) = element.clauses
    return compiler.process(day, **kw)


@compiles(add_months, "sqlite")
def _add_months_sqlite(element: add_months, compiler: SQLCompiler, **kw: Any) -> str:
    day, months = _day(element, compiler, **kw), element.months
    moved = f"date({day}, '{months:+d} months')"
    month_end = f"date({day}, 'start of month', '{months + 1:+d} months', '-1 days')"
    return (
        f"(CASE WHEN strftime('%d', {moved}) = strftime('%d', {day})"
        f" THEN {moved} ELSE {month_end} END)"
    )


@compiles(add_months, "postgresql")
def _add_months_postgresql(element: add_months, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(({_day(element, compiler, **kw)} + interval '{element.months} months') AS DATE)"


@compiles(add_days, "sqlite")
def _add_days_sqlite(element: add_days, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({_day(element, compiler, **kw)}, '{element.days:+d} days')"


@compiles(add_days, "postgresql")
def _add_days_postgresql(element: add_days, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(({_day(element, compiler, **kw)} + {element.days}) AS DATE)"
