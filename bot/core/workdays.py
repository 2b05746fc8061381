"""Chinese working days: statutory holidays and 调休 make-up working days.

Layer: pure core (stdlib + ``chinese_calendar``). Reminders must never land on a holiday, and a
Sunday can be a working day (e.g. 2026-01-04 after New Year), so weekday arithmetic is not enough.

``chinese_calendar`` is maintained by hand each year when the State Council publishes the next
year's schedule (usually in November); for a year it does not know it raises
``NotImplementedError``. Beyond its covered years we fall back to Monday–Friday minus the
holidays that fall on fixed Gregorian dates under the 《全国年节及纪念日放假办法》 (2024 revision):
元旦 1 January, 劳动节 1–2 May, 国庆节 1–3 October. The lunar festivals and the make-up days
cannot be known in advance, so dates in those years are an estimate (``is_estimated``); updating
the ``chinesecalendar`` package fixes them without a code change.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache, lru_cache

import chinese_calendar
from chinese_calendar import constants as _cc

# (month, day) of the statutory holidays fixed to the Gregorian calendar.
FIXED_DATE_HOLIDAYS: frozenset[tuple[int, int]] = frozenset(
    {(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)}
)


@cache
def covered_years() -> tuple[int, int]:
    """The first and last year that the installed ``chinese_calendar`` knows."""
    years = {d.year for d in _cc.holidays} | {d.year for d in _cc.workdays}
    return min(years), max(years)


def is_estimated(day: date) -> bool:
    """True when ``day`` lies outside the calendar's data and the fallback rule decides."""
    first, last = covered_years()
    return not first <= day.year <= last


@lru_cache(maxsize=8192)
def is_workday(day: date) -> bool:
    """Cached: ``chinese_calendar`` scans its whole table of dates (``min``/``max``) on every call,
    ~0.1 ms, and ``/progress`` asks about every day up to each report's due date."""
    if is_estimated(day):
        return day.weekday() < 5 and (day.month, day.day) not in FIXED_DATE_HOLIDAYS
    return chinese_calendar.is_workday(day)


def is_holiday(day: date) -> bool:
    """A rest day: a weekend that is not a make-up working day, or a public holiday."""
    return not is_workday(day)


def previous_workday_on_or_before(day: date) -> date:
    while not is_workday(day):
        day -= timedelta(days=1)
    return day


def next_workday_on_or_after(day: date) -> date:
    while not is_workday(day):
        day += timedelta(days=1)
    return day


def next_workday_after(day: date) -> date:
    return next_workday_on_or_after(day + timedelta(days=1))


def workdays_between(start: date, end: date) -> int:
    """Working days ``d`` with ``start < d <= end``: what "还剩 N 个工作日" counts on ``start``.

    On the due date itself, or on the last working day before a weekend due date, it is 0.
    Negative when ``end`` is before ``start`` (the deadline has passed).
    """
    if end < start:
        return -workdays_between(end, start)
    count = 0
    day = start + timedelta(days=1)
    while day <= end:
        count += is_workday(day)
        day += timedelta(days=1)
    return count
