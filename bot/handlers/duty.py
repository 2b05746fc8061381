"""``/duty``: the caller's duties, from the plan of their city, for their unit and role.

Layer: Telegram adapter. Free-text questions reach the duty service through ``bot.handlers.text``;
"您是不是想问…" buttons come back through ``bot.handlers.activity.press_button``.
"""

from __future__ import annotations

from telegram import Update

from bot.handlers.context import BotContext
from bot.handlers.render import send_reply


async def list_duties(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    await send_reply(
        update.effective_message, await context.services.list_duties(context.member), context.translator
    )
