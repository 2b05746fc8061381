"""The Telegram transport: one handler turns every update into an ``Event`` and renders the ``Outcome``.

Layer: Telegram adapter. What a message means is ``bot.services.dispatcher``'s business (commands,
access, dialogs, buttons, questions); this module only knows Telegram:

- which updates are for the bot at all: edits, channel posts and other bots are not; in a group
  only commands, mentions of the bot and replies to it are (``bot.handlers.groups``), the rest is
  neither answered nor stored;
- how a Telegram message becomes an event: ``/cmd@bot words`` a command, a photo or document a
  file (its ``file_id`` stays on Telegram), a button its callback data, the update id the event id;
- how an outcome is rendered: the toast answers the button press, an edit replaces the pressed
  message (or is sent anew when it no longer fits one message), new replies quote the question
  in groups, files go as documents. The dispatcher is told where each reply went.

The dispatcher's database work runs in a worker thread, so the event loop keeps answering.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

from telegram import BotCommand, Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import ApplicationHandlerStop, filters

from bot.core.address import Address
from bot.core.i18n import Translator
from bot.core.replies import FileReply, Reply
from bot.handlers.addresses import account_of, address_of, chat_of
from bot.handlers.context import BotContext
from bot.handlers.groups import addressed_to_bot, command_arguments, strip_mention
from bot.handlers.render import keyboard, render, send_file, send_reply
from bot.services.activity import EVIDENCE_MAX_BYTES, EvidenceFile
from bot.services.blocking import LONG_CALLS, Busy, run_blocking
from bot.services.command_table import CHART_PREFIX, COMMANDS
from bot.services.conversation import Event, Kind, Outcome, say
from bot.services.dispatcher import Dispatcher


def bot_commands(dispatcher: Dispatcher, translator: Translator) -> list[BotCommand]:
    """The command menu, from the dispatcher's command table."""
    return [BotCommand(c.name, translator.gettext(c.help_key)) for c in dispatcher.commands()]


def _file_of(message: Message, caption: str | None) -> EvidenceFile | None:
    if message.photo:
        photo = message.photo[-1]  # the largest size
        return EvidenceFile(
            telegram_file_id=photo.file_id,
            file_unique_id=photo.file_unique_id,
            mime_type="image/jpeg",
            file_size=photo.file_size,
            caption=caption,
        )
    if message.document:
        doc = message.document
        return EvidenceFile(
            telegram_file_id=doc.file_id,
            file_unique_id=doc.file_unique_id,
            file_name=doc.file_name,
            mime_type=doc.mime_type,
            file_size=doc.file_size,
            caption=caption,
        )
    return None


def event_of(update: Update, bot_id: int, bot_username: str | None) -> Event | None:
    """The event this update is, or None when it is none of the bot's business."""
    user = update.effective_user
    if user is None or user.is_bot:
        return None
    common: dict[str, Any] = {
        "account": account_of(user),
        "display_name": user.full_name,
        "event_id": str(update.update_id),
    }
    query = update.callback_query
    if query is not None:  # a button under one of the bot's own messages
        message = query.message
        return Event(
            Kind.BUTTON,
            chat=chat_of(message) if message else Address.telegram(user.id),
            private=message is None or message.chat.type == ChatType.PRIVATE,
            data=query.data or "",
            message=address_of(message) if message else None,
            **common,
        )
    message = update.message  # edits and channel posts are nothing a user asked of us
    if message is None or not addressed_to_bot(message, bot_id, bot_username):
        return None
    common |= {"chat": chat_of(message), "private": message.chat.type == ChatType.PRIVATE}
    replied = message.reply_to_message
    if replied is not None:
        common["message"] = address_of(replied)
    if message.text is not None:
        if filters.COMMAND.check_update(update):
            name = message.text.split()[0].lstrip("/").split("@", 1)[0].lower()
            words = command_arguments(message, bot_username)
            if name == "start" and words:
                common["private_link"] = f"https://t.me/{bot_username}?start={words.split()[0]}"
            return Event(Kind.COMMAND, command=name, text=words, **common)
        return Event(Kind.TEXT, text=strip_mention(message.text, bot_username), **common)
    caption = strip_mention(message.caption or "", bot_username) or None
    file = _file_of(message, caption)
    if file is not None:
        return Event(Kind.FILE, file=file, text=caption or "", **common)
    if common["private"] and not filters.StatusUpdate.ALL.check_update(update):
        return Event(Kind.OTHER, **common)  # a sticker, a voice note: say what the bot understands
    return None


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


