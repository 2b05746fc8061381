"""``/settings``: the hour reminders arrive, 出差/休假, muting nudges — with inline buttons.

Layer: Telegram adapter; the argument rules are ``bot.services.commands``', and
``bot.services.settings`` stores and audits. Buttons are ``set:<what>:<value>``
and edit the settings card in place.

    /settings                       the card (buttons: hours, mute, clear away)
    /settings hour 8
    /settings away 12月1日 12月5日    (or: /settings away off)
    /settings mute on|off
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.handlers.context import BotContext
from bot.handlers.groups import command_arguments
from bot.handlers.render import render, send_reply

PATTERN = r"^set:"


async def show_settings(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    reply = await context.services.settings(context.member, command_arguments(message, context.bot.username))
    await send_reply(message, reply, context.translator)


async def press_settings(update: Update, context: BotContext) -> None:
    from bot.services import settings
    from bot.services.blocking import run_blocking
    from bot.services.errors import ServiceError

    query = update.callback_query
    assert query is not None and query.data is not None
    app = context.app
    try:
        reply = await run_blocking(
            settings.press_settings_button, app.uow, app.clock, context.member, query.data
        )
    except ServiceError as error:
        await query.answer(context.translator.render(error.reply()), show_alert=True)
        return
    await query.answer()
    (part, *_) = render(reply, context.translator)
    try:
        await query.edit_message_text(part.text, reply_markup=part.markup)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


def register(application: Application[Any, Any, Any, Any, Any, Any], group: int = 0) -> None:
    application.add_handlers(
        [
            CommandHandler("settings", show_settings),
            CallbackQueryHandler(press_settings, pattern=PATTERN),
        ],
        group=group,
    )
