"""The draft of a unit's work-summary report (工作总结报告) for a half-year: what goes in, who may have it.

Layer: services (imports ``bot.core`` and ``storage``); the ``.docx`` itself is
``bot.services.summary_document``'s. ``/summary`` in every chat and ``cdo-bot summary`` come here.

What goes in, and why:
- the outline is the city's plan: one section per duty item of its 职责范围 (Zhuhai four,
  Shenzhen six), with a Shenzhen pilot district's own focus sentence under the item holding it;
- each live record of the period goes under the duty item it serves, found by the keyword index
  that answers duty questions (``Knowledge.duty_for``), never by a hand-kept table; a training or
  meeting that serves no item in particular is listed under 其他工作, a report record only where
  it serves an item (the last summary is no achievement of this one);
- the training count is ``/progress``'s (``progress.unit_standing``) as of the period's end, so
  the draft and the bot's figures agree; meetings are sign-ins plus the unit's own records, once
  a day, as there;
- a record dated after today is planned, not done, and stays out;
- 存在问题 and 下一阶段计划 are blanks the CDO fills: the bot knows what was done, not what went wrong.

Periods: ``2026H1`` / ``2026H2`` (also 2026上半年, 2026年下半年). Where the city's plan has a
summary report due in that half (Zhuhai: 31 May, 30 November) the period runs from the day after
the previous report's due date to this one's, so every record is in exactly one report;
otherwise it is the calendar half. Without a period: the one whose report is due next.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from bot.core.cities import City, UnitSpec, load_cities, resolve_city
from bot.core.clock import SHANGHAI, Clock
from bot.core.i18n import translator
from bot.core.obligations import Occurrence, expand_occurrences
from bot.core.replies import FileReply, Reply
from bot.services import progress
from bot.services.access import Actor
from bot.services.errors import NotAuthorized, ServiceError, UnknownCity, UnknownUnit, ValidationFailed
from bot.services.reminder_state import deadline_overrides
from storage.models import Activity, Unit
from storage.uow import UnitOfWork, UnitOfWorkFactory

PERIOD = re.compile(r"^(?P<year>\d{4})(?:[Hh](?P<h>[12])|年?(?P<word>上|下)半年)$")
REPORT_AUDIENCES = frozenset({"cdo", "all"})
MAX_WINDOW_DAYS = 200
"""A previous report due longer ago than this (a plan that changed its cadence) does not open the
window: the calendar half does."""
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
VIEWER_ROLES = frozenset({"coordinator", "admin"})


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Period:
    key: str
    """``2026H2``."""
    year: int
    half: int
    start: date
    end: date
    due: date | None
    """The summary report's due date in this half, when the plan has one."""
    report_title: str | None = None


@dataclass(frozen=True)
class Entry:
    """One live record of the period, as the draft lists it."""

    activity_id: int
    kind: str
    day: date
    title: str
    attendees: int | None
    location: str | None


@dataclass(frozen=True)
class DutySection:
    number: int
    title: str
    section: str
    """Where the plan says it (``主要任务（二）1``)."""
    focus: str | None
    """A pilot district's own focus sentence, under the item that holds it."""
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class MeetingEntry:
    day: date
    title: str
    source: str
    """``signed_in`` (a meeting of the city the unit signed in to) or ``logged`` (its own record)."""
    people: str = ""


@dataclass(frozen=True)
class EvidenceEntry:
    file_name: str
    uploaded_on: date
    record_day: date
    record_title: str
    record_kind: str


@dataclass(frozen=True)
class WorkSummary:
    city: str
    city_name: str
    bureau: str
    document_title: str
    unit_id: int
    unit_name: str
    cdo_name: str | None
    period: Period
    today: date
    duties: tuple[DutySection, ...]
    other: tuple[Entry, ...]
    """Trainings and meetings that serve no duty item in particular."""
    trainings: tuple[Entry, ...]
    """The trainings held in the period."""
    training: progress.TrainingProgress | None
    """The year's count against the quota, as of the period's end (or today)."""
    meetings: tuple[MeetingEntry, ...]
    evidence: tuple[EvidenceEntry, ...]

    @property
    def as_of(self) -> date:
        return min(self.today, self.period.end)


# --------------------------------------------------------------------------- periods


def parse_period(text: str) -> tuple[int, int] | None:
    """``2026H2`` / ``2026h1`` / ``2026上半年`` / ``2026年下半年`` → (2026, 2); anything else None."""
    found = PERIOD.match(text.strip())
    if found is None:
        return None
    half = int(found["h"]) if found["h"] else (1 if found["word"] == "上" else 2)
    return int(found["year"]), half


def _report_occurrences(uow: UnitOfWork, city: City, first: date, last: date) -> list[Occurrence]:
    extra, removed = deadline_overrides(city, uow.deadlines.live(city.code), (first, last))
    found = expand_occurrences(city, first, last, extra=extra, removed=removed)
    return sorted(
        (o for o in found if o.kind == "summary_report" and o.who in REPORT_AUDIENCES),
        key=lambda o: (o.due, o.rule_key),
    )


