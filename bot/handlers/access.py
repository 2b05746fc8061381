"""The access guard: runs first (handler group -1) for every update.

Layer: Telegram adapter. Bots are public (PITFALLS 10): anyone can find and message this one.
Members are recognised by their numeric Telegram user id, never the username. A stranger gets a
polite refusal and nothing else; their message is not passed on, not stored and not logged.
The one exception is ``/start CODE`` (also the deep link ``t.me/<bot>?start=CODE``), which is how
a stranger becomes a member.

In groups, updates not addressed to the bot are dropped silently before anything else happens.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot.core.replies import Reply
from bot.handlers.addresses import account_of
from bot.handlers.context import BotContext
from bot.handlers.exactly_once import PLATFORM
from bot.handlers.groups import update_addressed_to_bot
from bot.handlers.render import send_reply
from bot.services.access import group_refusal
from bot.services.blocking import Busy

log = logging.getLogger(__name__)

REFUSAL = Reply("bot.access.refused")


def _is_join_attempt(update: Update) -> bool:
    message = update.message
    if message is None or not message.text:
        return False
    parts = message.text.split()
    return parts[0].split("@", 1)[0] == "/start" and len(parts) > 1


async def guard_access(update: Update, context: BotContext) -> None:
    user = update.effective_user
    if user is None or user.is_bot or (update.message is None and update.callback_query is None):
        # Edits, channel posts, membership changes …: nothing a user asked of us. An edited line
        # would otherwise produce a second card for the same activity.
        raise ApplicationHandlerStop
    bot = context.bot
    if not update_addressed_to_bot(update, bot.id, bot.username):
        raise ApplicationHandlerStop
    try:
        if await context.services.already_handled(PLATFORM, update.update_id):
            # A redelivery of an update whose effect committed (the process died before the reply):
            # say so instead of removing a second record or making a second meeting.
            log.info("update %s was already handled; skipped", update.update_id)
            await _answer(update, context, Reply("bot.already_handled"))
            raise ApplicationHandlerStop
        context.member = await context.services.identify(account_of(user))
    except ApplicationHandlerStop:
        raise
    except Busy:
        # The database is slow or gone: say so at once (and keep the event loop free for others).
        log.warning("could not identify the sender of update %s: database busy", update.update_id)
        await _answer(update, context, Reply("error.busy"))
        raise ApplicationHandlerStop from None
    except Exception:
        # Fail closed: an update we could not attribute must not reach the other handlers.
        log.exception("could not identify the sender of update %s", update.update_id)
        await _answer(update, context, Reply("error.generic"))
        raise ApplicationHandlerStop from None
    if context.member is not None:
        if (refusal := _group_refusal(update)) is not None:
            await _answer(update, context, refusal)
            raise ApplicationHandlerStop
        return
    if _is_join_attempt(update):
        return
    log.info("refused update %s from a non-member", update.update_id)  # no name, no text
    await _answer(update, context, REFUSAL)
    raise ApplicationHandlerStop


def _group_refusal(update: Update) -> Reply | None:
    """A command that shows a unit's data, sent in a group: ``access.group_refusal`` decides."""
    message = update.message
    if message is None or not message.text or not message.text.startswith("/"):
        return None
    return group_refusal(message.text.split()[0], private_chat=message.chat.type == ChatType.PRIVATE)


async def _answer(update: Update, context: BotContext, reply: Reply) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(context.translator.render(reply), show_alert=True)
    elif update.effective_message is not None:
        await send_reply(update.effective_message, reply, context.translator)


def require_member(context: BotContext) -> object:
    """The caller's membership; the guard has already refused everyone else."""
    if context.member is None:
        raise RuntimeError("handler reached without a member; is the access guard registered?")
    return context.member
