"""Photos and documents become evidence (佐证材料) of a record.

Layer: Telegram adapter. The file stays on Telegram; we pass its ``file_id`` and metadata, the
caption, and the message it replies to. ``bot.services.activity`` decides which record it
belongs to and enforces the size and type limits.
"""

from __future__ import annotations

from telegram import Update

from bot.handlers.addresses import address_of
from bot.handlers.context import BotContext
from bot.handlers.groups import strip_mention
from bot.handlers.render import send_reply


async def attach_evidence(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    if message.photo:
        photo = message.photo[-1]  # the largest size
        file_id, unique_id, size = photo.file_id, photo.file_unique_id, photo.file_size
        name, mime = None, "image/jpeg"
    elif message.document:
        doc = message.document
        file_id, unique_id, size = doc.file_id, doc.file_unique_id, doc.file_size
        name, mime = doc.file_name, doc.mime_type
    else:
        return
    replied = message.reply_to_message
    reply = await context.services.attach_evidence(
        context.member,
        file_id=file_id,
        file_unique_id=unique_id,
        file_name=name,
        mime_type=mime,
        file_size=size,
        caption=strip_mention(message.caption or "", context.bot.username) or None,
        reply_to=address_of(replied) if replied else None,
    )
    await send_reply(message, reply, context.translator)
