"""Group chats and member management through Telegram, offline (``build_application`` on the real
services and a SQLite file): every command that shows a unit's data follows the ``/overview`` rule,
``/start CODE`` in a group redeems nothing, and admins/coordinators manage members in chat."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Any

import pytest
from telegram import Update

from bot.core.address import Account
from bot.core.clock import SHANGHAI
from bot.handlers.application import build_application
from bot.services import access
from tests.adapters._offline import OfflineRequest
from tests.adapters._zhuhai import CDO, COORDINATOR, zhuhai_app
from tests.e2e.emulator import BotApiEmulator

STRANGER = BotApiEmulator.user(3003, "新来的")
GROUP = -100555
NOW = datetime(2026, 11, 24, 10, tzinfo=SHANGHAI)


@pytest.fixture
def app_context(sqlite_url: str):
    app = zhuhai_app(sqlite_url, NOW, trainings=((date(2026, 3, 5), "数据安全培训"),))
    yield app
    app.close()


@pytest.fixture
async def application(app_context) -> AsyncIterator[Any]:
    emulator = BotApiEmulator()
    app = build_application(app_context, request=OfflineRequest(emulator), rate_limit=False, reminders=False)
    app.emulator = emulator
    async with app:
        yield app


async def say(application: Any, user: dict[str, Any], text: str, chat_id: int | None = None) -> list[str]:
    emulator: BotApiEmulator = application.emulator
    chat = user["id"] if chat_id is None else chat_id
    before = len(emulator.bot_messages(chat))
    emulator.send_text(user, text, chat_id=chat_id)
    while emulator._updates:
        await application.process_update(Update.de_json(emulator._updates.pop(0), application.bot))
    return [m.get("text", "") for m in emulator.bot_messages(chat)[before:]]


@pytest.mark.parametrize(
    ("user", "command"),
    [
        (CDO, "/history"),
        (CDO, "/progress"),
        (CDO, "/undo"),
        (COORDINATOR, "/history"),
        (COORDINATOR, "/members 香洲区"),
        (COORDINATOR, "/invite 香洲区 staff"),
    ],
)
async def test_commands_showing_a_units_data_are_not_answered_in_a_group(
    application: Any, app_context, user: dict[str, Any], command: str
) -> None:
    [reply] = await say(application, user, command, chat_id=GROUP)
    assert "只在私聊中提供" in reply
    assert "数据安全培训" not in reply and "香洲区首席数据官" not in reply
    with app_context.uow() as uow:
        unit = uow.units.by_name("zhuhai", "香洲区")
        assert [a.title for a in uow.activities.history([unit.id])] == ["数据安全培训"]


async def test_the_same_commands_answer_in_a_private_chat(application: Any) -> None:
    [history] = await say(application, CDO, "/history")
    assert "数据安全培训" in history


async def test_start_with_a_code_in_a_group_points_to_a_private_chat_and_joins_nobody(
    application: Any, app_context
) -> None:
    code = access.create_invite(
        app_context.uow, app_context.clock, city="zhuhai", unit_name="市公安局", role="cdo"
    ).code
    [reply] = await say(application, STRANGER, f"/start {code}", chat_id=GROUP)
    assert f"https://t.me/cdo_test_bot?start={code}" in reply and "私聊" in reply
    assert access.identify(app_context.uow, Account.telegram(STRANGER["id"])) is None
    [welcome] = await say(application, STRANGER, f"/start {code}")
    assert "欢迎" in welcome
    with app_context.uow() as uow:
        assert (
            uow.members.active_by_account("telegram", str(STRANGER["id"])).chat_address
            == f"telegram:{STRANGER['id']}"
        )


async def test_a_coordinator_lists_deactivates_and_hands_over_in_chat(application: Any, app_context) -> None:
    [listing] = await say(application, COORDINATOR, "/members 香洲区")
    cdo_id = app_context.member_ids["cdo"]
    assert f"#{cdo_id} 香洲区首席数据官" in listing
    [handover] = await say(application, COORDINATOR, "/handover 香洲区")
    assert "交接邀请码" in handover and "香洲区首席数据官" in handover
    [done] = await say(application, COORDINATOR, f"/deactivate #{cdo_id}")
    assert "已停用" in done
    [refused] = await say(application, CDO, "/history")
    assert "香洲区" not in refused


async def test_a_cdo_may_not_manage_members_in_chat(application: Any) -> None:
    [refused] = await say(application, CDO, "/members 香洲区")
    assert "仅限管理员和本市统筹协调人员" in refused
    [usage] = await say(application, COORDINATOR, "/deactivate 99999999999999999999")
    assert "用法" in usage
