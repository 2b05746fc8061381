"""The unit of work: one session per use case, and the only place that commits.

Services write ``with uow_factory() as uow: ...; uow.commit()``. Leaving the block without
``commit()`` (an exception, an early return) rolls everything back.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from storage.db import make_engine, make_session_factory
from storage.repositories import (
    ActivityRepository,
    AuditRepository,
    ConversationRepository,
    DeadlineRepository,
    InviteRepository,
    MeetingRepository,
    MemberRepository,
    OutboxRepository,
    ReportRepository,
    UnitRepository,
)


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

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory

    def __enter__(self) -> UnitOfWork:
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
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # close() rolls back whatever was not committed. An explicit rollback() only on errors:
        # it would expire every loaded object, and services return data read in a read-only unit.
        try:
            if exc_type is not None:
                self.session.rollback()
        finally:
            self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()

    def flush(self) -> None:
        self.session.flush()


UnitOfWorkFactory = Callable[[], UnitOfWork]


class SqlUnitOfWorkFactory:
    """A callable building units of work on one engine; keeps the engine for ``dispose()``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.session_factory = make_session_factory(engine)

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory)

    def dispose(self) -> None:
        self.engine.dispose()


def uow_factory(url: str) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(make_engine(url))
