"""An offline Telegram bot for adapter tests: no socket is ever opened.

``OfflineRequest`` is a ``telegram.request.BaseRequest`` (as in python-telegram-bot's own test
suite) that answers from the in-process Bot API emulator of ``tests/e2e/emulator.py`` instead of
the network: every call is recorded, and a method the emulator does not know fails the test.
"""

from __future__ import annotations

import json
from typing import Any

from telegram.request import BaseRequest, RequestData

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
