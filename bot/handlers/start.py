"""``/start`` (also the deep link ``t.me/<bot>?start=CODE``) and ``/invite``.

Layer: Telegram adapter. Joining is the only thing a stranger may do; the guard lets
``/start CODE`` through and ``bot.services.access`` decides.
"""

from __future__ import annotations

from telegram import Update

from bot.core.replies import Reply
from bot.handlers.context import BotContext
from bot.handlers.render import send_reply


async def start_or_join(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    if context.args:
        reply = context.services.join(
            user_id=user.id, display_name=user.full_name, chat_id=message.chat_id, code=context.args[0]
        )
    elif context.member is not None:
        reply = context.services.welcome(context.member)
    else:
        reply = Reply("bot.start.need_code")
    await send_reply(message, reply, context.translator)


async def create_invite(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    reply = context.services.invite(context.member, " ".join(context.args or []))
    await send_reply(message, reply, context.translator)
