"""Exactly once for commands: every Telegram update is handled inside ``storage.events.handling_event``.

Layer: Telegram adapter. Telegram delivers an update again when the process died after the
update's effect committed but before ``getUpdates`` confirmed it (or before the reply was sent):
``/undo`` would remove a second record, ``/schedule`` make a second meeting. The unit of work
writes the update id into the processed-events ledger in the same transaction as the effect;
the dispatcher (``bot.services.dispatcher``) asks the ledger first and skips a redelivery.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.services.events import handling_event

PLATFORM = "telegram"


class LedgerApplication(Application):  # type: ignore[type-arg]
    """PTB's ``Application`` whose ``process_update`` runs inside the update's ledger context.

    The context variable is copied into tasks the handlers start (``block=False``) and into
    ``asyncio.to_thread`` workers, so their commits are attributed to the same update.
    """

    async def process_update(self, update: object) -> None:
        if isinstance(update, Update):
            with handling_event(PLATFORM, update.update_id):
                await super().process_update(update)
            return
        await super().process_update(update)


def application_class() -> tuple[type[LedgerApplication], dict[str, Any]]:
    return LedgerApplication, {}
