"""Repositories: one per aggregate, each wrapping the unit of work's session. They never commit.

Layer: storage. Queries live here so that services speak in use-case terms
(``activities.history(unit_ids, limit)``) rather than SQL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    Select,
    and_,
    bindparam,
    delete,
    exists,
    false,
    func,
    literal_column,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.orm import Session, aliased

from storage.models import (
    Activity,
    AuditLog,
    Base,
    ConversationState,
    Deadline,
    Evidence,
    EvidenceContent,
    InboundEvent,
    Invite,
    Meeting,
    MeetingAttendance,
    Member,
    MemberAccount,
    PendingDraft,
    ProcessedEvent,
    ReminderOutbox,
    ReportSubmission,
    Unit,
)

M = TypeVar("M", bound=Base)

IN_DOUBT = "in doubt"
"""``last_error`` prefix of an outbox row whose message may or may not have reached the recipient."""


class _Repository:
    model: type[Base]

    def __init__(self, session: Session) -> None:
        self.session = session

    def _upsert_insert(self) -> Any:
        """The dialect's ``insert`` (with ``on_conflict_do_*``): both supported databases have one."""
        dialect = self.session.get_bind().dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        elif dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:  # pragma: no cover - only the two supported databases
            raise NotImplementedError(f"{type(self).__name__} does not support {dialect}")
        return insert

    def add(self, obj: M) -> M:
        """Stage ``obj`` and flush, so its id is known before the unit of work commits."""
        self.session.add(obj)
        self.session.flush()
        return obj

    def _scalars(self, stmt: Select[Any]) -> list[Any]:
        return list(self.session.scalars(stmt))


class UnitRepository(_Repository):
    model = Unit

    def get(self, unit_id: int) -> Unit | None:
        return self.session.get(Unit, unit_id)

    def by_name(self, city: str, name: str) -> Unit | None:
        return self.session.scalar(select(Unit).where(Unit.city == city, Unit.name == name))

    def in_city(self, city: str) -> list[Unit]:
        return self._scalars(select(Unit).where(Unit.city == city).order_by(Unit.id))

    def all(self) -> list[Unit]:
        return self._scalars(select(Unit).order_by(Unit.city, Unit.id))

    def in_ids(self, unit_ids: Sequence[int]) -> list[Unit]:
        return self._scalars(select(Unit).where(Unit.id.in_(list(unit_ids))).order_by(Unit.id))

    def upsert(self, *, city: str, name: str, kind: str, is_pilot: bool) -> tuple[Unit, bool]:
        """Return (unit, created). Units are matched by (city, name); kind and pilot flag follow the data file."""
        unit = self.by_name(city, name)
        if unit is None:
            return self.add(Unit(city=city, name=name, kind=kind, is_pilot=is_pilot)), True
        unit.kind, unit.is_pilot = kind, is_pilot
        return unit, False


@dataclass(frozen=True)
class Identified:
    """What ``MemberRepository.identify`` reads about the sender of an update, in one statement."""

    seen: bool
    """The update's id is in the processed-events ledger (at or after the ``since`` asked about)."""
    member_id: int | None
    """The active member holding the account; None (and the fields below empty) for a stranger."""
    role: str = ""
    city: str | None = None
    unit_id: int | None = None
    unit_name: str | None = None
    display_name: str = ""
    holds_listed_account: bool = False
    """One of the member's accounts (any platform) is among the accounts asked about (``ADMIN_IDS``)."""
    has_state: bool = True
    """A ``conversation_states`` row (a guided dialog, a field being edited) exists for this account
    in the chat asked about; expired rows count: False means there is certainly none."""


_IDENTIFY: dict[tuple[int, bool, bool], Any] = {}
"""``MemberRepository.identify``'s statements, built once per shape (bound parameters only)."""


def _identify_statement(listed: int, with_state: bool, with_event: bool) -> Any:
    shape = (listed, with_state, with_event)
    if shape in _IDENTIFY:
        return _IDENTIFY[shape]
    who = (
        select(
            Member.id.label("member_id"),
            Member.role,
            Member.city,
            Member.unit_id,
            Member.display_name,
            Unit.name.label("unit_name"),
        )
        .join_from(MemberAccount, Member, MemberAccount.member_id == Member.id)
        .outerjoin(Unit, Unit.id == Member.unit_id)
        .where(
            MemberAccount.platform == bindparam("platform"),
            MemberAccount.external_id == bindparam("external_id"),
            MemberAccount.active.is_(True),
            Member.active.is_(True),
        )
        .subquery("who")
    )
    held = aliased(MemberAccount, name="held")
    holds = (
        exists()
        .where(
            held.member_id == who.c.member_id,
            or_(
                *(
                    and_(held.platform == bindparam(f"lp{i}"), held.external_id == bindparam(f"le{i}"))
                    for i in range(listed)
                )
            ),
        )
        .correlate(who)
        if listed
        else false()
    )
    state = (
        exists().where(
            ConversationState.chat_address == bindparam("chat_address"),
            ConversationState.account == bindparam("speaker"),
        )
        if with_state
        else true()
    )
    seen = (
        exists().where(
            ProcessedEvent.platform == bindparam("event_platform"),
            ProcessedEvent.event_id == bindparam("event_id"),
            ProcessedEvent.processed_at >= bindparam("since", type_=ProcessedEvent.processed_at.type),
        )
        if with_event
        else false()
    )
    one = select(literal_column("1").label("one")).subquery("one")
    stmt = select(seen.label("seen"), *who.c, holds.label("holds"), state.label("has_state")).select_from(
        one.outerjoin(who, true())
    )
    _IDENTIFY[shape] = stmt
    return stmt


