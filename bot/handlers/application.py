"""Build the python-telegram-bot ``Application``: settings, rate limiter, the one handler, jobs.

Layer: Telegram adapter. Called by ``cdo-bot run`` (and by the adapter tests with an offline
request), never at import time. Every update goes to ``bot.handlers.dispatch.handle_update``,
which turns it into an event for ``bot.services.dispatcher`` (commands, access, dialogs and
buttons are decided there, for every platform alike). ``post_init`` sets the command menu from
the dispatcher's command table and schedules the reminder jobs (``bot.jobs.reminders``).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, Defaults, MessageHandler, TypeHandler
from telegram.request import BaseRequest

from bot.handlers import errors
from bot.handlers.context import context_types
from bot.handlers.dispatch import SLOW_BUTTONS, bot_commands, handle_update, slow_commands
from bot.handlers.exactly_once import LedgerApplication
from bot.handlers.rate_limit import FloodLimiter
from bot.jobs.reminders import schedule_reminder_jobs

if TYPE_CHECKING:
    from bot.bootstrap import AppContext

log = logging.getLogger(__name__)


def file_base_url(base_url: str) -> str:
    """``http://host/bot`` → ``http://host/file/bot`` (how the Bot API server lays out file downloads)."""
    head, _, tail = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}"


def build_application(
    app: AppContext,
    *,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
    rate_limit: bool = True,
    reminders: bool = True,
    block: bool = False,
) -> Application[Any, Any, Any, Any, Any, Any]:
    settings = app.settings
    builder = (
        Application.builder()
        .application_class(LedgerApplication)
        .token(settings.telegram_bot_token.get())
        .defaults(Defaults(tzinfo=settings.timezone))
        .context_types(context_types())
        .post_init(on_startup)
        .post_shutdown(on_shutdown)
    )
    if rate_limit:
        # Sliding windows under Telegram's limits, no initial burst; retries a request that hit
        # flood control up to 3 times instead of failing it (PITFALLS 5).
        builder = builder.rate_limiter(FloodLimiter(max_retries=3))
    if settings.telegram_base_url:
        builder = builder.base_url(settings.telegram_base_url).base_file_url(
            file_base_url(settings.telegram_base_url)
        )
    if request is not None:
        builder = builder.request(request).get_updates_request(updates_request or request)
    application = builder.build()
    application.bot_data.app = app
    application.bot_data.reminders = reminders
    register_handlers(application, block=block)
    return application


def register_handlers(application: Application[Any, Any, Any, Any, Any, Any], *, block: bool = True) -> None:
    """One handler for every update: the dispatcher decides what it means (``bot.handlers.dispatch``).

    ``block=False`` (what ``build_application`` asks for): the table's slow commands (a city's
    workbook, a summary, a chart) take seconds, and the next users' updates are handled meanwhile
    instead of queueing behind them (issue 11). Tests that read the answer right after
    ``process_update`` keep the default.
    """
    application.add_handler(MessageHandler(slow_commands(), handle_update, block=block))
    application.add_handler(CallbackQueryHandler(handle_update, pattern=SLOW_BUTTONS, block=block))
    application.add_handler(TypeHandler(Update, handle_update))
    application.add_error_handler(errors.report_error)


async def on_startup(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app = application.bot_data.app
    await application.bot.set_my_commands(bot_commands(app.dispatcher, app.translator))
    # Reminders: two ticks derived from the database at every start (PITFALLS 1, 2).
    if application.bot_data.reminders:
        schedule_reminder_jobs(application)
    else:
        log.info("reminders are off (--no-reminders)")
    # Build the clause index now (jieba + BM25, about a second) rather than on the first question.
    # A failure here is logged, not fatal: logging activities does not need it, and it is retried on use.
    try:
        await asyncio.to_thread(app.dispatcher.warm_up)
    except Exception:
        log.exception("could not load the policy knowledge at start; duty questions will retry")
    log.info("bot @%s ready", application.bot.username)


async def on_shutdown(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app = application.bot_data.app
    if app is not None:
        app.close()
