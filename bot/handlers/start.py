"""``/start`` (also the deep link ``t.me/<bot>?start=CODE``) and ``/invite``.

Layer: Telegram adapter. Joining is the only thing a stranger may do; the guard lets
``/start CODE`` through and ``bot.services.access`` decides.
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from bot.core.replies import Reply
from bot.handlers.addresses import account_of, chat_of
from bot.handlers.context import BotContext
from bot.handlers.render import send_reply


async def start_or_join(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    assert message is not None and user is not None
    if context.args:
        code = context.args[0]
        reply = await context.services.join(
            account=account_of(user),
            display_name=user.full_name,
            chat=chat_of(message),
            code=code,
            # Joining makes this chat the member's delivery address: only a private chat will do.
            private_chat=message.chat.type == ChatType.PRIVATE,
            private_link=f"https://t.me/{context.bot.username}?start={code}",
        )
    elif context.member is not None:
        reply = await context.services.welcome(context.member)
    else:
        reply = Reply("bot.start.need_code")
    await send_reply(message, reply, context.translator)


async def create_invite(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    reply = await context.services.invite(context.member, " ".join(context.args or []))
    await send_reply(message, reply, context.translator)


async def manage_members(update: Update, context: BotContext) -> None:
    """``/members``, ``/deactivate`` and ``/handover`` (admins, and coordinators in their city)."""
    message = update.effective_message
    assert message is not None and message.text is not None
    command = message.text.split()[0].lstrip("/").split("@", 1)[0].lower()
    words = " ".join(context.args or [])
    method = {"members": context.services.members, "deactivate": context.services.deactivate}.get(
        command, context.services.handover
    )
    await send_reply(message, await method(context.member, words), context.translator)
