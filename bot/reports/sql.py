"""SQL building blocks that read the same on SQLite and PostgreSQL.

Durations are whole seconds between two UTC timestamps, computed in the database from epoch
seconds (integers on both backends, so medians and percentiles agree to the second). Business
time counts Monday to Friday only, 24 hours a day, as the SLA table's `business_days` does
(handoff/tickets.py `add_business_days`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Integer, String, case, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

WEEK = 7 * 86_400
WORK_WEEK = 5 * 86_400
# 1970-01-05 00:00 UTC, a Monday: weeks and business time are counted from it.
MONDAY = 4 * 86_400


class epoch(FunctionElement[int]):
    """Whole seconds since 1970-01-01 UTC of a timestamp column."""

    type = BigInteger()
    inherit_cache = True


@compiles(epoch, "sqlite")
def _epoch_sqlite(element: epoch, compiler: Any, **kw: Any) -> str:
    (arg,) = list(element.clauses)
    return f"CAST(strftime('%s', {compiler.process(arg, **kw)}) AS INTEGER)"


@compiles(epoch, "postgresql")
def _epoch_postgresql(element: epoch, compiler: Any, **kw: Any) -> str:
    (arg,) = list(element.clauses)
    return f"CAST(floor(extract(epoch FROM {compiler.process(arg, **kw)})) AS BIGINT)"


class month_of(FunctionElement[str]):
    """'YYYY-MM' of a timestamp, in UTC."""

    type = String()
    inherit_cache = True


@compiles(month_of, "sqlite")
def _month_sqlite(element: month_of, compiler: Any, **kw: Any) -> str:
    (arg,) = list(element.clauses)
    return f"strftime('%Y-%m', {compiler.process(arg, **kw)})"


@compiles(month_of, "postgresql")
def _month_postgresql(element: month_of, compiler: Any, **kw: Any) -> str:
    (arg,) = list(element.clauses)
    return f"to_char({compiler.process(arg, **kw)} AT TIME ZONE 'UTC', 'YYYY-MM')"


class plus_days(FunctionElement[Any]):
    """A timestamp exactly `days` later, comparable with timestamp columns (index ranges)."""

    inherit_cache = True

    def __init__(self, column: Any, days: int) -> None:
        self.days = int(days)
        super().__init__(column)


@compiles(plus_days, "sqlite")
def _plus_sqlite(element: plus_days, compiler: Any, **kw: Any) -> str:
    # Stored as 'YYYY-MM-DD HH:MM:SS.ffffff': shift the seconds, keep the microseconds, so the
    # result compares as a string exactly as the timestamps compare on PostgreSQL.
    (arg,) = list(element.clauses)
    column = compiler.process(arg, **kw)
    return (
        f"(strftime('%Y-%m-%d %H:%M:%S', {column}, '+{element.days} days') || substr({column}, 20))"
    )


@compiles(plus_days, "postgresql")
def _plus_postgresql(element: plus_days, compiler: Any, **kw: Any) -> str:
    (arg,) = list(element.clauses)
    return f"({compiler.process(arg, **kw)} + interval '{element.days} days')"


def business_clock(seconds: ColumnElement[int]) -> ColumnElement[int]:
    """Business seconds elapsed from MONDAY to `seconds` (epoch): weekends do not count."""
    since = seconds - MONDAY
    weeks = since // WEEK
    into = since - weeks * WEEK
    return weeks * WORK_WEEK + case((into < WORK_WEEK, into), else_=WORK_WEEK)


def elapsed(
    start: Any, end: Any, business: ColumnElement[bool] | None = None
) -> ColumnElement[int]:
    """Seconds from `start` to `end`; business seconds where `business` is true."""
    wall = epoch(end) - epoch(start)
    if business is None:
        return wall
    return case((business, business_clock(epoch(end)) - business_clock(epoch(start))), else_=wall)


def bucket(column: Any, by: str) -> ColumnElement[Any]:
    """The trend bucket of a timestamp: a day or week number since MONDAY, or 'YYYY-MM'."""
    if by == "day":
        return (epoch(column) - MONDAY) // 86_400
    if by == "week":
        return (epoch(column) - MONDAY) // WEEK
    return month_of(column)


def as_int(value: Any) -> int:
    return int(value or 0)


ONE = literal(1, Integer())
