"""Exactly once for commands: a redelivered Telegram update (same ``update_id``) takes effect once.

Telegram hands out an update again when the process died after the command committed but before
the update was confirmed: the application (``build_application``, offline) runs on the real
services and a SQLite file, and the same ``Update`` is processed twice, as a restart would.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Any

import pytest
from telegram import Update

from bot.core.clock import SHANGHAI
from bot.handlers.application import build_application
from tests.adapters._offline import OfflineRequest
from tests.adapters._zhuhai import CDO, COORDINATOR, zhuhai_app
from tests.e2e.emulator import BotApiEmulator

NOW = datetime(2026, 11, 24, 10, tzinfo=SHANGHAI)


@pytest.fixture
def app_context(sqlite_url: str):
    # A loaded CI machine must not turn the first delivery into "系统繁忙" (then the second is the first).
    app = zhuhai_app(
        sqlite_url,
        NOW,
        trainings=((date(2026, 3, 3), "数据安全培训"), (date(2026, 3, 5), "数据治理培训")),
        stamped=True,
        service_timeout=120.0,
    )
    yield app
    app.close()


@pytest.fixture
async def application(app_context) -> AsyncIterator[Any]:
    emulator = BotApiEmulator()
    app = build_application(app_context, request=OfflineRequest(emulator), rate_limit=False, reminders=False)
    app.emulator = emulator
    async with app:
        yield app


async def deliver_twice(application: Any, user: dict[str, Any], text: str) -> list[str]:
    """The user sends ``text`` once; Telegram delivers the update, then the same update again."""
    emulator: BotApiEmulator = application.emulator
    before = len(emulator.bot_messages(user["id"]))
    emulator.send_text(user, text)
    payload = emulator._updates.pop(0)
    for _ in range(2):
        await application.process_update(Update.de_json(payload, application.bot))
    return [m.get("text", "") for m in emulator.bot_messages(user["id"])[before:]]


def _live_titles(app_context) -> list[str]:
    with app_context.uow() as uow:
        unit = uow.units.by_name("zhuhai", "香洲区")
        return [a.title for a in uow.activities.history([unit.id], limit=50)]


async def test_a_redelivered_undo_removes_one_record_not_two(application: Any, app_context) -> None:
    first, second = await deliver_twice(application, CDO, "/undo")
    assert "数据治理培训" in first
    assert "已经处理过" in second
    assert _live_titles(app_context) == ["数据安全培训"]


async def test_a_redelivered_schedule_makes_one_meeting(application: Any, app_context) -> None:
    replies = await deliver_twice(
        application, COORDINATOR, "/schedule 12月10日 15:00 数据要素交流会 @市政务中心"
    )
    assert "已经处理过" in replies[-1]
    with app_context.uow() as uow:
        meetings = uow.meetings.upcoming("zhuhai", NOW)
    assert [m.title for m in meetings] == ["数据要素交流会"]


async def test_a_read_only_command_delivered_again_is_answered_again(application: Any) -> None:
    first, second = await deliver_twice(application, CDO, "/history")
    assert first == second and "数据安全培训" in first
