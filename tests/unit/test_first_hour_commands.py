"""Issue 15, "files and commands": the words after a command, read in the service layer (bot.services.commands)."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.core.address import Address
from bot.core.clock import SHANGHAI
from bot.core.i18n import translator
from bot.services import settings
from bot.services.errors import ValidationFailed

NOW = datetime(2026, 12, 1, 10, tzinfo=SHANGHAI)


@pytest.mark.parametrize("text", ["12月20日 12月10日", "2026-12-20 2026-12-10", "12月20日 至 11月1日"])
def test_an_away_range_written_the_wrong_way_round_is_refused_not_moved_to_next_year(text):
    with pytest.raises(ValidationFailed) as info:
        settings.parse_away(text, NOW)
    assert info.value.key == "settings.away_reversed"
    message = translator().render(info.value.reply())
    assert "2026-12-20" in message and "早于" in message


def test_a_short_trip_over_the_new_year_still_ends_next_year():
    first, last = settings.parse_away("12月28日 1月3日", NOW)
    assert (first.isoformat(), last.isoformat()) == ("2026-12-28", "2027-01-03")


# --------------------------------------------------------------------------- /schedule


@pytest.fixture
def people(sqlite_uow_factory):
    from tests.unit._progress_cases import seed

    return seed(sqlite_uow_factory)


def test_schedule_add_takes_add_as_the_verb_and_a_last_place_word_as_the_place(sqlite_uow_factory, people):
    from bot.core.clock import FixedClock
    from bot.services import commands

    clock = FixedClock(NOW)
    reply = commands.meeting_command(
        sqlite_uow_factory,
        clock,
        people.coordinator,
        "add 12月10日 14:30 第二次首席数据官沟通交流会 市政府8楼会议室",
    )
    assert reply.key == "schedule.meeting.added"
    assert reply.params["title"] == "第二次首席数据官沟通交流会"
    assert reply.params["location"] == "市政府8楼会议室"
    assert (reply.params["month"], reply.params["day"], reply.params["time"]) == (12, 10, "14:30")


def test_schedule_with_an_at_sign_still_takes_the_place_after_it(sqlite_uow_factory, people):
    from bot.core.clock import FixedClock
    from bot.services import commands

    reply = commands.meeting_command(
        sqlite_uow_factory,
        FixedClock(NOW),
        people.coordinator,
        "12月10日下午3点 首席数据官沟通交流会 @市民中心",
    )
    assert (reply.params["title"], reply.params["location"]) == ("首席数据官沟通交流会", "市民中心")


@pytest.mark.parametrize("words", ["ics", "cancel"])
def test_schedule_ics_or_cancel_without_a_number_asks_for_the_number(sqlite_uow_factory, people, words):
    from bot.core.clock import FixedClock
    from bot.services import commands

    reply = commands.meeting_command(sqlite_uow_factory, FixedClock(NOW), people.coordinator, words)
    assert reply.key == "schedule.meeting.need_id"
    assert "编号" in translator().render(reply) and "日期" not in translator().render(reply)


# --------------------------------------------------------------------------- /train and the edit dialog


@pytest.mark.parametrize(
    ("line", "title", "attendees", "location"),
    [
        ("11月5日 个人信息保护专题 45人 区委党校", "个人信息保护专题", 45, "区委党校"),
        ("11月20日下午3点 数据安全培训 30人 市民中心", "数据安全培训", 30, "市民中心"),
    ],
)
def test_a_train_answer_in_the_prompts_shape_fills_title_count_and_place(
    sqlite_uow_factory, people, line, title, attendees, location
):
    from bot.core.clock import FixedClock
    from bot.services import activity

    card = activity.propose_activity(
        sqlite_uow_factory, FixedClock(NOW), people.cdo, text=line, chat=Address.telegram(1), kind="training"
    )
    assert (card.fields["title"], card.fields["attendees"], card.fields["location"]) == (
        title,
        attendees,
        location,
    )


@pytest.mark.parametrize(
    ("typed", "count"), [("大概二十来个", 20), ("三十多人", 30), ("45", 45), ("四十五人", 45)]
)
def test_the_edit_dialog_takes_a_loose_count(sqlite_uow_factory, people, typed, count):
    from bot.core.clock import FixedClock
    from bot.services import activity

    clock = FixedClock(NOW)
    card = activity.propose_activity(
        sqlite_uow_factory, clock, people.cdo, text="昨天组织了数据安全培训", chat=Address.telegram(1)
    )
    edited = activity.edit_draft_field(
        sqlite_uow_factory, clock, people.cdo, draft_id=card.draft_id, field="attendees", value_text=typed
    )
    assert edited.fields["attendees"] == count


# --------------------------------------------------------------------------- /undo N


def test_undo_with_a_number_removes_that_record_not_the_last_one(sqlite_uow_factory, people):
    from datetime import date

    from bot.core.clock import FixedClock
    from bot.services import commands
    from bot.services.errors import NotFound
    from tests.unit._progress_cases import add_activity

    clock = FixedClock(NOW)
    first = add_activity(sqlite_uow_factory, people.cdo, "training", date(2026, 11, 3), "第一场")
    last = add_activity(sqlite_uow_factory, people.cdo, "training", date(2026, 11, 20), "第二场")
    reply = commands.undo_command(sqlite_uow_factory, clock, people.cdo, str(first))
    assert reply.key == "activity.undone.numbered" and reply.params["id"] == first
    with sqlite_uow_factory() as uow:
        assert uow.activities.get(first) is None and uow.activities.get(last) is not None
    assert commands.undo_command(sqlite_uow_factory, clock, people.cdo, "三条").key == "activity.undo.usage"
    other = add_activity(sqlite_uow_factory, people.other_cdo, "training", date(2026, 11, 3))
    with pytest.raises(NotFound):
        commands.undo_command(sqlite_uow_factory, clock, people.cdo, str(other))
