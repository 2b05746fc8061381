"""``/deadline`` and ``/schedule``: coordinators change deadlines and meetings from the chat.

Layer: Telegram adapter; ``bot.services.schedule`` checks who may change what and audits it.

    /deadline                               list (anyone in the city)
    /deadline add 2026-12-15 数据安全专项报告
    /deadline move <id> <date>
    /deadline remove <id>
    /schedule                               list meetings
    /schedule 12月10日下午3点 首席数据官沟通交流会 @市民中心
    /schedule cancel <id>
    /schedule ics <id>                      the meeting as an .ics file

An admin who belongs to no city names it first: ``/deadline 珠海 add …``.
"""

from __future__ import annotations

from typing import Any

from telegram import InputFile, Message, Update
from telegram.ext import Application, CommandHandler

from bot.core.replies import Reply
from bot.handlers.context import BotContext
from bot.handlers.groups import strip_mention
from bot.handlers.render import send_reply


def _words(message: Message, username: str | None) -> str:
    """The text after the command (``/schedule@bot 12月10日 …`` → ``12月10日 …``)."""
    text = strip_mention(message.text or "", username)
    parts = text.split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


def _city_and_rest(text: str, actor: Any) -> tuple[str | None, str]:
    from bot.core.cities import resolve_city

    first, _, rest = text.partition(" ")
    city = resolve_city(first) if first else None
    if city is not None:
        return city.code, rest.strip()
    return getattr(actor, "city", None), text


def deadline_reply(context: BotContext, text: str) -> Reply:
    from bot.services import schedule
    from bot.services.errors import ServiceError

    app, actor = context.app, context.member
    code, text = _city_and_rest(text, actor)
    verb, _, rest = text.partition(" ")
    rest = rest.strip()
    try:
        if not verb or verb in ("list", "列表"):
            city = schedule.viewing_city(actor, code)
            return schedule.deadlines_reply(schedule.list_deadlines(app.uow, app.clock, city), city)
        city = schedule.city_for(actor, code)
        now = app.clock.now()
        if verb in ("add", "新增") and " " in rest:
            day, title = rest.split(maxsplit=1)
            return schedule.add_deadline(app.uow, app.clock, actor, city=city, due=schedule.parse_day(day, now),
                                         title=title).reply
        if verb in ("move", "调整") and len(rest.split()) == 2:
            ident, day = rest.split()
            return schedule.move_deadline(app.uow, app.clock, actor, city=city, ident=ident,
                                          due=schedule.parse_day(day, now)).reply
        if verb in ("remove", "删除") and len(rest.split()) == 1:
            return schedule.remove_deadline(app.uow, app.clock, actor, city=city, ident=rest).reply
    except ServiceError as error:
        return error.reply()
    return Reply("schedule.deadline.usage")


async def manage_deadlines(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    await send_reply(message, deadline_reply(context, _words(message, context.bot.username)), context.translator)


async def manage_meetings(update: Update, context: BotContext) -> None:
    from bot.services import schedule
    from bot.services.errors import ServiceError

    message = update.effective_message
    assert message is not None
    app, actor = context.app, context.member
    code, text = _city_and_rest(_words(message, context.bot.username), actor)
    verb, _, rest = text.partition(" ")
    rest = rest.strip()
    try:
        if not verb or verb in ("list", "列表"):
            city = schedule.viewing_city(actor, code)
            reply = schedule.list_meetings(app.uow, app.clock, city)
        elif verb in ("ics", "日历") and rest.isdigit():
            city = schedule.viewing_city(actor, code)
            name, data = schedule.meeting_ics(app.uow, city, int(rest))
            await message.reply_document(InputFile(data, filename=name))
            return
        elif verb in ("cancel", "取消") and rest.isdigit():
            city = schedule.city_for(actor, code)
            reply = schedule.cancel_meeting(app.uow, app.clock, actor, city=city, meeting_id=int(rest)).reply
        elif verb in ("help", "帮助"):
            reply = Reply("schedule.meeting.usage")
        else:
            city = schedule.city_for(actor, code)
            reply = schedule.schedule_meeting(app.uow, app.clock, actor, city=city, text=text).reply
    except ServiceError as error:
        reply = error.reply()
    await send_reply(message, reply, context.translator)


def register(application: Application[Any, Any, Any, Any, Any, Any], group: int = 0) -> None:
    application.add_handlers([
        CommandHandler("deadline", manage_deadlines),
        CommandHandler("schedule", manage_meetings),
    ], group=group)
