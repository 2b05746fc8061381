"""Conversation states in the database, not in memory or a pickle file (PITFALLS 15).

Layer: Telegram adapter. PTB's ``ConversationHandler`` keeps its state through a
``BasePersistence``; this one persists only conversations (no user/chat/bot data, no pickles)
through a ``ConversationStore`` that ``bot.bootstrap`` implements over the ``conversation_states``
table. A row carries an ``expires_at`` so a dialog abandoned before a restart is not resumed
after its timeout.

PTB writes changed states every ``update_interval`` seconds (only the ones that changed, so a
short interval costs nothing when nobody talks); a crash inside that window loses at most the
last step of a dialog, and the field edit itself is also kept by ``bot.services.activity``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, Protocol

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import ConversationDict, ConversationKey


class ConversationStore(Protocol):
    def load(self, name: str) -> dict[tuple[int, ...], str]: ...

    def save(self, name: str, key: tuple[int, ...], state: str | None, ttl: timedelta) -> None: ...


class DbPersistence(BasePersistence[dict[Any, Any], dict[Any, Any], Any]):
    """Persists ``ConversationHandler`` states only; everything else stays in memory by design."""

    def __init__(
        self, store_factory: Callable[[], ConversationStore], ttl: timedelta, update_interval: float = 0.25
    ) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=False, callback_data=False
            ),
            update_interval=update_interval,
        )
        self._store_factory = store_factory
        self._ttl = ttl

    async def get_conversations(self, name: str) -> ConversationDict:
        from bot.services.blocking import run_blocking

        return dict(await run_blocking(self._store_factory().load, name))

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        if new_state is not None and not isinstance(new_state, str):
            raise TypeError(f"conversation states must be strings to be stored, got {new_state!r}")
        from bot.services.blocking import run_blocking

        # Off the event loop: PTB calls this from its persistence task every few tenths of a second,
        # and a database that stops answering must not freeze every chat (``Busy`` is logged).
        await run_blocking(self._store_factory().save, name, tuple(int(k) for k in key), new_state, self._ttl)

    # Nothing else is persisted: these keep PTB's interface satisfied.
    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def get_bot_data(self) -> Any:
        return None

    async def get_callback_data(self) -> None:
        return None

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        return None

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        return None

    async def update_bot_data(self, data: Any) -> None:
        return None

    async def update_callback_data(self, data: Any) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        return None

    async def drop_user_data(self, user_id: int) -> None:
        return None

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        return None

    async def refresh_bot_data(self, bot_data: Any) -> None:
        return None

    async def flush(self) -> None:
        return None
