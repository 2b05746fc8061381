"""``/deadline`` and ``/schedule``: coordinators change deadlines and meetings from the chat.

Layer: Telegram adapter; the argument rules are ``bot.services.commands``', and
``bot.services.schedule`` checks who may change what and audits it.

    /deadline                               list (anyone in the city)
    /deadline add 2026-12-15 数据安全专项报告
    /deadline move <id> <date>
    /deadline remove <id>
    /schedule                               list meetings
    /schedule 12月10日下午3点 首席数据官沟通交流会 @市民中心
    /schedule cancel <id>
    /schedule ics <id>                      the meeting as an .ics file

An admin who belongs to no city names it first: ``/deadline 珠海 add …``.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.handlers.context import BotContext
from bot.handlers.groups import command_arguments
from bot.handlers.render import send_file_or_reply, send_reply


async def manage_deadlines(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    reply = await context.services.deadline(context.member, command_arguments(message, context.bot.username))
    await send_reply(message, reply, context.translator)


async def manage_meetings(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    result = await context.services.meeting(context.member, command_arguments(message, context.bot.username))
    await send_file_or_reply(message, result, context.translator)


def register(application: Application[Any, Any, Any, Any, Any, Any], group: int = 0) -> None:
    application.add_handlers(
        [
            CommandHandler("deadline", manage_deadlines),
            CommandHandler("schedule", manage_meetings),
        ],
        group=group,
    )
