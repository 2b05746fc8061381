"""Working days: real Chinese holidays and 调休 from chinese_calendar, a stated fallback beyond it."""

from datetime import date

import pytest

from bot.core import workdays
from bot.core.workdays import (
    covered_years,
    is_estimated,
    is_holiday,
    is_workday,
    next_workday_on_or_after,
    previous_workday_on_or_before,
    workdays_between,
)


def test_national_day_2026_is_a_holiday_and_the_day_before_is_a_workday():
    assert is_holiday(date(2026, 10, 1))
    assert is_holiday(date(2026, 10, 7))
    assert is_workday(date(2026, 9, 30))


def test_a_sunday_make_up_day_is_a_working_day():
    # 2026-01-04 is a Sunday worked in exchange for the New Year holiday (调休).
    assert date(2026, 1, 4).weekday() == 6
    assert is_workday(date(2026, 1, 4))
    assert is_workday(date(2026, 10, 10))  # a Saturday make-up day after National Day


def test_a_date_in_the_national_day_week_moves_back_to_the_last_working_day_before_it():
    assert previous_workday_on_or_before(date(2026, 10, 5)) == date(2026, 9, 30)
    assert previous_workday_on_or_before(date(2026, 9, 30)) == date(2026, 9, 30)


def test_the_first_working_day_of_2026_is_the_make_up_sunday():
    assert next_workday_on_or_after(date(2026, 1, 1)) == date(2026, 1, 4)


def test_the_calendar_knows_2026_and_says_which_years_it_covers():
    first, last = covered_years()
    assert first <= 2021 and last >= 2026
    assert not is_estimated(date(2026, 5, 1))
    assert is_estimated(date(last + 1, 1, 1))


def test_beyond_the_covered_years_weekends_and_fixed_date_holidays_are_rest_days():
    year = covered_years()[1] + 1
    # Find a Monday–Friday that is not a fixed-date holiday, and a Saturday, in that year.
    saturday = next(date(year, 3, d) for d in range(1, 8) if date(year, 3, d).weekday() == 5)
    assert is_holiday(saturday)
    assert is_workday(date(year, 3, 1) if date(year, 3, 1).weekday() < 5 else date(year, 3, 3))
    for month, day in workdays.FIXED_DATE_HOLIDAYS:
        assert is_holiday(date(year, month, day))


@pytest.mark.skipif(not is_estimated(date(2027, 1, 1)), reason="chinese_calendar now covers 2027")
def test_in_2027_new_year_friday_is_a_rest_day_and_monday_the_fourth_is_not():
    assert date(2027, 1, 1).weekday() == 4
    assert is_holiday(date(2027, 1, 1))
    assert is_workday(date(2027, 1, 4))
    assert previous_workday_on_or_before(date(2027, 5, 30)) == date(2027, 5, 28)


def test_workdays_between_counts_the_working_days_after_today_up_to_the_due_date():
    # Monday 23 Nov 2026 → Monday 30 Nov 2026: 24, 25, 26, 27, 30.
    assert workdays_between(date(2026, 11, 23), date(2026, 11, 30)) == 5
    assert workdays_between(date(2026, 11, 30), date(2026, 11, 30)) == 0
    # Friday before a Sunday due date: no working day left after today.
    assert workdays_between(date(2026, 5, 29), date(2026, 5, 31)) == 0
    # Across National Day only 9-30 → 10-08 counts 10-08.
    assert workdays_between(date(2026, 9, 30), date(2026, 10, 8)) == 1
    # The make-up Saturday 10-10 counts.
    assert workdays_between(date(2026, 10, 9), date(2026, 10, 10)) == 1


def test_workdays_between_is_negative_after_the_due_date():
    assert workdays_between(date(2026, 12, 2), date(2026, 11, 30)) == -2


def test_the_calendar_is_consulted_once_per_day_however_often_a_day_is_asked(monkeypatch) -> None:
    """chinese_calendar scans its whole table on each call; /progress counts days up to every due date."""
    import chinese_calendar

    from bot.core import workdays

    asked: list[date] = []
    real = chinese_calendar.is_workday
    monkeypatch.setattr(chinese_calendar, "is_workday", lambda day: asked.append(day) or real(day))
    workdays.is_workday.cache_clear()
    first = workdays.workdays_between(date(2026, 3, 1), date(2026, 3, 31))
    again = workdays.workdays_between(date(2026, 3, 1), date(2026, 3, 31))
    assert first == again == 22
    assert len(asked) == 30
    workdays.is_workday.cache_clear()
