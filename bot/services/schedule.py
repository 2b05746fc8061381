"""Coordinators change dates at run time: deadlines (add, move, remove, list) and meetings (schedule,
cancel, list, ``.ics``).

Layer: services (imports ``bot.core`` and ``storage``). Only coordinators and admins of the city
may change its dates; every change is written to the audit log in the same unit of work. The
reminder outbox follows by itself: the next sync re-plans from these rows
(``bot.services.reminder_state`` explains how a ``Deadline`` row adds, moves or removes an
occurrence); cancelling a meeting also cancels its pending reminders at once.

Deadlines are named in commands by an id: the number of a coordinator's own deadline (``12``), or
``<rule>@<period>`` for an occurrence of a city-file rule (``summary_report@2026-11-30``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from bot.core.cities import City, load_cities
from bot.core.clock import SHANGHAI, Clock
from bot.core.ids import parse_id
from bot.core.obligations import DEADLINE_KINDS, expand_occurrences
from bot.core.replies import Reply
from bot.services.access import Actor
from bot.services.errors import NotAuthorized, NotFound, UnknownCity, ValidationFailed
from bot.services.reminder_state import CUSTOM_PREFIX, REMOVED_PREFIX, deadline_overrides
from storage.models import Deadline, Meeting
from storage.uow import UnitOfWork, UnitOfWorkFactory

MAX_TITLE = 200
PERIOD_WORDS = re.compile(r"(?<=\s)(?:上午|下午|中午|晚上|早上|凌晨|傍晚|今天|明天|后天)(?=\s)")
"""Day-part words the date scanner leaves beside a clock time (``下午 3点`` → span ``3点``)."""
LIST_AHEAD = timedelta(days=400)
MEETING_LENGTH = timedelta(hours=2)
CLI_ACTOR = "cdo-bot deadline"


@dataclass(frozen=True)
class DeadlineEntry:
    ident: str
    """What commands take: ``12`` or ``summary_report@2026-11-30``."""
    rule_key: str
    period_key: str
    title: str
    due: date
    kind: str
    clause: str
    source: str
    """``file``, ``moved`` or ``custom``."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.ident,
            "rule_key": self.rule_key,
            "period_key": self.period_key,
            "title": self.title,
            "due": self.due.isoformat(),
            "kind": self.kind,
            "clause": self.clause,
            "source": self.source,
        }


@dataclass(frozen=True)
class Changed:
    ident: str
    reply: Reply


def _city(code: str | None, cities: Mapping[str, City] | None) -> City:
    cities = cities if cities is not None else load_cities()
    if code is None or code not in cities:
        raise UnknownCity("schedule.unknown_city", city=code or "")
    return cities[code]


def viewing_city(actor: Actor | None, city: str | None, cities: Mapping[str, City] | None = None) -> City:
    """The city whose dates ``actor`` looks at: the one named, else their own (reading needs no role)."""
    code = city or (actor.city if actor else None)
    if code is None:
        raise ValidationFailed("schedule.need_city")
    return _city(code, cities)


def meetings_city(actor: Actor | None, city: str | None, cities: Mapping[str, City] | None = None) -> City:
    """The city whose meetings ``actor`` looks at (list, ``.ics``): their own only, admins any.

    Deadlines come from the plans, which are public documents, so anyone may read any city's
    (``viewing_city``); meetings are the members' own appointments (who meets where and when).
    """
    found = viewing_city(actor, city, cities)
    if actor is not None and not actor.is_admin and actor.city != found.code:
        raise NotAuthorized("schedule.meeting.other_city", city=found.name)
    return found


def city_for(actor: Actor | None, city: str | None, cities: Mapping[str, City] | None = None) -> City:
    """The city a change applies to, checking that ``actor`` coordinates it (``None`` is the trusted CLI)."""
    if actor is None:
        return _city(city, cities)
    if actor.role not in ("coordinator", "admin") and not actor.is_admin:
        raise NotAuthorized("schedule.not_coordinator")
    code = city or actor.city
    if code is None:
        raise ValidationFailed("schedule.need_city")
    if actor.city is not None and code != actor.city and not actor.is_admin:
        raise NotAuthorized("schedule.not_coordinator")
    return _city(code, cities)


