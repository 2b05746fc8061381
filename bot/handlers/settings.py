"""``/settings``: the hour reminders arrive, 出差/休假, muting nudges — with inline buttons.

Layer: Telegram adapter; ``bot.services.settings`` stores and audits. Buttons are ``set:<what>:<value>``
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

from bot.core.replies import Reply
from bot.handlers.context import BotContext
from bot.handlers.groups import strip_mention
from bot.handlers.render import render, send_reply

PATTERN = r"^set:"
OFF_WORDS = ("off", "关", "关闭", "取消", "clear")
ON_WORDS = ("on", "开", "开启")


def settings_command_reply(context: BotContext, text: str) -> Reply:
    from bot.services import settings
    from bot.services.errors import ServiceError

    app, actor = context.app, context.member
    verb, _, rest = text.strip().partition(" ")
    rest = rest.strip()
    try:
        if not verb:
            return settings.settings_reply(settings.get_settings(app.uow, actor))
        if verb in ("hour", "时间") and rest.isdigit():
            return settings.settings_reply(settings.set_reminder_hour(app.uow, app.clock, actor, int(rest)))
        if verb in ("away", "出差", "休假") and rest in OFF_WORDS:
            return settings.settings_reply(settings.set_away(app.uow, app.clock, actor, None, None))
        if verb in ("away", "出差", "休假") and rest:
            first, last = settings.parse_away(rest, app.clock.now())
            return settings.settings_reply(settings.set_away(app.uow, app.clock, actor, first, last))
        if verb in ("mute", "静音") and rest in ON_WORDS + OFF_WORDS:
            return settings.settings_reply(settings.set_mute(app.uow, app.clock, actor, rest in ON_WORDS))
    except ServiceError as error:
        return error.reply()
    return Reply("settings.usage")


async def show_settings(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    text = strip_mention(message.text or "", context.bot.username)
    parts = text.split(maxsplit=1)
    await send_reply(message, settings_command_reply(context, parts[1] if len(parts) > 1 else ""),
                     context.translator)


async def press_settings(update: Update, context: BotContext) -> None:
    from bot.services import settings
    from bot.services.errors import ServiceError

    query = update.callback_query
    assert query is not None and query.data is not None
    app = context.app
    try:
        reply = settings.press_settings_button(app.uow, app.clock, context.member, query.data)
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
    application.add_handlers([
        CommandHandler("settings", show_settings),
        CallbackQueryHandler(press_settings, pattern=PATTERN),
    ], group=group)
