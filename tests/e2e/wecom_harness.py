"""Start, stop and kill the real ``cdo-bot run --platform wecom`` process against the WeCom emulator.

The bot's callback server listens on a free loopback port; the emulator's ``callback_url`` points
at it, and the bot's ``WECOM_API_BASE`` at the emulator, so every byte goes through the bot's
real HTTP stacks (tornado in, httpx out) and both envelope implementations.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from tests.e2e.harness import CDO_BOT, ROOT
from tests.e2e.wecom_emulator import WeComEmulator

READY = "wecom: ready"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wecom_env(emulator: WeComEmulator, database_url: str, port: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "WECOM_"))}
    env.update(
        {
            **emulator.bot_env(),
            "WECOM_CALLBACK_HOST": "127.0.0.1",
            "WECOM_CALLBACK_PORT": str(port),
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
            **extra,
        }
    )
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        env.pop(proxy, None)
    return env


class WeComBotProcess:
    """One ``cdo-bot run --platform wecom``; ``start`` waits until it says it is ready."""

    def __init__(
        self, emulator: WeComEmulator, env: dict[str, str], log_path: Path, *, reminders: bool = False
    ) -> None:
        self.emulator = emulator
        self.env = env
        self.log_path = log_path
        self.args = ["run", "--platform", "wecom"] + ([] if reminders else ["--no-reminders"])
        self.proc: subprocess.Popen[bytes] | None = None
        emulator.callback_url = f"http://127.0.0.1:{env['WECOM_CALLBACK_PORT']}/wecom/callback"

    def start(self, timeout: float = 45.0) -> WeComBotProcess:
        readies = self.log().count(READY)
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [*CDO_BOT, *self.args], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while self.log().count(READY) <= readies:
            if self.proc.poll() is not None:
                raise RuntimeError(f"bot exited with {self.proc.returncode}:\n{self.log()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"bot not ready within {timeout}s:\n{self.log()}")
            time.sleep(0.05)
        return self

    def kill(self) -> None:
        """A crash: no shutdown, nothing drained."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def stop(self, timeout: float = 20.0) -> int:
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        return self.proc.returncode

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
