"""One script, two transports: the terminal chat and the Telegram adapter answer every line alike.

Both run over their own migrated SQLite file at the same fixed time. Telegram gets real
``Update`` objects through the offline request; a number typed in the terminal presses the
button of that number, which on Telegram is a callback on the message that shows it. What the
user reads is compared: the text of each new or edited message (the terminal's numbered choices
are its rendering of buttons, so they are compared as the buttons' labels).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any

import pytest
from telegram import Update

from bot.bootstrap import AppContext, build_app_context, seed_units
from bot.chat import TerminalChat
from bot.config import Secret, Settings
from bot.core.clock import SHANGHAI, FixedClock
from bot.handlers.application import build_application
from bot.services import access
from storage import migrate
from tests.adapters._offline import OfflineRequest
from tests.e2e.emulator import BotApiEmulator

USER_ID = 4242
USER = BotApiEmulator.user(USER_ID, "张三")
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)
SCRIPT = [
    "/start {code}",
    "/help",
    "昨天下午3点组织了数据安全培训，30人参加",
    "2",  # 修改
    "#人数",  # the field button whose label is 人数
    "45",
    "#确认",
    "/history",
    "一票否决权是什么",
    "食堂啥时候开门",
    "食堂什么时候开门",
    "你好",
    "/progress",
    "1",  # no buttons shown: an ordinary line, never a clause number
    "/train",
    "11月20日 数据治理培训 20人",
    "/cancel",  # right after the card: the card is cancelled
    "/cancel",
    "/meeting",
    "/cancel",
    "/settings",
    "/deadline",
    "/unknown",
    "/undo",
]
OPTIONS = re.compile(r"^\[\d+\] .*$", re.MULTILINE)


def _app(path: str) -> tuple[AppContext, str]:
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    app = build_app_context(
        Settings(telegram_bot_token=Secret("123:TEST"), database_url=url), clock=FixedClock(NOW)
    )
    seed_units(app.uow)
    code = access.create_invite(app.uow, app.clock, city="zhuhai", unit_name="市公安局", role="cdo").code
    return app, code


@pytest.fixture
def terminal(tmp_path) -> Iterator[tuple[TerminalChat, str]]:
    app, code = _app(str(tmp_path / "terminal.sqlite3"))
    yield TerminalChat(app, USER_ID, display_name="张三", files_dir=tmp_path / "files"), code
    app.close()


@pytest.fixture
async def telegram(tmp_path) -> AsyncIterator[tuple[Any, BotApiEmulator, str]]:
    app, code = _app(str(tmp_path / "telegram.sqlite3"))
    emulator = BotApiEmulator()
    application = build_application(
        app, request=OfflineRequest(emulator), rate_limit=False, reminders=False, block=True
    )
    async with application:
        yield application, emulator, code
    app.close()


def _terminal_step(chat: TerminalChat, line: str) -> str:
    if line.startswith("#"):  # press the shown button with this label
        labels = [chat.app.translator.label(c) for c in chat.choices]
        line = str(labels.index(line[1:]) + 1)
    answer = chat.handle(line)
    saved = chat.app.translator.format("bot.chat.file_saved", {"path": ""})
    # A file is written beside the user and its path shown: the terminal's way of sending it.
    answer = "\n".join(row for row in answer.split("\n") if not row.startswith(saved))
    labels = " ".join(chat.app.translator.label(c) for c in chat.choices)
    return f"{OPTIONS.sub('', answer).strip()}\n<{labels}>"


class TelegramUser:
    """Types into Telegram; a number presses a button of the message shown last, as in the terminal."""

    def __init__(self, application: Any, emulator: BotApiEmulator) -> None:
        self.application, self.emulator = application, emulator
        self.current: dict[str, Any] | None = None
        """The message whose buttons the user looks at (the last one that changed)."""

    def buttons(self) -> list[dict[str, Any]]:
        markup = (self.current or {}).get("reply_markup", {})
        return [b for row in markup.get("inline_keyboard", []) for b in row]

    async def step(self, line: str) -> str:
        emulator = self.emulator
        before = {key: dict(message) for key, message in emulator.messages.items()}
        buttons = self.buttons()
        if line.startswith("#"):
            line = str([b["text"] for b in buttons].index(line[1:]) + 1)
        if line.isdigit() and 1 <= int(line) <= len(buttons):
            assert self.current is not None
            emulator.press(USER, self.current, buttons[int(line) - 1]["callback_data"])
        else:
            emulator.send_text(USER, line)
        while emulator._updates:
            await self.application.process_update(
                Update.de_json(emulator._updates.pop(0), self.application.bot)
            )
        changed = [
            m
            for key, m in sorted(emulator.messages.items(), key=lambda item: item[0][1])
            if m.get("from", {}).get("is_bot") and (key not in before or before[key] != m)
        ]
        if changed:
            self.current = changed[-1]
        texts = "\n".join(m.get("text") or m.get("caption") or "" for m in changed)
        labels = " ".join(b["text"] for b in self.buttons())
        return f"{texts.strip()}\n<{labels}>"


async def test_the_terminal_and_telegram_answer_the_same_script_alike(terminal, telegram) -> None:
    chat, terminal_code = terminal
    application, emulator, telegram_code = telegram
    user = TelegramUser(application, emulator)
    for step in SCRIPT:
        from_terminal = _terminal_step(chat, step.format(code=terminal_code))
        from_telegram = await user.step(step.format(code=telegram_code))
        assert from_terminal == from_telegram, step
