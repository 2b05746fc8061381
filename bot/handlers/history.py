"""``/history`` (with delete buttons) and ``/undo``.

Layer: Telegram adapter; the listing and the deletions are ``bot.services.activity``'s.
"""

from __future__ import annotations

from telegram import Update

from bot.handlers.context import BotContext
from bot.handlers.render import send_reply


async def show_history(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    await send_reply(
        update.effective_message, await context.services.history(context.member), context.translator
    )


async def undo_last(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    await send_reply(
        update.effective_message,
        await context.services.undo(context.member, " ".join(context.args or [])),
        context.translator,
    )
