"""Free text: an activity becomes a confirmation card, a question gets a duty answer, else a hint.

Layer: Telegram adapter. Which of the three a message is, is decided by the services
(``Services.respond_to_text``): this handler only passes the text (without the ``@bot`` that
addressed it in a group) and records which message shows a card, so that a reply to it can
carry evidence later.
"""

from __future__ import annotations

from telegram import Update

from bot.handlers.addresses import address_of, chat_of
from bot.handlers.context import BotContext
from bot.handlers.groups import strip_mention
from bot.handlers.render import send_reply


async def respond_to_text(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None and message.text is not None
    text = strip_mention(message.text, context.bot.username)
    reply = await context.services.respond_to_text(context.member, chat=chat_of(message), text=text)
    sent = await send_reply(message, reply, context.translator)
    await context.services.card_shown(reply, message=address_of(sent[-1]))
