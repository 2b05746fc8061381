"""The reminder jobs: two repeating ticks on PTB's JobQueue (APScheduler underneath), and nothing else.

Layer: scheduler adapter (imports telegram and ``bot.services``; never storage). The jobs hold no
schedule of their own (PITFALLS 1, 2): every tick re-derives the plan from the database and the
outbox's unique keys decide what goes out. Hence:

- stable names (``reminders.sync``, ``reminders.dispatch``); registering again replaces, never adds;
- callbacks read ids and factories from ``context.bot_data.app``, not captured objects;
- ``coalesce``: missed ticks after a pause run once; a sync tick is never run twice at once
  (``max_instances=1``), and a dispatch tick that finds a drain under way returns at once. ``misfire_grace_time`` is generous because a late tick is harmless — what
  counts as too late for a *reminder* is the outbox's ``GRACE`` (PITFALLS 4);
- both run once right at start-up (``run_once(when=0)``), so reminders due while the bot was
  down go out now (within grace) instead of after the first interval. Not ``run_repeating(first=0)``:
  the jobs are registered in ``post_init``, before the scheduler starts, and APScheduler's interval
  trigger then skips the start time it finds in the past and fires one full interval later — a bot
  restarted more often than that would never sync (issue 11).

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

from bot.core.address import TELEGRAM
from bot.core.notifier import PlatformNotifier
from bot.handlers.context import BotContext
from bot.handlers.telegram_notifier import TelegramNotifier

log = logging.getLogger(__name__)

SYNC_JOB = "reminders.sync"
DISPATCH_JOB = "reminders.dispatch"
SYNC_EVERY = timedelta(minutes=5)
DISPATCH_EVERY = timedelta(seconds=30)
JOB_KWARGS = {"misfire_grace_time": 300, "coalesce": True, "max_instances": 1}
DISPATCH_KWARGS = JOB_KWARGS | {"max_instances": 2}
"""A long drain outlives its interval: the next tick runs, sees the drain and returns, instead of
APScheduler logging "maximum number of running instances reached" every 30 s."""
BATCH = 30
"""Messages per round; between rounds the tick re-plans if the last plan is older than ``REPLAN_EVERY``."""
REPLAN_EVERY = timedelta(seconds=30)
SENDERS = 3
"""Messages on the way at once (``dispatch_due(concurrency=…)``): enough to keep 30/s going when one
claim plus one send take longer than 1/30 s on a busy machine; at most this many are ever in doubt."""
LEASE = timedelta(minutes=10)
"""Longer than one send can take: the rate limiter may sleep through up to three flood waits before it
gives up, and a claim released while its message is still on the way would be sent twice by another
process. A crashed worker's claim is retried after this, well within the outbox's 12 h grace."""
WORKER_ID = f"{socket.gethostname()}:{os.getpid()}"
_draining: set[int] = set()
"""Applications (by id) with a drain under way: a tick that finds one running returns at once."""


def _cities() -> dict[str, Any]:
    from bot.core.cities import load_cities

    return load_cities()


async def sync_reminders(context: BotContext) -> None:
    from bot.services.events import forget_old
    from bot.services.reminders import sync_outbox

    app = context.app
    await asyncio.to_thread(sync_outbox, app.uow, app.clock, _cities(), hour=app.settings.reminder_hour)
    await asyncio.to_thread(forget_old, app.uow, app.clock)  # the processed-events ledger's old rows


async def dispatch_reminders(context: BotContext) -> None:
    """Drain everything due, continuously: the rate limiter, not the tick, sets the pace (PITFALLS 5).

    A busy morning's 10,000 reminders take minutes at Telegram's 30/s; one tick sends them all
    instead of 200 per 30 s interval. Ticks that fire meanwhile return at once (a second drain in
    the same process would only compete for the same limiter), and the plan is refreshed every
    ``REPLAN_EVERY`` while draining, so a unit that hands in mid-drain is not reminded.
    """
    from bot.services.reminders import drain_due

    app = context.app
    key = id(context.application)
    if key in _draining:  # checked and set with no await between: one drain per process
        return
    _draining.add(key)
    try:
        notifier = PlatformNotifier({TELEGRAM: TelegramNotifier(context.bot, app.translator)})
        await drain_due(
            app.uow,
            app.clock,
            notifier,
            _cities(),
            hour=app.settings.reminder_hour,
            # a WeCom process sends WeCom members' rows (bot.wecom.reminders)
            platforms=(TELEGRAM,),
            worker_id=WORKER_ID,
            batch=BATCH,
            lease=LEASE,
            concurrency=SENDERS,
            replan_every=REPLAN_EVERY,
        )
    finally:
        _draining.discard(key)


def schedule_reminder_jobs(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Register (or re-register) the two ticks; call from ``post_init``."""
    queue = application.job_queue
    if queue is None:  # PITFALLS 7
        raise RuntimeError("JobQueue missing: install python-telegram-bot[job-queue]")
    for name in (SYNC_JOB, DISPATCH_JOB, f"{SYNC_JOB}.start", f"{DISPATCH_JOB}.start"):
        for job in queue.get_jobs_by_name(name):
            job.schedule_removal()
    # A date trigger in the past still fires when the scheduler starts (within misfire_grace_time).
    queue.run_once(sync_reminders, when=0, name=f"{SYNC_JOB}.start", job_kwargs=dict(JOB_KWARGS))
    queue.run_once(dispatch_reminders, when=0, name=f"{DISPATCH_JOB}.start", job_kwargs=dict(DISPATCH_KWARGS))
    queue.run_repeating(
        sync_reminders, interval=SYNC_EVERY, first=SYNC_EVERY, name=SYNC_JOB, job_kwargs=dict(JOB_KWARGS)
    )
    queue.run_repeating(
        dispatch_reminders,
        interval=DISPATCH_EVERY,
        first=DISPATCH_EVERY,
        name=DISPATCH_JOB,
        job_kwargs=dict(DISPATCH_KWARGS),
    )
    log.info("reminder jobs scheduled: sync every %s, dispatch every %s", SYNC_EVERY, DISPATCH_EVERY)
