"""Exactly once for incoming events: what adapters use of the processed-events ledger.

Layer: services. An adapter (Telegram, WeCom, the dispatcher) wraps the handling of one incoming
event in ``handling_event(platform, event_id)``; every unit of work that writes inside it records
the event in the same transaction (``storage.uow``). Before handling, ``already_handled`` says
whether a redelivery must be skipped; ``DuplicateEvent`` is raised at commit when two deliveries
race. Adapters import these names from here, not from storage (import-linter contract).
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.clock import Clock
from storage.events import REDELIVERY_WINDOW, DuplicateEvent, EventClaim, current_event, handling_event
from storage.uow import UnitOfWorkFactory

__all__ = [
    "REDELIVERY_WINDOW",
    "DuplicateEvent",
    "EventClaim",
    "already_handled",
    "claim_event",
    "current_event",
    "handling_event",
]


def already_handled(uow_factory: UnitOfWorkFactory, platform: str, event_id: int | str) -> bool:
    """Did this event (a Telegram ``update_id``, a WeCom ``MsgId``) already take effect?"""
    with uow_factory() as uow:
        return uow.events.seen(platform, str(event_id), since=datetime.now(UTC) - REDELIVERY_WINDOW)


def claim_event(uow_factory: UnitOfWorkFactory, clock: Clock, platform: str, event_id: int | str) -> bool:
    """Record an event that took effect without writing (a duty answer) or a one-time token; True if new.

    The ledger's insert-ignore: a WeCom message whose handling wrote nothing is marked handled
    after its reply went out, so WeCom's retry of it is not answered twice; an upload link's nonce
    is claimed when its file is accepted, so the link works once.
    """
    with uow_factory() as uow:
        claimed = uow.events.claim(platform, str(event_id), clock.now())
        uow.commit()
        return claimed


def forget_old(uow_factory: UnitOfWorkFactory, clock: Clock) -> int:
    """Drop ledger rows older than twice the redelivery window (the table stays small); how many."""
    with uow_factory() as uow:
        gone = uow.events.forget_before(clock.now() - 2 * REDELIVERY_WINDOW)
        uow.commit()
        return gone