def resolve_period(uow: UnitOfWork, city: City, wanted: tuple[int, int] | None, today: date) -> Period:
    """The period named (or the one whose report is due next) with its window and due date."""
    if wanted is None:
        upcoming = _report_occurrences(uow, city, today, today + timedelta(days=366))
        day = upcoming[0].due if upcoming else today
        wanted = (day.year, 1 if day.month <= 6 else 2)
    year, half = wanted
    half_start = date(year, 1, 1) if half == 1 else date(year, 7, 1)
    half_end = date(year, 6, 30) if half == 1 else date(year, 12, 31)
    reports = _report_occurrences(uow, city, date(year - 1, 1, 1), half_end)
    due_here = [o for o in reports if half_start <= o.due <= half_end]
    key = f"{year}H{half}"
    if not due_here:
        return Period(key, year, half, half_start, half_end, None)
    report = due_here[-1]
    before = [o.due for o in reports if o.due < report.due]
    start = half_start
    if before and (report.due - before[-1]).days <= MAX_WINDOW_DAYS:
        start = before[-1] + timedelta(days=1)
    return Period(key, year, half, start, report.due, report.due, report.title)


# --------------------------------------------------------------------------- use case


def work_summary(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    cities: Mapping[str, City],
    knowledge: Any,
    actor: Actor,
    *,
    unit: str | None = None,
    period: tuple[int, int] | None = None,
    city: str | None = None,
) -> WorkSummary:
    """The draft's contents for the unit ``actor`` may have.

    A CDO or staff member gets their own unit (naming another is refused); a coordinator names a
    unit of their own city; an admin names any unit (and its city, unless theirs).
    ``knowledge`` is a ``bot.core.knowledge.Knowledge`` (its duty items and keyword index).
    """
    found_city, spec = _target(cities, actor, unit, city)
    today = clock.now().astimezone(SHANGHAI).date()
    with uow_factory() as uow:
        row = _unit_row(uow, found_city, actor, spec)
        chosen = resolve_period(uow, found_city, period, today)
        return _gather(uow, found_city, knowledge, row, chosen, today)


def _target(
    cities: Mapping[str, City], actor: Actor, unit: str | None, city: str | None
) -> tuple[City, UnitSpec | None]:
    """The city and unit asked for, or the refusal: ``None`` as unit means the actor's own."""
    if actor.records_for_unit and actor.city is not None:
        home = _city(cities, actor.city)
        if city is not None and city != home.code:
            raise NotAuthorized("summary.own_unit_only")
        if unit:
            named = home.find_unit(unit)
            if named is None or named.name != actor.unit_name:
                raise NotAuthorized("summary.own_unit_only")
        return home, None
    if not (actor.is_admin or actor.role in VIEWER_ROLES):
        raise NotAuthorized("summary.no_unit")
    if actor.city is not None and city is not None and city != actor.city and not actor.is_admin:
        raise NotAuthorized("summary.other_city")
    code = city or actor.city
    if code is None:
        raise ValidationFailed("summary.need_city")
    found = _city(cities, code)
    if not unit:
        raise ValidationFailed("summary.need_unit", city=found.name)
    spec = found.find_unit(unit)
    if spec is None:
        if not actor.is_admin and any(c.find_unit(unit) for c in cities.values() if c.code != found.code):
            raise NotAuthorized("summary.other_city")
        raise UnknownUnit("summary.unknown_unit", unit=unit, city=found.name)
    return found, spec


def _city(cities: Mapping[str, City], code: str) -> City:
    found = cities.get(code)
    if found is None:
        raise UnknownCity("service.unknown_city", city=code)
    return found


def _unit_row(uow: UnitOfWork, city: City, actor: Actor, spec: UnitSpec | None) -> Unit:
    if spec is None:
        row = uow.units.get(actor.unit_id) if actor.unit_id is not None else None
        if row is None:
            raise NotAuthorized("summary.no_unit")
        return row
    row = uow.units.by_name(city.code, spec.name)
    if row is None:
        raise UnknownUnit("summary.unknown_unit", unit=spec.name, city=city.name)
    return row


