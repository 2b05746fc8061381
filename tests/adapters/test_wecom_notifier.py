"""The Notifier port on WeCom, against the emulator: what reminders get back from a send."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from bot.core.address import Address
from bot.core.i18n import translator
from bot.core.notifier import RetryLater, Unreachable
from bot.core.replies import Choice, Reply
from bot.wecom.notifier import WeComNotifier, WeComSender
from tests.e2e.wecom_emulator import WeComEmulator
from tests.e2e.wecom_harness import client_for


@pytest.fixture(scope="module")
def emulator() -> Iterator[WeComEmulator]:
    emu = WeComEmulator().start()
    yield emu
    emu.stop()


@pytest.fixture
async def notifier(emulator: WeComEmulator) -> AsyncIterator[WeComNotifier]:
    emulator.faults.clear()
    emulator.gone.clear()
    client = client_for(emulator)
    yield WeComNotifier(WeComSender(client, translator()))
    await client.aclose()


REMINDER = Reply(
    "",
    literal="⏰ 交流会将于两小时后开始",
    choices=((Choice("参加", "rem:yes:1", literal=True), Choice("不参加", "rem:no:1", literal=True)),),
)


async def test_a_reminder_with_buttons_is_a_card_and_delivered_names_it(notifier, emulator) -> None:
    delivered = await notifier.send(Address("wecom", "zhangsan"), REMINDER)
    (card,) = [c for c in emulator.cards.values() if c.touser == "zhangsan"]
    assert delivered.message == Address("wecom", "zhangsan", card.task_id)
    assert card.buttons == [("参加", "rem:yes:1"), ("不参加", "rem:no:1")]


async def test_a_member_who_left_is_unreachable_and_a_busy_wecom_is_retry_later(notifier, emulator) -> None:
    emulator.gone.add("left")
    with pytest.raises(Unreachable):
        await notifier.send(Address("wecom", "left"), REMINDER)
    emulator.inject(errcode=45009, path="/message/send")
    with pytest.raises(RetryLater):
        await notifier.send(Address("wecom", "lisi"), Reply("", literal="提醒"))


async def test_a_chat_of_another_platform_is_refused_not_sent_somewhere(notifier) -> None:
    with pytest.raises(ValueError, match="WeCom"):
        await notifier.send(Address.telegram(42), Reply("", literal="x"))


def test_a_wecom_member_out_of_reach_is_reported_to_their_coordinator_on_telegram(
    sqlite_uow_factory, emulator: WeComEmulator
) -> None:
    import asyncio
    from datetime import datetime

    from sqlalchemy import select

    from bot.core.clock import SHANGHAI, FixedClock
    from bot.services.reminders import dispatch_due, sync_outbox
    from storage.models import ReminderOutbox
    from tests.integration._outbox_helpers import seed_zhuhai, zhuhai_only
    from tests.integration.test_dispatch_platforms import add_wecom_cdo

    seed_zhuhai(sqlite_uow_factory)  # a Telegram CDO and a Telegram coordinator
    add_wecom_cdo(sqlite_uow_factory, "left-the-bureau")
    emulator.gone.add("left-the-bureau")
    clock = FixedClock(datetime(2026, 5, 15, 9, tzinfo=SHANGHAI))
    sync_outbox(sqlite_uow_factory, clock, zhuhai_only())

    async def send() -> object:
        client = client_for(emulator)
        try:
            notifier = WeComNotifier(WeComSender(client, translator()))
            return await dispatch_due(
                sqlite_uow_factory, clock, notifier, worker_id="w", offload=False, platforms=("wecom",)
            )
        finally:
            await client.aclose()

    stats = asyncio.run(send())
    assert stats.unreachable == 1
    with sqlite_uow_factory() as uow:
        notices = uow.session.scalars(
            select(ReminderOutbox).where(
                ReminderOutbox.kind == "coordinator_prompt", ReminderOutbox.status == "pending"
            )
        ).all()
        assert [n.chat_address for n in notices if n.payload.get("notice")] == ["telegram:2001"]


def test_one_dispatch_tick_drains_every_due_wecom_reminder_not_200_per_tick(sqlite_url: str) -> None:
    """WeCom sets no app-wide send pace: rows due together go out in one continuous drain.

    Before, a tick sent at most 10 rounds of 20 and the rest waited 30 s for the next tick (the
    pattern issue 16 measured at 0.24 of the rate on Telegram).
    """
    import asyncio

    from bot.bootstrap import build_app_context
    from bot.config import Secret, Settings
    from bot.core.notifier import RecordingNotifier
    from bot.wecom.reminders import dispatch_once
    from tests.integration._outbox_helpers import seed_due_reminders

    app = build_app_context(Settings(telegram_bot_token=Secret("123:TEST"), database_url=sqlite_url))
    seed_due_reminders(app.uow, [Address("wecom", f"u{i}") for i in range(250)], rule="drain")
    notifier = RecordingNotifier()
    try:
        asyncio.run(dispatch_once(app, notifier))
    finally:
        app.close()
    chats = [chat.text for chat, _ in notifier.sent]
    assert len(chats) == 250 and len(set(chats)) == 250
