"""``/progress`` (我的进度), ``/overview`` (全市概览) and ``/export`` (台账导出).

Layer: Telegram adapter; the argument rules are ``bot.services.commands``', the figures and who
may see them ``bot.services.progress``'s.

    /progress [2026]                  a CDO's or staff member's own unit
    /overview [珠海] [2026]           coordinators and admins: every unit of the city
    /export [xlsx|csv] [珠海] [2026]  coordinators their city, a CDO their unit, as a file
    /summary [单位] [2026H2]          the work-summary draft (.docx): a CDO their unit, a coordinator any of the city's

Register with ``register(application)``; the access guard (group -1) has put the caller's
membership into ``context.member``.
"""

from __future__ import annotations

from typing import Any

from telegram import Message, Update
from telegram.ext import Application, CommandHandler

from bot.core.replies import Reply
from bot.handlers.context import BotContext
from bot.handlers.groups import command_arguments
from bot.handlers.render import send_file_or_reply, send_reply


def _private_only(message: Message) -> Reply | None:
    """A city's ledger is not for a group chat, where members of other units read along."""
    return None if message.chat.type == "private" else Reply("progress.private_only")


async def show_progress(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    words = command_arguments(message, context.bot.username)
    # The chart that follows the text takes a moment to draw: keep the event loop free.
    reply = await context.services.progress(context.member, words)
    await send_reply(message, reply, context.translator)


async def show_overview(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    if (refusal := _private_only(message)) is not None:
        await send_reply(message, refusal, context.translator)
        return
    words = command_arguments(message, context.bot.username)
    reply = await context.services.overview(context.member, words)
    await send_reply(message, reply, context.translator)


async def send_export(update: Update, context: BotContext) -> None:
    """The workbook (or CSV) of what the caller may see, sent as a document."""
    message = update.effective_message
    assert message is not None
    if (refusal := _private_only(message)) is not None:
        await send_reply(message, refusal, context.translator)
        return
    words = command_arguments(message, context.bot.username)
    result = await context.services.export(context.member, words)
    await send_file_or_reply(message, result, context.translator)


async def send_summary(update: Update, context: BotContext) -> None:
    """The unit's work-summary draft (.docx), sent as a document; private chats only, like /export."""
    message = update.effective_message
    assert message is not None
    if (refusal := _private_only(message)) is not None:
        await send_reply(message, refusal, context.translator)
        return
    words = command_arguments(message, context.bot.username)
    result = await context.services.summary(context.member, words)
    await send_file_or_reply(message, result, context.translator)


def register(
    application: Application[Any, Any, Any, Any, Any, Any], group: int = 0, *, block: bool = True
) -> None:
    """``block=False`` (what ``build_application`` asks for): a city's workbook, a summary or a chart
    takes seconds, and the next users' updates are handled meanwhile instead of queueing behind it
    (issue 11). Tests that read the answer right after ``process_update`` keep the default."""
    application.add_handlers(
        [
            CommandHandler("progress", show_progress, block=block),
            CommandHandler("overview", show_overview, block=block),
            CommandHandler("export", send_export, block=block),
            CommandHandler("summary", send_summary, block=block),
        ],
        group=group,
    )
