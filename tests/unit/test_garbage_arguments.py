"""Garbage callback data and out-of-range arguments (issue 11) get the catalog's clear error, not an
internal one: an over-long id overflowed the database integer, ``²`` passed ``str.isdigit`` and
broke ``int()``, ``/progress 9999`` and ``/export 0001`` made impossible dates."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.bootstrap import build_app_context, seed_units
from bot.config import Secret, Settings
from bot.core.address import Account, Address
from bot.core.clock import SHANGHAI, FixedClock
from bot.core.ids import parse_id, parse_number, parse_year
from bot.core.replies import FileReply
from bot.services.access import new_member
from bot.services.conversation import Event, Kind, Outcome

NOW = datetime(2026, 11, 24, 10, tzinfo=SHANGHAI)
HUGE = "9" * 40


@pytest.fixture
def app(sqlite_url):
    context = build_app_context(
        Settings(telegram_bot_token=Secret("123:TEST"), database_url=sqlite_url), clock=FixedClock(NOW)
    )
    seed_units(context.uow)
    with context.uow() as uow:
        for user_id, role, unit in ((1001, "cdo", "香洲区"), (2001, "coordinator", "市政务服务数据管理局")):
            uow.members.add(
                new_member(
                    Account.telegram(user_id),
                    display_name=f"u{user_id}",
                    city="zhuhai",
                    unit_id=uow.units.by_name("zhuhai", unit).id,
                    role=role,
                    chat_address=Address.telegram(user_id).text,
                )
            )
        uow.commit()
    yield context
    context.close()


def test_ids_years_and_small_numbers_have_one_decision_each() -> None:
    assert [parse_id(t) for t in ("12", "#12", "²", "٣", "0", "-1", HUGE, "2147483647", "1e3")] == [
        12, 12, None, None, None, None, None, 2147483647, None
    ]  # fmt: skip
    assert [parse_year(t) for t in ("2026", "2026年", "9999", "0001", "２０２６", "²⁰²⁶")] == [
        2026, 2026, None, None, None, None
    ]  # fmt: skip
    assert parse_number("23", 99) == 23 and parse_number("²", 99) is None and parse_number(HUGE, 99) is None


def _handle(app, user: int, kind: Kind, **fields) -> Outcome:
    return app.dispatcher.handle(
        Event(kind, account=Account.telegram(user), chat=Address.telegram(user), **fields)
    )


@pytest.mark.parametrize(
    "data",
    [f"act:confirm:{HUGE}", "act:confirm:²", "act:delete:-1", f"act:dupok:{HUGE}", "act:", "", "garbage",
     f"rem:done:{HUGE}", f"rem:snooze:1:{HUGE}", "set:hour:²", f"set:{HUGE}", f"duty:clause:{HUGE}",
     "duty:city:nowhere"],
)  # fmt: skip
def test_garbage_button_data_gets_a_stale_button_answer(app, data: str) -> None:
    outcome = _handle(app, 1001, Kind.BUTTON, data=data, message=Address.telegram(1001, 1))
    shown = outcome.edit or (outcome.replies[0] if outcome.replies else None) or outcome.toast
    assert shown is not None and app.translator.render(shown) != shown.key


@pytest.mark.parametrize(
    ("user", "command", "words", "expected"),
    [
        (1001, "progress", "9999", "不是有效的年份"),
        (1001, "progress", "0001", "不是有效的年份"),
        (2001, "export", "0001", "不是有效的年份"),
        (2001, "overview", "²⁰²⁶", "不是有效的年份"),
        (1001, "undo", HUGE, "没有看懂"),
        (1001, "undo", "²", "没有看懂"),
        (2001, "deadline", f"move {HUGE} 2026-12-01", "没有编号为"),
        (2001, "deadline", "remove ²", "没有编号为"),
        (2001, "schedule", f"cancel {HUGE}", "会议编号"),
        (2001, "schedule", "ics ²", "会议编号"),
        (2001, "settings", "hour ²", "用法"),
        (2001, "settings", f"hour {HUGE}", "用法"),
        (2001, "deactivate", HUGE, "用法"),
        (2001, "deadline", "add 9999-12-31 年度报告", "太远了"),
        (2001, "schedule", "9999年1月1日 10:00 交流会", "太远了"),
    ],
)
def test_out_of_range_arguments_get_the_catalogs_clear_error(app, user, command, words, expected) -> None:
    [result] = _handle(app, user, Kind.COMMAND, command=command, text=words).replies
    assert not isinstance(result, FileReply)
    assert expected in app.translator.render(result)


def test_a_valid_year_still_works(app) -> None:
    [result] = _handle(app, 1001, Kind.COMMAND, command="progress", text="2026").replies
    assert "2026年进度" in app.translator.render(result)
