"""Column types shared by the models.

SQLite has no time zone type: a ``DateTime(timezone=True)`` comes back naive, and a naive
datetime is read as UTC by half of Python and as local time by the other half (PITFALLS 3).
``AwareDateTime`` stores every instant in UTC, refuses naive values on write and always hands
back aware UTC datetimes, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class NaiveDatetimeError(ValueError):
    """A naive datetime reached the database layer; its instant is ambiguous."""


class AwareDateTime(TypeDecorator[datetime]):
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"AwareDateTime expects a datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise NaiveDatetimeError(f"refusing to store a naive datetime: {value.isoformat()}")
        utc = value.astimezone(UTC)
        # SQLite stores text without an offset: keep the UTC wall time only.
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
