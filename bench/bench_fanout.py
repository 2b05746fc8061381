"""Benchmark the reminder fan-out: N recipients due at once, sent by the real bot to a Bot API emulator.

    .venv/bin/python bench/bench_fanout.py [--quick] [--sizes 2000 10000] [--db sqlite postgres]

For each database and size: N members with one reminder each, due a minute ago, in a fresh
database; then the real ``cdo-bot run`` process (reminders on, real HTTP through httpx and the
flood limiter) against ``tests/e2e/emulator.py`` on loopback, which records the time of every
call. Prints the sustained rate (sent / time from first to last send) as a ratio of Telegram's
30/s, the most messages in any one second (must not exceed 30), the drain time, and sent /
duplicated / lost; and the process's RSS after start and its peak after the fan-out.

Then the dispatcher's own ceiling with the limiter off: ``dispatch_due`` in this process through
PTB's ``Bot`` (no rate limiter) to the same emulator, and the emulator's own ceiling (a bare
keep-alive client). ``--quick``: 2,000 recipients only (about 2 × 80 s). Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time

from _common import ROOT, busiest_second, database, machine, rss_mib

BASE_CHAT = 800_000
TELEGRAM_PER_SECOND = 30


def fill(url: str, n: int) -> None:
    """``n`` Telegram members without a city (so the planner adds nothing of its own), one due reminder each."""
    from bot.core.address import Address
    from storage.uow import uow_factory
    from tests.integration._outbox_helpers import seed_due_reminders

    factory = uow_factory(url)
    seed_due_reminders(factory, [Address.telegram(BASE_CHAT + i) for i in range(n)], rule="bench.fanout")
    factory.dispose()


def bench_sends(emulator, since: int) -> list[tuple[int, float]]:
    return [
        (c.params.get("chat_id"), c.at)
        for c in emulator.calls[since:]
        if c.method == "sendMessage"
        and isinstance(c.params.get("chat_id"), int)
        and c.params["chat_id"] >= BASE_CHAT
    ]


def run_process(url: str, n: int) -> dict[str, float]:
    from tests.e2e.emulator import BotApiEmulator

    emulator = BotApiEmulator().start()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "HTTP", "http"))}
    env |= {
        "TELEGRAM_BOT_TOKEN": emulator.token,
        "TELEGRAM_BASE_URL": emulator.base_url,
        "DATABASE_URL": url,
        "LOG_LEVEL": "WARNING",
        "NO_PROXY": "127.0.0.1,localhost",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--skip-migrations"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not emulator.method_calls("getUpdates"):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"bot did not start: {proc.stderr.read().decode() if proc.stderr else ''}")
            time.sleep(0.05)
        rss_start, _ = rss_mib(proc.pid)
        deadline = time.monotonic() + n / 20 + 90
        while len({chat for chat, _ in bench_sends(emulator, 0)}) < n and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(2.0)  # anything sent twice would arrive now
        rss_after, rss_peak = rss_mib(proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        emulator.stop()
    sends = bench_sends(emulator, 0)
    times = [t for _, t in sends]
    chats = [c for c, _ in sends]
    span = max(times) - min(times) if len(times) > 1 else float("nan")
    return {
        "sent": len(sends),
        "duplicated": len(chats) - len(set(chats)),
        "lost": n - len(set(chats)),
        "drain_s": span,
        "rate": (len(times) - 1) / span if span else float("nan"),
        "busiest": busiest_second(times),
        "rss_start": rss_start,
        "rss_after": rss_after,
        "rss_peak": rss_peak,
    }


def dispatcher_ceiling(url: str, n: int) -> float:
    """Messages/s of ``dispatch_due`` with no limiter, through PTB's real HTTP stack to the emulator."""
    from telegram import Bot

    from bot.core.clock import SystemClock
    from bot.core.i18n import translator
    from bot.handlers.telegram_notifier import TelegramNotifier
    from bot.services.reminders import dispatch_due
    from storage.uow import uow_factory
    from tests.e2e.emulator import BotApiEmulator

    emulator = BotApiEmulator().start()
    factory = uow_factory(url)

    async def go() -> float:
        async with Bot(emulator.token, base_url=emulator.base_url) as bot:
            notifier = TelegramNotifier(bot, translator())
            start = time.perf_counter()
            stats = await dispatch_due(factory, SystemClock(), notifier, batch=n + 10)
            elapsed = time.perf_counter() - start
            assert stats.sent == n, stats
            return n / elapsed

    try:
        return asyncio.run(go())
    finally:
        factory.dispose()
        emulator.stop()


def emulator_ceiling(seconds: float = 2.0) -> float:
    import httpx

    from tests.e2e.emulator import BotApiEmulator

    emulator = BotApiEmulator().start()
    try:
        with httpx.Client(trust_env=False) as client:
            url = f"{emulator.base_url}{emulator.token}/sendMessage"
            count, start = 0, time.perf_counter()
            while time.perf_counter() - start < seconds:
                client.post(url, data={"chat_id": "1", "text": "x"}).raise_for_status()
                count += 1
            return count / (time.perf_counter() - start)
    finally:
        emulator.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 recipients only")
    parser.add_argument("--sizes", type=int, nargs="*", default=[2000, 10000])
    parser.add_argument("--db", nargs="*", default=["sqlite", "postgres"])
    args = parser.parse_args()
    sizes = [2000] if args.quick else args.sizes
    print(f"machine: {machine()}")
    print(f"emulator alone: {emulator_ceiling():.0f} calls/s on one keep-alive connection")
    for kind in args.db:
        for n in sizes:
            with database(kind) as url:
                fill(url, n)
                r = run_process(url, n)
            print(
                f"{kind:8} n={n:5}: sustained {r['rate']:.1f}/s = {r['rate'] / TELEGRAM_PER_SECOND:.2f} of 30/s;"
                f" busiest second {r['busiest']} (limit 30); drain {r['drain_s']:.1f} s;"
                f" sent {r['sent']} duplicated {r['duplicated']} lost {r['lost']};"
                f" RSS after start {r['rss_start']:.0f} MiB, after fan-out {r['rss_after']:.0f} MiB,"
                f" peak {r['rss_peak']:.0f} MiB (target < 250 MB = 238 MiB)"
            )
        with database(kind) as url:
            fill(url, 2000)
            ceiling = dispatcher_ceiling(url, 2000)
        print(f"{kind:8} dispatcher ceiling, limiter off: {ceiling:.0f} messages/s (n=2000)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
