"""The words after a command (``/settings hour 8``, ``/deadline add 2026-12-15 …``, ``/export csv``).

Layer: service. Every chat adapter (Telegram handlers, the terminal chat) hands over the member
and the text after the command and renders what comes back, so that a command means the same in
every chat and its argument rules are written once. A word a command does not know is reported,
never ignored.

    /settings [hour N | away FROM [TO] | away off | mute on|off]
    /deadline [珠海] [list | add DAY TITLE | move ID DAY | remove ID]
    /schedule [珠海] [list | WHEN TITLE [@PLACE] | cancel ID | ics ID | help]
    /progress [2026]        /overview [珠海] [2026]        /export [xlsx|csv] [珠海] [2026]

Results are a ``Reply`` or, for ``/export`` and ``/schedule ics``, a ``FileReply`` (name, bytes,
caption) that the adapter sends as a document or writes to disk.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from bot.core.cities import load_cities, resolve_city
from bot.core.clock import Clock
from bot.core.ids import YEARS, looks_like_year, parse_id, parse_number, parse_year
from bot.core.replies import FileReply, Reply
from bot.services import export, progress, schedule, settings
from bot.services.command_table import CHART_PREFIX
from bot.services.conversation import Outcome
from bot.services.errors import ServiceError

log = logging.getLogger(__name__)
FORMATS = {"xlsx": "xlsx", "excel": "xlsx", "表格": "xlsx", "csv": "csv"}
OFF_WORDS = ("off", "关", "关闭", "取消", "clear")
ON_WORDS = ("on", "开", "开启")
LIST_WORDS = ("list", "列表")
ADD_WORDS = ("add", "新增", "添加")


@dataclass(frozen=True)
class Arguments:
    """The arguments of ``/progress``, ``/overview`` and ``/export``, in any order."""

    year: int | None = None
    city: str | None = None
    format: str = "xlsx"
    unknown: str | None = None
    """The first word that is neither a year, a city nor a format."""
    bad_year: str | None = None
    """Four digits that are no year of the pilots (``9999``, ``0001``, ``²⁰²⁶``)."""


def parse_arguments(text: str) -> Arguments:
    """``csv 珠海 2026`` in any order; a word that is none of these is reported, not ignored."""
    year, city, kind, unknown, bad_year = None, None, "xlsx", None, None
    for word in text.split():
        lowered = word.lower().removesuffix("年")
        if (valid := parse_year(lowered)) is not None:
            year = valid
        elif looks_like_year(lowered):
            bad_year = bad_year or word
        elif lowered in FORMATS:
            kind = FORMATS[lowered]
        elif (found := resolve_city(word)) is not None:
            city = found.code
        elif unknown is None:
            unknown = word
    return Arguments(year, city, kind, unknown, bad_year)


@dataclass(frozen=True)
class InviteArguments:
    city: str | None
    unit: str | None
    role: str


def invite_arguments(text: str) -> InviteArguments | None:
    """``/invite [城市] [单位] 角色``: ``zhuhai coordinator``, ``金湾区 首席数据官``, ``珠海 市公安局 cdo``.

    The role is the last word (English or Chinese, ``access.role_code``); a first word that names a
    city is the city; the words between are the unit. None when there is not even a role.
    """
    from bot.services.access import role_code

    words = text.split()
    if not words:
        return None
    role, words = role_code(words[-1]), words[:-1]
    city = resolve_city(words[0]) if words else None
    if city is not None:
        words = words[1:]
    return InviteArguments(city.code if city else None, " ".join(words) or None, role)


def _bad_argument(args: Arguments) -> Reply | None:
    if args.bad_year is not None:
        return Reply(
            "progress.bad_year", {"text": args.bad_year, "first": YEARS.start, "last": YEARS.stop - 1}
        )
    return None if args.unknown is None else Reply("progress.bad_argument", {"text": args.unknown})


def progress_command(uow: Any, clock: Clock, actor: Any, text: str) -> Reply | Outcome:
    """A CDO's or staff member's own unit this year (or the year named)."""
    args = parse_arguments(text)
    if (refusal := _bad_argument(args)) is not None:
        return refusal
    try:
        found = progress.unit_progress(uow, clock, load_cities(), actor, args.year)
    except ServiceError as error:
        return error.reply()
    return _then_chart(actor, found, f"{CHART_PREFIX}:progress:{found.year}")


def overview_command(uow: Any, clock: Clock, actor: Any, text: str) -> Reply | Outcome:
    """Every unit of a city, for its coordinators and admins."""
    args = parse_arguments(text)
    if (refusal := _bad_argument(args)) is not None:
        return refusal
    try:
        found = progress.city_overview(uow, clock, load_cities(), actor, args.year, city=args.city)
    except ServiceError as error:
        return error.reply()
    return _then_chart(actor, found, f"{CHART_PREFIX}:overview:{found.city}:{found.year}")


def _then_chart(actor: Any, found: Any, data: str) -> Outcome:
    """The text answer now, its picture to follow (``Outcome.follow_ups`` → ``press_chart_button``).

    Drawing costs what all the rest of an update costs a hundred times over (matplotlib: ~0.1 s
    for one unit, seconds for a city; ``bench/bench_updates.py``): drawn inside the command, it held
    up the answer. Now the transport sends the text, then asks for the chart, which is drawn only
    when the figures changed since the last drawing (``_CHARTS``). The figures just read are handed
    to that follow-up (``_JUST_READ``, for this member and this chart only, for a minute), so the
    picture shows exactly what the text said and they are not read a second time."""
    with _CHARTS_LOCK:
        _JUST_READ[(actor.member_id, data)] = (time.monotonic(), found)
        while len(_JUST_READ) > CHARTS_KEPT:
            _JUST_READ.popitem(last=False)
    return Outcome(replies=(found.reply(),), follow_ups=(data,))


def _just_read(actor: Any, data: str) -> Any | None:
    """The figures ``_then_chart`` read for this member's chart a moment ago, once."""
    with _CHARTS_LOCK:
        kept = _JUST_READ.pop((actor.member_id, data), None)
    if kept is None or time.monotonic() - kept[0] > JUST_READ_FOR:
        return None
    return kept[1]


