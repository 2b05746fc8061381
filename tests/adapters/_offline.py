"""An offline Telegram bot for adapter tests: no socket is ever opened.

``OfflineRequest`` is a ``telegram.request.BaseRequest`` (as in python-telegram-bot's own test
suite) that answers from the in-process Bot API emulator of ``tests/e2e/emulator.py`` instead of
the network: every call is recorded, and a method the emulator does not know fails the test.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.request import BaseRequest, RequestData

from bot.config import Secret, Settings
from bot.core.address import Account, Address
from bot.core.clock import FixedClock
from bot.core.i18n import translator
from bot.core.replies import Reply
from tests.e2e.emulator import ApiError, BotApiEmulator


class OfflineRequest(BaseRequest):
    def __init__(self, emulator: BotApiEmulator) -> None:
        self.emulator = emulator

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        if not url.startswith("https://api.telegram.org/bot"):
            raise AssertionError(f"unexpected URL {url}")
        api_method = url.rsplit("/", 1)[-1]
        params = json.loads(json.dumps(request_data.parameters)) if request_data else {}
        try:
            result = self.emulator.dispatch(api_method, params)
        except ApiError as exc:
            return exc.code, json.dumps(exc.payload()).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()


@dataclass
class Member:
    display_name: str = "张三"
    role: str = "cdo"
    city: str = "zhuhai"
    unit: str = "市公安局"


@dataclass
class FakeServices:
    """Stands in for ``bot.bootstrap.Services``: records what the handlers asked for."""

    members: dict[int, Member] = field(default_factory=dict)
    asked: list[tuple[str, Any]] = field(default_factory=list)
    text_reply: Reply = field(default_factory=lambda: Reply("bot.hint"))

    def already_handled(self, platform: str, event_id: int | str) -> bool:
        return False

    def identify(self, account: Account) -> Member | None:
        return self.members.get(int(account.external_id))

    def respond_to_text(self, member: Member, *, chat: Address, text: str) -> Reply:
        self.asked.append(("text", text))
        return self.text_reply

    def card_shown(self, reply: Reply, *, message: Address) -> None:
        self.asked.append(("card_shown", int(message.message or 0)))

    def join(self, **kwargs: Any) -> Reply:
        self.asked.append(("join", kwargs))
        return Reply("bot.start.welcome_back", {"name": kwargs["display_name"]})

    def welcome(self, member: Member) -> Reply:
        return Reply("bot.start.welcome_back", {"name": member.display_name})

    def cancel_dialog(self, member: Member, *, chat: Address) -> bool:
        self.asked.append(("cancel", int(chat.chat)))
        return False

    def propose_activity(self, member: Member, *, chat: Address, text: str, kind: str | None = None) -> Reply:
        self.asked.append(("propose", kind, text))
        return Reply("bot.hint")

    def warm_up(self) -> None:
        return None

    store: MemoryConversationStore = field(default_factory=lambda: MemoryConversationStore())

    @property
    def conversation_store(self):
        return lambda: self.store


class MemoryConversationStore:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, tuple[int, ...]], str] = {}

    def load(self, name: str) -> dict[tuple[int, ...], str]:
        return {key: state for (n, key), state in self.rows.items() if n == name}

    def save(self, name: str, key: tuple[int, ...], state: str | None, ttl: timedelta) -> None:
        if state is None:
            self.rows.pop((name, key), None)
        else:
            self.rows[(name, key)] = state


@dataclass
class FakeApp:
    services: FakeServices
    settings: Settings = field(default_factory=lambda: Settings(telegram_bot_token=Secret("123:TEST")))
    translator: Any = field(default_factory=translator)
    clock: FixedClock | None = None
    exit_code: int = 0

    def close(self) -> None:
        return None


def update(emulator: BotApiEmulator, bot: Any, payload: dict[str, Any]) -> Update:
    return Update.de_json({"update_id": 1, **payload}, bot)
