"""Dialog state kept in the database, so that a restart in the middle of a dialog loses nothing.

Layer: service. The Telegram adapter's ``DbPersistence`` (``bot.handlers.persistence``) reads and
writes ``ConversationHandler`` states through this store instead of a pickle file (PITFALLS 15).
"""

from __future__ import annotations

from datetime import timedelta

from bot.core.clock import Clock
from storage.uow import UnitOfWorkFactory


class SqlConversationStore:
    """``bot.handlers.persistence.ConversationStore`` over the ``conversation_states`` table."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow_factory
        self._clock = clock

    def load(self, name: str) -> dict[tuple[int, ...], str]:
        with self._uow() as uow:
            return {
                (row.chat_id, row.user_id): row.state
                for row in uow.conversations.states_named(name, self._clock.now())
            }

    def save(self, name: str, key: tuple[int, ...], state: str | None, ttl: timedelta) -> None:
        chat_id, user_id = key[0], key[-1]
        now = self._clock.now()
        with self._uow() as uow:
            if state is None:
                uow.conversations.clear_state(chat_id, user_id, name)
            else:
                row = uow.conversations.get_state(chat_id, user_id, name)
                uow.conversations.set_state(
                    chat_id,
                    user_id,
                    name,
                    state=state,
                    data=dict(row.data) if row else {},
                    now=now,
                    expires_at=now + ttl,
                )
            uow.commit()
