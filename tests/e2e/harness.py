"""Start, stop and kill the real ``cdo-bot run`` process against the emulator; read the database.

The bot runs as a subprocess with ``TELEGRAM_BASE_URL`` pointing at the emulator, so every byte
goes through python-telegram-bot's real HTTP stack (httpx, form encoding, long polling).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.e2e.emulator import BotApiEmulator

ROOT = Path(__file__).resolve().parents[2]
CDO_BOT = [sys.executable, "-m", "bot"]


def clean_env(drop: tuple[str, ...], **values: str) -> dict[str, str]:
    """This process's environment without ``drop``-prefixed settings or proxies, plus ``values``.

    What every bot process under test starts from: no stray platform settings from the caller's
    shell, loopback never proxied, logs unbuffered at INFO (the harnesses wait for log lines).
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env.update(
        {
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
            **values,
        }
    )
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        env.pop(proxy, None)
    return env


def bot_env(emulator: BotApiEmulator, db_path: Path, admin_ids: str = "", **extra: str) -> dict[str, str]:
    values = {
        "TELEGRAM_BOT_TOKEN": emulator.token,
        "TELEGRAM_BASE_URL": emulator.base_url,
        "DATABASE_URL": f"sqlite:///{db_path}",
        "ADMIN_IDS": admin_ids,
    }
    return clean_env(("TELEGRAM_", "WEBHOOK_"), **(values | extra))


class BotSubprocess:
    """One ``cdo-bot`` process under test: ``start`` waits until ``ready()`` says so, ``kill`` is a
    crash (no shutdown, nothing flushed), ``stop`` a SIGTERM (a graceful stop)."""

    args: list[str]

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env = env
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    def _start(self, ready: Callable[[], bool], timeout: float, what: str) -> None:
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [*CDO_BOT, *self.args], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while not ready():
            if self.proc.poll() is not None:
                raise RuntimeError(f"bot exited with {self.proc.returncode}:\n{self.log()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"bot did not {what} within {timeout}s:\n{self.log()}")
            time.sleep(0.05)

    def kill(self) -> None:
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


class BotProcess(BotSubprocess):
    """One ``cdo-bot run`` against the Bot API emulator; ready once it polls."""

    def __init__(
        self, emulator: BotApiEmulator, env: dict[str, str], log_path: Path, *, reminders: bool = False
    ) -> None:
        super().__init__(env, log_path)
        self.emulator = emulator
        # Off by default: a reminder due today (they depend on the real date) would arrive in the middle
        # of a dialog under test. One test runs the process with them on.
        self.args = ["run"] if reminders else ["run", "--no-reminders"]

    def start(self, timeout: float = 30.0, ready_on: str = "getUpdates") -> BotProcess:
        """Start and wait until the bot calls ``ready_on`` (``setWebhook`` in webhook mode)."""
        polls_before = len(self.emulator.method_calls(ready_on))
        self._start(
            lambda: len(self.emulator.method_calls(ready_on)) > polls_before, timeout, f"call {ready_on}"
        )
        return self


def run_cli(
    *args: str, env: dict[str, str], timeout: float = 60.0, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CDO_BOT, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, input=input
    )


def create_invite(env: dict[str, str], city: str, unit: str, role: str) -> str:
    done = run_cli("invite", "--city", city, "--unit", unit, "--role", role, "--json", env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])["code"]


def row_counts(
    db_path: Path,
    tables: tuple[str, ...] = ("activities", "members", "evidence", "pending_drafts", "invites", "audit_log"),
) -> dict[str, int]:
    with sqlite3.connect(db_path) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def query(db_path: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchall()
