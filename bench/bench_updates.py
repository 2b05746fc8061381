"""Benchmark update throughput: mixed updates from registered users through the real ``Application``.

    .venv/bin/python bench/bench_updates.py [--quick] [--updates 2000] [--db sqlite postgres] [--profile]

50 registered users (a CDO or staff member of each Zhuhai unit) send, in turn, a duty question, an
activity message (the bot answers with a card), a press of 确认 on that card, ``/history`` and
``/progress``. Each update is a real PTB ``Update`` handed to ``Application.process_update`` of
the application ``cdo-bot run`` builds (real services, real database), with the offline request
of the adapter tests answering every Bot API call in-process. Beside it, in the same run, a
minimal python-telegram-bot echo bot on the same offline request. Prints updates/s, p50 and p99
per update, the ratio to the echo bot, SQL statements and commits per update, and with
``--profile`` the top functions by own time. Targets: ≥ 1,000 updates/s on SQLite, ≥ 500 on
PostgreSQL, p99 < 20 ms. The flood limiter is off (it would cap replies at 29/s). Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import sys
import time
import warnings
from collections import Counter
from typing import Any

from _common import database, machine, median, percentile

USERS = 50
BASE_USER = 10_000
QUESTION = "首席数据官要做哪些工作"
ACTIVITY = "昨天组织了数据安全培训，30人参加"


def seed(app: Any) -> list[dict[str, Any]]:
    from bot.bootstrap import seed_units
    from bot.core.cities import load_cities
    from tests.e2e.emulator import BotApiEmulator
    from tests.integration._outbox_helpers import add_member

    seed_units(app.uow)
    units = [u.name for u in load_cities()["zhuhai"].units]
    users = []
    for i in range(USERS):
        user = BotApiEmulator.user(BASE_USER + i, f"用户{i}")
        role = "cdo" if i < len(units) else "staff"
        add_member(
            app.uow, user_id=user["id"], name=user["first_name"], role=role, unit=units[i % len(units)]
        )
        users.append(user)
    return users


class Counters:
    """SQL statements and commits on one engine (SQLAlchemy events)."""

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.statements = self.commits = 0
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)

    def _statement(self, *args: Any) -> None:
        self.statements += 1

    def _commit(self, *args: Any) -> None:
        self.commits += 1


async def _handlers_done() -> None:
    """Wait for the tasks an update started (handlers with ``block=False``); nothing else runs here."""
    others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    if others:
        await asyncio.gather(*others)


def _profiled(profiler: cProfile.Profile, fn: Any) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        profiler.enable()
        try:
            return fn(*args, **kwargs)
        finally:
            profiler.disable()

    return call


async def run_bot(url: str, n: int, profile: bool, dump: str | None = None) -> dict[str, Any]:
    from telegram import Update

    from bot.bootstrap import build_app_context
    from bot.config import Secret, Settings
    from bot.handlers.application import build_application
    from tests.adapters._offline import OfflineRequest
    from tests.e2e.emulator import BotApiEmulator, button_data

    settings = Settings(telegram_bot_token=Secret("123:TEST"), database_url=url)
    app = build_app_context(settings)
    users = seed(app)
    emulator = BotApiEmulator()
    application = build_application(app, request=OfflineRequest(emulator), rate_limit=False, reminders=False)
    await application.initialize()
    await asyncio.to_thread(app.dispatcher.warm_up)
    counters = Counters(app.uow.engine)

    def next_update(step: int) -> tuple[str, dict[str, Any]]:
        user = users[(step // 5) % len(users)]
        kind = ("question", "activity", "confirm", "history", "progress")[step % 5]
        if kind == "question":
            emulator.send_text(user, QUESTION)
        elif kind == "activity":
            emulator.send_text(user, ACTIVITY)
        elif kind == "confirm":
            card = next(m for m in reversed(emulator.bot_messages(user["id"])) if "reply_markup" in m)
            emulator.press(user, card, button_data(card, "确认"))
        else:
            emulator.send_text(user, f"/{kind}")  # the emulator adds the bot_command entity
        return kind, emulator._updates.pop(0)

    # A warm-up round (first use of every path), then the measured run.
    for step in range(5 * 4):
        _, payload = next_update(step)
        await application.process_update(Update.de_json(payload, application.bot))
        await _handlers_done()
    statements, commits = counters.statements, counters.commits
    by_kind: dict[str, list[float]] = {}
    statements_of: dict[str, list[int]] = {}
    profiler = cProfile.Profile() if profile else None
    worker = cProfile.Profile() if profile else None
    if worker is not None:
        # cProfile sees only the thread that enables it: the dispatcher's work runs in the services'
        # worker threads (one call at a time here), so it gets its own profiler, merged below.
        for name in ("handle", "shown"):
            setattr(app.dispatcher, name, _profiled(worker, getattr(app.dispatcher, name)))
    total = 0.0
    for step in range(20, 20 + n):
        kind, payload = next_update(step)
        update = Update.de_json(payload, application.bot)
        if profiler:
            profiler.enable()
        before = counters.statements
        start = time.perf_counter()
        await application.process_update(update)
        await _handlers_done()  # /progress, /overview … run as tasks (block=False): wait for their answer
        elapsed = time.perf_counter() - start
        statements_of.setdefault(kind, []).append(counters.statements - before)
        if profiler:
            profiler.disable()
        total += elapsed
        by_kind.setdefault(kind, []).append(elapsed)
    await application.shutdown()
    app.close()
    every = [t for times in by_kind.values() for t in times]
    out = {
        "rate": n / total,
        "p50": median(every) * 1000,
        "p99": percentile(every, 0.99) * 1000,
        "kinds": {
            k: (median(v) * 1000, percentile(v, 0.99) * 1000, sum(statements_of[k]) / len(v))
            for k, v in by_kind.items()
        },
        "statements": (counters.statements - statements) / n,
        "commits": (counters.commits - commits) / n,
        "errors": Counter(c.method for c in emulator.unknown_calls),
    }
    if profiler:
        buffer = io.StringIO()
        stats = pstats.Stats(profiler, stream=buffer)
        stats.add(worker)
        if dump:
            stats.dump_stats(dump)
        stats.sort_stats("tottime").print_stats(25)
        out["profile"] = buffer.getvalue()
    return out


async def run_echo(n: int) -> dict[str, float]:
    from telegram import Update
    from telegram.ext import Application, MessageHandler, filters

    from tests.adapters._offline import OfflineRequest
    from tests.e2e.emulator import BotApiEmulator

    emulator = BotApiEmulator()

    async def echo(update: Update, context: Any) -> None:
        await update.effective_message.reply_text(update.effective_message.text)

    application = Application.builder().token("123:TEST").request(OfflineRequest(emulator)).build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    await application.initialize()
    user = BotApiEmulator.user(BASE_USER, "用户")
    times = []
    for _ in range(n):
        emulator.send_text(user, ACTIVITY)
        update = Update.de_json(emulator._updates.pop(0), application.bot)
        start = time.perf_counter()
        await application.process_update(update)
        times.append(time.perf_counter() - start)
    await application.shutdown()
    return {"rate": n / sum(times), "p50": median(times) * 1000, "p99": percentile(times, 0.99) * 1000}


def main() -> int:
    warnings.filterwarnings("ignore", module="telegram")  # offline: no JobQueue, application not started
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 updates")
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--db", nargs="*", default=["sqlite", "postgres"])
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-out", help="also write the profile here (pstats), one file per database")
    args = parser.parse_args()
    n = 500 if args.quick else args.updates
    print(f"machine: {machine()}")
    echo = asyncio.run(run_echo(n))
    print(f"echo bot: {echo['rate']:.0f} updates/s, p50 {echo['p50']:.2f} ms, p99 {echo['p99']:.2f} ms")
    targets = {"sqlite": 1000, "postgres": 500}
    for kind in args.db:
        with database(kind) as url:
            dump = f"{args.profile_out}.{kind}" if args.profile_out else None
            r = asyncio.run(run_bot(url, n, args.profile or bool(dump), dump))
        print(
            f"{kind:8}: {r['rate']:.0f} updates/s = {r['rate'] / targets[kind]:.2f} of the {targets[kind]}/s target,"
            f" {r['rate'] / echo['rate']:.3f} of the echo bot; p50 {r['p50']:.2f} ms, p99 {r['p99']:.2f} ms"
            f" ({r['p99'] / 20:.2f} of 20 ms); {r['statements']:.1f} SQL statements, {r['commits']:.1f} commits per update"
        )
        for name, (p50, p99, per) in r["kinds"].items():
            print(f"          {name:9} p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  {per:4.1f} statements")
        if r["errors"]:
            print(f"          calls the emulator does not know: {dict(r['errors'])}")
        if "profile" in r:
            print(r["profile"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
