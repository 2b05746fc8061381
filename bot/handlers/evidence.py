"""Photos and documents become evidence (佐证材料) of a record.

Layer: Telegram adapter. The file stays on Telegram; we pass its ``file_id`` and metadata, the
caption, and the message it replies to, and the file's real size as Telegram's server reports
it. ``bot.services.activity`` decides which record it belongs to and enforces the size limit and
the type (by the file name's extension, not the declared type).
"""

from __future__ import annotations

from telegram import Update
from telegram.error import BadRequest, NetworkError, TimedOut

from bot.handlers.addresses import address_of
from bot.handlers.context import BotContext
from bot.handlers.groups import strip_mention
from bot.handlers.render import send_reply
from bot.services.activity import EVIDENCE_MAX_BYTES


async def _real_size(context: BotContext, file_id: str, declared: int | None) -> int | None:
    """The size Telegram's own server reports (``getFile``), not the one the sending client declared.

    A file over the bots' 20 MB download limit is refused by ``getFile``; it could never be fetched
    again, so it is reported as too large. Other failures keep the declared size, which the service
    still checks (a missing or negative one is refused).
    """
    try:
        found = await context.bot.get_file(file_id)
    except BadRequest as error:
        if "too big" in str(error).lower():
            return EVIDENCE_MAX_BYTES + 1
        return declared
    except (TimedOut, NetworkError):
        return declared
    return found.file_size if found.file_size is not None else declared


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
    size = await _real_size(context, file_id, size)
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
