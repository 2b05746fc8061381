"""Reminder buttons: 已完成, 稍后提醒 (2小时后 / 明天), 参加 / 不参加, 签到.

Layer: Telegram adapter. Callback data is ``rem:<action>:<outbox id>`` (well under Telegram's 64
bytes); ``bot.services.reminders.press_reminder_button`` checks that the presser is the recipient
and does the rest. The handler answers the press with a short toast and swaps or removes the
message's buttons; the reminder's text stays as it was, so the chat keeps a record of what was asked.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import Application, CallbackQueryHandler

from bot.core.replies import Reply
from bot.handlers.context import BotContext
from bot.handlers.render import keyboard, send_reply

PATTERN = r"^rem:"


async def press_reminder(update: Update, context: BotContext) -> None:
    from bot.services.blocking import run_blocking
    from bot.services.reminders import press_reminder_button

    query = update.callback_query
    assert query is not None and query.data is not None
    app = context.app
    result = await run_blocking(
        press_reminder_button, app.uow, app.clock, member_id=context.member.member_id, data=query.data
    )
    translator = context.translator
    await query.answer(
        translator.render(result.toast) if result.toast else None, show_alert=result.keyboard is None
    )
    if result.keyboard is not None and query.message is not None:
        markup = keyboard(Reply("", choices=result.keyboard), translator)
        try:
            await query.edit_message_reply_markup(reply_markup=markup)
        except BadRequest as error:  # pressed twice: the buttons are already gone
            if "not modified" not in str(error).lower():
                raise
    if result.reply is not None and query.message is not None:
        await send_reply(query.message, result.reply, translator)  # type: ignore[arg-type]


def register(application: Application[Any, Any, Any, Any, Any, Any], group: int = 0) -> None:
    application.add_handler(CallbackQueryHandler(press_reminder, pattern=PATTERN), group=group)
