"""The Telegram ``Notifier``: Bot API failures become the outcomes the reminder dispatcher acts on."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot

from bot.core.i18n import translator
from bot.core.notifier import RetryLater, Unreachable
from bot.core.replies import Choice, Reply
from bot.handlers.notifier import TelegramNotifier
from tests.adapters._offline import OfflineRequest
from tests.e2e.emulator import BotApiEmulator, buttons

CHAT = 4242

# PTB itself reads its deprecated int ``retry_after`` while building the error.
pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*")


@pytest.fixture
def emulator() -> BotApiEmulator:
    return BotApiEmulator()


@pytest.fixture
async def notifier(emulator: BotApiEmulator) -> AsyncIterator[TelegramNotifier]:
    bot = Bot("123:TEST", request=OfflineRequest(emulator), get_updates_request=OfflineRequest(emulator))
    async with bot:
        yield TelegramNotifier(bot, translator())


async def test_a_reminder_is_sent_rendered_with_its_buttons(notifier: TelegramNotifier,
                                                            emulator: BotApiEmulator) -> None:
    delivered = await notifier.send(CHAT, Reply("bot.hint", choices=((Choice("button.confirm", "rem:done:1"),),)))
    [message] = emulator.bot_messages(CHAT)
    assert delivered.message_id == message["message_id"]
    assert buttons(message) == [("确认", "rem:done:1")]


async def test_a_user_who_blocked_the_bot_is_unreachable(notifier: TelegramNotifier,
                                                         emulator: BotApiEmulator) -> None:
    emulator.blocked_by.add(CHAT)
    with pytest.raises(Unreachable, match="blocked"):
        await notifier.send(CHAT, Reply("bot.hint"))


async def test_flood_control_asks_to_retry_after_telegrams_delay(notifier: TelegramNotifier,
                                                                 emulator: BotApiEmulator) -> None:
    emulator.flood_wait = 17
    with pytest.raises(RetryLater) as caught:
        await notifier.send(CHAT, Reply("bot.hint"))
    assert caught.value.retry_after == 17
    assert emulator.bot_messages(CHAT) == []
