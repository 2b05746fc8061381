"""Time is injected: services ask a ``Clock`` for "now", so tests can move it.

Every datetime in cdo-bot is aware; the city time zone is Asia/Shanghai (PITFALLS 3).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The real clock, in the configured zone."""

    def __init__(self, tz: ZoneInfo = SHANGHAI) -> None:
        self.tz = tz

    def now(self) -> datetime:
        return datetime.now(self.tz)


class FixedClock:
    """A clock for tests and for ``--now``: it only moves when told to."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self.at = at

    def now(self) -> datetime:
        return self.at

    def advance(self, delta: timedelta) -> None:
        self.at = self.at + delta

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self.at = at


def today(clock: Clock) -> date:
    return clock.now().astimezone(SHANGHAI).date()


def parse_now(value: str | None, tz: ZoneInfo = SHANGHAI) -> datetime:
    """Read an ISO ``--now`` argument; a naive value is taken as local (Shanghai) time."""
    if not value:
        return datetime.now(tz)
    at = datetime.fromisoformat(value)
    return at.replace(tzinfo=tz) if at.tzinfo is None else at
