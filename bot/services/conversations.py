"""Dialog state kept in the database, so that a restart in the middle of a dialog loses nothing.

Layer: service. The Telegram adapter's ``DbPersistence`` (``bot.handlers.persistence``) reads and
writes ``ConversationHandler`` states through this store instead of a pickle file (PITFALLS 15).
"""

from __future__ import annotations

from datetime import timedelta

from bot.core.address import TELEGRAM, Account, Address
from bot.core.clock import Clock
from storage.uow import UnitOfWorkFactory


class SqlConversationStore:
    """``bot.handlers.persistence.ConversationStore`` over the ``conversation_states`` table."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow_factory
        self._clock = clock

    def load(self, name: str) -> dict[tuple[int, ...], str]:
        """PTB's keys are (chat id, user id): only Telegram's states have them."""
        states = {}
        with self._uow() as uow:
            for row in uow.conversations.states_named(name, self._clock.now()):
                chat, account = Address.parse(row.chat_address), Account.parse(row.account)
                if chat.platform == TELEGRAM and account.platform == TELEGRAM:
                    states[(int(chat.chat), int(account.external_id))] = row.state
        return states

    def save(self, name: str, key: tuple[int, ...], state: str | None, ttl: timedelta) -> None:
        chat, account = Address.telegram(key[0]).text, Account.telegram(key[-1]).text
        now = self._clock.now()
        with self._uow() as uow:
            if state is None:
                uow.conversations.clear_state(chat, account, name)
            else:
                row = uow.conversations.get_state(chat, account, name)
                uow.conversations.set_state(
                    chat,
                    account,
                    name,
                    state=state,
                    data=dict(row.data) if row else {},
                    now=now,
                    expires_at=now + ttl,
                )
            uow.commit()
