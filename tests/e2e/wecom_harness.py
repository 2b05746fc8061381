"""Start, stop and kill the real ``cdo-bot run --platform wecom`` process against the WeCom emulator.

The bot's callback server listens on a free loopback port; the emulator's ``callback_url`` points
at it, and the bot's ``WECOM_API_BASE`` at the emulator, so every byte goes through the bot's
real HTTP stacks (tornado in, httpx out) and both envelope implementations.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from bot.wecom.client import WeComClient
from tests.e2e.harness import BotSubprocess, clean_env
from tests.e2e.wecom_emulator import WeComEmulator

READY = "wecom: ready"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wecom_env(emulator: WeComEmulator, database_url: str, port: int, **extra: str) -> dict[str, str]:
    values = emulator.bot_env() | {
        "WECOM_CALLBACK_HOST": "127.0.0.1",
        "WECOM_CALLBACK_PORT": str(port),
        "DATABASE_URL": database_url,
    }
    return clean_env(("TELEGRAM_", "WEBHOOK_", "WECOM_"), **(values | extra))


class WeComBotProcess(BotSubprocess):
    """One ``cdo-bot run --platform wecom``; ``start`` waits until it says it is ready."""

    def __init__(
        self, emulator: WeComEmulator, env: dict[str, str], log_path: Path, *, reminders: bool = False
    ) -> None:
        super().__init__(env, log_path)
        self.emulator = emulator
        self.args = ["run", "--platform", "wecom"] + ([] if reminders else ["--no-reminders"])
        emulator.callback_url = f"http://127.0.0.1:{env['WECOM_CALLBACK_PORT']}/wecom/callback"

    def start(self, timeout: float = 45.0) -> WeComBotProcess:
        readies = self.log().count(READY)
        self._start(lambda: self.log().count(READY) > readies, timeout, "say it is ready")
        return self


def client_for(emulator: WeComEmulator, **options: Any) -> WeComClient:
    """Our API client as the app's settings would build it, pointed at ``emulator``."""
    return WeComClient(
        corp_id=emulator.corp_id,
        secret=emulator.secret,
        agent_id=emulator.agent_id,
        api_base=emulator.api_base,
        **options,
    )