class MemberRepository(_Repository):
    model = Member

    def identify(
        self,
        platform: str,
        external_id: str,
        *,
        listed: Iterable[tuple[str, str]] = (),
        state_of: tuple[str, str] | None = None,
        event: tuple[str, str, datetime] | None = None,
    ) -> Identified:
        """Every update starts here, so this is one statement (one round trip), read as plain
        columns: whether ``event`` (platform, event id, since) is in the processed-events ledger,
        the active member holding the account and their unit's name, whether they hold one of the
        ``listed`` (platform, external id) accounts (``ADMIN_IDS``), and whether a dialog state is
        open for ``state_of`` (chat address, account text; None: not asked, reported as open)."""
        listed = list(listed)
        params: dict[str, Any] = {"platform": platform, "external_id": external_id}
        for i, (p, e) in enumerate(listed):
            params[f"lp{i}"], params[f"le{i}"] = p, e
        if state_of is not None:
            params["chat_address"], params["speaker"] = state_of
        if event is not None:
            params["event_platform"], params["event_id"], params["since"] = event
        stmt = _identify_statement(len(listed), state_of is not None, event is not None)
        row = self.session.execute(stmt, params).one()
        if row.member_id is None:
            return Identified(seen=bool(row.seen), member_id=None)
        return Identified(
            seen=bool(row.seen),
            member_id=row.member_id,
            role=row.role,
            city=row.city,
            unit_id=row.unit_id,
            unit_name=row.unit_name,
            display_name=row.display_name,
            holds_listed_account=bool(row.holds),
            has_state=bool(row.has_state),
        )

    def get(self, member_id: int) -> Member | None:
        return self.session.get(Member, member_id)

    def active_by_account(self, platform: str, external_id: str) -> Member | None:
        """The active member who holds this account (at most one: a partial unique index), read with
        its unit in one statement: every update asks this, and the unit then comes from the session
        (``units.get``) without a second query."""
        row = self.session.execute(
            select(Member, Unit)
            .join(MemberAccount, MemberAccount.member_id == Member.id)
            .outerjoin(Unit, Unit.id == Member.unit_id)
            .where(
                MemberAccount.platform == platform,
                MemberAccount.external_id == external_id,
                MemberAccount.active.is_(True),
                Member.active.is_(True),
            )
        ).first()
        if row is None:
            return None
        member, unit = row
        if unit is not None:  # the identity map holds objects weakly: keep the unit for this unit of work
            self.session.info.setdefault("loaded_units", []).append(unit)
        return member

    def add_account(self, member: Member, platform: str, external_id: str, at: datetime) -> MemberAccount:
        """Give ``member`` one more login (the same person on another platform)."""
        account = MemberAccount(
            platform=platform, external_id=external_id, active=member.active, created_at=at
        )
        member.accounts.append(account)
        self.session.flush()
        return account

    def active_in_unit(self, unit_id: int, role: str | None = None) -> list[Member]:
        stmt = select(Member).where(Member.unit_id == unit_id, Member.active.is_(True))
        if role is not None:
            stmt = stmt.where(Member.role == role)
        return self._scalars(stmt.order_by(Member.id))

    def active_cdo(self, unit_id: int) -> Member | None:
        found = self.active_in_unit(unit_id, role="cdo")
        return found[0] if found else None

    def active_in_city(self, city: str, roles: Iterable[str] | None = None) -> list[Member]:
        stmt = select(Member).where(Member.city == city, Member.active.is_(True))
        if roles is not None:
            stmt = stmt.where(Member.role.in_(list(roles)))
        return self._scalars(stmt.order_by(Member.id))

    def deactivate(self, member: Member, at: datetime) -> None:
        member.active = False
        member.left_at = at
        for account in member.accounts:
            account.active = False
        self.session.flush()

    def ever_in_units(self, unit_ids: Sequence[int]) -> list[Member]:
        """Current and former members of these units, by id (one query for a whole city)."""
        if not unit_ids:
            return []
        return self._scalars(select(Member).where(Member.unit_id.in_(list(unit_ids))).order_by(Member.id))

    def by_ids(self, member_ids: Iterable[int]) -> list[Member]:
        """Members by id, in chunks so that no statement binds more parameters than a database allows."""
        wanted = sorted(set(member_ids))
        found: list[Member] = []
        for i in range(0, len(wanted), 1000):
            found += self._scalars(select(Member).where(Member.id.in_(wanted[i : i + 1000])))
        return found


