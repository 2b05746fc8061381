"""The unit of work: one session per use case, and the only place that commits.

Services write ``with uow_factory() as uow: ...; uow.commit()``. Leaving the block without
``commit()`` (an exception, an early return) rolls everything back.

Inside ``SqlUnitOfWorkFactory.one_session()`` (the dispatcher opens it around one incoming
update) the units of work opened one after another in that thread share one session on one
connection: the update's ledger check, the member's identification and the use case then cost
one connection checkout (PostgreSQL: one ping, one BEGIN) instead of one per block, and what one
block read (the member, their unit) is in the identity map for the next. Each block keeps its
own meaning: its commit commits, and leaving it without a commit after it wrote rolls that back.
A block opened while another is open (nested) gets a session of its own, as outside.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from types import TracebackType

from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction, sessionmaker

from storage.db import make_engine, make_session_factory
from storage.events import REDELIVERY_WINDOW, DuplicateEvent, current_event
from storage.models import utcnow
from storage.repositories import (
    ActivityRepository,
    AuditRepository,
    ConversationRepository,
    DeadlineRepository,
    InboundEventRepository,
    InviteRepository,
    MeetingRepository,
    MemberRepository,
    OutboxRepository,
    ProcessedEventRepository,
    ReportRepository,
    UnitRepository,
)
from storage.timeouts import check_deadline


class UnitOfWork:
    session: Session
    units: UnitRepository
    members: MemberRepository
    invites: InviteRepository
    activities: ActivityRepository
    meetings: MeetingRepository
    deadlines: DeadlineRepository
    reports: ReportRepository
    outbox: OutboxRepository
    audit: AuditRepository
    conversations: ConversationRepository
    events: ProcessedEventRepository
    inbound: InboundEventRepository

    def __init__(self, session_factory: sessionmaker[Session], shared: _Shared | None = None) -> None:
        self._session_factory = session_factory
        self._shared = shared

    def __enter__(self) -> UnitOfWork:
        check_deadline("the unit of work started")  # a call the user was told "busy" about does nothing
        shared = self._shared
        if shared is not None:
            if shared.session is None:
                shared.connection = shared.engine.connect()
                shared.session = self._session_factory(bind=shared.connection)
            shared.depth += 1
            self.session = session = shared.session
        else:
            self.session = session = self._session_factory()
        self.units = UnitRepository(session)
        self.members = MemberRepository(session)
        self.invites = InviteRepository(session)
        self.activities = ActivityRepository(session)
        self.meetings = MeetingRepository(session)
        self.deadlines = DeadlineRepository(session)
        self.reports = ReportRepository(session)
        self.outbox = OutboxRepository(session)
        self.audit = AuditRepository(session)
        self.conversations = ConversationRepository(session)
        self.events = ProcessedEventRepository(session)
        self.inbound = InboundEventRepository(session)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # close() rolls back whatever was not committed. An explicit rollback() only on errors:
        # it would expire every loaded object, and services return data read in a read-only unit.
        if self._shared is not None:
            self._shared.depth -= 1
            session = self.session
            if (
                exc_type is not None
                or session.info.get(_WROTE)
                or session.new
                or session.dirty
                or session.deleted
            ):
                session.rollback()  # what close() would have undone; the session stays for the next block
                session.info.pop(_WROTE, None)
            return
        try:
            if exc_type is not None:
                self.session.rollback()
        finally:
            self.session.close()

    def commit(self) -> None:
        """Commit; inside ``storage.events.handling_event`` a commit that wrote also records the event.

        Raises ``DuplicateEvent`` (after rolling back) when another delivery of the same event
        committed first: its effect must not be applied twice.
        """
        try:
            check_deadline("the commit")
        except Exception:
            self.session.rollback()
            raise
        claim = current_event()
        if claim is not None and not claim.claimed:
            self.session.flush()
            if self.session.info.get(_WROTE):
                now = utcnow()
                try:
                    fresh = self.events.record(
                        claim.platform, claim.event_id, now, stale_before=now - REDELIVERY_WINDOW
                    )
                except IntegrityError:  # not expected from the upsert; still never a second effect
                    fresh = False
                if not fresh:
                    self.session.rollback()
                    raise DuplicateEvent(claim.platform, claim.event_id)
                self.session.commit()
                claim.claimed = True
                self.session.info.pop(_WROTE, None)
                return
        self.session.commit()
        self.session.info.pop(_WROTE, None)

    def rollback(self) -> None:
        self.session.rollback()

    def flush(self) -> None:
        self.session.flush()


UnitOfWorkFactory = Callable[[], UnitOfWork]

_WROTE = "cdo_bot_wrote"
"""``Session.info`` flag: this transaction changed something (what the processed-events ledger records)."""


def _note_flush(session: Session, _context: UOWTransaction) -> None:
    session.info[_WROTE] = True


def _note_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


class WriteTrackingSession(Session):
    """A session that notes in ``info`` whether its transaction wrote (ORM flushes, bulk statements).

    The listeners sit on this one class, registered once at import, not on each ``sessionmaker``:
    SQLAlchemy keys its event registry by ``id()``, so a check like ``event.contains(factory, …)``
    on a new sessionmaker could find the registration of a garbage-collected one whose id was
    reused, skip the registration, and leave the ledger unwritten (a redelivered ``/schedule``
    then made a second meeting; ``tests/integration/test_processed_events.py``).
    """


event.listen(WriteTrackingSession, "after_flush", _note_flush)
event.listen(WriteTrackingSession, "do_orm_execute", _note_statement)


@dataclass
class _Shared:
    """The session the units of work of one ``one_session()`` scope share (see the module docstring)."""

    engine: Engine
    thread: int = field(default_factory=threading.get_ident)
    connection: Connection | None = None
    session: Session | None = None
    depth: int = 0
    """Blocks open on the session now: a nested block gets its own session."""


_shared: ContextVar[_Shared | None] = ContextVar("cdo_bot_shared_session", default=None)


class SqlUnitOfWorkFactory:
    """A callable building units of work on one engine; keeps the engine for ``dispose()``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.session_factory = make_session_factory(engine, session_class=WriteTrackingSession)

    def __call__(self) -> UnitOfWork:
        shared = _shared.get()
        if (
            shared is not None
            and shared.engine is self.engine
            and shared.depth == 0
            and shared.thread
            == threading.get_ident()  # a context copied into another thread: not this session
        ):
            return UnitOfWork(self.session_factory, shared)
        return UnitOfWork(self.session_factory)

    @contextmanager
    def one_session(self) -> Iterator[None]:
        """Units of work opened inside, one after another in this thread, share one session and
        connection (one incoming update: see the module docstring). Nested scopes join the outer one."""
        if _shared.get() is not None:
            yield
            return
        shared = _Shared(self.engine)
        token = _shared.set(shared)
        try:
            yield
        finally:
            _shared.reset(token)
            if shared.session is not None:
                shared.session.close()
            if shared.connection is not None:
                shared.connection.close()

    def dispose(self) -> None:
        self.engine.dispose()


def uow_factory(url: str) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(make_engine(url))