def slow_commands() -> filters.BaseFilter:
    """Private messages that run a ``slow`` command of the table (a workbook, a chart); in a group
    they are refused at once (``private_only``), which need not leave the queue."""
    names = "|".join(c.name for c in COMMANDS if c.slow)
    return filters.ChatType.PRIVATE & filters.Regex(rf"^/({names})(@\w+)?(\s|$)")


SLOW_BUTTONS = rf"^{CHART_PREFIX}:"
"""Callback data of the buttons that draw a chart (seconds): handled like the slow commands."""


async def handle_update(update: Update, context: BotContext) -> None:
    bot = context.bot
    event = event_of(update, bot.id, bot.username)
    if event is None:
        raise ApplicationHandlerStop
    if event.file is not None:
        size = await _real_size(context, event.file.telegram_file_id, event.file.file_size)
        event = replace(event, file=replace(event.file, file_size=size))
    dispatcher = context.app.dispatcher
    # Off the event loop and under a deadline (``bot.services.blocking``): a slow database answers
    # "系统繁忙" to this user instead of freezing every chat.
    slow = event.command or (event.data or "").split(":", 1)[0]  # a command, or a button's prefix
    timeout = max(context.app.settings.service_timeout, LONG_CALLS.get(slow, 0.0))
    try:
        outcome = await run_blocking(dispatcher.handle, event, timeout=timeout)
    except Busy as busy:
        outcome = Outcome(toast=busy.reply(), alert=True) if event.kind is Kind.BUTTON else say(busy.reply())
    await render_outcome(update, context, outcome)
    await _follow_up(update, context, event, outcome)
    if outcome.check_after is not None and context.job_queue is not None:
        # A dialog began: if nobody answers it in time, end it and say so (as PTB's conversation
        # time-out did); the state itself is the dispatcher's, in the database.
        context.job_queue.run_once(time_out_dialog, outcome.check_after, data=(event.chat, event.account))


async def _follow_up(update: Update, context: BotContext, event: Event, outcome: Outcome) -> None:
    """After the text: what it asked for next (the chart under ``/progress``), as new messages.

    Only under a message (a command's answer); a pressed button's update has been answered already.
    A chart that does not come in time is left out: the text was the answer."""
    if not outcome.follow_ups or update.callback_query is not None:
        return
    for data in outcome.follow_ups:
        try:
            more = await run_blocking(
                context.app.dispatcher.follow_up, event, data, timeout=LONG_CALLS.get(CHART_PREFIX, 60.0)
            )
        except Busy:
            continue
        await render_outcome(update, context, more)


async def time_out_dialog(context: BotContext) -> None:
    assert context.job is not None
    chat, account = context.job.data  # type: ignore[misc]
    reply = await asyncio.to_thread(context.app.dispatcher.time_out, chat, account)
    if reply is not None:
        for part in render(reply, context.translator):
            await context.bot.send_message(int(chat.chat), part.text, reply_markup=part.markup)


async def _edit(query: Any, reply: Reply, translator: Translator) -> bool:
    """Replace the pressed message; False when the reply needs more than one message."""
    parts = render(reply, translator)
    if len(parts) != 1:
        return False
    try:
        await query.edit_message_text(parts[0].text, reply_markup=parts[0].markup)
    except BadRequest as error:  # pressing the same button twice: nothing changed
        if "not modified" not in str(error).lower():
            raise
    return True


async def render_outcome(update: Update, context: BotContext, outcome: Outcome) -> None:
    translator = context.translator
    dispatcher = context.app.dispatcher
    query = update.callback_query
    message = query.message if query is not None else update.effective_message
    replies = list(outcome.replies)
    if query is not None:
        toast = translator.render(outcome.toast) if outcome.toast is not None else None
        await query.answer(toast, show_alert=outcome.alert)
        if outcome.edit is not None and not (
            message is not None and await _edit(query, outcome.edit, translator)
        ):
            replies.insert(0, outcome.edit)
        if outcome.buttons is not None and message is not None:
            try:
                await query.edit_message_reply_markup(
                    reply_markup=keyboard(Reply("", choices=outcome.buttons), translator)
                )
            except BadRequest as error:  # pressed twice: the buttons are already gone
                if "not modified" not in str(error).lower():
                    raise
    elif outcome.edit is not None:
        replies.insert(0, outcome.edit)
    if not isinstance(message, Message):
        return
    for reply in replies:
        if isinstance(reply, FileReply):  # a chart as a photo where it fits, any other file as a document
            await send_file(message, reply)
            continue
        sent = await send_reply(message, reply, translator)
        if dispatcher.remembers(reply):  # a card: its message is kept (a worker thread only then)
            await run_blocking(dispatcher.shown, reply, address_of(sent[-1]))
