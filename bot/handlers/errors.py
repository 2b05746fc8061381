"""The error handler: log the failure with its stack, tell the user only that something went wrong.

Layer: Telegram adapter. Users never see a stack trace. Two failures are special:
- ``Conflict`` from ``getUpdates``: another process polls with the same token (PITFALLS 6). Two
  pollers steal each other's updates, so this one stops with a clear message instead;
- ``NetworkError``/``TimedOut`` while polling: PTB retries by itself; a warning is enough.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import Update
from telegram.error import Conflict, NetworkError, TimedOut

from bot.core.replies import Reply
from bot.handlers.context import BotContext
from bot.handlers.render import send_reply
from bot.services.blocking import is_unavailable
from bot.services.events import DuplicateEvent

log = logging.getLogger(__name__)

EXIT_CONFLICT = 3
NETWORK_WARNING_EVERY = timedelta(minutes=30)
"""A long outage is mentioned again now and then, so the log shows it has not ended."""


async def report_error(update: object, context: BotContext) -> None:
    error = context.error
    if isinstance(error, Conflict):
        log.critical("409 Conflict: another instance is polling with the same token; stopping")
        context.app.exit_code = EXIT_CONFLICT
        context.application.stop_running()
        return
    if update is None and isinstance(error, NetworkError | TimedOut):
        # PTB retries polling by itself, every few seconds: say it once per outage, not 240 times.
        now = context.app.clock.now()
        last = getattr(context.app, "network_warned_at", None)
        if last is None or now - last >= NETWORK_WARNING_EVERY:
            log.warning("network trouble while fetching updates (retrying quietly): %s", error)
            context.app.network_warned_at = now
        else:
            log.debug("network trouble while fetching updates: %s", error)
        return
    if error is not None and is_unavailable(error):
        log.warning(
            "update %s: database unavailable (%s)", getattr(update, "update_id", None), type(error).__name__
        )
        reply = Reply("error.busy")
    elif isinstance(error, DuplicateEvent):
        # Two deliveries of one update raced; the other one's effect committed, this one wrote nothing.
        log.info("update %s was already handled; its second delivery wrote nothing", error.event_id)
        reply = Reply("bot.already_handled")
    else:
        log.error("update %s failed", getattr(update, "update_id", None), exc_info=error)
        reply = Reply("error.generic")
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(context.translator.gettext(reply.key), show_alert=True)
        elif update.effective_message is not None:
            await send_reply(update.effective_message, reply, context.translator)
    except Exception:  # the apology itself failed (blocked bot, network): nothing more to do
        log.warning("could not tell the user about the failure", exc_info=True)
