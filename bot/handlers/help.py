"""``/help``, the hint for messages the bot does not understand, and unknown commands.

Layer: Telegram adapter. The text lives in ``locale/zh_CN/LC_MESSAGES/bot.po``.
"""

from __future__ import annotations

from telegram import BotCommand, Update

from bot.core.i18n import Translator
from bot.core.replies import Reply
from bot.handlers.context import BotContext
from bot.handlers.render import send_reply

COMMANDS: tuple[str, ...] = (
    "help",
    "train",
    "meeting",
    "report",
    "history",
    "undo",
    "progress",
    "duty",
    "settings",
    "deadline",
    "schedule",
    "overview",
    "export",
    "summary",
    "invite",
    "cancel",
    "start",
)
"""The command menu, in the order users see it; descriptions are ``bot.command.<name>`` in the catalog."""


def bot_commands(translator: Translator) -> list[BotCommand]:
    return [BotCommand(name, translator.gettext(f"bot.command.{name}")) for name in COMMANDS]


async def show_help(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    await send_reply(update.effective_message, Reply("bot.help"), context.translator)


async def hint_at_usage(update: Update, context: BotContext) -> None:
    """Stickers, voice, locations …: nothing to log or answer; say what the bot does understand."""
    assert update.effective_message is not None
    await send_reply(update.effective_message, Reply("bot.hint"), context.translator)


async def reject_unknown_command(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    await send_reply(update.effective_message, Reply("bot.unknown_command"), context.translator)
