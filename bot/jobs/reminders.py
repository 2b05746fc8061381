"""The reminder jobs: two repeating ticks on PTB's JobQueue (APScheduler underneath), and nothing else.

Layer: scheduler adapter (imports telegram and ``bot.services``; never storage). The jobs hold no
schedule of their own (PITFALLS 1, 2): every tick re-derives the plan from the database and the
outbox's unique keys decide what goes out. Hence:

- stable names (``reminders.sync``, ``reminders.dispatch``); registering again replaces, never adds;
- callbacks read ids and factories from ``context.bot_data.app``, not captured objects;
- ``coalesce`` + ``max_instances=1``: a slow tick is never run twice at once, and missed ticks after
  a pause run once. ``misfire_grace_time`` is generous because a late tick is harmless — what
  counts as too late for a *reminder* is the outbox's ``GRACE`` (PITFALLS 4);
- ``first=0``: both run at start-up, so reminders due while the bot was down go out now (within
  grace) instead of after the first interval.

Blocking database work runs in a thread (``asyncio.to_thread``); sending runs on the bot's loop.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from datetime import timedelta
from typing import Any

from telegram.ext import Application

from bot.handlers.context import BotContext
from bot.handlers.telegram_notifier import TelegramNotifier

log = logging.getLogger(__name__)

SYNC_JOB = "reminders.sync"
DISPATCH_JOB = "reminders.dispatch"
SYNC_EVERY = timedelta(minutes=5)
DISPATCH_EVERY = timedelta(seconds=30)
JOB_KWARGS = {"misfire_grace_time": 300, "coalesce": True, "max_instances": 1}
BATCH = 20
MAX_ROUNDS = 10
"""Up to 200 messages per tick; the rate limiter keeps them under Telegram's ~30/s (PITFALLS 5)."""
LEASE = timedelta(minutes=10)
"""Longer than one send can take: the rate limiter may sleep through up to three flood waits before it
gives up, and a claim released while its message is still on the way would be sent twice by another
process. A crashed worker's claim is retried after this, well within the outbox's 12 h grace."""
WORKER_ID = f"{socket.gethostname()}:{os.getpid()}"


def _cities() -> dict[str, Any]:
    from bot.core.cities import load_cities

    return load_cities()


async def sync_reminders(context: BotContext) -> None:
    from bot.services.reminders import sync_outbox

    app = context.app
    await asyncio.to_thread(sync_outbox, app.uow, app.clock, _cities(), hour=app.settings.reminder_hour)


async def dispatch_reminders(context: BotContext) -> None:
    from bot.services.reminders import dispatch_due, has_due, sync_outbox

    app = context.app
    if not await asyncio.to_thread(has_due, app.uow, app.clock):
        return
    # Re-plan right before sending: a unit that handed in a minute ago gets no reminder now.
    await asyncio.to_thread(sync_outbox, app.uow, app.clock, _cities(), hour=app.settings.reminder_hour)
    notifier = TelegramNotifier(context.bot, app.translator)
    for _ in range(MAX_ROUNDS):  # a busy morning drains in one tick, a runaway cannot hog the loop
        stats = await dispatch_due(
            app.uow, app.clock, notifier, worker_id=WORKER_ID, batch=BATCH, lease=LEASE
        )
        if stats.sent or stats.dropped or stats.failed or stats.unreachable:
            log.info("reminders dispatched: %s", stats)
        if stats.sent + stats.retried + stats.failed + stats.unreachable < BATCH:
            break


def schedule_reminder_jobs(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Register (or re-register) the two ticks; call from ``post_init``."""
    queue = application.job_queue
    if queue is None:  # PITFALLS 7
        raise RuntimeError("JobQueue missing: install python-telegram-bot[job-queue]")
    for name in (SYNC_JOB, DISPATCH_JOB):
        for job in queue.get_jobs_by_name(name):
            job.schedule_removal()
    queue.run_repeating(
        sync_reminders, interval=SYNC_EVERY, first=0, name=SYNC_JOB, job_kwargs=dict(JOB_KWARGS)
    )
    queue.run_repeating(
        dispatch_reminders, interval=DISPATCH_EVERY, first=1, name=DISPATCH_JOB, job_kwargs=dict(JOB_KWARGS)
    )
    log.info("reminder jobs scheduled: sync every %s, dispatch every %s", SYNC_EVERY, DISPATCH_EVERY)
