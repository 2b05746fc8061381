"""What the reminder planner needs, read from the database: recipients, plan state, deadline overrides.

Layer: services (imports ``bot.core`` and ``storage``). The schedule is never kept anywhere but in
our own tables (PITFALLS 1): every sync derives the planner's input from members, submissions,
trainings, meetings, RSVPs, dismissals and the coordinators' deadline rows, so a restart, a new
worker or a changed date gives the same plan as a process that had been running all along.

Deadline rows (``storage.models.Deadline``) carry three kinds of run-time change, told apart by
``rule_key`` (the table has no separate flag, and a prefix keeps one index serving all three):

- ``custom.<n>`` — a deadline a coordinator added (``custom_deadline``);
- ``<file rule key>`` with a ``period_key`` — that occurrence of a city-file rule moved to ``due_date``;
- ``removed:<file rule key>`` with a ``period_key`` — that occurrence of a city-file rule dropped.

Soft-deleting the row (``deleted_at``) undoes the change. When several live rows move one
occurrence, the newest wins.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from bot.core.cities import City
from bot.core.clock import SHANGHAI
from bot.core.obligations import Occurrence, custom_deadline, expand_occurrences, moved_deadline
from bot.core.reminder_plan import AwayRange, PlanState, Recipient, ScheduledMeeting
from storage.models import Deadline, Member
from storage.uow import UnitOfWork

CUSTOM_PREFIX = "custom."
REMOVED_PREFIX = "removed:"
DISMISS_ACTION = "dismiss"
DISMISS_ENTITY = "reminder_series"
MEETING_LOOKAROUND = timedelta(days=200)
"""Meetings this far around the window are read: a cadence prompt asks about a whole half-year."""
PLANNED_ROLES = {"cdo": "cdo", "staff": "staff", "coordinator": "coordinator", "admin": "coordinator"}
"""Member role → planner role. An admin who belongs to a city gets what its coordinators get."""


@dataclass
class CityInputs:
    """The planner's input for one city, plus what the outbox needs to address each message."""

    city: City
    recipients: list[Recipient]
    chat_addresses: dict[int, str]
    """member id → chat address (members without one are not planned for: they cannot be reached)."""
    state: PlanState
    extra: list[Occurrence] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)


def recipient_of(member: Member, unit_name: str | None, city: City) -> Recipient | None:
    role = PLANNED_ROLES.get(member.role)
    if role is None:
        return None
    away: tuple[AwayRange, ...] = ()
    if member.away_from is not None and member.away_until is not None:
        away = (AwayRange(member.away_from, member.away_until),)
    return Recipient(
        member_id=member.id,
        role=role,
        unit=unit_name or city.bureau,
        reminder_hour=member.reminder_hour,
        away=away,
        mute_nudges=member.mute_nudges,
    )


def reachable_members(uow: UnitOfWork, city: City) -> list[Member]:
    """Active members of the city that a message can reach (a chat address, not blocked)."""
    return [
        m
        for m in uow.members.active_in_city(city.code)
        if m.chat_address is not None and m.unreachable_since is None and m.role in PLANNED_ROLES
    ]


def deadline_overrides(
    city: City, rows: list[Deadline], around: tuple[date, date]
) -> tuple[list[Occurrence], list[tuple[str, str]]]:
    """Deadline rows → (extra occurrences, removed (rule_key, period_key)) for ``expand_occurrences``."""
    extra: list[Occurrence] = []
    removed: list[tuple[str, str]] = []
    moves: dict[tuple[str, str], Deadline] = {}
    for row in sorted(rows, key=lambda r: r.id):
        if row.rule_key.startswith(CUSTOM_PREFIX):
            extra.append(
                custom_deadline(
                    city, row.rule_key, row.title, row.due_date, row.clause or "", period_key=row.period_key
                )
            )
        elif row.rule_key.startswith(REMOVED_PREFIX) and row.period_key:
            removed.append((row.rule_key.removeprefix(REMOVED_PREFIX), row.period_key))
        elif row.period_key:
            moves[(row.rule_key, row.period_key)] = row  # the newest live row wins
    if moves:
        first, last = around
        originals = {
            (o.rule_key, o.period_key): o
            for o in expand_occurrences(city, first - timedelta(days=400), last + timedelta(days=400))
        }
        for key, row in moves.items():
            original = originals.get(key)
            if original is not None:
                extra.append(moved_deadline(original, row.due_date))
    return extra, removed


def dismissed_series(uow: UnitOfWork, city: City) -> frozenset[tuple[str, str, int | str]]:
    """``(rule_key, period_key, member_id)`` of nudges a person answered with 已完成 (kept in the audit log)."""
    rows = uow.audit.with_action(DISMISS_ACTION, DISMISS_ENTITY)
    found = set()
    for row in rows:
        after = row.after or {}
        if after.get("city") == city.code:
            found.add((str(after["rule_key"]), str(after["period_key"]), int(after["member_id"])))
    return frozenset(found)


def load_inputs(uow: UnitOfWork, city: City, start: date, end: date) -> CityInputs:
    """Everything the planner needs to plan ``[start, end]`` for ``city``, read in one unit of work."""
    units = uow.units.in_city(city.code)
    unit_names = {u.id: u.name for u in units}
    members = reachable_members(uow, city)
    recipients, chat_addresses = [], {}
    for member in members:
        person = recipient_of(member, unit_names.get(member.unit_id) if member.unit_id else None, city)
        if person is not None:
            recipients.append(person)
            chat_addresses[member.id] = str(member.chat_address)

    submitted = set()
    for unit in units:
        for row in uow.reports.of_unit(unit.id):
            if row.rule_key:
                submitted.add((unit.name, row.rule_key, row.period_key))

    trainings: dict[str, list[date]] = defaultdict(list)
    unit_ids = list(unit_names)
    if unit_ids:
        for activity in uow.activities.in_period(unit_ids, date(start.year - 1, 1, 1), end, kind="training"):
            trainings[unit_names[activity.unit_id]].append(activity.date)

    first = _aware_midnight(start) - MEETING_LOOKAROUND
    last = _aware_midnight(end) + MEETING_LOOKAROUND
    meetings, rsvps, attended = [], {}, set()
    for meeting in uow.meetings.upcoming(city.code, first, last):
        meetings.append(ScheduledMeeting(meeting.id, meeting.starts_at, None, meeting.title))
        for row in uow.meetings.attendance_of(meeting.id):
            if row.rsvp in ("yes", "no"):
                rsvps[(meeting.id, row.member_id)] = row.rsvp == "yes"
            if row.attended:
                attended.add((meeting.id, row.member_id))

    extra, removed = deadline_overrides(city, uow.deadlines.live(city.code), (start, end))
    state = PlanState(
        submitted=frozenset(submitted),
        trainings=dict(trainings),
        meetings=tuple(meetings),
        rsvps=rsvps,
        attended=frozenset(attended),
        dismissed=dismissed_series(uow, city),
    )
    return CityInputs(city, recipients, chat_addresses, state, extra, removed)


def _aware_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=SHANGHAI)
