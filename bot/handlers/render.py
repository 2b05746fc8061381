"""Telegram rendering of platform-neutral ``Reply`` objects: text chunks plus an inline keyboard.

Layer: Telegram adapter. Imports telegram and ``bot.core`` only.

Telegram refuses messages over 4,096 characters (PITFALLS 9), counted in UTF-16 code units, so a
long duty list or history is split at line breaks; the buttons go under the last chunk, where
the reader's eye ends up.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message
from telegram.constants import ChatType, InlineKeyboardButtonLimit, MessageLimit

from bot.core.i18n import Translator
from bot.core.replies import FileReply, Reply
from bot.core.text_split import split_at_lines

log = logging.getLogger(__name__)

MAX_TEXT = int(MessageLimit.MAX_TEXT_LENGTH)
MAX_CALLBACK_DATA = int(InlineKeyboardButtonLimit.MAX_CALLBACK_DATA)


@dataclass(frozen=True)
class Rendered:
    text: str
    markup: InlineKeyboardMarkup | None = None


def utf16_len(text: str) -> int:
    """Telegram's length of ``text``: UTF-16 code units (a character beyond the BMP counts 2)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split ``text`` into chunks of at most ``limit`` UTF-16 units, at line breaks where possible."""
    return split_at_lines(text, limit, utf16_len)


def keyboard(reply: Reply, translator: Translator) -> InlineKeyboardMarkup | None:
    rows = []
    for row in reply.choices:
        buttons = []
        for choice in row:
            if len(choice.data.encode()) > MAX_CALLBACK_DATA:
                # Telegram rejects the whole message; a dropped button is the lesser evil, and a bug to fix.
                log.error("callback data over %d bytes dropped: %r", MAX_CALLBACK_DATA, choice.data)
                continue
            buttons.append(InlineKeyboardButton(translator.label(choice), callback_data=choice.data))
        if buttons:
            rows.append(buttons)
    return InlineKeyboardMarkup(rows) if rows else None


def render(reply: Reply, translator: Translator) -> list[Rendered]:
    """One or more messages for ``reply``; only the last carries the keyboard."""
    text = translator.render(reply).strip() or translator.gettext("bot.empty_reply")
    chunks = split_text(text)
    markup = keyboard(reply, translator)
    return [Rendered(chunk, markup if i == len(chunks) - 1 else None) for i, chunk in enumerate(chunks)]


async def send_reply(
    message: Message, reply: Reply, translator: Translator, *, quote: bool | None = None
) -> list[Message]:
    """Answer ``message`` in its chat with the rendered ``reply``; returns the sent messages.

    In a group the first part quotes the question (``quote=None`` means: in groups only), so the
    thread stays readable and a reply to the answer reaches the bot again.
    """
    if quote is None:
        quote = message.chat.type != ChatType.PRIVATE
    sent = []
    for i, part in enumerate(render(reply, translator)):
        if quote and i == 0:
            sent.append(await message.reply_text(part.text, reply_markup=part.markup, do_quote=True))
        else:
            sent.append(
                await message.get_bot().send_message(message.chat_id, part.text, reply_markup=part.markup)
            )
    for file in reply.files:  # after the text: the text is the answer, the picture follows
        sent.append(await send_file(message, file))
    return sent


PHOTO_MAX_SIDES = 10_000
PHOTO_MAX_RATIO = 20
PHOTO_MAX_BYTES = 10 * 1024 * 1024


def png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR chunk (bytes 16–24), or None for anything else."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or len(data) < 24:
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def fits_as_photo(file: FileReply) -> bool:
    """Telegram's limits for sendPhoto: width + height ≤ 10,000, sides within 1:20, at most 10 MB.
    A picture outside them (a chart of a few hundred units) goes as a document instead."""
    size = png_size(file.data) if file.filename.lower().endswith(".png") else None
    if not file.is_picture or len(file.data) > PHOTO_MAX_BYTES or size is None:
        return False
    width, height = size
    return width + height <= PHOTO_MAX_SIDES and max(width, height) <= PHOTO_MAX_RATIO * min(width, height)


async def send_file(message: Message, file: FileReply) -> Message:
    """A chart as a photo in the chat where it fits; any other file as a document."""
    data = InputFile(file.data, filename=file.filename)
    if fits_as_photo(file):
        return await message.get_bot().send_photo(message.chat_id, data, caption=file.caption)
    return await message.get_bot().send_document(message.chat_id, data, caption=file.caption)
