"""Which chat event the running code is handling: the context of the processed-events ledger.

Layer: storage (standard library only). An adapter wraps the handling of one incoming update in
``handling_event(platform, event_id)``; every unit of work committed inside it that *wrote*
something also writes the ledger row (``storage.uow.UnitOfWork.commit``), in the same
transaction. The first such commit claims the event; a redelivery of the same update finds the
row (``ProcessedEventRepository.seen``) and is skipped, and a redelivery racing the first
delivery fails at its commit with ``DuplicateEvent`` instead of applying the effect twice.

A ``ContextVar`` carries the event, so services need no extra parameter and code run with
``asyncio.to_thread`` or in a task started while handling the update sees the same claim.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta

REDELIVERY_WINDOW = timedelta(days=2)
"""How long a ledger row means "already handled". Telegram keeps an unconfirmed update for 24 hours
and WeCom retries within seconds; after a week without updates Telegram may hand out an old
``update_id`` again, which must then be handled as new."""


@dataclass
class EventClaim:
    platform: str
    event_id: str
    claimed: bool = False
    """Set once a commit wrote the ledger row; later commits of the same update add nothing."""


class DuplicateEvent(Exception):
    """This event already took effect (a redelivery racing the first delivery): nothing was written."""

    def __init__(self, platform: str, event_id: str) -> None:
        super().__init__(f"{platform} event {event_id} was already processed")
        self.platform = platform
        self.event_id = event_id


_current: ContextVar[EventClaim | None] = ContextVar("cdo_bot_current_event", default=None)


@contextmanager
def handling_event(platform: str, event_id: str | int) -> Iterator[EventClaim]:
    """Mark everything inside as the handling of this one event (nested calls: the inner one wins)."""
    claim = EventClaim(platform=platform, event_id=str(event_id))
    token = _current.set(claim)
    try:
        yield claim
    finally:
        _current.reset(token)


def current_event() -> EventClaim | None:
    return _current.get()
