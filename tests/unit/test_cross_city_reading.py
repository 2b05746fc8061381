"""Reading another city's dates (issue 11): the plans' deadlines are public documents, so any member
may read any city's; meetings are members' appointments, so another city's list and ``.ics`` are refused."""

from __future__ import annotations

from datetime import datetime

from bot.core.cities import load_cities
from bot.core.clock import SHANGHAI, FixedClock
from bot.core.i18n import translator
from bot.core.replies import FileReply
from bot.services import commands, schedule
from tests.integration._outbox_helpers import add_member, seed_zhuhai

NOW = datetime(2026, 11, 24, 10, tzinfo=SHANGHAI)


def test_a_member_of_another_city_reads_the_deadlines_but_not_the_meetings(sqlite_uow_factory) -> None:
    people = seed_zhuhai(sqlite_uow_factory)
    clock = FixedClock(NOW)
    meeting = schedule.schedule_meeting(
        sqlite_uow_factory,
        clock,
        None,
        city=load_cities()["zhuhai"],
        text="12月10日下午3点 首席数据官沟通交流会 @市民中心",
    )
    shenzhen = add_member(
        sqlite_uow_factory, user_id=3001, name="深圳专员", role="cdo", unit="福田区", city="shenzhen"
    )
    render = translator().render

    deadlines = commands.deadline_command(sqlite_uow_factory, clock, shenzhen, "珠海")
    assert "珠海" in render(deadlines) and deadlines.key != "schedule.meeting.other_city"
    listing = commands.meeting_command(sqlite_uow_factory, clock, shenzhen, "珠海")
    assert listing.key == "schedule.meeting.other_city" and "市民中心" not in render(listing)
    ics = commands.meeting_command(sqlite_uow_factory, clock, shenzhen, f"珠海 ics {meeting.ident}")
    assert not isinstance(ics, FileReply) and ics.key == "schedule.meeting.other_city"

    own = commands.meeting_command(sqlite_uow_factory, clock, people.cdo, "")
    assert "首席数据官沟通交流会" in render(own)
    assert isinstance(
        commands.meeting_command(sqlite_uow_factory, clock, people.cdo, f"ics {meeting.ident}"), FileReply
    )
