"""The durable inbox: callbacks a transport accepted, kept until handled (nothing lost in a crash).

Layer: services. WeCom sends a callback again only while it has no answer (5 s); the transport
answers at once and handles the message afterwards (``bot.wecom.inbox``), so without a record a
crash between the answer and the handling loses the member's message. ``keep`` writes it before
the answer, ``forget`` after the handling, ``waiting`` lists what a crash left for the next start;
the processed-events ledger still decides whether a kept message already took effect.
"""

from __future__ import annotations

from typing import Any

from bot.core.clock import Clock
from storage.uow import UnitOfWorkFactory


def keep(
    uow_factory: UnitOfWorkFactory, clock: Clock, platform: str, key: str, payload: dict[str, Any]
) -> bool:
    """Record an accepted callback; False when it is already kept (a retry of one still waiting)."""
    with uow_factory() as uow:
        kept = uow.inbound.keep(platform, key, payload, clock.now())
        uow.commit()
        return kept


def forget(uow_factory: UnitOfWorkFactory, platform: str, key: str) -> None:
    """The callback was handled (or its handling failed and was logged): it is not run again."""
    with uow_factory() as uow:
        uow.inbound.forget(platform, key)
        uow.commit()


def waiting(uow_factory: UnitOfWorkFactory, platform: str) -> list[dict[str, Any]]:
    """What was accepted and never handled, oldest first."""
    with uow_factory() as uow:
        return uow.inbound.waiting(platform)