def _audit(
    uow: UnitOfWork,
    now: datetime,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    uow.audit.record(
        at=now,
        action=action,
        entity=entity,
        entity_id=entity_id,
        actor_member_id=actor.member_id if actor else None,
        actor_label=actor.display_name if actor else CLI_ACTOR,
        before=before,
        after=after,
    )


def parse_day(text: str, now: datetime) -> date:
    """``2026-12-15``, ``12月15日``, ``下周五`` … (always ahead: deadlines and meetings are in the future)."""
    from bot.core.intake import IntakeError, parse_when

    text = text.strip()
    try:
        return _not_too_far(date.fromisoformat(text), now)
    except ValueError:
        pass
    when = parse_when(text, now, future=True)
    if isinstance(when, IntakeError) or when.date_assumed:
        raise ValidationFailed("schedule.bad_date", text=text)
    return _not_too_far(when.date, now)


MAX_YEARS_AHEAD = 3
"""A deadline or meeting further ahead is a typo (``9999-12-31``): the pilots plan a year or two."""


def _not_too_far(day: date, now: datetime) -> date:
    if day.year > now.astimezone(SHANGHAI).year + MAX_YEARS_AHEAD:
        raise ValidationFailed("schedule.date_too_far", date=day.isoformat(), years=MAX_YEARS_AHEAD)
    return day


# ------------------------------------------------------------------------------------------ deadlines


def list_deadlines(
    uow_factory: UnitOfWorkFactory, clock: Clock, city: City, *, ahead: timedelta = LIST_AHEAD
) -> list[DeadlineEntry]:
    """Deadlines due from today on: the city file's, moved ones and coordinators' own."""
    today = clock.now().astimezone(SHANGHAI).date()
    with uow_factory() as uow:
        rows = uow.deadlines.live(city.code)
    extra, removed = deadline_overrides(city, rows, (today, today + ahead))
    custom_ids = {r.rule_key: r.id for r in rows if r.rule_key.startswith(CUSTOM_PREFIX)}
    entries = []
    for o in expand_occurrences(city, today, today + ahead, extra=extra, removed=removed):
        if o.kind not in DEADLINE_KINDS:
            continue
        if o.rule_key in custom_ids:
            ident, source = str(custom_ids[o.rule_key]), "custom"
        else:
            ident, source = f"{o.rule_key}@{o.period_key}", "moved" if o.override else "file"
        entries.append(
            DeadlineEntry(ident, o.rule_key, o.period_key, o.title, o.due, o.kind, o.clause, source)
        )
    return entries


def may_change(actor: Actor | None) -> bool:
    """Coordinators and admins change deadlines and meetings; only they see ids and how to change them."""
    return actor is None or actor.is_admin or actor.role in ("coordinator", "admin")


def deadlines_reply(entries: list[DeadlineEntry], city: City, *, editor: bool = True) -> Reply:
    """The list; ``editor=False`` (a CDO) leaves out the ids (``annual_evaluation@2026-12``) and the
    coordinators' commands, which a CDO cannot use."""
    if not entries:
        return Reply("schedule.deadline.none", {"city": city.name})
    lines = "\n".join(
        (f"{e.ident}　" if editor else "")
        + f"{e.due.month}月{e.due.day}日　{e.title}"
        + ("＊" if e.source != "file" else "")
        for e in entries
    )
    key = "schedule.deadline.list" if editor else "schedule.deadline.list.readonly"
    return Reply(key, {"city": city.name, "lines": lines})


def add_deadline(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    actor: Actor | None,
    *,
    city: City,
    due: date,
    title: str,
    clause: str = "",
) -> Changed:
    title = title.strip()
    if not title or len(title) > MAX_TITLE:
        raise ValidationFailed("schedule.bad_title", limit=MAX_TITLE)
    now = clock.now()
    if due < now.astimezone(SHANGHAI).date():
        raise ValidationFailed("schedule.date_in_past", date=due.isoformat())
    with uow_factory() as uow:
        row = uow.deadlines.add(
            Deadline(
                city=city.code,
                rule_key=f"{CUSTOM_PREFIX}new",
                period_key=due.isoformat(),
                title=title,
                kind="custom",
                due_date=due,
                clause=clause or None,
                created_by=actor.member_id if actor else None,
                created_at=now,
            )
        )
        row.rule_key = f"{CUSTOM_PREFIX}{row.id}"
        _audit(
            uow,
            now,
            actor,
            "create",
            "deadline",
            row.id,
            after={"city": city.code, "title": title, "due": due.isoformat(), "rule_key": row.rule_key},
        )
        uow.commit()
        return Changed(
            str(row.id),
            Reply(
                "schedule.deadline.added", {"id": row.id, "title": title, "month": due.month, "day": due.day}
            ),
        )


def _file_occurrence(city: City, ident: str) -> Any:
    rule_key, _, period = ident.partition("@")
    rule = city.rule(rule_key)
    if rule is None or not period or rule.kind not in DEADLINE_KINDS:
        raise NotFound("schedule.deadline.unknown", id=ident)
    for o in expand_occurrences(city, date(2000, 1, 1), date(2100, 12, 31)):
        if o.rule_key == rule_key and o.period_key == period:
            return o
    raise NotFound("schedule.deadline.unknown", id=ident)


def move_deadline(
    uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor | None, *, city: City, ident: str, due: date
) -> Changed:
    now = clock.now()
    if due < now.astimezone(SHANGHAI).date():
        raise ValidationFailed("schedule.date_in_past", date=due.isoformat())
    with uow_factory() as uow:
        if ident.isascii() and ident.isdigit():
            row = uow.deadlines.get(parse_id(ident) or 0)
            if row is None or row.city != city.code or not row.rule_key.startswith(CUSTOM_PREFIX):
                raise NotFound("schedule.deadline.unknown", id=ident)
            before = {"due": row.due_date.isoformat()}
            row.due_date = due
            title, entity_id = row.title, row.id
        else:
            original = _file_occurrence(city, ident)
            old = uow.deadlines.by_rule(city.code, original.rule_key, original.period_key)
            before = {"due": (old[-1].due_date if old else original.due).isoformat()}
            for stale in old:
                uow.deadlines.soft_delete(stale, now)
            row = uow.deadlines.add(
                Deadline(
                    city=city.code,
                    rule_key=original.rule_key,
                    period_key=original.period_key,
                    title=original.title,
                    kind=original.kind,
                    due_date=due,
                    clause=original.clause,
                    created_by=actor.member_id if actor else None,
                    created_at=now,
                )
            )
            title, entity_id = original.title, row.id
        _audit(
            uow,
            now,
            actor,
            "move",
            "deadline",
            entity_id,
            before=before | {"id": ident},
            after={"due": due.isoformat(), "id": ident},
        )
        uow.commit()
    return Changed(
        ident,
        Reply("schedule.deadline.moved", {"id": ident, "title": title, "month": due.month, "day": due.day}),
    )


def remove_deadline(
    uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor | None, *, city: City, ident: str
) -> Changed:
    now = clock.now()
    with uow_factory() as uow:
        if ident.isascii() and ident.isdigit():
            row = uow.deadlines.get(parse_id(ident) or 0)
            if row is None or row.city != city.code or not row.rule_key.startswith(CUSTOM_PREFIX):
                raise NotFound("schedule.deadline.unknown", id=ident)
            uow.deadlines.soft_delete(row, now)
            title, rule_key, period_key = row.title, row.rule_key, row.period_key
        else:
            original = _file_occurrence(city, ident)
            for stale in uow.deadlines.by_rule(city.code, original.rule_key, original.period_key):
                uow.deadlines.soft_delete(stale, now)
            uow.deadlines.add(
                Deadline(
                    city=city.code,
                    rule_key=f"{REMOVED_PREFIX}{original.rule_key}",
                    period_key=original.period_key,
                    title=original.title,
                    kind=original.kind,
                    due_date=original.due,
                    created_by=actor.member_id if actor else None,
                    created_at=now,
                )
            )
            title, rule_key, period_key = original.title, original.rule_key, original.period_key
        cancelled = uow.outbox.cancel_pending(rule_key=rule_key, period_key=period_key)
        _audit(
            uow,
            now,
            actor,
            "delete",
            "deadline",
            ident,
            before={"title": title, "id": ident},
            after={"cancelled_reminders": cancelled},
        )
        uow.commit()
    return Changed(ident, Reply("schedule.deadline.removed", {"id": ident, "title": title}))


# ------------------------------------------------------------------------------------------- meetings


@dataclass(frozen=True)
class MeetingRequest:
    starts_at: datetime
    title: str
    location: str | None


def parse_meeting(text: str, now: datetime, default_title: str) -> MeetingRequest:
    """``12月10日下午3点 首席数据官沟通交流会 @市民中心`` → when, title, location."""
    from bot.core.intake import IntakeError
    from bot.core.intake.dates import scan
    from bot.core.intake.text import normalise

    body, at, location = text.partition("@")
    if not at:  # "… 第二次首席数据官沟通交流会 市政府8楼会议室": a last word naming a place is the place
        from bot.services.guided import split_place

        body, place = split_place(body)
        location = place or ""
    line = normalise(body)
    found = scan(line, now.astimezone(SHANGHAI), future=True)
    when = found.when
    if isinstance(when, IntakeError) or when.date_assumed:
        raise ValidationFailed("schedule.bad_date", text=body.strip())
    if when.time is None:
        raise ValidationFailed("schedule.meeting.need_time")
    title = line
    for start, end in sorted(found.spans, reverse=True):
        title = title[:start] + " " + title[end:]
    title = PERIOD_WORDS.sub(" ", f" {title} ")
    title = " ".join(title.split()).strip(" ，,。") or default_title
    starts = datetime.combine(when.date, when.time, tzinfo=SHANGHAI)
    if starts <= now:
        raise ValidationFailed("schedule.date_in_past", date=f"{starts:%Y-%m-%d %H:%M}")
    _not_too_far(starts.date(), now)
    return MeetingRequest(starts, title[:MAX_TITLE], location.strip()[:200] or None)


def schedule_meeting(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    actor: Actor | None,
    *,
    city: City,
    text: str | None = None,
    request: MeetingRequest | None = None,
) -> Changed:
    now = clock.now()
    if request is None:
        cadence = next((r for r in city.rules if r.kind == "exchange_meeting_cadence"), None)
        request = parse_meeting(text or "", now, cadence.title if cadence else "")
    with uow_factory() as uow:
        meeting = uow.meetings.add(
            Meeting(
                city=city.code,
                title=request.title,
                starts_at=request.starts_at,
                location=request.location,
                created_by=actor.member_id if actor else None,
                created_at=now,
            )
        )
        _audit(
            uow,
            now,
            actor,
            "create",
            "meeting",
            meeting.id,
            after={
                "title": request.title,
                "starts_at": request.starts_at.isoformat(),
                "location": request.location,
            },
        )
        uow.commit()
    local = request.starts_at.astimezone(SHANGHAI)
    return Changed(
        str(meeting.id),
        Reply(
            "schedule.meeting.added",
            {
                "id": meeting.id,
                "title": request.title,
                "month": local.month,
                "day": local.day,
                "time": f"{local:%H:%M}",
                "location": request.location or "—",
            },
        ),
    )


def cancel_meeting(
    uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor | None, *, city: City, meeting_id: int
) -> Changed:
    now = clock.now()
    with uow_factory() as uow:
        meeting = uow.meetings.get(meeting_id)
        if meeting is None or meeting.city != city.code or meeting.cancelled_at is not None:
            raise NotFound("schedule.meeting.unknown", id=meeting_id)
        meeting.cancelled_at = now
        period = f"meeting-{meeting_id}"
        cancelled = uow.outbox.cancel_pending(period_key=period)
        told = _tell_invited(uow, city, meeting, period, now)
        _audit(
            uow,
            now,
            actor,
            "cancel",
            "meeting",
            meeting_id,
            before={"title": meeting.title},
            after={"cancelled_reminders": cancelled, "told": told},
        )
        uow.commit()
        return Changed(
            str(meeting_id), Reply("schedule.meeting.cancelled", {"id": meeting_id, "title": meeting.title})
        )


def _tell_invited(uow: UnitOfWork, city: City, meeting: Meeting, period: str, now: datetime) -> int:
    """Whoever already had a reminder of the meeting hears that it is off (one outbox notice each)."""
    invited = uow.outbox.members_sent_for_period(period)
    local = meeting.starts_at.astimezone(SHANGHAI)
    for member_id in sorted(invited):
        member = uow.members.get(member_id)
        if member is None or not member.active or member.chat_address is None:
            continue
        uow.outbox.add_if_absent(
            dedupe_key=f"{city.code}.meeting_cancelled|{period}|notice|{member_id}",
            rule_key="meeting_cancelled",
            period_key=period,
            kind="meeting",
            due_at=now,
            member_id=member_id,
            chat_address=member.chat_address,
            payload={
                "city": city.code,
                "message": "schedule.meeting.cancelled_notice",
                "notice": True,
                "buttons": [],
                "stage": "cancelled",
                "params": {
                    "title": meeting.title,
                    "month": local.month,
                    "day": local.day,
                    "time": f"{local:%H:%M}",
                },
            },
        )
    return len(invited)


def list_meetings(uow_factory: UnitOfWorkFactory, clock: Clock, city: City, *, editor: bool = True) -> Reply:
    now = clock.now()
    with uow_factory() as uow:
        meetings = uow.meetings.upcoming(city.code, now - MEETING_LENGTH)
    if not meetings:
        return Reply("schedule.meeting.none", {"city": city.name})
    lines = []
    for m in meetings:
        local = m.starts_at.astimezone(SHANGHAI)
        lines.append(
            f"{m.id}　{local.month}月{local.day}日 {local:%H:%M}　{m.title}"
            + (f"　@{m.location}" if m.location else "")
        )
    key = "schedule.meeting.list" if editor else "schedule.meeting.list.readonly"
    return Reply(key, {"city": city.name, "lines": "\n".join(lines)})


def meeting_ics(uow_factory: UnitOfWorkFactory, city: City, meeting_id: int) -> tuple[str, bytes]:
    """``(file name, bytes)`` of an iCalendar file for one meeting (TZID Asia/Shanghai)."""
    from icalendar import Calendar, Event

    with uow_factory() as uow:
        meeting = uow.meetings.get(meeting_id)
        if meeting is None or meeting.city != city.code or meeting.cancelled_at is not None:
            raise NotFound("schedule.meeting.unknown", id=meeting_id)
    calendar = Calendar()
    calendar.add("prodid", "-//cdo-bot//zh_CN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@cdo-bot.{city.code}")
    event.add("summary", meeting.title)
    starts = meeting.starts_at.astimezone(SHANGHAI)
    event.add("dtstart", starts)
    event.add("dtend", starts + MEETING_LENGTH)
    event.add("dtstamp", meeting.created_at)
    if meeting.location:
        event.add("location", meeting.location)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return f"meeting-{meeting.id}.ics", calendar.to_ical()