def _gather(
    uow: UnitOfWork, city: City, knowledge: Any, unit: Unit, period: Period, today: date
) -> WorkSummary:
    last = min(period.end, today)
    records = (
        [a for a in uow.activities.in_period([unit.id], period.start, last)] if last >= period.start else []
    )
    entries = {a.id: _entry(a) for a in records}

    items = knowledge.duties(city.code)
    focus = knowledge.focus(city.code, unit.name)
    placed: dict[int, list[Entry]] = {item.number: [] for item in items}
    other: list[Entry] = []
    cache: dict[str, int | None] = {}
    for activity in records:
        if activity.title not in cache:
            item = knowledge.duty_for(activity.title, city.code)
            cache[activity.title] = item.number if item is not None else None
        number = cache[activity.title]
        if number is not None:
            placed[number].append(entries[activity.id])
        elif activity.kind != "report":
            other.append(entries[activity.id])
    duties = tuple(
        DutySection(
            number=item.number,
            title=item.title,
            section=progress.short_clause(item.section),
            focus=focus if focus and focus in item.text else None,
            entries=tuple(placed[item.number]),
        )
        for item in items
    )

    standing = progress.unit_standing(uow, city, unit, period.end.year, min(today, period.end))
    training = standing.trainings[0] if standing.trainings else None

    meetings = _meetings(uow, city, unit, records, period.start, last)
    by_id = {a.id: a for a in records}
    evidence = tuple(
        EvidenceEntry(
            file_name=e.file_name or e.caption or translator().gettext("summary.evidence.unnamed"),
            uploaded_on=e.created_at.astimezone(SHANGHAI).date(),
            record_day=by_id[e.activity_id].date,
            record_title=by_id[e.activity_id].title,
            record_kind=by_id[e.activity_id].kind,
        )
        for e in uow.activities.evidence_for(list(by_id))
    )
    cdo = uow.members.active_cdo(unit.id)
    return WorkSummary(
        city=city.code,
        city_name=city.name,
        bureau=city.bureau,
        document_title=city.document.title,
        unit_id=unit.id,
        unit_name=unit.name,
        cdo_name=cdo.display_name if cdo else None,
        period=period,
        today=today,
        duties=duties,
        other=tuple(other),
        trainings=tuple(entries[a.id] for a in records if a.kind == "training"),
        training=training,
        meetings=meetings,
        evidence=evidence,
    )


def _entry(activity: Activity) -> Entry:
    return Entry(
        activity.id, activity.kind, activity.date, activity.title, activity.attendees, activity.location
    )


def _meetings(
    uow: UnitOfWork, city: City, unit: Unit, records: Sequence[Activity], first: date, last: date
) -> tuple[MeetingEntry, ...]:
    """Sign-ins of the period, plus the unit's own meeting records on other days (one per day)."""
    if last < first:
        return ()
    after = datetime.combine(first, time(0), tzinfo=SHANGHAI)
    before = datetime.combine(last + timedelta(days=1), time(0), tzinfo=SHANGHAI)
    people: dict[int, list[str]] = {}
    meetings: dict[int, Any] = {}
    for meeting, name in uow.meetings.attended_by_unit(city.code, unit.id, after, before):
        meetings[meeting.id] = meeting
        people.setdefault(meeting.id, []).append(name)
    found = [
        MeetingEntry(m.starts_at.astimezone(SHANGHAI).date(), m.title, "signed_in", "、".join(people[i]))
        for i, m in meetings.items()
    ]
    days = {m.day for m in found}
    for activity in records:
        if activity.kind == "exchange_meeting" and activity.date not in days:
            days.add(activity.date)
            found.append(MeetingEntry(activity.date, activity.title, "logged"))
    return tuple(sorted(found, key=lambda m: (m.day, m.title)))


# --------------------------------------------------------------------------- the command


@dataclass(frozen=True)
class Arguments:
    unit: str | None = None
    period: tuple[int, int] | None = None
    city: str | None = None


def parse_arguments(text: str) -> Arguments:
    """``/summary [单位] [2026H2] [城市]`` in any order: the words that are neither name the unit."""
    period, city, rest = None, None, []
    for word in text.split():
        if (found := parse_period(word)) is not None:
            period = found
        elif (named := resolve_city(word)) is not None:
            city = named.code
        else:
            rest.append(word)
    return Arguments("".join(rest) or None, period, city)


def summary_filename(summary: WorkSummary) -> str:
    """ASCII only, like the exports: ``cdo-summary-zhuhai-unit3-2026H2.docx``."""
    return f"cdo-summary-{summary.city}-unit{summary.unit_id}-{summary.period.key}.docx"


def summary_caption(summary: WorkSummary) -> str:
    return translator().format(
        "summary.caption", {"unit": summary.unit_name, "period": period_label(summary.period)}
    )


def period_label(period: Period) -> str:
    return translator().format(f"summary.period.h{period.half}", {"year": period.year})


def summary_command(
    uow_factory: UnitOfWorkFactory, clock: Clock, knowledge: Any, actor: Actor, text: str
) -> Reply | FileReply:
    """``/summary [单位] [2026H2]``: the draft as a ``.docx`` file, or the refusal as a message.

    Building it takes a moment: an adapter with an event loop calls this in a worker thread.
    """
    from bot.services.summary_document import summary_docx

    args = parse_arguments(text)
    try:
        summary = work_summary(
            uow_factory,
            clock,
            load_cities(),
            knowledge,
            actor,
            unit=args.unit,
            period=args.period,
            city=args.city,
        )
    except ServiceError as error:
        return error.reply()
    return FileReply(summary_filename(summary), summary_docx(summary), summary_caption(summary))
