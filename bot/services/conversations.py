"""Dialog state kept in the database for every platform, so a restart in the middle of a dialog loses nothing.

Layer: service. ``DialogStore`` remembers which guided dialog (``/train`` …) waits for its answer
in a chat, one row per (chat, account) in ``conversation_states`` named ``dialog``. A dialog
expires ``timeout`` after it began: an answer that comes later is an ordinary line, and
``time_out`` (called by a transport's timer) ends a dialog nobody answered.
"""

from __future__ import annotations

from datetime import timedelta

from bot.core.address import Account, Address
from bot.core.clock import Clock
from storage.uow import UnitOfWorkFactory

NAME = "dialog"
PREFIX = "describe:"


class DialogStore:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, timeout: timedelta) -> None:
        self._uow = uow_factory
        self._clock = clock
        self.timeout = timeout

    def begin(self, chat: Address, account: Account, kind: str) -> None:
        now = self._clock.now()
        with self._uow() as uow:
            uow.conversations.set_state(
                chat.chat_address.text,
                account.text,
                NAME,
                state=f"{PREFIX}{kind}",
                data={},
                now=now,
                expires_at=now + self.timeout,
            )
            uow.commit()

    def waiting_for(self, chat: Address, account: Account) -> str | None:
        """The activity kind the open dialog in this chat waits for, or None."""
        with self._uow() as uow:
            row = uow.conversations.get_state(
                chat.chat_address.text, account.text, NAME, now=self._clock.now()
            )
            if row is None or not row.state.startswith(PREFIX):
                return None
            return row.state.removeprefix(PREFIX)

    def end(self, chat: Address, account: Account) -> bool:
        """Forget the dialog of this chat; True if one was open (an expired one counts as closed)."""
        was_open = self.waiting_for(chat, account) is not None
        with self._uow() as uow:
            uow.conversations.clear_state(chat.chat_address.text, account.text, NAME)
            uow.commit()
        return was_open

    def time_out(self, chat: Address, account: Account) -> bool:
        """End the dialog if it is past its time; True if it was (the user is told)."""
        now = self._clock.now()
        with self._uow() as uow:
            row = uow.conversations.get_state(chat.chat_address.text, account.text, NAME)
            if row is None or row.expires_at is None or row.expires_at > now:
                return False
            uow.conversations.clear_state(chat.chat_address.text, account.text, NAME)
            uow.commit()
            return True