class InviteRepository(_Repository):
    model = Invite

    def by_code_hash(self, code_hash: str) -> Invite | None:
        return self.session.scalar(select(Invite).where(Invite.code_hash == code_hash))

    def redeemed_by(self, member_id: int) -> Invite | None:
        """The invite this membership was made with (None: made from ``ADMIN_IDS`` or by hand)."""
        return self.session.scalar(select(Invite).where(Invite.used_by == member_id).limit(1))

    def claim(self, invite: Invite, member_id: int, at: datetime) -> bool:
        """Mark the invite used unless someone else did first (a conditional UPDATE, safe on both databases)."""
        result = self.session.execute(
            update(Invite)
            .where(Invite.id == invite.id, Invite.used_at.is_(None))
            .values(used_by=member_id, used_at=at)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            self.session.refresh(invite)
            return True
        return False


class ActivityRepository(_Repository):
    model = Activity

    def get(self, activity_id: int, *, include_deleted: bool = False) -> Activity | None:
        activity = self.session.get(Activity, activity_id)
        if activity is None or (activity.deleted_at is not None and not include_deleted):
            return None
        return activity

    def history(self, unit_ids: Sequence[int], limit: int = 10, offset: int = 0) -> list[Activity]:
        """Live records of these units, newest first (by activity date, then entry)."""
        return self._scalars(
            select(Activity)
            .where(Activity.unit_id.in_(list(unit_ids)), Activity.deleted_at.is_(None))
            .order_by(Activity.date.desc(), Activity.id.desc())
            .limit(limit)
            .offset(offset)
        )

    def in_period(
        self, unit_ids: Sequence[int], start: date, end: date, kind: str | None = None
    ) -> list[Activity]:
        """Live records dated within [start, end]."""
        stmt = select(Activity).where(
            Activity.unit_id.in_(list(unit_ids)),
            Activity.deleted_at.is_(None),
            Activity.date >= start,
            Activity.date <= end,
        )
        if kind is not None:
            stmt = stmt.where(Activity.kind == kind)
        return self._scalars(stmt.order_by(Activity.date, Activity.id))

    def records_in_period(self, unit_ids: Sequence[int], start: date, end: date) -> list[Any]:
        """``in_period`` as read-only rows (attribute access like an ``Activity``, minus the original
        text): a city's year is 10⁵ records, and building an ORM object per record was most of the
        time and memory of ``/overview`` and ``/export``."""
        if not unit_ids:
            return []
        return list(
            self.session.execute(
                select(
                    Activity.id,
                    Activity.unit_id,
                    Activity.kind,
                    Activity.date,
                    Activity.time,
                    Activity.title,
                    Activity.attendees,
                    Activity.location,
                    Activity.entered_by,
                    Activity.created_at,
                )
                .where(
                    Activity.unit_id.in_(list(unit_ids)),
                    Activity.deleted_at.is_(None),
                    Activity.date >= start,
                    Activity.date <= end,
                )
                .order_by(Activity.date, Activity.id)
            )
        )

    def count_by_unit(self, city: str, kind: str, start: date, end: date) -> dict[int, int]:
        rows = self.session.execute(
            select(Activity.unit_id, func.count(Activity.id))
            .join(Unit, Unit.id == Activity.unit_id)
            .where(
                Unit.city == city,
                Activity.kind == kind,
                Activity.deleted_at.is_(None),
                Activity.date >= start,
                Activity.date <= end,
            )
            .group_by(Activity.unit_id)
        )
        return {unit_id: count for unit_id, count in rows}

    def last_entered_by(self, member_id: int, since: datetime | None = None) -> Activity | None:
        """The member's most recently *entered* live record (what 撤销 and a bare file attach to)."""
        stmt = select(Activity).where(Activity.entered_by == member_id, Activity.deleted_at.is_(None))
        if since is not None:
            stmt = stmt.where(Activity.created_at >= since)
        return self.session.scalar(stmt.order_by(Activity.created_at.desc(), Activity.id.desc()).limit(1))

    def soft_delete(self, activity: Activity, by_member_id: int | None, at: datetime) -> None:
        activity.deleted_at = at
        activity.deleted_by = by_member_id
        activity.updated_at = at
        self.session.flush()

    def restore(self, activity: Activity, at: datetime) -> None:
        activity.deleted_at = None
        activity.deleted_by = None
        activity.updated_at = at
        self.session.flush()

    # evidence belongs to the activity aggregate
    def add_evidence(self, evidence: Evidence) -> Evidence:
        return self.add(evidence)

    def add_evidence_content(self, evidence_id: int, data: bytes, at: datetime) -> EvidenceContent:
        return self.add(
            EvidenceContent(
                evidence_id=evidence_id, data=data, sha256=hashlib.sha256(data).hexdigest(), created_at=at
            )
        )

    def evidence_content(self, evidence_id: int) -> bytes | None:
        """The kept bytes of an evidence file, or None when its platform keeps them (Telegram)."""
        return self.session.scalar(
            select(EvidenceContent.data).where(EvidenceContent.evidence_id == evidence_id)
        )

    def evidence_of(self, activity_id: int) -> list[Evidence]:
        return self._scalars(
            select(Evidence)
            .where(Evidence.activity_id == activity_id, Evidence.deleted_at.is_(None))
            .order_by(Evidence.id)
        )

    def evidence_for(self, activity_ids: Sequence[int]) -> list[Evidence]:
        """Live evidence files of these records in one query, in upload order (the summary's 佐证材料)."""
        if not activity_ids:
            return []
        return self._scalars(
            select(Evidence)
            .where(Evidence.activity_id.in_(list(activity_ids)), Evidence.deleted_at.is_(None))
            .order_by(Evidence.created_at, Evidence.id)
        )

    def evidence_counts(self, activity_ids: Sequence[int]) -> dict[int, int]:
        if not activity_ids:
            return {}
        rows = self.session.execute(
            select(Evidence.activity_id, func.count(Evidence.id))
            .where(Evidence.activity_id.in_(list(activity_ids)), Evidence.deleted_at.is_(None))
            .group_by(Evidence.activity_id)
        )
        return {activity_id: count for activity_id, count in rows}

    def evidence_counts_in_period(self, unit_ids: Sequence[int], start: date, end: date) -> dict[int, int]:
        """Live files per live record of these units dated within [start, end], counted by the database.

        Joins instead of taking activity ids: a city's year can hold more records than the
        65,535 parameters a PostgreSQL statement may bind.
        """
        if not unit_ids:
            return {}
        rows = self.session.execute(
            select(Evidence.activity_id, func.count(Evidence.id))
            .join(Activity, Activity.id == Evidence.activity_id)
            .where(
                Activity.unit_id.in_(list(unit_ids)),
                Activity.deleted_at.is_(None),
                Activity.date >= start,
                Activity.date <= end,
                Evidence.deleted_at.is_(None),
            )
            .group_by(Evidence.activity_id)
        )
        return {activity_id: count for activity_id, count in rows}


class MeetingRepository(_Repository):
    model = Meeting

    def get(self, meeting_id: int) -> Meeting | None:
        return self.session.get(Meeting, meeting_id)

    def upcoming(self, city: str | None, after: datetime, before: datetime | None = None) -> list[Meeting]:
        stmt = select(Meeting).where(Meeting.starts_at >= after, Meeting.cancelled_at.is_(None))
        if city is not None:
            stmt = stmt.where(Meeting.city == city)
        if before is not None:
            stmt = stmt.where(Meeting.starts_at < before)
        return self._scalars(stmt.order_by(Meeting.starts_at, Meeting.id))

    def attendance(self, meeting_id: int, member_id: int) -> MeetingAttendance | None:
        return self.session.scalar(
            select(MeetingAttendance).where(
                MeetingAttendance.meeting_id == meeting_id, MeetingAttendance.member_id == member_id
            )
        )

    def attendance_of(self, meeting_id: int) -> list[MeetingAttendance]:
        return self._scalars(
            select(MeetingAttendance)
            .where(MeetingAttendance.meeting_id == meeting_id)
            .order_by(MeetingAttendance.id)
        )

    def attended_by_unit(
        self, city: str, unit_id: int, after: datetime, before: datetime
    ) -> list[tuple[Meeting, str]]:
        """Meetings of the city in [after, before) that members of the unit (current or former)
        signed in to, with each signed-in member's name: one query, oldest first."""
        rows = self.session.execute(
            select(Meeting, Member.display_name)
            .join(MeetingAttendance, MeetingAttendance.meeting_id == Meeting.id)
            .join(Member, Member.id == MeetingAttendance.member_id)
            .where(
                Meeting.city == city,
                Meeting.cancelled_at.is_(None),
                Meeting.starts_at >= after,
                Meeting.starts_at < before,
                MeetingAttendance.attended.is_(True),
                Member.unit_id == unit_id,
            )
            .order_by(Meeting.starts_at, Meeting.id, Member.id)
        )
        return [(meeting, name) for meeting, name in rows]

    def attendance_for(self, meeting_id: int, member_id: int) -> MeetingAttendance:
        """The attendance row of this member, created on first use."""
        row = self.attendance(meeting_id, member_id)
        if row is None:
            row = self.add(MeetingAttendance(meeting_id=meeting_id, member_id=member_id))
        return row


class DeadlineRepository(_Repository):
    model = Deadline

    def get(self, deadline_id: int) -> Deadline | None:
        deadline = self.session.get(Deadline, deadline_id)
        return None if deadline is None or deadline.deleted_at is not None else deadline

    def live(self, city: str | None = None) -> list[Deadline]:
        stmt = select(Deadline).where(Deadline.deleted_at.is_(None))
        if city is not None:
            stmt = stmt.where(Deadline.city == city)
        return self._scalars(stmt.order_by(Deadline.due_date, Deadline.id))

    def by_rule(self, city: str, rule_key: str, period_key: str | None = None) -> list[Deadline]:
        stmt = select(Deadline).where(
            Deadline.city == city, Deadline.rule_key == rule_key, Deadline.deleted_at.is_(None)
        )
        if period_key is not None:
            stmt = stmt.where(Deadline.period_key == period_key)
        return self._scalars(stmt.order_by(Deadline.id))

    def soft_delete(self, deadline: Deadline, at: datetime) -> None:
        deadline.deleted_at = at
        self.session.flush()


class ReportRepository(_Repository):
    model = ReportSubmission

    def for_period(
        self, period_key: str, unit_ids: Sequence[int] | None = None, rule_key: str | None = None
    ) -> list[ReportSubmission]:
        stmt = select(ReportSubmission).where(ReportSubmission.period_key == period_key)
        if unit_ids is not None:
            stmt = stmt.where(ReportSubmission.unit_id.in_(list(unit_ids)))
        if rule_key is not None:
            stmt = stmt.where(ReportSubmission.rule_key == rule_key)
        return self._scalars(stmt.order_by(ReportSubmission.id))

    def of_unit(self, unit_id: int) -> list[ReportSubmission]:
        return self._scalars(
            select(ReportSubmission)
            .where(ReportSubmission.unit_id == unit_id)
            .order_by(ReportSubmission.submitted_on.desc(), ReportSubmission.id.desc())
        )

    def of_units(self, unit_ids: Sequence[int]) -> list[ReportSubmission]:
        """``of_unit`` for many units in one query, ordered by unit and then as ``of_unit``."""
        if not unit_ids:
            return []
        return self._scalars(
            select(ReportSubmission)
            .where(ReportSubmission.unit_id.in_(list(unit_ids)))
            .order_by(
                ReportSubmission.unit_id,
                ReportSubmission.submitted_on.desc(),
                ReportSubmission.id.desc(),
            )
        )


class OutboxRepository(_Repository):
    """The reminder ledger. ``add_if_absent`` is the duplicate guard; ``claim_due`` hands rows to one sender."""

    model = ReminderOutbox

    def get(self, outbox_id: int) -> ReminderOutbox | None:
        return self.session.get(ReminderOutbox, outbox_id)

    def by_key(self, dedupe_key: str) -> ReminderOutbox | None:
        return self.session.scalar(select(ReminderOutbox).where(ReminderOutbox.dedupe_key == dedupe_key))

    def add_if_absent(
        self,
        *,
        dedupe_key: str,
        rule_key: str,
        period_key: str,
        kind: str,
        due_at: datetime,
        member_id: int | None = None,
        chat_address: str | None = None,
        payload: dict[str, Any] | None = None,
        created_at: datetime | None = None,
    ) -> bool:
        """Insert unless a row with this ``dedupe_key`` exists (ON CONFLICT DO NOTHING); True when inserted."""
        values: dict[str, Any] = {
            "dedupe_key": dedupe_key,
            "rule_key": rule_key,
            "period_key": period_key,
            "kind": kind,
            "due_at": due_at,
            "member_id": member_id,
            "chat_address": chat_address,
            "payload": payload or {},
            "status": "pending",
            "attempts": 0,
        }
        if created_at is not None:
            values["created_at"] = created_at
        insert = self._upsert_insert()
        stmt = (
            insert(ReminderOutbox)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(ReminderOutbox.id)
        )
        # RETURNING yields a row only when the insert happened (rowcount is unreliable here on psycopg).
        return self.session.execute(stmt).scalar_one_or_none() is not None

    def claim_due(self, now: datetime, limit: int, worker_id: str) -> list[ReminderOutbox]:
        """Lock up to ``limit`` due rows for ``worker_id`` and mark them ``sending``."""
        return [row for row, _member in self.claim_due_with_recipients(now, limit, worker_id)]

    def claim_due_with_recipients(
        self, now: datetime, limit: int, worker_id: str, platforms: Sequence[str] | None = None
    ) -> list[tuple[ReminderOutbox, Member | None]]:
        """Lock up to ``limit`` due rows for ``worker_id``, mark them ``sending``, and return each with
        its recipient (read in the same statement).

        Due means pending with ``due_at <= now`` (and any retry time passed), or snoozed/failed
        whose ``next_attempt_at`` has come. Each of the two is one range of the ``(status, due_at)``
        index read in order, so a claim costs the same with 10 or 10,000 rows waiting (one query
        with an OR of both would read and sort every candidate). On PostgreSQL ``FOR UPDATE SKIP
        LOCKED`` lets several processes claim disjoint rows; SQLite runs a single process.

        ``platforms`` limits the claim to rows whose chat (the row's, else its member's) is on one of
        them: a Telegram and a WeCom process share the outbox, and each sends only its own rows.
        """
        pending = (
            (ReminderOutbox.status == "pending")
            & (ReminderOutbox.due_at <= now)
            & (func.coalesce(ReminderOutbox.next_attempt_at, ReminderOutbox.due_at) <= now)
        )
        retries = (
            ReminderOutbox.status.in_(("snoozed", "failed"))
            & ReminderOutbox.next_attempt_at.is_not(None)
            & (ReminderOutbox.next_attempt_at <= now)
        )
        found: list[tuple[ReminderOutbox, Member | None]] = []
        for due in (pending, retries):
            stmt = (
                select(ReminderOutbox, Member)
                .outerjoin(Member, Member.id == ReminderOutbox.member_id)
                .where(due)
                .order_by(ReminderOutbox.status, ReminderOutbox.due_at)
                .limit(limit)
                .execution_options(
                    populate_existing=True
                )  # a long-lived session must see the row as it is now
            )
            if platforms is not None:
                chat = func.coalesce(ReminderOutbox.chat_address, Member.chat_address)
                stmt = stmt.where(or_(*(chat.like(f"{platform}:%") for platform in platforms)))
            if self.session.get_bind().dialect.name == "postgresql":
                stmt = stmt.with_for_update(skip_locked=True, of=ReminderOutbox)
            found += [(row, member) for row, member in self.session.execute(stmt)]
        found.sort(key=lambda pair: (pair[0].due_at, pair[0].id))
        del found[limit:]  # rows locked but not taken are free again at commit
        for row, _member in found:
            row.status = "sending"
            row.locked_by = worker_id
            row.locked_at = now
            row.attempts += 1
        self.session.flush()
        return found

    def release_stale(self, older_than: datetime) -> int:
        """Put back rows a crashed sender left in ``sending``: the ledger must not lose reminders."""
        result = self.session.execute(
            update(ReminderOutbox)
            .where(ReminderOutbox.status == "sending", ReminderOutbox.locked_at < older_than)
            .values(status="pending", locked_by=None, locked_at=None)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def mark_stale_in_doubt(self, older_than: datetime) -> int:
        """Rows a crashed sender left in ``sending``: the message may have gone out, so they are not
        sent again but kept *in doubt* (``failed``, no retry, ``last_error`` says so; ``sent_at`` is
        when it may have gone)."""
        result = self.session.execute(
            update(ReminderOutbox)
            .where(ReminderOutbox.status == "sending", ReminderOutbox.locked_at < older_than)
            .values(
                status="failed",
                next_attempt_at=None,
                sent_at=ReminderOutbox.locked_at,
                last_error=IN_DOUBT + ": the sender stopped while sending",
                locked_by=None,
                locked_at=None,
            )
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def mark_in_doubt(self, outbox_id: int, at: datetime, reason: str) -> None:
        """The platform may have accepted the message (a read time-out): never retried blindly."""
        self.session.execute(
            update(ReminderOutbox)
            .where(ReminderOutbox.id == outbox_id)
            .values(
                status="failed",
                next_attempt_at=None,
                sent_at=at,
                last_error=f"{IN_DOUBT}: {reason}"[:2000],
                locked_by=None,
                locked_at=None,
            )
            .execution_options(synchronize_session=False)
        )

    def told_on(self, row: ReminderOutbox, start: datetime, end: datetime) -> bool:
        """Did this row's recipient get (or maybe get) another message of the same rule, period and stage
        between ``start`` and ``end``? Snoozes and notices are the user's or a person's own news."""
        if row.member_id is None:
            return False
        others = self._scalars(
            select(ReminderOutbox).where(
                ReminderOutbox.member_id == row.member_id,
                ReminderOutbox.rule_key == row.rule_key,
                ReminderOutbox.period_key == row.period_key,
                ReminderOutbox.id != row.id,
                ReminderOutbox.sent_at >= start,
                ReminderOutbox.sent_at < end,
                or_(
                    ReminderOutbox.status == "sent",
                    (ReminderOutbox.status == "failed") & ReminderOutbox.last_error.startswith(IN_DOUBT),
                ),
            )
        )
        stage = (row.payload or {}).get("stage")
        # Another stage of the rule (the meeting's 1d note and its sign-in prompt) is another message.
        return any(
            not (o.payload or {}).get("snooze_of")
            and not (o.payload or {}).get("notice")
            and (o.payload or {}).get("stage") == stage
            for o in others
        )

    def mark_sent(self, row: ReminderOutbox, at: datetime, message_address: str | None = None) -> None:
        row.status = "sent"
        row.sent_at = at
        row.message_address = message_address
        row.locked_by = row.locked_at = None
        row.last_error = None
        self.session.flush()

    def mark_sent_by_id(self, outbox_id: int, at: datetime, message_address: str | None = None) -> None:
        """``mark_sent`` as one UPDATE, without reading the row first (the dispatcher's hot path)."""
        self.session.execute(
            update(ReminderOutbox)
            .where(ReminderOutbox.id == outbox_id)
            .values(
                status="sent",
                sent_at=at,
                message_address=message_address,
                locked_by=None,
                locked_at=None,
                last_error=None,
            )
            .execution_options(synchronize_session=False)
        )

    def with_prefix_due_between(self, prefix: str, low: datetime, high: datetime) -> list[ReminderOutbox]:
        """Rows whose ``dedupe_key`` starts with ``prefix`` due in [low, high], in any status (a sync's
        one read of what it has already written)."""
        return self._scalars(
            select(ReminderOutbox).where(
                ReminderOutbox.dedupe_key.startswith(prefix),
                ReminderOutbox.due_at >= low,
                ReminderOutbox.due_at <= high,
            )
        )

    def mark_failed(self, row: ReminderOutbox, error: str, retry_at: datetime | None) -> None:
        """A failed attempt: with ``retry_at`` it is claimed again then; without, it stays ``failed`` for good."""
        row.status = "failed"
        row.last_error = error[:2000]
        row.next_attempt_at = retry_at
        row.locked_by = row.locked_at = None
        self.session.flush()

    def mark_dropped(self, row: ReminderOutbox, reason: str) -> None:
        row.status = "dropped"
        row.last_error = reason[:2000]
        row.locked_by = row.locked_at = None
        self.session.flush()

    def snooze(self, row: ReminderOutbox, until: datetime) -> None:
        row.status = "snoozed"
        row.next_attempt_at = until
        row.locked_by = row.locked_at = None
        self.session.flush()

    def cancel_pending(
        self, *, rule_key: str | None = None, member_id: int | None = None, period_key: str | None = None
    ) -> int:
        """Cancel rows not yet sent (a meeting called off, a member who left)."""
        stmt = update(ReminderOutbox).where(ReminderOutbox.status.in_(("pending", "snoozed", "failed")))
        if rule_key is not None:
            stmt = stmt.where(ReminderOutbox.rule_key == rule_key)
        if member_id is not None:
            stmt = stmt.where(ReminderOutbox.member_id == member_id)
        if period_key is not None:
            stmt = stmt.where(ReminderOutbox.period_key == period_key)
        result = self.session.execute(
            stmt.values(status="cancelled").execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def update_if_status(self, outbox_id: int, statuses: Iterable[str], **values: Any) -> bool:
        """Change a row only if it is still in ``statuses`` when the UPDATE runs (a guarded update:
        the re-plan never overwrites what a dispatcher did meanwhile); True when it changed."""
        result = self.session.execute(
            update(ReminderOutbox)
            .where(ReminderOutbox.id == outbox_id, ReminderOutbox.status.in_(list(statuses)))
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def open_due_between(
        self, prefix: str, low: datetime, high: datetime, statuses: Iterable[str], exclude_rule: str
    ) -> list[ReminderOutbox]:
        """Rows whose key starts with ``prefix`` (a city), due in [low, high], in ``statuses``, not of ``exclude_rule``."""
        return self._scalars(
            select(ReminderOutbox).where(
                ReminderOutbox.status.in_(list(statuses)),
                ReminderOutbox.due_at >= low,
                ReminderOutbox.due_at <= high,
                ReminderOutbox.dedupe_key.startswith(prefix),
                ReminderOutbox.rule_key != exclude_rule,
            )
        )

    def pending_snoozes(self, prefix: str, high: datetime) -> list[ReminderOutbox]:
        """Snoozed copies (``…|snooze|n``) of a city's reminders, pending and due by ``high``."""
        return self._scalars(
            select(ReminderOutbox).where(
                ReminderOutbox.status == "pending",
                ReminderOutbox.due_at <= high,
                ReminderOutbox.dedupe_key.startswith(prefix),
                ReminderOutbox.dedupe_key.contains("|snooze|"),
            )
        )

    def due_for_member(self, member_id: int, now: datetime, statuses: Iterable[str]) -> list[ReminderOutbox]:
        return self._scalars(
            select(ReminderOutbox)
            .where(
                ReminderOutbox.member_id == member_id,
                ReminderOutbox.status.in_(list(statuses)),
                ReminderOutbox.due_at <= now,
            )
            .order_by(ReminderOutbox.due_at, ReminderOutbox.id)
        )

    def any_due(self, now: datetime) -> bool:
        """Whether a dispatch would find anything (due, retry due, or left ``sending``)."""
        row = self.session.scalar(
            select(ReminderOutbox.id)
            .where(
                ((ReminderOutbox.status == "pending") & (ReminderOutbox.due_at <= now))
                | (
                    ReminderOutbox.status.in_(("pending", "failed", "snoozed"))
                    & (ReminderOutbox.next_attempt_at <= now)
                )
                | (ReminderOutbox.status == "sending")
            )
            .limit(1)
        )
        return row is not None

    def members_sent_for_period(self, period_key: str) -> set[int]:
        """Who was sent a message of this period (a meeting's reminders)."""
        return set(
            self.session.scalars(
                select(ReminderOutbox.member_id).where(
                    ReminderOutbox.period_key == period_key,
                    ReminderOutbox.status == "sent",
                    ReminderOutbox.member_id.is_not(None),
                )
            )
        )

    def listing(self, statuses: Iterable[str] | None = None, limit: int = 100) -> list[ReminderOutbox]:
        stmt = select(ReminderOutbox)
        if statuses is not None:
            stmt = stmt.where(ReminderOutbox.status.in_(list(statuses)))
        return self._scalars(stmt.order_by(ReminderOutbox.due_at, ReminderOutbox.id).limit(limit))


class AuditRepository(_Repository):
    """Append-only: there is no update or delete here on purpose."""

    model = AuditLog

    def record(
        self,
        *,
        at: datetime,
        action: str,
        entity: str,
        entity_id: int | str | None,
        actor_member_id: int | None = None,
        actor_label: str = "",
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> AuditLog:
        return self.add(
            AuditLog(
                at=at,
                action=action,
                entity=entity,
                entity_id=None if entity_id is None else str(entity_id),
                actor_member_id=actor_member_id,
                actor_label=actor_label,
                before=before,
                after=after,
            )
        )

    def of_entity(self, entity: str, entity_id: int | str) -> list[AuditLog]:
        return self._scalars(
            select(AuditLog)
            .where(AuditLog.entity == entity, AuditLog.entity_id == str(entity_id))
            .order_by(AuditLog.id)
        )

    def count_since(self, entity: str, entity_id: int | str, action: str, since: datetime) -> int:
        """How often ``action`` happened to this entity since then (failed joins of one user …)."""
        return int(
            self.session.scalar(
                select(func.count(AuditLog.id)).where(
                    AuditLog.entity == entity,
                    AuditLog.entity_id == str(entity_id),
                    AuditLog.action == action,
                    AuditLog.at >= since,
                )
            )
            or 0
        )

    def with_action(self, action: str, entity: str) -> list[AuditLog]:
        return self._scalars(select(AuditLog).where(AuditLog.action == action, AuditLog.entity == entity))

    def recent(self, limit: int = 50) -> list[AuditLog]:
        return self._scalars(select(AuditLog).order_by(AuditLog.id.desc()).limit(limit))


class ConversationRepository(_Repository):
    """Conversation states and pending confirmation cards: what a restart must not forget."""

    model = ConversationState

    def get_state(
        self, chat_address: str, account: str, name: str, now: datetime | None = None
    ) -> ConversationState | None:
        row = self.session.scalar(
            select(ConversationState).where(
                ConversationState.chat_address == chat_address,
                ConversationState.account == account,
                ConversationState.name == name,
            )
        )
        if row is not None and now is not None and row.expires_at is not None and row.expires_at <= now:
            return None
        return row

    def set_state(
        self,
        chat_address: str,
        account: str,
        name: str,
        *,
        state: str,
        data: dict[str, Any],
        now: datetime,
        expires_at: datetime | None = None,
        message_address: str | None = None,
    ) -> ConversationState:
        row = self.get_state(chat_address, account, name)
        if row is None:
            row = ConversationState(chat_address=chat_address, account=account, name=name)
            self.session.add(row)
        row.state, row.data, row.updated_at, row.expires_at = state, dict(data), now, expires_at
        row.message_address = message_address
        self.session.flush()
        return row

    def clear_state(self, chat_address: str, account: str, name: str) -> bool:
        row = self.get_state(chat_address, account, name)
        if row is None:
            return False
        self.session.delete(row)
        self.session.flush()
        return True

    def reload_draft(self, draft: PendingDraft) -> None:
        """Read the draft again from the database (another press may have resolved it)."""
        self.session.refresh(draft)

    def add_draft(self, draft: PendingDraft) -> PendingDraft:
        return self.add(draft)

    def get_draft(self, draft_id: int) -> PendingDraft | None:
        return self.session.get(PendingDraft, draft_id)

    def set_card_message(self, draft_id: int, chat_address: str, message_address: str) -> bool:
        """Remember the message showing a draft's card: one UPDATE, no read first (after every card)."""
        result = self.session.execute(
            update(PendingDraft)
            .where(PendingDraft.id == draft_id, PendingDraft.chat_address == chat_address)
            .values(message_address=message_address)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def latest_pending_draft(self, member_id: int, now: datetime) -> PendingDraft | None:
        return self.session.scalar(
            select(PendingDraft)
            .where(
                PendingDraft.member_id == member_id,
                PendingDraft.status == "pending",
                PendingDraft.expires_at > now,
            )
            .order_by(PendingDraft.id.desc())
            .limit(1)
        )

    def draft_by_message(self, message_address: str) -> PendingDraft | None:
        """The draft whose card is (or was) this message: a reply to it names its record."""
        return self.session.scalar(
            select(PendingDraft)
            .where(PendingDraft.message_address == message_address)
            .order_by(PendingDraft.id.desc())
            .limit(1)
        )

    def resolve_draft(self, draft: PendingDraft, status: str, at: datetime) -> bool:
        """Move a *pending* draft to ``status``; False when another press resolved it first.

        A conditional UPDATE, so two presses of 确认 racing each other save one record.
        """
        result = self.session.execute(
            update(PendingDraft)
            .where(PendingDraft.id == draft.id, PendingDraft.status == "pending")
            .values(status=status, resolved_at=at)
            .execution_options(synchronize_session=False)
        )
        self.session.refresh(draft)
        return result.rowcount == 1  # type: ignore[attr-defined]

    def expire_drafts(self, now: datetime) -> int:
        result = self.session.execute(
            update(PendingDraft)
            .where(PendingDraft.status == "pending", PendingDraft.expires_at <= now)
            .values(status="expired", resolved_at=now)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


class ProcessedEventRepository(_Repository):
    """The processed-events ledger: has this platform's event already taken effect?

    Two ways to use it: ``claim`` is an insert-ignore for an adapter that records the event on
    receipt (a WeCom ``MsgId`` before the work starts); the unit of work calls ``record`` at
    commit for an update that changed something (``storage.uow``), where a duplicate makes the
    whole transaction fail, so a redelivered update cannot take effect twice.
    """

    model = ProcessedEvent

    def seen(self, platform: str, event_id: str, since: datetime | None = None) -> bool:
        """Recorded (at or after ``since``): older rows are not redeliveries but a reused id."""
        stmt = select(ProcessedEvent.id).where(
            ProcessedEvent.platform == platform, ProcessedEvent.event_id == event_id
        )
        if since is not None:
            stmt = stmt.where(ProcessedEvent.processed_at >= since)
        return self.session.scalar(stmt) is not None

    def record(self, platform: str, event_id: str, at: datetime, stale_before: datetime) -> bool:
        """Write the row in one statement; False when the event already took effect (a redelivery).

        An upsert: a row of the same id older than ``stale_before`` is taken over (Telegram picks
        update ids at random again after a week without updates, so an old id can come back
        legitimately), a newer one is left alone and nothing is returned. On PostgreSQL a
        concurrent first delivery makes this wait for its commit, then see the conflict.
        """
        insert = self._upsert_insert()
        stmt = (
            insert(ProcessedEvent)
            .values(platform=platform, event_id=event_id, processed_at=at)
            .on_conflict_do_update(
                index_elements=["platform", "event_id"],
                set_={"processed_at": at},
                where=ProcessedEvent.processed_at < stale_before,
            )
            .returning(ProcessedEvent.id)
        )
        return self.session.execute(stmt).scalar_one_or_none() is not None

    def claim(self, platform: str, event_id: str, at: datetime) -> bool:
        """Insert unless present (ON CONFLICT DO NOTHING); True when this call inserted it."""
        insert = self._upsert_insert()
        stmt = (
            insert(ProcessedEvent)
            .values(platform=platform, event_id=event_id, processed_at=at)
            .on_conflict_do_nothing(index_elements=["platform", "event_id"])
            .returning(ProcessedEvent.id)
        )
        return self.session.execute(stmt).scalar_one_or_none() is not None

    def forget_before(self, before: datetime) -> int:
        """Drop rows older than any redelivery (Telegram keeps updates 24 h, WeCom retries for seconds)."""
        result = self.session.execute(
            delete(ProcessedEvent)
            .where(ProcessedEvent.processed_at < before)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


class InboundEventRepository(_Repository):
    """Callbacks accepted and not yet handled (``InboundEvent``): kept, listed at start, forgotten."""

    model = InboundEvent

    def keep(self, platform: str, event_key: str, payload: dict[str, Any], at: datetime) -> bool:
        """Insert unless present (a retry of a callback still waiting); True when this call inserted it."""
        insert = self._upsert_insert()
        stmt = (
            insert(InboundEvent)
            .values(platform=platform, event_key=event_key, payload=payload, received_at=at)
            .on_conflict_do_nothing(index_elements=["platform", "event_key"])
            .returning(InboundEvent.id)
        )
        return self.session.execute(stmt).scalar_one_or_none() is not None

    def forget(self, platform: str, event_key: str) -> None:
        self.session.execute(
            delete(InboundEvent)
            .where(InboundEvent.platform == platform, InboundEvent.event_key == event_key)
            .execution_options(synchronize_session=False)
        )

    def waiting(self, platform: str) -> list[dict[str, Any]]:
        """Payloads in the order they arrived."""
        return list(
            self.session.scalars(
                select(InboundEvent.payload)
                .where(InboundEvent.platform == platform)
                .order_by(InboundEvent.received_at, InboundEvent.id)
            )
        )