def press_chart_button(uow: Any, clock: Clock, actor: Any, data: str) -> Reply | FileReply:
    """The picture under ``/progress`` or ``/overview``, drawn now from the data as it is now
    (``bot.services.charts``, imported only here: it brings matplotlib). The same checks as the
    command (a CDO sees only their unit, a coordinator only their city); a forged or outdated
    button is answered as stale, a chart that fails is logged and said so."""
    parts = data.split(":")
    year = parse_year(parts[-1]) if len(parts) > 2 else None
    found: Any = _just_read(actor, data)
    try:
        if year is not None and parts[:2] == [CHART_PREFIX, "progress"] and len(parts) == 3:
            if found is None:
                found = progress.unit_progress(uow, clock, load_cities(), actor, year)
            chart = "progress_chart"
        elif year is not None and parts[:2] == [CHART_PREFIX, "overview"] and len(parts) == 4:
            if found is None:
                found = progress.city_overview(uow, clock, load_cities(), actor, year, city=parts[2])
            chart = "overview_chart"
        else:
            return Reply("activity.button.stale")
    except ServiceError as error:
        return error.reply()
    key = (chart, hashlib.sha256(repr(found).encode()).hexdigest())
    with _CHARTS_LOCK:
        kept = _CHARTS.get(key)
        if kept is not None:
            _CHARTS.move_to_end(key)
            return kept
    try:
        from bot.services import charts

        drawn: FileReply = getattr(charts, chart)(found)
    except Exception:
        log.exception("could not draw the %s", chart)
        return Reply("progress.chart.failed")
    with _CHARTS_LOCK:
        _CHARTS[key] = drawn
        while len(_CHARTS) > CHARTS_KEPT:
            _CHARTS.popitem(last=False)
    return drawn


CHARTS_KEPT = 64
"""Charts kept in memory (~70 KB a unit's, ~1 MB a big city's): asked again with the same figures,
the same picture is sent without drawing it anew."""
_CHARTS: OrderedDict[tuple[str, str], FileReply] = OrderedDict()
"""(chart, digest of the figures it shows) → the drawn file, least recently used first."""
_CHARTS_LOCK = threading.Lock()
JUST_READ_FOR = 60.0
"""Seconds the figures of a ``/progress`` answer wait for its chart follow-up."""
_JUST_READ: OrderedDict[tuple[int | None, str], tuple[float, Any]] = OrderedDict()
"""(member id, chart data) → (when, the figures the text was made of)."""


def export_command(uow: Any, clock: Clock, actor: Any, text: str) -> Reply | FileReply:
    """The ledger the caller may see as a workbook (default) or CSV.

    Building a big city's workbook takes a moment: an adapter with an event loop calls this in a
    worker thread.
    """
    args = parse_arguments(text)
    if (refusal := _bad_argument(args)) is not None:
        return refusal
    try:
        overview = progress.export_overview(uow, clock, load_cities(), actor, args.year, city=args.city)
    except ServiceError as error:
        return error.reply()
    build = export.export_overview_xlsx if args.format == "xlsx" else export.export_activities_csv
    return FileReply(
        export.export_filename(overview, args.format), build(overview), export.export_caption(overview)
    )


