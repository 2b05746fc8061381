"""Confirmation cards and the guided dialogs: buttons, ``/train`` ``/meeting`` ``/report``, ``/cancel``.

Layer: Telegram adapter. One ``ConversationHandler`` (name ``activity``, persisted in the
database by ``bot.handlers.persistence``) holds the multi-step dialogs:

- ``/train`` ``/meeting`` ``/report`` ask for a one-line description, which becomes a card;
- every inline button is an entry point (re-entry allowed, so an old card works at any time);
  the button "修改 → 日期" answers by asking for the new value, which the next text message gives.

Every dialog ends with ``/cancel`` or after ``DIALOG_TIMEOUT`` without an answer. The card
itself needs no conversation state: its buttons carry the id of a draft stored in the
database, so a card shown before a restart still works after it.
"""

from __future__ import annotations

import warnings
from datetime import timedelta

from telegram import Message, Update
from telegram.error import BadRequest
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.core.address import Address
from bot.core.replies import Reply
from bot.handlers.addresses import address_of, chat_of
from bot.handlers.context import BotContext
from bot.handlers.groups import AddressedToBot, strip_mention
from bot.handlers.render import render, send_reply

DIALOG_TIMEOUT = timedelta(minutes=10)
CONVERSATION_NAME = "activity"
GUIDED_KINDS = {"train": "training", "meeting": "exchange_meeting", "report": "report"}
AWAIT_VALUE = "await_value"


def _describe_state(kind: str) -> str:
    return f"describe:{kind}"


async def _show_card(update: Update, context: BotContext, reply: Reply) -> None:
    message = update.effective_message
    assert message is not None
    sent = await send_reply(message, reply, context.translator)
    await context.services.card_shown(reply, message=address_of(sent[-1]))


async def start_guided(update: Update, context: BotContext) -> str:
    assert update.effective_message is not None and update.effective_message.text is not None
    command = update.effective_message.text.split()[0].lstrip("/").split("@", 1)[0]
    kind = GUIDED_KINDS[command]
    await send_reply(update.effective_message, Reply(f"bot.guided.{kind}"), context.translator)
    return _describe_state(kind)


def _describe(kind: str):
    async def describe_activity(update: Update, context: BotContext) -> int:
        message = update.effective_message
        assert message is not None and message.text is not None
        text = strip_mention(message.text, context.bot.username)
        await _show_card(
            update,
            context,
            await context.services.propose_activity(
                context.member, chat=chat_of(message), text=text, kind=kind
            ),
        )
        return ConversationHandler.END

    return describe_activity


async def ask_for_text(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    await send_reply(update.effective_message, Reply("bot.guided.need_text"), context.translator)


async def press_button(update: Update, context: BotContext) -> str | int:
    query = update.callback_query
    assert query is not None and query.data is not None
    message = query.message
    chat = chat_of(message) if message else Address.telegram(query.from_user.id)
    outcome = await context.services.press_button(context.member, chat=chat, data=query.data)
    toast = context.translator.render(outcome.toast) if outcome.toast else None
    await query.answer(toast, show_alert=outcome.alert)
    if outcome.reply is None:
        return ConversationHandler.END
    parts = render(outcome.reply, context.translator)
    if outcome.edit and message is not None and len(parts) == 1:
        try:
            await query.edit_message_text(parts[0].text, reply_markup=parts[0].markup)
        except BadRequest as exc:  # pressing the same button twice: nothing changed
            if "not modified" not in str(exc).lower():
                raise
    elif isinstance(message, Message):
        sent = await send_reply(message, outcome.reply, context.translator)
        await context.services.card_shown(outcome.reply, message=address_of(sent[-1]))
    return AWAIT_VALUE if outcome.awaits_value else ConversationHandler.END


async def receive_value(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    text = strip_mention(message.text, context.bot.username)
    reply = await context.services.finish_edit(context.member, chat=chat_of(message), text=text)
    await _show_card(update, context, reply)
    return ConversationHandler.END


async def cancel_dialog(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None
    await context.services.cancel_dialog(context.member, chat=chat_of(message))
    await send_reply(message, Reply("bot.cancelled"), context.translator)
    return ConversationHandler.END


async def cancel_outside_dialog(update: Update, context: BotContext) -> None:
    """``/cancel`` with no PTB dialog running: there may still be a field edit the database remembers."""
    message = update.effective_message
    assert message is not None
    cancelled = await context.services.cancel_dialog(context.member, chat=chat_of(message))
    await send_reply(
        message, Reply("bot.cancelled" if cancelled else "bot.nothing_to_cancel"), context.translator
    )


async def time_out(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is not None and context.member is not None:
        await context.services.cancel_dialog(context.member, chat=chat_of(message))
        await send_reply(message, Reply("bot.dialog.timeout"), context.translator)


def conversation(timeout: timedelta = DIALOG_TIMEOUT) -> ConversationHandler:
    text = filters.TEXT & ~filters.COMMAND & AddressedToBot()
    states: dict[object, list] = {
        _describe_state(kind): [MessageHandler(text, _describe(kind))] for kind in GUIDED_KINDS.values()
    }
    states[AWAIT_VALUE] = [MessageHandler(text, receive_value)]
    states[ConversationHandler.TIMEOUT] = [TypeHandler(Update, time_out)]
    with warnings.catch_warnings():
        # PTB warns that with per_message=False a CallbackQueryHandler is not tracked per message. That is
        # the design: a button's data names its draft, so any card works whatever the dialog's state.
        warnings.filterwarnings("ignore", message=".*per_message=False.*", category=PTBUserWarning)
        return ConversationHandler(
            entry_points=[
                CommandHandler(list(GUIDED_KINDS), start_guided),
                CallbackQueryHandler(press_button),
            ],
            states=states,  # type: ignore[arg-type]
            fallbacks=[
                CommandHandler("cancel", cancel_dialog),
                MessageHandler((filters.PHOTO | filters.Document.ALL) & AddressedToBot(), ask_for_text),
            ],
            allow_reentry=True,
            conversation_timeout=timeout,
            name=CONVERSATION_NAME,
            persistent=True,
        )
