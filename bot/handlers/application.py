"""Build the python-telegram-bot ``Application``: settings, rate limiter, persistence, handlers.

Layer: Telegram adapter. Called by ``cdo-bot run`` (and by the adapter tests with an offline
request), never at import time.

Handler order matters: group -1 is the access guard; in group 0 the first matching handler wins,
so buttons with their own prefix (reminders, settings) come before the dialog
(``ConversationHandler``, which takes every other button), the dialog before the free-text
handler, and the catch-all for unknown commands comes last. ``post_init`` sets the command menu
and schedules the reminder jobs (``bot.jobs.reminders``).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import (
    Application,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.handlers import (
    access,
    activity,
    duty,
    errors,
    evidence,
    help,
    history,
    start,
    text,
)
from bot.handlers import progress as progress_commands
from bot.handlers import reminders as reminder_buttons
from bot.handlers import schedule as schedule_commands
from bot.handlers import settings as settings_commands
from bot.handlers.context import context_types
from bot.handlers.exactly_once import LedgerApplication
from bot.handlers.groups import AddressedToBot
from bot.handlers.persistence import DbPersistence
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
    dialog_timeout: timedelta = activity.DIALOG_TIMEOUT,
    reminders: bool = True,
) -> Application[Any, Any, Any, Any, Any, Any]:
    settings = app.settings
    builder = (
        Application.builder()
        .application_class(LedgerApplication)
        .token(settings.telegram_bot_token.get())
        .defaults(Defaults(tzinfo=settings.timezone))
        .context_types(context_types())
        .persistence(DbPersistence(app.services.conversation_store, ttl=dialog_timeout))
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
    register_handlers(application, dialog_timeout)
    return application


def register_handlers(
    application: Application[Any, Any, Any, Any, Any, Any],
    dialog_timeout: timedelta = activity.DIALOG_TIMEOUT,
) -> None:
    addressed = AddressedToBot()
    application.add_handler(TypeHandler(Update, access.guard_access), group=-1)
    # Buttons with their own prefix (rem:, set:) first: the dialog below takes every other button.
    reminder_buttons.register(application)
    settings_commands.register(application)
    schedule_commands.register(application)
    progress_commands.register(application, block=False)
    application.add_handler(activity.conversation(dialog_timeout))
    application.add_handlers(
        [
            CommandHandler("start", start.start_or_join),
            CommandHandler("help", help.show_help),
            CommandHandler("invite", start.create_invite),
            CommandHandler(["members", "deactivate", "handover"], start.manage_members),
            CommandHandler("history", history.show_history),
            CommandHandler("undo", history.undo_last),
            CommandHandler("duty", duty.list_duties),
            CommandHandler("cancel", activity.cancel_outside_dialog),
            MessageHandler((filters.PHOTO | filters.Document.ALL) & addressed, evidence.attach_evidence),
            MessageHandler(filters.TEXT & ~filters.COMMAND & addressed, text.respond_to_text),
            MessageHandler(filters.COMMAND & addressed, help.reject_unknown_command),
            MessageHandler(filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL, help.hint_at_usage),
        ]
    )
    application.add_error_handler(errors.report_error)


async def on_startup(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app = application.bot_data.app
    await application.bot.set_my_commands(help.bot_commands(app.translator))
    # Reminders: two ticks derived from the database at every start (PITFALLS 1, 2).
    if application.bot_data.reminders:
        schedule_reminder_jobs(application)
    else:
        log.info("reminders are off (--no-reminders)")
    # Build the clause index now (jieba + BM25, about a second) rather than on the first question.
    # A failure here is logged, not fatal: logging activities does not need it, and it is retried on use.
    try:
        await asyncio.to_thread(app.services.warm_up)
    except Exception:
        log.exception("could not load the policy knowledge at start; duty questions will retry")
    log.info("bot @%s ready", application.bot.username)


async def on_shutdown(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    app = application.bot_data.app
    if app is not None:
        app.close()