def undo_command(uow: Any, clock: Clock, actor: Any, text: str) -> Reply:
    """``/undo``: the record entered last; ``/undo 3``: record 编号 3 (the number its card showed)."""
    from bot.services import activity

    words = text.split()
    if not words:
        return activity.undo_last(uow, clock, actor)
    if len(words) == 1 and (number := parse_id(words[0])) is not None:
        reply = activity.delete_activity(uow, clock, actor, number)
        return (
            Reply("activity.undone.numbered", reply.params, reply.choices)
            if reply.key == "activity.deleted"
            else reply
        )
    return Reply("activity.undo.usage", {"text": text.strip()})


def settings_command(uow: Any, clock: Clock, actor: Any, text: str) -> Reply:
    verb, _, rest = text.strip().partition(" ")
    rest = rest.strip()
    try:
        if not verb:
            return settings.settings_reply(settings.get_settings(uow, actor))
        if verb in ("hour", "时间") and (hour := parse_number(rest, 99)) is not None:
            return settings.settings_reply(settings.set_reminder_hour(uow, clock, actor, hour))
        if verb in ("away", "出差", "休假") and rest in OFF_WORDS:
            return settings.settings_reply(settings.set_away(uow, clock, actor, None, None))
        if verb in ("away", "出差", "休假") and rest:
            first, last = settings.parse_away(rest, clock.now())
            return settings.settings_reply(settings.set_away(uow, clock, actor, first, last))
        if verb in ("mute", "静音") and rest in ON_WORDS + OFF_WORDS:
            return settings.settings_reply(settings.set_mute(uow, clock, actor, rest in ON_WORDS))
    except ServiceError as error:
        return error.reply()
    return Reply("settings.usage")


def _city_and_rest(text: str, actor: Any) -> tuple[str | None, str]:
    """An admin who belongs to no city names it first: ``珠海 add …``."""
    first, _, rest = text.partition(" ")
    city = resolve_city(first) if first else None
    if city is not None:
        return city.code, rest.strip()
    return getattr(actor, "city", None), text


def deadline_command(uow: Any, clock: Clock, actor: Any, text: str) -> Reply:
    code, text = _city_and_rest(text.strip(), actor)
    verb, _, rest = text.partition(" ")
    rest = rest.strip()
    try:
        if not verb or verb in LIST_WORDS:
            city = schedule.viewing_city(actor, code)
            return schedule.deadlines_reply(
                schedule.list_deadlines(uow, clock, city), city, editor=schedule.may_change(actor)
            )
        city = schedule.city_for(actor, code)
        now = clock.now()
        if verb in ("add", "新增") and " " in rest:
            day, title = rest.split(maxsplit=1)
            return schedule.add_deadline(
                uow, clock, actor, city=city, due=schedule.parse_day(day, now), title=title
            ).reply
        if verb in ("move", "调整") and len(rest.split()) == 2:
            ident, day = rest.split()
            return schedule.move_deadline(
                uow, clock, actor, city=city, ident=ident, due=schedule.parse_day(day, now)
            ).reply
        if verb in ("remove", "删除") and len(rest.split()) == 1:
            return schedule.remove_deadline(uow, clock, actor, city=city, ident=rest).reply
    except ServiceError as error:
        return error.reply()
    return Reply("schedule.deadline.usage")


def meeting_command(uow: Any, clock: Clock, actor: Any, text: str) -> Reply | FileReply:
    code, text = _city_and_rest(text.strip(), actor)
    verb, _, rest = text.partition(" ")
    rest = rest.strip()
    try:
        if not verb or verb in LIST_WORDS:
            return schedule.list_meetings(
                uow, clock, schedule.meetings_city(actor, code), editor=schedule.may_change(actor)
            )
        if verb in ("ics", "日历") and (meeting_id := parse_id(rest)) is not None:
            name, data = schedule.meeting_ics(uow, schedule.meetings_city(actor, code), meeting_id)
            return FileReply(name, data)
        if verb in ("cancel", "取消") and (meeting_id := parse_id(rest)) is not None:
            city = schedule.city_for(actor, code)
            return schedule.cancel_meeting(uow, clock, actor, city=city, meeting_id=meeting_id).reply
        if verb in ("ics", "日历", "cancel", "取消"):  # without a meeting number: not a date to read
            return Reply("schedule.meeting.need_id", {"verb": verb})
        if verb in ("help", "帮助"):
            return Reply("schedule.meeting.usage")
        city = schedule.city_for(actor, code)
        if verb in ADD_WORDS:  # "/schedule add 12月10日 …" as the usage of /deadline add suggests
            text = rest
        return schedule.schedule_meeting(uow, clock, actor, city=city, text=text).reply
    except ServiceError as error:
        return error.reply()
