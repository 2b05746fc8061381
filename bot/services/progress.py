"""Where each unit stands against the plans' obligations: a CDO's own progress and a coordinator's overview.

Layer: services (imports ``bot.core`` and ``storage``). The obligations come from the city files
(``bot.core.cities``) expanded into dated occurrences (``bot.core.obligations``), merged with the
coordinators' run-time deadline changes, so the figures here agree with what the reminders nag about.

What counts, and why:
- only live records count: ``activities`` rows are written on confirmation (drafts live elsewhere)
  and a soft-deleted row, or a report submission whose record was deleted, is gone;
- records belong to the unit, not to the person: a new CDO inherits the unit's history;
- trainings: the pace is judged against the checkpoints already passed (Zhuhai: 1 by 06-30,
  2 by 10-01), so a unit that catches up is on track again; a training dated in the future is planned,
  not held, and does not count yet;
- exchange meetings: signed-in meetings of the city plus meetings the unit logged itself (one per day);
  they are organised by the bureau, so missing one is a warning rather than a failure;
- summary reports: a ``ReportSubmission`` of the period, or else a ``report`` record logged in
  free text, which goes to the earliest open period after the previous due date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from bot.core.cities import City, MonthDay
from bot.core.clock import SHANGHAI, Clock
from bot.core.i18n import translator
from bot.core.obligations import Occurrence, expand_occurrences
from bot.core.replies import Reply
from bot.core.workdays import workdays_between
from bot.services.access import Actor
from bot.services.errors import NotAuthorized, UnknownCity, ValidationFailed
from bot.services.reminder_state import deadline_overrides
from storage.models import Activity, ReportSubmission, Unit
from storage.uow import UnitOfWork, UnitOfWorkFactory

OK, WARN, BAD, INFO = "ok", "warn", "bad", "info"
MARKS = {OK: "✅", WARN: "⚠️", BAD: "❌", INFO: "🕒"}
SEVERITY = {OK: 0, INFO: 0, WARN: 1, BAD: 2}
SOON_WORKDAYS = 10
"""A report due within this many working days is flagged ⚠️ (the reminders start 14 days ahead)."""
CHECKPOINT_SOON_DAYS = 30
RECENT_PERIOD_DAYS = 60
"""The overview shows the last report period for this long after its due date, then the next one."""
REPORT_RULE_KINDS = frozenset({"summary_report", "custom"})
UNIT_AUDIENCES = frozenset({"cdo", "all"})
VIEWER_ROLES = frozenset({"coordinator", "admin"})


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class TrainingProgress:
    rule_key: str
    title: str
    clause: str
    count: int
    required: int
    verdict: str
    """``done`` (quota met), ``on_track`` or ``behind`` (a passed checkpoint is not met)."""
    mark: str
    next_checkpoint: date | None = None
    next_at_least: int | None = None
    missed_checkpoint: date | None = None
    missed_at_least: int | None = None
    held_on: tuple[date, ...] = ()
    """The days of the trainings counted (the /progress chart draws them against the checkpoints)."""
    checkpoints: tuple[tuple[date, int], ...] = ()
    """(due, at least) of every checkpoint of the rule in the year."""


@dataclass(frozen=True)
class MeetingProgress:
    attended: int
    expected_so_far: int
    """Cadence periods of the year that have ended."""
    expected_year: int
    every_months: int
    clause: str
    mark: str
    days: tuple[date, ...] = ()
    """The days counted as attended, in order."""


@dataclass(frozen=True)
class ReportStatus:
    rule_key: str
    period_key: str
    kind: str
    """``summary_report`` (the plan's periodic report) or ``custom`` (a deadline a coordinator added)."""
    title: str
    due: date
    clause: str
    state: str
    """``submitted``, ``due`` or ``overdue``."""
    mark: str
    submitted_on: date | None = None
    workdays_left: int | None = None
    """For ``due``: working days from today to the due date; for ``overdue``: working days past it."""
    late_workdays: int | None = None
    """For ``submitted`` after the due date: how many working days late (the coordinator must see it)."""

    @property
    def shown_state(self) -> str:
        """``submitted_late`` for a late submission, else ``state``: what the texts and sheets say."""
        return "submitted_late" if self.state == "submitted" and self.late_workdays else self.state


@dataclass(frozen=True)
class EvaluationWindow:
    title: str
    clause: str
    opens: date
    closes: date
    state: str
    """``upcoming``, ``open`` or ``closed``."""


@dataclass(frozen=True)
class UnitProgress:
    city: str
    city_name: str
    unit_id: int
    unit_name: str
    is_pilot: bool
    year: int
    today: date
    cdo_name: str | None
    trainings: tuple[TrainingProgress, ...]
    meetings: MeetingProgress | None
    reports: tuple[ReportStatus, ...]
    evaluations: tuple[EvaluationWindow, ...]
    evidence_count: int
    last_activity: date | None
    """The latest record of the year that has taken place (never a later year's, never a plan's)."""
    trainings_held: int = 0
    """Trainings of the year held so far, also where the city sets no quota (深圳's current cycle)."""
    meetings_attended: int = 0
    """Exchange meetings of the year attended so far, also where the plan sets no cadence."""

    @property
    def status(self) -> str:
        """The worst mark of the unit's obligations (reports not yet near count as fine)."""
        marks = [t.mark for t in self.trainings] + [r.mark for r in self.reports]
        if self.meetings is not None:
            marks.append(self.meetings.mark)
        worst = max(marks, key=SEVERITY.__getitem__, default=OK)
        return OK if SEVERITY[worst] == 0 else worst

    @property
    def training_count(self) -> int:
        return sum(t.count for t in self.trainings[:1])

    @property
    def training_required(self) -> int | None:
        return self.trainings[0].required if self.trainings else None

    def report_for(self, period: tuple[str, str] | None) -> ReportStatus | None:
        if period is None:
            return None
        return next((r for r in self.reports if (r.rule_key, r.period_key) == period), None)

    def reply(self) -> Reply:
        return progress_reply(self)


@dataclass(frozen=True)
class ActivityRecord:
    """One live record, as the exports list it."""

    activity_id: int
    unit_name: str
    kind: str
    day: date
    at: time | None
    title: str
    attendees: int | None
    location: str | None
    evidence_count: int
    entered_by: str
    created_at: datetime


@dataclass(frozen=True)
class MeetingRecord:
    """A unit at an exchange meeting: signed in to a scheduled meeting, or a meeting it logged itself."""

    unit_name: str
    day: date
    title: str
    source: str
    """``signed_in`` (scheduled meeting, attendance) or ``logged`` (an ``exchange_meeting`` record)."""
    people: str = ""
    location: str | None = None


@dataclass(frozen=True)
class CityOverview:
    city: str
    city_name: str
    year: int
    today: date
    generated_at: datetime
    rows: tuple[UnitProgress, ...]
    focus_period: tuple[str, str] | None
    """``(rule_key, period_key)`` of the report period the overview shows."""
    focus_title: str | None
    focus_due: date | None
    activities: tuple[ActivityRecord, ...] = ()
    meetings: tuple[MeetingRecord, ...] = ()
    scope: str = "city"
    """``city`` (a coordinator's view) or ``unit`` (a CDO's own export)."""

    def reply(self) -> Reply:
        return overview_reply(self)


# --------------------------------------------------------------------------- use cases


def unit_progress(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    cities: Mapping[str, City],
    actor: Actor,
    year: int | None = None,
) -> UnitProgress:
    """The actor's unit against its obligations of ``year`` (default: this year); CDOs and staff only."""
    if not actor.records_for_unit or actor.city is None:
        raise NotAuthorized("progress.no_unit")
    city = _city(cities, actor.city)
    today = clock.now().astimezone(SHANGHAI).date()
    with uow_factory() as uow:
        unit = uow.units.get(actor.unit_id)
        if unit is None:
            raise NotAuthorized("progress.no_unit")
        facts = _load_facts(uow, city, [unit], year or today.year)
    return _progress(city, facts, unit.id, today)


def city_overview(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    cities: Mapping[str, City],
    actor: Actor,
    year: int | None = None,
    *,
    city: str | None = None,
    records: bool = False,
) -> CityOverview:
    """Every unit of the city, pilot units first: for coordinators of the city and admins only.

    ``records=True`` also gathers the activity and meeting lists the exports need.
    """
    if not _may_view_city(actor):
        raise NotAuthorized("progress.overview.not_allowed")
    code = city or actor.city
    if code is None:
        raise ValidationFailed("progress.need_city")
    if actor.city is not None and code != actor.city and not actor.is_admin:
        own = cities.get(actor.city)
        raise NotAuthorized("progress.overview.other_city", city=own.name if own else actor.city)
    found = _city(cities, code)
    today = clock.now().astimezone(SHANGHAI).date()
    with uow_factory() as uow:
        units = _ordered_units(found, uow.units.in_city(found.code))
        facts = _load_facts(uow, found, units, year or today.year, records=records)
    return _overview(found, facts, [u.id for u in units], today, clock.now(), records=records, scope="city")


def export_overview(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    cities: Mapping[str, City],
    actor: Actor,
    year: int | None = None,
    *,
    city: str | None = None,
) -> CityOverview:
    """What ``actor`` may export: a coordinator or admin their city, a CDO or staff member their own unit."""
    if _may_view_city(actor):
        return city_overview(uow_factory, clock, cities, actor, year, city=city, records=True)
    if not actor.records_for_unit or actor.city is None:
        raise NotAuthorized("progress.no_unit")
    found = _city(cities, actor.city)
    today = clock.now().astimezone(SHANGHAI).date()
    with uow_factory() as uow:
        unit = uow.units.get(actor.unit_id)
        if unit is None:
            raise NotAuthorized("progress.no_unit")
        facts = _load_facts(uow, found, [unit], year or today.year, records=True)
    return _overview(found, facts, [unit.id], today, clock.now(), records=True, scope="unit")


def unit_standing(uow: UnitOfWork, city: City, unit: Unit, year: int, as_of: date) -> UnitProgress:
    """One unit's figures of ``year`` as they stood on ``as_of``, inside the caller's unit of work
    (the work summary quotes its training count against the quota this way: one computation)."""
    return _progress(city, _load_facts(uow, city, [unit], year), unit.id, as_of)


def trusted_actor(city: str) -> Actor:
    """The command line's stand-in: whoever runs ``cdo-bot export`` owns the server."""
    return Actor(
        member_id=0,
        account=None,
        role="admin",
        city=city,
        unit_id=None,
        unit_name=None,
        display_name="cdo-bot export",
        is_admin=True,
    )


def _may_view_city(actor: Actor) -> bool:
    return actor.is_admin or actor.role in VIEWER_ROLES


def _city(cities: Mapping[str, City], code: str) -> City:
    found = cities.get(code)
    if found is None:
        raise UnknownCity("service.unknown_city", city=code)
    return found


def _ordered_units(city: City, units: Sequence[Unit]) -> list[Unit]:
    """Pilot units first, each group in the city file's order (the plan's order); unknown units last."""
    order = {spec.name: i for i, spec in enumerate(city.units)}
    return sorted(units, key=lambda u: (not u.is_pilot, order.get(u.name, len(order)), u.id))


# --------------------------------------------------------------------------- loading


@dataclass
class _Facts:
    """Everything the figures are computed from, read in one unit of work."""

    year: int
    units: dict[int, Unit]
    cdo_names: dict[int, str]
    occurrences: list[Occurrence]
    previous_dues: dict[str, date]
    """Per report rule: the last due date before the year (where the first period's window opens)."""
    activities: dict[int, list[Activity]]
    evidence: dict[int, int]
    submissions: dict[int, list[ReportSubmission]]
    signed_in: dict[int, list[tuple[date, str, str, str | None]]]
    """Per unit: (day, meeting title, people, location) of meetings its members signed in to."""
    member_names: dict[int, str] = field(default_factory=dict)


def _load_facts(
    uow: UnitOfWork, city: City, units: Sequence[Unit], year: int, *, records: bool = False
) -> _Facts:
    start, end = date(year, 1, 1), date(year, 12, 31)
    unit_ids = [u.id for u in units]
    extra, removed = deadline_overrides(city, uow.deadlines.live(city.code), (start, end))
    occurrences = expand_occurrences(city, start, end, extra=extra, removed=removed)
    before = expand_occurrences(
        city, date(year - 2, 1, 1), start - timedelta(days=1), extra=extra, removed=removed
    )
    previous_dues = {o.rule_key: o.due for o in before if o.kind in REPORT_RULE_KINDS}

    # One-off training checkpoints count from their rule's ``since``, which may lie before the year.
    first_day = min([start, *(o.count_from for o in occurrences if o.count_from is not None)])
    activities: dict[int, list[Activity]] = defaultdict(list)
    for activity in uow.activities.records_in_period(unit_ids, first_day, end):
        activities[activity.unit_id].append(activity)
    evidence = uow.activities.evidence_counts_in_period(unit_ids, start, end)

    live_ids = {a.id for rows in activities.values() for a in rows}
    submissions: dict[int, list[ReportSubmission]] = defaultdict(list)
    for row in uow.reports.of_units(unit_ids):
        if (
            row.activity_id is not None
            and row.activity_id not in live_ids
            and uow.activities.get(row.activity_id) is None
        ):
            continue  # its record was deleted: the submission went with it
        submissions[row.unit_id].append(row)

    # Current and former members: a former CDO's attendance is still the unit's.
    members_by_id = {m.id: m for m in uow.members.ever_in_units(unit_ids)}
    signed_in: dict[int, list[tuple[date, str, str, str | None]]] = defaultdict(list)
    first = datetime.combine(start, time(0), tzinfo=SHANGHAI)
    for meeting in uow.meetings.upcoming(city.code, first, first.replace(year=year + 1)):
        people: dict[int, list[str]] = defaultdict(list)
        for row in uow.meetings.attendance_of(meeting.id):
            member = members_by_id.get(row.member_id)
            if row.attended and member is not None and member.unit_id is not None:
                people[member.unit_id].append(member.display_name)
        for unit_id, names in people.items():
            signed_in[unit_id].append(
                (
                    meeting.starts_at.astimezone(SHANGHAI).date(),
                    meeting.title,
                    "、".join(names),
                    meeting.location,
                )
            )

    cdo_names: dict[int, str] = {}
    for member in members_by_id.values():  # by id: the first active CDO, as ``members.active_cdo``
        if member.active and member.role == "cdo" and member.unit_id is not None:
            cdo_names.setdefault(member.unit_id, member.display_name)
    names = {m.id: m.display_name for m in members_by_id.values()}
    if records:
        authors = {a.entered_by for rows in activities.values() for a in rows} - names.keys()
        names |= {m.id: m.display_name for m in uow.members.by_ids(authors)}
    return _Facts(
        year=year,
        units={u.id: u for u in units},
        cdo_names=cdo_names,
        occurrences=occurrences,
        previous_dues=previous_dues,
        activities=dict(activities),
        evidence=evidence,
        submissions=dict(submissions),
        signed_in=dict(signed_in),
        member_names=names,
    )


# --------------------------------------------------------------------------- figures


def _progress(city: City, facts: _Facts, unit_id: int, today: date) -> UnitProgress:
    unit = facts.units[unit_id]
    year = facts.year
    # In a past year every checkpoint has passed; in a future one none has.
    as_of = min(max(today, date(year, 1, 1) - timedelta(days=1)), date(year, 12, 31) + timedelta(days=1))
    activities = facts.activities.get(unit_id, [])
    in_year = [a for a in activities if a.date.year == year]
    held = [a for a in in_year if a.date <= today]
    measured = unit.is_pilot  # the bureau coordinates the pilot; no quota, meeting or report is its own
    return UnitProgress(
        city=city.code,
        city_name=city.name,
        unit_id=unit_id,
        unit_name=unit.name,
        is_pilot=unit.is_pilot,
        year=year,
        today=today,
        cdo_name=facts.cdo_names.get(unit_id),
        trainings=_trainings(city, facts.occurrences, activities, as_of) if measured else (),
        meetings=_meetings(city, facts, unit_id, in_year, as_of) if measured else None,
        reports=_reports(facts, unit_id, activities, today) if measured else (),
        evaluations=_evaluations(facts.occurrences, today) if measured else (),
        evidence_count=sum(facts.evidence.get(a.id, 0) for a in in_year),
        last_activity=max((a.date for a in held), default=None),
        trainings_held=sum(1 for a in held if a.kind == "training"),
        meetings_attended=len(_meeting_days(facts, unit_id, in_year, as_of)),
    )


def _meeting_days(facts: _Facts, unit_id: int, in_year: Sequence[Activity], as_of: date) -> set[date]:
    """Days the unit was at an exchange meeting: signed in to a scheduled one, or logged one itself."""
    days = {day for day, *_ in facts.signed_in.get(unit_id, []) if day <= as_of}
    return days | {a.date for a in in_year if a.kind == "exchange_meeting" and a.date <= as_of}


def _trainings(
    city: City, occurrences: Iterable[Occurrence], activities: Sequence[Activity], as_of: date
) -> tuple[TrainingProgress, ...]:
    by_rule: dict[str, list[Occurrence]] = defaultdict(list)
    for occurrence in occurrences:
        if occurrence.kind == "training_quota":
            by_rule[occurrence.rule_key].append(occurrence)
    found = []
    for rule_key, checkpoints in by_rule.items():
        checkpoints.sort(key=lambda o: o.due)
        rule = city.rule(rule_key)
        yearly = rule is not None and isinstance(rule.checkpoints[0].on, MonthDay)
        count_from = checkpoints[0].count_from or date(checkpoints[0].due.year, 1, 1)
        window_end = date(count_from.year, 12, 31) if yearly else checkpoints[-1].due
        held = [
            a
            for a in activities
            if a.kind == "training" and count_from <= a.date <= window_end and a.date <= as_of
        ]
        count = len(held)
        required = checkpoints[0].per_year or max(o.at_least or 0 for o in checkpoints)
        passed = [o for o in checkpoints if o.due < as_of]
        missed = [o for o in passed if count < (o.at_least or 0)]
        upcoming = next((o for o in checkpoints if o.due >= as_of and count < (o.at_least or 0)), None)
        if count >= required:
            verdict, mark = "done", OK
        elif missed:
            verdict, mark = "behind", BAD
        else:
            verdict = "on_track"
            near = upcoming is not None and (upcoming.due - as_of).days <= CHECKPOINT_SOON_DAYS
            mark = WARN if near else OK
        worst = max(missed, key=lambda o: o.at_least or 0, default=None)
        found.append(
            TrainingProgress(
                rule_key=rule_key,
                title=checkpoints[0].title,
                clause=checkpoints[0].clause,
                count=count,
                required=required,
                verdict=verdict,
                mark=mark,
                next_checkpoint=upcoming.due if upcoming else None,
                next_at_least=upcoming.at_least if upcoming else None,
                missed_checkpoint=worst.due if worst else None,
                missed_at_least=worst.at_least if worst else None,
                held_on=tuple(sorted(a.date for a in held)),
                checkpoints=tuple((o.due, o.at_least or 0) for o in checkpoints),
            )
        )
    return tuple(found)


def _meetings(
    city: City, facts: _Facts, unit_id: int, in_year: Sequence[Activity], as_of: date
) -> MeetingProgress | None:
    periods = [o for o in facts.occurrences if o.kind == "exchange_meeting_cadence"]
    if not periods:
        return None
    days = _meeting_days(facts, unit_id, in_year, as_of)
    attended = len(days)
    ended = sum(1 for o in periods if o.closes is not None and o.closes <= as_of)
    mark = OK if attended >= min(ended, len(periods)) else WARN
    return MeetingProgress(
        attended=attended,
        expected_so_far=ended,
        expected_year=len(periods),
        every_months=city.meeting_cadence_months,
        clause=periods[0].clause,
        mark=mark,
        days=tuple(sorted(days)),
    )


def _reports(
    facts: _Facts, unit_id: int, activities: Sequence[Activity], today: date
) -> tuple[ReportStatus, ...]:
    periods = sorted(
        (o for o in facts.occurrences if o.kind in REPORT_RULE_KINDS and o.who in UNIT_AUDIENCES),
        key=lambda o: (o.due, o.rule_key),
    )
    submitted: dict[tuple[str, str], date] = {}
    used_activities: set[int] = set()
    for row in facts.submissions.get(unit_id, []):
        rule_key = row.rule_key or (f"custom.{row.deadline_id}" if row.deadline_id is not None else "")
        key = (rule_key, row.period_key)
        if key not in submitted or row.submitted_on < submitted[key]:
            submitted[key] = row.submitted_on
        if row.activity_id is not None:
            used_activities.add(row.activity_id)

    # A report logged in free text has no period: it fills the earliest open summary-report period
    # whose window (after the previous due date) it falls in.
    loose = sorted(
        (a for a in activities if a.kind == "report" and a.id not in used_activities),
        key=lambda a: (a.date, a.id),
    )
    for activity in loose:
        previous = dict(facts.previous_dues)
        for occurrence in periods:
            opens_after = previous.get(occurrence.rule_key)
            previous[occurrence.rule_key] = occurrence.due
            if (
                occurrence.kind != "summary_report"
                or (occurrence.rule_key, occurrence.period_key) in submitted
            ):
                continue
            if opens_after is None or opens_after < activity.date:
                submitted[(occurrence.rule_key, occurrence.period_key)] = activity.date
                break

    found = []
    for occurrence in periods:
        on = submitted.get((occurrence.rule_key, occurrence.period_key))
        common: dict[str, Any] = {
            "rule_key": occurrence.rule_key,
            "period_key": occurrence.period_key,
            "kind": occurrence.kind,
            "title": occurrence.title,
            "due": occurrence.due,
            "clause": occurrence.clause,
        }
        if on is not None:
            late = -workdays_between(on, occurrence.due) if on > occurrence.due else None
            found.append(
                ReportStatus(
                    **common, state="submitted", mark=OK, submitted_on=on, late_workdays=late or None
                )
            )
        elif occurrence.due < today:
            found.append(
                ReportStatus(
                    **common,
                    state="overdue",
                    mark=BAD,
                    workdays_left=-workdays_between(today, occurrence.due),
                )
            )
        else:
            left = workdays_between(today, occurrence.due)
            found.append(
                ReportStatus(
                    **common, state="due", mark=WARN if left <= SOON_WORKDAYS else INFO, workdays_left=left
                )
            )
    return tuple(found)


def _evaluations(occurrences: Iterable[Occurrence], today: date) -> tuple[EvaluationWindow, ...]:
    found = []
    for occurrence in occurrences:
        if occurrence.kind != "annual_evaluation":
            continue
        opens = occurrence.opens or occurrence.due.replace(day=1)
        state = "upcoming" if today < opens else "open" if today <= occurrence.due else "closed"
        found.append(
            EvaluationWindow(
                title=occurrence.title,
                clause=occurrence.clause,
                opens=opens,
                closes=occurrence.due,
                state=state,
            )
        )
    return tuple(found)


def _focus_period(rows: Sequence[UnitProgress], today: date) -> ReportStatus | None:
    """The report period a coordinator cares about now: the one just due (for 60 days), else the next."""
    reports = rows[0].reports if rows else ()
    summaries = [r for r in reports if r.kind == "summary_report"]
    reports = tuple(summaries) or reports
    past = [r for r in reports if r.due < today]
    upcoming = [r for r in reports if r.due >= today]
    if past and (today - past[-1].due).days <= RECENT_PERIOD_DAYS:
        return past[-1]
    if upcoming:
        return upcoming[0]
    return past[-1] if past else None


def _overview(
    city: City,
    facts: _Facts,
    unit_ids: Sequence[int],
    today: date,
    now: datetime,
    *,
    records: bool,
    scope: str,
) -> CityOverview:
    rows = tuple(_progress(city, facts, unit_id, today) for unit_id in unit_ids)
    focus = _focus_period(rows, today)
    activities: list[ActivityRecord] = []
    meetings: list[MeetingRecord] = []
    if records:
        for unit_id in unit_ids:
            unit_name = facts.units[unit_id].name
            for a in facts.activities.get(unit_id, []):
                if a.date.year != facts.year:
                    continue
                activities.append(
                    ActivityRecord(
                        activity_id=a.id,
                        unit_name=unit_name,
                        kind=a.kind,
                        day=a.date,
                        at=a.time,
                        title=a.title,
                        attendees=a.attendees,
                        location=a.location,
                        evidence_count=facts.evidence.get(a.id, 0),
                        entered_by=facts.member_names.get(a.entered_by, str(a.entered_by)),
                        created_at=a.created_at,
                    )
                )
                if a.kind == "exchange_meeting":
                    meetings.append(MeetingRecord(unit_name, a.date, a.title, "logged", location=a.location))
            for day, title, people, location in facts.signed_in.get(unit_id, []):
                meetings.append(MeetingRecord(unit_name, day, title, "signed_in", people, location))
        meetings.sort(key=lambda m: (m.day, m.unit_name))
    return CityOverview(
        city=city.code,
        city_name=city.name,
        year=facts.year,
        today=today,
        generated_at=now,
        rows=rows,
        focus_period=(focus.rule_key, focus.period_key) if focus else None,
        focus_title=focus.title if focus else None,
        focus_due=focus.due if focus else None,
        activities=tuple(activities),
        meetings=tuple(meetings),
        scope=scope,
    )


# --------------------------------------------------------------------------- rendering


def short_day(day: date | None) -> str:
    return "" if day is None else f"{day.month:02d}-{day.day:02d}"


def as_of_label(year: int, today: date) -> str:
    """``12-01`` within the year shown; the full date for another year (a 2025 view read in 2026)."""
    return short_day(today) if today.year == year else today.isoformat()


def short_clause(clause: str) -> str:
    """``《珠海市…实施方案》保障措施（二）加强交流培训`` → ``保障措施（二）加强交流培训``: the title is in the header."""
    return clause.rsplit("》", 1)[-1].strip() or clause


def progress_reply(progress: UnitProgress) -> Reply:
    """The CDO's progress: one short line per obligation with its mark and the clause it comes from."""
    t = translator()
    lines: list[str] = []
    for item in progress.trainings:
        lines.append(
            t.format(
                f"progress.training.{item.verdict}",
                {
                    "mark": MARKS[item.mark],
                    "count": item.count,
                    "required": item.required,
                    "next": short_day(item.next_checkpoint),
                    "next_at_least": item.next_at_least or 0,
                    "missed": short_day(item.missed_checkpoint),
                    "missed_at_least": item.missed_at_least or 0,
                },
            )
        )
        if item.verdict == "on_track" and item.next_checkpoint is not None:
            lines.append(
                t.format(
                    "progress.training.next",
                    {"next": short_day(item.next_checkpoint), "at_least": item.next_at_least or 0},
                )
            )
        lines.append(t.format("progress.clause", {"clause": short_clause(item.clause)}))
    if not progress.trainings and progress.is_pilot:
        lines.append(t.format("progress.training.none", {"count": progress.trainings_held}))
    if progress.meetings is not None:
        m = progress.meetings
        lines.append(
            t.format(
                "progress.meetings",
                {
                    "mark": MARKS[m.mark],
                    "attended": m.attended,
                    "expected": m.expected_so_far,
                    "year": m.expected_year,
                    "months": m.every_months,
                },
            )
        )
        lines.append(t.format("progress.clause", {"clause": short_clause(m.clause)}))
    elif progress.is_pilot:
        lines.append(t.format("progress.meetings.none", {"attended": progress.meetings_attended}))
    if progress.reports:
        lines.append(t.gettext("progress.reports.header"))
        for report in progress.reports:
            period = t.format(
                f"progress.period.{report.kind}", {"due": short_day(report.due), "title": report.title}
            )
            lines.append(
                t.format(
                    f"progress.report.{report.shown_state}",
                    {
                        "mark": MARKS[report.mark],
                        "period": period,
                        "date": short_day(report.submitted_on),
                        "days": abs(report.workdays_left or report.late_workdays or 0),
                    },
                )
            )
        cited = next((r for r in progress.reports if r.kind == "summary_report"), progress.reports[0])
        lines.append(t.format("progress.clause", {"clause": short_clause(cited.clause)}))
    else:
        lines.append(t.gettext("progress.reports.none"))
    for window in progress.evaluations:
        lines.append(
            t.format(
                f"progress.evaluation.{window.state}",
                {
                    "opens": short_day(window.opens),
                    "closes": short_day(window.closes),
                },
            )
        )
        lines.append(t.format("progress.clause", {"clause": short_clause(window.clause)}))
    lines.append(t.format("progress.evidence", {"count": progress.evidence_count}))
    if progress.last_activity is not None:
        lines.append(t.format("progress.last_activity", {"date": progress.last_activity.isoformat()}))
    return Reply(
        "progress.header",
        {
            "unit": progress.unit_name,
            "year": progress.year,
            "today": as_of_label(progress.year, progress.today),
            "cdo": progress.cdo_name or t.gettext("progress.no_cdo"),
        },
        literal="\n".join(lines),
    )


def overview_row(row: UnitProgress, focus: tuple[str, str] | None) -> dict[str, Any]:
    """The overview's columns of one unit, as plain values (the text table and the xlsx share them)."""
    t = translator()
    report = row.report_for(focus)
    meetings = row.meetings
    if not row.is_pilot:  # the bureau coordinates; it is not measured
        return {
            "mark": "▫️",
            "unit": row.unit_name,
            "cdo": row.cdo_name or t.gettext("progress.no_cdo"),
            "trainings": "—",
            "meetings": "—",
            "report": "—",
            "last": short_day(row.last_activity) or "—",
        }
    return {
        "mark": MARKS[row.status],
        "unit": row.unit_name,
        "cdo": row.cdo_name or t.gettext("progress.no_cdo"),
        "trainings": f"{row.training_count}/{row.training_required}"
        if row.trainings
        else str(row.trainings_held),
        "meetings": f"{meetings.attended}/{meetings.expected_so_far}"
        if meetings
        else str(row.meetings_attended),
        "report": (MARKS[WARN if report.late_workdays else report.mark] + short_day(report.submitted_on))
        if report
        else "—",
        "last": short_day(row.last_activity) or "—",
    }


def overview_reply(overview: CityOverview) -> Reply:
    """A compact text table: one short line per unit, so Telegram's split at line breaks keeps rows whole."""
    t = translator()
    pilots = [r for r in overview.rows if r.is_pilot]
    lines = [t.format("progress.overview.row", overview_row(r, overview.focus_period)) for r in overview.rows]
    focus = ""
    if overview.focus_period is not None:
        focus = t.format(
            "progress.overview.focus",
            {"title": overview.focus_title or "", "due": short_day(overview.focus_due)},
        )
    reports_in = sum(
        1 for r in pilots if (s := r.report_for(overview.focus_period)) and s.state == "submitted"
    )
    return Reply(
        "progress.overview.header",
        {
            "city": overview.city_name,
            "year": overview.year,
            "today": as_of_label(overview.year, overview.today),
            "focus": focus,
            "pilots": len(pilots),
            "with_cdo": sum(1 for r in pilots if r.cdo_name),
            "trained": sum(1 for r in pilots if r.trainings and r.trainings[0].verdict == "done"),
            "reported": reports_in,
            "behind": sum(1 for r in pilots if r.status == BAD),
        },
        literal="\n".join([*lines, t.gettext("progress.overview.legend")]),
    )
