"""The WeCom process's reminder ticks: the same outbox as Telegram's, only WeCom members' rows.

Layer: WeCom adapter. Two asyncio loops instead of PTB's JobQueue (this process has no PTB
``Application``), with the same schedule and the same rules as ``bot.jobs.reminders``: the plan is
re-derived from the database at every tick (nothing of it lives in memory), both run at start-up
so reminders due while the process was down go out now, and the outbox's unique keys and claims
decide what is sent. This process claims only rows addressed to WeCom chats (``PLATFORM``), a
Telegram process only Telegram's, so two processes on one PostgreSQL never send a row twice nor to
the wrong platform (PITFALLS 2).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from bot.core.notifier import Notifier

if TYPE_CHECKING:
    from bot.bootstrap import AppContext

log = logging.getLogger(__name__)

PLATFORM = "wecom"
SYNC_EVERY = timedelta(minutes=5)
DISPATCH_EVERY = timedelta(seconds=30)
BATCH = 30
"""Messages per round; between rounds the plan is refreshed if older than ``REPLAN_EVERY``."""
REPLAN_EVERY = timedelta(seconds=30)
SENDERS = 4
"""Messages on the way at once: the round trip, not the database, would otherwise set the pace."""
LEASE = timedelta(minutes=10)
WORKER_ID = f"{socket.gethostname()}:{os.getpid()}:wecom"


def _cities() -> dict[str, Any]:
    from bot.core.cities import load_cities

    return load_cities()


async def sync_once(app: AppContext) -> None:
    from bot.services.reminders import sync_outbox

    await asyncio.to_thread(sync_outbox, app.uow, app.clock, _cities(), hour=app.settings.reminder_hour)


async def dispatch_once(app: AppContext, notifier: Notifier) -> None:
    """Drain everything due, continuously, as the Telegram tick does (``bot.jobs.reminders``).

    WeCom sets no app-wide pace for ``message/send`` (``bot.wecom.send_limits``): batches follow one
    another while rows are due, instead of 200 per 30 s tick, and the plan is refreshed every
    ``REPLAN_EVERY`` while draining, so a unit that hands in mid-drain is not reminded.
    """
    from bot.services.reminders import drain_due

    await drain_due(
        app.uow,
        app.clock,
        notifier,
        _cities(),
        hour=app.settings.reminder_hour,
        platforms=(PLATFORM,),
        worker_id=WORKER_ID,
        batch=BATCH,
        lease=LEASE,
        concurrency=SENDERS,
        replan_every=REPLAN_EVERY,
    )


async def _every(
    interval: timedelta, tick: Callable[[], Awaitable[None]], name: str, first: float, stop: asyncio.Event
) -> None:
    """Run ``tick`` every ``interval`` until ``stop``; a tick under way is finished, never cut short
    (a message sent but not yet marked sent would otherwise wait for the lease to run out)."""
    delay = first
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), delay)
            return
        except TimeoutError:
            pass
        try:
            await tick()
        except Exception:
            log.exception("wecom: %s tick failed", name)
        delay = interval.total_seconds()


class ReminderTicks:
    """The two ticks of this process; ``stop`` lets a tick under way finish first."""

    def __init__(self, app: AppContext, notifier: Notifier) -> None:
        self._stop = asyncio.Event()
        self.tasks = [
            asyncio.create_task(
                _every(SYNC_EVERY, lambda: sync_once(app), "reminders.sync", 0, self._stop), name="sync"
            ),
            asyncio.create_task(
                _every(
                    DISPATCH_EVERY, lambda: dispatch_once(app, notifier), "reminders.dispatch", 1, self._stop
                ),
                name="dispatch",
            ),
        ]
        log.info("wecom reminder ticks: sync every %s, dispatch every %s", SYNC_EVERY, DISPATCH_EVERY)

    async def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        _done, pending = await asyncio.wait(self.tasks, timeout=timeout)
        for task in pending:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
