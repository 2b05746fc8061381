"""The reminder plan: who gets which reminder when, derived from obligations and current state.

Layer: pure core (stdlib, ``bot.core`` only). The plan is a function of data, not a schedule kept
in memory: a dispatcher re-derives it at every start and before sending, and writes each entry to
the outbox under its ``dedupe_key`` (PITFALLS 1, 2), so a restart or a second worker cannot send a
reminder twice. Every ``send_at`` is aware, in the city's zone (PITFALLS 3).

Policy, stated once:

- **Deadlines** (``summary_report``, ``annual_evaluation``, ``custom``): a reminder ``N`` days before
  the due date for each offset in the rule (14, 7, 3, 1, 0), at the person's hour, moved to the
  previous working day when it falls on a weekend or public holiday (调休 make-up days count as
  working days). When two offsets land on the same day after the shift (e.g. a Sunday due date:
  the 1-day and the 0-day reminder both move to Friday), only the one closest to the due date is
  kept. A month window (December's evaluation) also reminds on the first working day of the month
  (``open``). Units that have recorded the submission for the period get nothing more.
- **Coordinator's list** (submission kinds only): on the due date (or the last working day before
  it) coordinators get the units that have not submitted. A unit whose CDOs are all away on the
  due date is listed apart as away, not as missing. No message when nothing is missing. The list
  reflects the state the plan was derived from: the dispatcher re-plans just before sending. It is
  information, so it carries no 已完成/稍后提醒 buttons (every other deadline and nudge does).
- **Training quota**: at each checkpoint (moved to the previous working day), a CDO whose unit has
  confirmed fewer trainings than the checkpoint asks for gets a nudge.
- **Exchange meetings**: attendees get reminders 7 days and 1 day before (at their hour, moved to the
  previous working day) with RSVP buttons, and 2 hours before (by the clock, never moved). After
  the meeting they get a sign-in prompt. Anyone who declined gets nothing more for that meeting.
- **Cadence prompt**: on the first working day of each cadence period (moved *forward*, since a
  prompt about a period should not arrive before it starts), coordinators are prompted when no
  meeting is scheduled in that period.
- **Away** people (出差/休假) get nothing on their away days and are not counted as missing.
- **Mute** silences nudges (quota, cadence prompts) but never deadlines or meetings.
- **Cap**: at most one nudge per person per day; several nudges on one day are folded into one
  digest message (nothing is dropped). Deadlines and meetings are not capped.

``dedupe_key`` is ``f"{city}.{rule_key}|{period_key}|{stage}|{member_id}"``; the city prefix keeps
keys unique when two cities use the same rule key.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.cities import City, Rule
from bot.core.clock import SHANGHAI
from bot.core.obligations import DEADLINE_KINDS, SUBMISSION_KINDS, Occurrence, expand_occurrences
from bot.core.replies import Choice
from bot.core.workdays import (
    is_estimated,
    next_workday_after,
    next_workday_on_or_after,
    previous_workday_on_or_before,
    workdays_between,
)

DEFAULT_HOUR = 9
MEETING_DAYS_BEFORE: tuple[int, ...] = (7, 1)
MEETING_SOON = timedelta(hours=2)
DEFAULT_MEETING_LENGTH = timedelta(hours=2)
PLAN_MARGIN = timedelta(days=45)
"""How far past the plan's end occurrences are expanded: a 14-day reminder of a deadline due after
``end`` can still fall inside the range, and a month window opens a month before its due date."""
PLAN_LOOKBACK = timedelta(days=31)
"""How far before the plan's start: a cadence prompt moves *forward* to the first working day of
its period (after the Spring Festival that can be ten days past the period's first day)."""

DEADLINE, EVENT, NUDGE, DIGEST = "deadline", "event", "nudge", "digest"

Buttons = tuple[tuple[Choice, ...], ...]

DONE = Choice("reminder.button.done", "rem:done")
SNOOZE = Choice("reminder.button.snooze", "rem:snooze")
SNOOZE_2H = Choice("reminder.button.snooze_2h", "rem:snooze:2h")
SNOOZE_TOMORROW = Choice("reminder.button.snooze_tomorrow", "rem:snooze:tomorrow")
ATTEND = Choice("reminder.button.attend", "rem:rsvp:yes")
DECLINE = Choice("reminder.button.decline", "rem:rsvp:no")
SIGN_IN = Choice("reminder.button.sign_in", "rem:signin")

ACTION_BUTTONS: Buttons = ((DONE, SNOOZE),)
"""Deadlines and nudges. Callback data carries only the action; the adapter appends the outbox id
(Telegram limits callback data to 64 bytes, too short for a dedupe key)."""
SNOOZE_BUTTONS: Buttons = ((SNOOZE_2H, SNOOZE_TOMORROW),)
"""Shown after 稍后提醒."""
RSVP_BUTTONS: Buttons = ((ATTEND, DECLINE),)
SIGN_IN_BUTTONS: Buttons = ((SIGN_IN,),)


@dataclass(frozen=True)
class AwayRange:
    """出差/休假, both days included."""

    first: date
    last: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last


@dataclass(frozen=True)
class Recipient:
    member_id: int | str
    role: str
    """``cdo``, ``staff`` (数据专员) or ``coordinator``."""
    unit: str
    reminder_hour: int | None = None
    away: tuple[AwayRange, ...] = ()
    mute_nudges: bool = False

    def is_away(self, day: date) -> bool:
        return any(day in r for r in self.away)


@dataclass(frozen=True)
class ScheduledMeeting:
    meeting_id: int | str
    starts_at: datetime
    ends_at: datetime | None = None
    title: str | None = None

    def __post_init__(self) -> None:
        if self.starts_at.tzinfo is None or (self.ends_at is not None and self.ends_at.tzinfo is None):
            raise ValueError("meeting times must be aware")


@dataclass(frozen=True)
class PlanState:
    """What has happened so far, as far as reminders care."""

    submitted: frozenset[tuple[str, str, str]] = frozenset()
    """``(unit, rule_key, period_key)`` recorded as handed in (已完成 on a deadline reminder)."""
    trainings: Mapping[str, Sequence[date]] = field(default_factory=dict)
    """Unit → days of its confirmed trainings."""
    meetings: tuple[ScheduledMeeting, ...] = ()
    rsvps: Mapping[tuple[int | str, int | str], bool] = field(default_factory=dict)
    """``(meeting_id, member_id)`` → attending?"""
    attended: frozenset[tuple[int | str, int | str]] = frozenset()
    """``(meeting_id, member_id)`` signed in."""
    dismissed: frozenset[tuple[str, str, int | str]] = frozenset()
    """``(rule_key, period_key, member_id)``: 已完成 on a nudge stops that series for that person."""


@dataclass(frozen=True)
class PlannedReminder:
    dedupe_key: str
    rule_key: str
    period_key: str
    stage: str
    kind: str
    category: str
    """``deadline``, ``event`` (meetings), ``nudge`` or ``digest``."""
    member_id: int | str
    send_at: datetime
    due: date
    clause: str
    message: str
    """The catalog msgid (``locale/zh_CN/LC_MESSAGES/reminders.po``)."""
    params: Mapping[str, Any]
    buttons: Buttons = ()
    calendar_estimated: bool = False
    """The send day lies beyond ``chinese_calendar``'s years: holidays there are a fallback guess."""

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view (``cdo-bot reminders --json``, the outbox's payload column)."""
        return {
            "dedupe_key": self.dedupe_key,
            "rule_key": self.rule_key,
            "period_key": self.period_key,
            "stage": self.stage,
            "kind": self.kind,
            "category": self.category,
            "member_id": self.member_id,
            "send_at": self.send_at.isoformat(),
            "due": self.due.isoformat(),
            "clause": self.clause,
            "message": self.message,
            "params": {k: list(v) if isinstance(v, tuple) else v for k, v in self.params.items()},
            "buttons": [[{"label": c.label, "data": c.data} for c in row] for row in self.buttons],
            "calendar_estimated": self.calendar_estimated,
        }


def placeholder_recipients(city: City, unit: str | None = None) -> list[Recipient]:
    """One CDO and one coordinator: the shape of a city's plan without people.

    The CDO is of ``unit`` when the city lists it (so "what will 市公安局 be reminded of" has an
    answer before anyone of 市公安局 has joined), else of the first pilot unit.
    """
    names = [u.name for u in city.pilot_units]
    first = unit if unit in names else (names[0] if names else city.bureau)
    return [Recipient("cdo", "cdo", first), Recipient("coordinator", "coordinator", city.bureau)]


def plan_for_city(
    city: City,
    recipients: Iterable[Recipient],
    state: PlanState,
    start: date,
    end: date,
    *,
    extra: Iterable[Occurrence] = (),
    removed: Iterable[tuple[str, str]] = (),
    hour: int = DEFAULT_HOUR,
    tz: ZoneInfo = SHANGHAI,
) -> list[PlannedReminder]:
    """Expand the city's obligations (with overrides) far enough and plan ``[start, end]``."""
    occurrences = expand_occurrences(
        city, start - PLAN_LOOKBACK, end + PLAN_MARGIN, extra=extra, removed=removed
    )
    return plan_reminders(city, occurrences, recipients, state, start, end, hour=hour, tz=tz)


def plan_reminders(
    city: City,
    occurrences: Iterable[Occurrence],
    recipients: Iterable[Recipient],
    state: PlanState,
    start: date,
    end: date,
    hour: int = DEFAULT_HOUR,
    tz: ZoneInfo = SHANGHAI,
) -> list[PlannedReminder]:
    """Every reminder whose local send date lies in ``[start, end]``, sorted by time."""
    if not 0 <= hour <= 23:
        raise ValueError(f"hour must be 0..23, not {hour}")
    people = list(recipients)
    planner = _Planner(city, people, state, hour, tz)
    planned: list[PlannedReminder] = []
    occurrences = list(occurrences)
    for occurrence in occurrences:
        if occurrence.kind in DEADLINE_KINDS:
            planned += planner.deadline(occurrence)
            if occurrence.kind in SUBMISSION_KINDS and occurrence.who != "coordinator":
                planned += planner.missing_units(occurrence)
        elif occurrence.kind == "training_quota":
            planned += planner.quota(occurrence)
        elif occurrence.kind == "exchange_meeting_cadence":
            planned += planner.no_meeting(occurrence)
    cadence = next((r for r in city.rules if r.kind == "exchange_meeting_cadence"), None)
    for meeting in state.meetings:
        planned += planner.meeting(meeting, cadence.key if cadence else "exchange_meeting", cadence)

    in_range = [
        r for r in planned if start <= r.send_at.astimezone(tz).date() <= end and not planner.silenced(r)
    ]
    return sorted(_cap_nudges(city, in_range, tz), key=_order)


def snooze(reminder: PlannedReminder, choice: str, now: datetime, hour: int | None = None) -> PlannedReminder:
    """The same reminder again, ``2h`` from ``now`` or ``tomorrow`` (the next working day) at ``hour``."""
    if now.tzinfo is None:
        raise ValueError("now must be aware")
    tz = reminder.send_at.tzinfo or SHANGHAI
    local = now.astimezone(tz)
    if choice == "2h":
        at = local + timedelta(hours=2)
    elif choice == "tomorrow":
        day = next_workday_after(local.date())
        at = datetime.combine(day, time(hour if hour is not None else reminder.send_at.hour), tzinfo=tz)
    else:
        raise ValueError(f"unknown snooze choice {choice!r}")
    return replace(reminder, send_at=at, dedupe_key=f"{reminder.dedupe_key}|snooze@{at:%Y%m%dT%H%M}")


# --------------------------------------------------------------------------------------------- internals


def _order(r: PlannedReminder) -> tuple[Any, ...]:
    return (r.send_at, str(r.member_id), r.rule_key, r.stage)


def _md(prefix: str, day: date) -> dict[str, Any]:
    return {f"{prefix}": day.isoformat(), f"{prefix}_month": day.month, f"{prefix}_day": day.day}


class _Planner:
    def __init__(
        self, city: City, people: list[Recipient], state: PlanState, hour: int, tz: ZoneInfo
    ) -> None:
        self.city, self.people, self.state, self.hour, self.tz = city, people, state, hour, tz
        self.by_id = {p.member_id: p for p in people}
        bureau_units = {u.name for u in city.units if u.kind == "bureau"}
        self.expected_units = [u.name for u in city.pilot_units if u.kind != "bureau"]
        for person in people:
            if (
                person.role == "cdo"
                and person.unit not in bureau_units
                and person.unit not in self.expected_units
            ):
                self.expected_units.append(person.unit)

    # -- helpers

    def audience(self, who: str) -> list[Recipient]:
        if who == "all":
            return list(self.people)
        return [p for p in self.people if p.role == who]

    def at(self, person: Recipient, day: date) -> datetime:
        hour = person.reminder_hour if person.reminder_hour is not None else self.hour
        return datetime.combine(day, time(hour), tzinfo=self.tz)

    def key(self, rule_key: str, period_key: str, stage: str, member_id: int | str) -> str:
        return f"{self.city.code}.{rule_key}|{period_key}|{stage}|{member_id}"

    def silenced(self, reminder: PlannedReminder) -> bool:
        person = self.by_id.get(reminder.member_id)
        if person is None:
            return False
        if person.is_away(reminder.send_at.astimezone(self.tz).date()):
            return True
        return reminder.category == NUDGE and person.mute_nudges

    def make(
        self,
        occurrence: Occurrence,
        person: Recipient,
        stage: str,
        category: str,
        send_at: datetime,
        message: str,
        params: dict[str, Any],
        buttons: Buttons = ACTION_BUTTONS,
        period_key: str | None = None,
    ) -> PlannedReminder:
        period = period_key or occurrence.period_key
        base = {
            "title": occurrence.title,
            "clause": occurrence.clause,
            "city": self.city.name,
            "unit": person.unit,
        }
        return PlannedReminder(
            dedupe_key=self.key(occurrence.rule_key, period, stage, person.member_id),
            rule_key=occurrence.rule_key,
            period_key=period,
            stage=stage,
            kind=occurrence.kind,
            category=category,
            member_id=person.member_id,
            send_at=send_at,
            due=occurrence.due,
            clause=occurrence.clause,
            message=message,
            params=base | params,
            buttons=buttons,
            calendar_estimated=is_estimated(send_at.date()),
        )

    # -- deadlines

    def deadline_days(self, occurrence: Occurrence) -> list[tuple[date, str]]:
        """``(send day, stage)``; of stages that land on one day only the one nearest the due date stays."""
        stages: list[tuple[int, date, str]] = []
        for offset in occurrence.offsets:
            day = previous_workday_on_or_before(occurrence.due - timedelta(days=offset))
            stages.append((offset, day, f"{offset}d"))
        if occurrence.opens is not None:
            opens = next_workday_on_or_after(occurrence.opens)
            stages.append(((occurrence.due - occurrence.opens).days, opens, "open"))
        chosen: dict[date, tuple[int, str]] = {}
        for distance, day, stage in stages:
            if day not in chosen or distance < chosen[day][0]:
                chosen[day] = (distance, stage)
        return sorted((day, stage) for day, (_, stage) in chosen.items())

    def deadline(self, occurrence: Occurrence) -> list[PlannedReminder]:
        result = []
        days = self.deadline_days(occurrence)
        for person in self.audience(occurrence.who):
            if (person.unit, occurrence.rule_key, occurrence.period_key) in self.state.submitted:
                continue
            if (occurrence.rule_key, occurrence.period_key, person.member_id) in self.state.dismissed:
                continue
            for day, stage in days:
                left = workdays_between(day, occurrence.due)
                if stage == "open":
                    message = "reminder.window_open"
                elif day == occurrence.due:
                    message = "reminder.deadline.today"
                elif left == 0:
                    message = "reminder.deadline.last_workday"
                else:
                    message = "reminder.deadline"
                params = _md("due", occurrence.due) | {
                    "workdays_left": left,
                    "days_left": (occurrence.due - day).days,
                }
                result.append(
                    self.make(occurrence, person, stage, DEADLINE, self.at(person, day), message, params)
                )
        return result

    def missing_units(self, occurrence: Occurrence) -> list[PlannedReminder]:
        submitted = {
            u for (u, k, p) in self.state.submitted if k == occurrence.rule_key and p == occurrence.period_key
        }
        missing, away = [], []
        for unit in self.expected_units:
            if unit in submitted:
                continue
            cdos = [p for p in self.people if p.role == "cdo" and p.unit == unit]
            if cdos and all(p.is_away(occurrence.due) for p in cdos):
                away.append(unit)
            else:
                missing.append(unit)
        if not missing:
            return []
        day = previous_workday_on_or_before(occurrence.due)
        message = (
            "reminder.coordinator.missing_units_with_away" if away else "reminder.coordinator.missing_units"
        )
        params = _md("due", occurrence.due) | {
            "missing_units": "、".join(missing),
            "missing_count": len(missing),
            "away_units": "、".join(away),
            "away_count": len(away),
            "missing": tuple(missing),
            "away": tuple(away),
        }
        return [
            self.make(
                occurrence, person, "missing", DEADLINE, self.at(person, day), message, params, buttons=()
            )
            for person in self.audience("coordinator")
        ]

    # -- nudges

    def quota(self, occurrence: Occurrence) -> list[PlannedReminder]:
        day = previous_workday_on_or_before(occurrence.due)
        first = occurrence.count_from or date(occurrence.due.year, 1, 1)
        stage = f"by-{occurrence.checkpoint}"
        result = []
        for person in self.audience(occurrence.who):
            if (occurrence.rule_key, occurrence.period_key, person.member_id) in self.state.dismissed:
                continue
            held = sum(1 for d in self.state.trainings.get(person.unit, ()) if first <= d <= occurrence.due)
            if held >= (occurrence.at_least or 0):
                continue
            params = _md("checkpoint", occurrence.due) | {
                "count": held,
                "at_least": occurrence.at_least,
                "per_year": occurrence.per_year,
                "remaining": max((occurrence.per_year or 0) - held, 0),
                "year": occurrence.due.year,
            }
            result.append(
                self.make(occurrence, person, stage, NUDGE, self.at(person, day), "reminder.quota", params)
            )
        return result

    def no_meeting(self, occurrence: Occurrence) -> list[PlannedReminder]:
        opens, closes = occurrence.opens or occurrence.due, occurrence.closes or occurrence.due
        if any(opens <= m.starts_at.astimezone(self.tz).date() < closes for m in self.state.meetings):
            return []
        day = next_workday_on_or_after(opens)
        params = (
            _md("period_start", opens)
            | _md("period_end", closes - timedelta(days=1))
            | {
                "every_months": self.city.meeting_cadence_months,
            }
        )
        return [
            self.make(
                occurrence,
                person,
                "no-meeting",
                NUDGE,
                self.at(person, day),
                "reminder.coordinator.no_meeting",
                params,
            )
            for person in self.audience("coordinator")
            if (occurrence.rule_key, occurrence.period_key, person.member_id) not in self.state.dismissed
        ]

    # -- meetings

    def meeting(
        self, meeting: ScheduledMeeting, rule_key: str, cadence: Rule | None
    ) -> list[PlannedReminder]:
        starts = meeting.starts_at.astimezone(self.tz)
        ends = (meeting.ends_at or meeting.starts_at + DEFAULT_MEETING_LENGTH).astimezone(self.tz)
        occurrence = Occurrence(
            rule_key=rule_key,
            kind="exchange_meeting",
            title=meeting.title or (cadence.title if cadence else ""),
            due=starts.date(),
            period_key=f"meeting-{meeting.meeting_id}",
            clause=cadence.clause if cadence else "",
            city=self.city.code,
            who=cadence.who if cadence else "cdo",
        )
        params = _md("starts", starts.date()) | {
            "starts_time": f"{starts:%H:%M}",
            "starts_at": starts.isoformat(),
            "meeting_id": meeting.meeting_id,
        }
        result = []
        for person in self.audience(occurrence.who):
            rsvp = self.state.rsvps.get((meeting.meeting_id, person.member_id))
            if rsvp is False:
                continue
            buttons = RSVP_BUTTONS if rsvp is None else ((DECLINE,),)
            days: dict[date, str] = {}
            for n in sorted(MEETING_DAYS_BEFORE, reverse=True):  # the nearer stage wins a shared day
                days[previous_workday_on_or_before(starts.date() - timedelta(days=n))] = f"{n}d"
            for day, stage in sorted(days.items()):
                send_at = self.at(person, day)
                if send_at < starts - MEETING_SOON:
                    result.append(
                        self.make(
                            occurrence, person, stage, EVENT, send_at, "reminder.meeting", params, buttons
                        )
                    )
            result.append(
                self.make(
                    occurrence,
                    person,
                    "2h",
                    EVENT,
                    starts - MEETING_SOON,
                    "reminder.meeting.soon",
                    params,
                    buttons,
                )
            )
            if (meeting.meeting_id, person.member_id) not in self.state.attended:
                result.append(
                    self.make(
                        occurrence,
                        person,
                        "signin",
                        EVENT,
                        ends,
                        "reminder.meeting.signin",
                        params,
                        SIGN_IN_BUTTONS,
                    )
                )
        return result


def _cap_nudges(city: City, planned: list[PlannedReminder], tz: ZoneInfo) -> list[PlannedReminder]:
    """At most one nudge per person per day: several become one digest at the earliest time."""
    groups: dict[tuple[str, date], list[PlannedReminder]] = defaultdict(list)
    kept: list[PlannedReminder] = []
    for reminder in planned:
        if reminder.category == NUDGE:
            groups[(str(reminder.member_id), reminder.send_at.astimezone(tz).date())].append(reminder)
        else:
            kept.append(reminder)
    for (_, day), group in groups.items():
        if len(group) == 1:
            kept.append(group[0])
            continue
        group.sort(key=_order)
        first = group[0]
        kept.append(
            PlannedReminder(
                dedupe_key=f"{city.code}.digest|{day.isoformat()}|digest|{first.member_id}",
                rule_key="digest",
                period_key=day.isoformat(),
                stage="digest",
                kind="digest",
                category=DIGEST,
                member_id=first.member_id,
                send_at=first.send_at,
                due=min(r.due for r in group),
                clause="",
                message="reminder.digest",
                params={
                    "count": len(group),
                    "titles": "、".join(str(r.params.get("title", r.rule_key)) for r in group),
                    "items": tuple(r.dedupe_key for r in group),
                },
                buttons=ACTION_BUTTONS,
                calendar_estimated=first.calendar_estimated,
            )
        )
    return kept
