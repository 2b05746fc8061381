"""Deadlines and meetings changed at run time: who may, what the plan then holds, the .ics file."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.core.cities import load_cities
from bot.core.clock import SHANGHAI, FixedClock
from bot.services import schedule
from bot.services.errors import NotAuthorized, NotFound, ValidationFailed
from tests.integration._outbox_helpers import add_member, seed_zhuhai

NOW = datetime(2026, 11, 24, 10, tzinfo=SHANGHAI)


@pytest.fixture
def zhuhai():
    return load_cities()["zhuhai"]


def dues(uow_factory, zhuhai) -> dict[str, tuple[date, str]]:
    return {e.ident: (e.due, e.source) for e in schedule.list_deadlines(uow_factory, FixedClock(NOW), zhuhai)}


def test_a_meeting_line_gives_time_title_and_place() -> None:
    request = schedule.parse_meeting("12月10日下午3点 首席数据官沟通交流会 @市民中心", NOW, "默认")
    assert request == schedule.MeetingRequest(
        datetime(2026, 12, 10, 15, tzinfo=SHANGHAI), "首席数据官沟通交流会", "市民中心"
    )
    assert (
        schedule.parse_meeting("12月10日 9:30", NOW, "首席数据官沟通交流会").title == "首席数据官沟通交流会"
    )


@pytest.mark.parametrize("line", ["12月10日 交流会", "交流会 下午3点", "11月1日上午9点 交流会"])
def test_a_meeting_without_a_day_a_time_or_in_the_past_is_refused(line: str) -> None:
    with pytest.raises(ValidationFailed):
        schedule.parse_meeting(line, NOW, "x")


def test_days_are_read_ahead_in_iso_or_chinese() -> None:
    assert schedule.parse_day("2026-12-15", NOW) == date(2026, 12, 15)
    assert schedule.parse_day("1月5日", NOW) == date(2027, 1, 5)
    with pytest.raises(ValidationFailed):
        schedule.parse_day("尽快", NOW)


def test_only_coordinators_and_admins_of_the_city_change_dates(sqlite_uow_factory, zhuhai) -> None:
    people = seed_zhuhai(sqlite_uow_factory)
    other_city = add_member(
        sqlite_uow_factory, user_id=3001, name="深圳统筹", role="coordinator", unit=None, city="shenzhen"
    )
    clock = FixedClock(NOW)
    with pytest.raises(NotAuthorized):
        schedule.city_for(people.cdo, None)
    with pytest.raises(NotAuthorized):
        schedule.city_for(other_city, "zhuhai")
    assert schedule.city_for(people.coordinator, None).code == "zhuhai"
    assert schedule.viewing_city(people.cdo, None).code == "zhuhai"  # reading needs no role
    changed = schedule.add_deadline(
        sqlite_uow_factory,
        clock,
        people.coordinator,
        city=zhuhai,
        due=date(2026, 12, 15),
        title="数据安全专项报告",
    )
    with sqlite_uow_factory() as uow:
        [audit] = uow.audit.of_entity("deadline", changed.ident)
    assert (audit.action, audit.actor_member_id, audit.after["due"]) == (
        "create",
        people.coordinator.member_id,
        "2026-12-15",
    )


def test_moving_and_removing_file_and_custom_deadlines_changes_the_list(sqlite_uow_factory, zhuhai) -> None:
    clock = FixedClock(NOW)
    added = schedule.add_deadline(
        sqlite_uow_factory, clock, None, city=zhuhai, due=date(2026, 12, 15), title="数据安全专项报告"
    )
    before = dues(sqlite_uow_factory, zhuhai)
    assert before[added.ident] == (date(2026, 12, 15), "custom")
    assert before["summary_report@2027-05-31"] == (date(2027, 5, 31), "file")

    schedule.move_deadline(
        sqlite_uow_factory, clock, None, city=zhuhai, ident="summary_report@2027-05-31", due=date(2027, 6, 4)
    )
    schedule.move_deadline(
        sqlite_uow_factory, clock, None, city=zhuhai, ident="summary_report@2027-05-31", due=date(2027, 6, 7)
    )  # moved twice: the last date wins
    schedule.move_deadline(
        sqlite_uow_factory, clock, None, city=zhuhai, ident=added.ident, due=date(2026, 12, 18)
    )
    schedule.remove_deadline(sqlite_uow_factory, clock, None, city=zhuhai, ident="summary_report@2026-11-30")
    after = dues(sqlite_uow_factory, zhuhai)
    assert after["summary_report@2027-05-31"] == (date(2027, 6, 7), "moved")
    assert after[added.ident] == (date(2026, 12, 18), "custom")
    assert "summary_report@2026-11-30" not in after

    with pytest.raises(NotFound):
        schedule.remove_deadline(
            sqlite_uow_factory, clock, None, city=zhuhai, ident="summary_report@2026-11-31"
        )
    with pytest.raises(NotFound):
        schedule.move_deadline(
            sqlite_uow_factory, clock, None, city=zhuhai, ident="training_quota@2027", due=date(2027, 1, 1)
        )
    with pytest.raises(ValidationFailed):
        schedule.add_deadline(
            sqlite_uow_factory, clock, None, city=zhuhai, due=date(2026, 11, 1), title="过去"
        )


def test_a_meeting_exports_as_ics_in_shanghai_time(sqlite_uow_factory, zhuhai) -> None:
    from icalendar import Calendar

    changed = schedule.schedule_meeting(
        sqlite_uow_factory,
        FixedClock(NOW),
        None,
        city=zhuhai,
        text="12月10日下午3点 首席数据官沟通交流会 @市民中心",
    )
    name, data = schedule.meeting_ics(sqlite_uow_factory, zhuhai, int(changed.ident))
    assert name == f"meeting-{changed.ident}.ics"
    assert b"DTSTART;TZID=Asia/Shanghai:20261210T150000" in data
    assert b"BEGIN:VTIMEZONE" in data
    [event] = Calendar.from_ical(data).walk("VEVENT")
    assert (str(event["SUMMARY"]), str(event["LOCATION"])) == ("首席数据官沟通交流会", "市民中心")
    schedule.cancel_meeting(
        sqlite_uow_factory, FixedClock(NOW), None, city=zhuhai, meeting_id=int(changed.ident)
    )
    with pytest.raises(NotFound):
        schedule.meeting_ics(sqlite_uow_factory, zhuhai, int(changed.ident))
