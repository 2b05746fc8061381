"""Week arithmetic of intake (issue 12): 上周X / 本周X / 下周X are counted from the reference
week's Monday, never from today, at reference times on all seven weekdays; and a property test
with an expected answer: 上周X always falls in the previous Monday–Sunday week, 本周X in this
one, 下周X in the next, on the weekday written."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.intake import parse_when

TZ = ZoneInfo("Asia/Shanghai")
WEEKDAYS = "一二三四五六日"
MONDAY = date(2026, 11, 16)  # a Monday; the reference moves through its whole week


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=TZ)


@pytest.mark.parametrize("offset", range(7), ids=[f"ref-周{d}" for d in WEEKDAYS])
@pytest.mark.parametrize(
    ("prefix", "weeks"), [("上上周", -2), ("上周", -1), ("本周", 0), ("这周", 0), ("下周", 1)]
)
def test_a_week_prefixed_weekday_counts_from_the_reference_weeks_monday(offset, prefix, weeks):
    today = MONDAY + timedelta(days=offset)
    for n, name in enumerate(WEEKDAYS):
        when = parse_when(f"{prefix}{name}组织了培训", _at(today))
        assert when.date == MONDAY + timedelta(weeks=weeks, days=n), (today, prefix + name)


@pytest.mark.parametrize("offset", range(7), ids=[f"ref-周{d}" for d in WEEKDAYS])
def test_last_wednesday_is_the_previous_weeks_wednesday_whatever_today_is(offset):
    today = MONDAY + timedelta(days=offset)
    assert parse_when("上周三参加了交流会", _at(today)).date == date(2026, 11, 11)


@pytest.mark.parametrize("offset", range(7), ids=[f"ref-周{d}" for d in WEEKDAYS])
def test_a_bare_weekday_in_a_past_line_is_the_most_recent_one_and_in_a_plan_the_next(offset):
    today = MONDAY + timedelta(days=offset)
    for n, name in enumerate(WEEKDAYS):
        past = parse_when(f"周{name}组织了培训", _at(today)).date
        plan = parse_when(f"周{name}要组织培训", _at(today)).date
        assert past.weekday() == n and 0 <= (today - past).days <= 6
        assert plan.weekday() == n and 0 <= (plan - today).days <= 6


@given(
    day=st.dates(min_value=date(2001, 1, 8), max_value=date(2098, 12, 24)),
    weekday=st.integers(min_value=0, max_value=6),
    prefix=st.sampled_from([("上", -1), ("本", 0), ("这", 0), ("下", 1), ("上上", -2), ("下下", 2)]),
    spelling=st.sampled_from(["周", "星期", "礼拜"]),
)
def test_week_prefixed_weekdays_fall_in_the_expected_monday_to_sunday_week(day, weekday, prefix, spelling):
    word, weeks = prefix
    name = WEEKDAYS[weekday] if not (spelling != "周" and weekday == 6) else "天"
    when = parse_when(f"{word}{spelling}{name}开了交流会", _at(day)).date
    this_monday = day - timedelta(days=day.weekday())
    week_start = this_monday + timedelta(weeks=weeks)
    assert week_start <= when <= week_start + timedelta(days=6)
    assert when.weekday() == weekday
