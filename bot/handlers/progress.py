"""``/progress`` (我的进度), ``/overview`` (全市概览) and ``/export`` (台账导出).

Layer: Telegram adapter; the figures and who may see them are ``bot.services.progress``'s.

    /progress [2026]                  a CDO's or staff member's own unit
    /overview [珠海] [2026]           coordinators and admins: every unit of the city
    /export [xlsx|csv] [珠海] [2026]  coordinators their city, a CDO their unit, as a file

Register with ``register(application)``; the access guard (group -1) has put the caller's
membership into ``context.member``.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from telegram import InputFile, Message, Update
from telegram.ext import Application, CommandHandler

from bot.core.replies import Reply
from bot.handlers.context import BotContext
from bot.handlers.groups import strip_mention
from bot.handlers.render import send_reply

FORMATS = {"xlsx": "xlsx", "excel": "xlsx", "表格": "xlsx", "csv": "csv"}


@dataclass(frozen=True)
class Arguments:
    year: int | None = None
    city: str | None = None
    format: str = "xlsx"
    unknown: str | None = None
    """The first word that is neither a year, a city nor a format."""


def parse_arguments(text: str) -> Arguments:
    """``csv 珠海 2026`` in any order; a word that is none of these is reported, not ignored."""
    from bot.core.cities import resolve_city

    year, city, kind, unknown = None, None, "xlsx", None
    for word in text.split():
        lowered = word.lower().removesuffix("年")
        if lowered.isdigit() and len(lowered) == 4:
            year = int(lowered)
        elif lowered in FORMATS:
            kind = FORMATS[lowered]
        elif (found := resolve_city(word)) is not None:
            city = found.code
        elif unknown is None:
            unknown = word
    return Arguments(year, city, kind, unknown)


def _arguments(message: Message, username: str | None) -> Arguments:
    text = strip_mention(message.text or "", username)
    parts = text.split(maxsplit=1)
    return parse_arguments(parts[1] if len(parts) > 1 else "")


def progress_reply(context: BotContext, args: Arguments) -> Reply:
    from bot.core.cities import load_cities
    from bot.services import progress
    from bot.services.errors import ServiceError

    if args.unknown is not None:
        return Reply("progress.bad_argument", {"text": args.unknown})
    app = context.app
    try:
        return progress.unit_progress(app.uow, app.clock, load_cities(), context.member, args.year).reply()
    except ServiceError as error:
        return error.reply()


def overview_reply(context: BotContext, args: Arguments) -> Reply:
    from bot.core.cities import load_cities
    from bot.services import progress
    from bot.services.errors import ServiceError

    if args.unknown is not None:
        return Reply("progress.bad_argument", {"text": args.unknown})
    app = context.app
    try:
        return progress.city_overview(app.uow, app.clock, load_cities(), context.member, args.year,
                                      city=args.city).reply()
    except ServiceError as error:
        return error.reply()


async def show_progress(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    reply = progress_reply(context, _arguments(message, context.bot.username))
    await send_reply(message, reply, context.translator)


def _private_only(message: Message) -> Reply | None:
    """A city's ledger is not for a group chat, where members of other units read along."""
    return None if message.chat.type == "private" else Reply("progress.private_only")


async def show_overview(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    if (refusal := _private_only(message)) is not None:
        await send_reply(message, refusal, context.translator)
        return
    reply = overview_reply(context, _arguments(message, context.bot.username))
    await send_reply(message, reply, context.translator)


async def send_export(update: Update, context: BotContext) -> None:
    """The workbook (or CSV) of what the caller may see, sent as a document."""
    from bot.core.cities import load_cities
    from bot.services import export, progress
    from bot.services.errors import ServiceError

    message = update.effective_message
    assert message is not None
    if (refusal := _private_only(message)) is not None:
        await send_reply(message, refusal, context.translator)
        return
    args = _arguments(message, context.bot.username)
    if args.unknown is not None:
        await send_reply(message, Reply("progress.bad_argument", {"text": args.unknown}), context.translator)
        return
    app = context.app
    try:
        overview = progress.export_overview(app.uow, app.clock, load_cities(), context.member, args.year,
                                            city=args.city)
    except ServiceError as error:
        await send_reply(message, error.reply(), context.translator)
        return
    build = export.export_overview_xlsx if args.format == "xlsx" else export.export_activities_csv
    data = await asyncio.to_thread(build, overview)  # a big city's workbook takes a moment: keep the loop free
    await message.reply_document(InputFile(data, filename=export.export_filename(overview, args.format)),
                                 caption=export.export_caption(overview))


def register(application: Application[Any, Any, Any, Any, Any, Any], group: int = 0) -> None:
    application.add_handlers([
        CommandHandler("progress", show_progress),
        CommandHandler("overview", show_overview),
        CommandHandler("export", send_export),
    ], group=group)
