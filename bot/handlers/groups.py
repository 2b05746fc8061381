"""Group chats: the bot answers commands, mentions of itself and replies to its own messages only.

Layer: Telegram adapter. In a busy 工作群 everything else is none of the bot's business: it is
neither answered nor stored.
"""

from __future__ import annotations

from telegram import Message, MessageEntity
from telegram.constants import ChatType


def _mentions(message: Message, username: str) -> bool:
    target = f"@{username}".lower()
    for entities, parse in (
        (message.entities, message.parse_entities),
        (message.caption_entities, message.parse_caption_entities),
    ):
        if entities:
            for text in parse([MessageEntity.MENTION]).values():
                if text.lower() == target:
                    return True
    return False


def addressed_to_bot(message: Message, bot_id: int, bot_username: str | None) -> bool:
    """True when a group message is meant for the bot (always true in a private chat)."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    text = message.text or message.caption or ""
    if text.startswith("/"):
        command = text.split()[0]
        if "@" not in command:
            return True
        return bool(bot_username) and command.split("@", 1)[1].lower() == (bot_username or "").lower()
    if bot_username and _mentions(message, bot_username):
        return True
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot_id)


def strip_mention(text: str, bot_username: str | None) -> str:
    """The question without the ``@bot`` that addressed it."""
    if not bot_username:
        return text.strip()
    mention = f"@{bot_username}"
    lowered = text.lower()
    idx = lowered.find(mention.lower())
    while idx != -1:
        text = text[:idx] + text[idx + len(mention) :]
        lowered = text.lower()
        idx = lowered.find(mention.lower())
    return text.strip()


def command_arguments(message: Message, bot_username: str | None) -> str:
    """The text after the command: ``/schedule@bot 12月10日 …`` → ``12月10日 …``."""
    parts = strip_mention(message.text or "", bot_username).split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""
