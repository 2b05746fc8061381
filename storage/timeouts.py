"""How long the current unit of work may take: the deadline an adapter gave up waiting at.

Layer: storage (standard library only). ``bot.services.blocking.run_blocking`` runs a service call
in a worker thread and stops waiting for it after its timeout (the user is told "系统繁忙"). The
thread may still be stuck on a database that stopped answering; when the database comes back it
would carry on and commit an effect the user was told did not happen (and that a retry would
then apply twice). So the deadline travels with the call (a ``ContextVar``, copied into the
thread) and ``UnitOfWork`` refuses to start or commit once it has passed: ``Overdue``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_deadline: ContextVar[float | None] = ContextVar("cdo_bot_deadline", default=None)


class Overdue(TimeoutError):
    """The caller stopped waiting: this unit of work must not start, or must not commit."""


@contextmanager
def deadline_at(monotonic: float) -> Iterator[None]:
    token = _deadline.set(monotonic)
    try:
        yield
    finally:
        _deadline.reset(token)


def check_deadline(what: str) -> None:
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise Overdue(f"the caller stopped waiting before {what}")


def database_unavailable(error: BaseException) -> bool:
    """A database that is slow, locked or gone, rather than a bug: connection refused or closed,
    statement or lock timeout, "database is locked", an exhausted pool, or a deadline passed."""
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    return isinstance(error, Overdue | PoolTimeout | OperationalError)
