"""Benchmark the reminder fan-out on WeCom: N members due at once, sent by the real WeCom process.

    .venv/bin/python bench/bench_fanout_wecom.py [--quick] [--sizes 2000 10000] [--db sqlite postgres]

WeCom's documented limits for a self-built app (访问频率限制, ``bot.wecom.send_limits``): at most 30
messages a minute and 1,000 an hour **per member** (beyond that WeCom drops them silently);
``message/send`` does not count against the per-API 10,000 calls a minute, and the daily quota is
the account ceiling × 200 recipients. So there is no app-wide rate to reach: a fan-out should go
out as fast as the bot can send, and no member may ever get more than 30 in a minute.

For each database and size: N WeCom members with one due reminder each, in a fresh database; then
the real ``cdo-bot run --platform wecom`` process (reminders on, httpx to ``tests/e2e/wecom_emulator.py``
on loopback, which drops a member's 31st message of a minute as WeCom does). Prints the sustained
rate, the drain time, the most messages one member got in any 60 s (limit 30), sent / duplicated /
lost / dropped, and RSS. Then a burst: 45 replies to one member through ``WeComClient`` as fast as
it will send them — all 45 must arrive, none dropped, the 30th after the minute's window. Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

from _common import busiest_second, database, machine, rss_mib

BURST = 45


def fill(url: str, n: int) -> None:
    """``n`` WeCom members without a city (the planner adds nothing), one due reminder each."""
    from bot.core.address import Address
    from storage.uow import uow_factory
    from tests.integration._outbox_helpers import seed_due_reminders

    factory = uow_factory(url)
    seed_due_reminders(factory, [Address("wecom", f"bench{i}") for i in range(n)], rule="bench.fanout")
    factory.dispose()


def most_in_a_minute(times: list[float]) -> int:
    return busiest_second(times, window=60.0)


def run_process(url: str, n: int) -> dict[str, float]:
    from tests.e2e.wecom_emulator import WeComEmulator
    from tests.e2e.wecom_harness import WeComBotProcess, free_port, wecom_env

    emulator = WeComEmulator().start()
    with tempfile.TemporaryDirectory() as tmp:
        env = wecom_env(emulator, url, free_port())  # INFO: the harness waits for "wecom: ready"
        bot = WeComBotProcess(emulator, env, Path(tmp) / "bot.log", reminders=True)
        env_start = time.monotonic()
        bot.start(timeout=120)
        assert bot.proc is not None
        rss_start, _ = rss_mib(bot.proc.pid)
        deadline = time.monotonic() + n / 10 + 120
        while time.monotonic() < deadline:
            if len({m.touser for m in emulator.messages if m.touser.startswith("bench")}) >= n:
                break
            time.sleep(0.5)
        time.sleep(2.0)  # anything sent twice would arrive now
        rss_after, rss_peak = rss_mib(bot.proc.pid)
        bot.stop()
        emulator.stop()
    sends = [m for m in emulator.messages if m.touser.startswith("bench")]
    times = [m.at for m in sends]
    users = [m.touser for m in sends]
    per_user: dict[str, list[float]] = {}
    for m in sends:
        per_user.setdefault(m.touser, []).append(m.at)
    span = max(times) - min(times) if len(times) > 1 else float("nan")
    return {
        "sent": len(sends),
        "duplicated": len(users) - len(set(users)),
        "lost": n - len(set(users)),
        "dropped": len(emulator.dropped),
        "drain_s": span,
        "start_to_last_s": (max(times) - env_start) if times else float("nan"),
        "rate": (len(times) - 1) / span if span else float("nan"),
        "busiest_second": busiest_second(times),
        "member_minute": max((most_in_a_minute(t) for t in per_user.values()), default=0),
        "rss_start": rss_start,
        "rss_after": rss_after,
        "rss_peak": rss_peak,
    }


def burst() -> dict[str, float]:
    """``BURST`` messages to one member as fast as the client lets them go."""
    from tests.e2e.wecom_emulator import WeComEmulator
    from tests.e2e.wecom_harness import client_for

    emulator = WeComEmulator().start()

    async def go() -> float:
        client = client_for(emulator)
        start = time.monotonic()
        try:
            for i in range(BURST):
                await client.send_text("zhangsan", f"第{i + 1}条")
        finally:
            await client.aclose()
        return time.monotonic() - start

    try:
        elapsed = asyncio.run(go())
    finally:
        emulator.stop()
    got = [m.at for m in emulator.sent_to("zhangsan")]
    return {
        "delivered": len(got),
        "dropped": len(emulator.dropped),
        "elapsed": elapsed,
        "member_minute": most_in_a_minute(got),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 members only, no burst")
    parser.add_argument("--sizes", type=int, nargs="*", default=[2000, 10000])
    parser.add_argument("--db", nargs="*", default=["sqlite", "postgres"])
    parser.add_argument("--no-burst", action="store_true")
    args = parser.parse_args()
    sizes = [2000] if args.quick else args.sizes
    print(f"machine: {machine()}")
    for kind in args.db:
        for n in sizes:
            with database(kind) as url:
                fill(url, n)
                r = run_process(url, n)
            print(
                f"{kind:8} n={n:5}: sustained {r['rate']:.1f}/s; drain {r['drain_s']:.1f} s"
                f" (start to last {r['start_to_last_s']:.1f} s); busiest second {r['busiest_second']};"
                f" most to one member in 60 s {r['member_minute']} (limit 30);"
                f" sent {r['sent']} duplicated {r['duplicated']} lost {r['lost']} dropped by WeCom {r['dropped']};"
                f" RSS after start {r['rss_start']:.0f} MiB, after {r['rss_after']:.0f} MiB,"
                f" peak {r['rss_peak']:.0f} MiB (target < 238 MiB)"
            )
    if not (args.quick or args.no_burst):
        b = burst()
        print(
            f"burst: {BURST} messages to one member: delivered {b['delivered']}, dropped {b['dropped']},"
            f" most in 60 s {b['member_minute']} (limit 30), took {b['elapsed']:.1f} s"
            f" (the 30th waits for the first to leave the 61 s window)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
