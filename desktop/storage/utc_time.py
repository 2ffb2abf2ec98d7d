"""Instants in the database: integer microseconds since the Unix epoch, UTC.

Why integers rather than ISO-8601 text: comparison and ORDER BY are plain integer
comparisons, so no formatting detail (a missing fraction, a "+00:00" versus "Z", a naive
value written by mistake) can ever make SQL order two instants differently from Python.
They are also compact in every index that holds a time. The price is readability in the
sqlite3 shell; ``datetime(due_at / 1000000, 'unixepoch')`` shows one.

Conversion happens only here, at the column boundary: callers hand in aware datetimes and
get aware UTC datetimes back. A naive datetime is a programming error and is refused.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Integer
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_MICROSECOND = timedelta(microseconds=1)


def require_aware(value: datetime, what: str = "time") -> datetime:
    """``value`` in UTC; raises ValueError for a naive datetime (its zone is unknowable)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, got naive {value!r}")
    return value.astimezone(UTC)


def aware_or_none(value: datetime | None, what: str = "time") -> datetime | None:
    """``require_aware`` for an optional time."""
    return None if value is None else require_aware(value, what)


def iso_seconds(value: datetime) -> str:
    """An aware time as events write it: to the second, UTC as "Z"."""
    return value.isoformat(timespec="seconds").replace("+00:00", "Z")


def to_micros(value: datetime) -> int:
    # Integer timedelta division is exact; a float timestamp() would round.
    return (require_aware(value) - EPOCH) // _ONE_MICROSECOND


def from_micros(value: int) -> datetime:
    return EPOCH + timedelta(microseconds=value)


class UtcMicros(TypeDecorator[datetime]):
    """A column of aware UTC datetimes stored as INTEGER microseconds since the epoch."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        return to_micros(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else from_micros(int(value))
