"""The only wiring: settings → engine and unit-of-work factory, clock, catalog, knowledge → services.

Every adapter (``cdo-bot run``, ``cdo-bot chat``, ``cdo-bot invite``) calls ``build_app_context``
and then talks to ``AppContext.services`` only. Nothing is built at import time, so importing a
handler module in a test costs nothing and touches no database.

``Services`` is the one facade the adapters see: it binds the unit-of-work factory, the clock,
the knowledge base and the admin ids to the use-case functions of ``bot.services``, so that a
handler passes only what the update carries (user id, text, button data).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from typing import Any

from bot.config import Settings
from bot.core.clock import Clock, SystemClock
from bot.core.i18n import Translator, translator
from bot.core.replies import Reply

log = logging.getLogger(__name__)

DRAFT_PREFIX = "d"


def prepare_database(settings: Settings) -> None:
    """Apply migrations and make sure every unit of the city files exists (idempotent)."""
    from storage.migrate import upgrade

    upgrade(settings.database_url)
    from storage.uow import uow_factory

    factory = uow_factory(settings.database_url)
    try:
        seed_units(factory)
    finally:
        factory.dispose()


def seed_units(factory: Any) -> int:
    """Upsert the units listed in ``locale/zh_CN/cities/*.toml``; returns how many were new."""
    from bot.core.cities import load_cities

    created = 0
    with factory() as uow:
        for city in load_cities().values():
            for unit in city.units:
                _, new = uow.units.upsert(city=city.code, name=unit.name, kind=unit.kind, is_pilot=unit.pilot)
                created += int(new)
        uow.commit()
    return created


@dataclass
class AppContext:
    """What every adapter needs, built once per process."""

    settings: Settings
    clock: Clock
    translator: Translator
    uow: Any
    """A ``storage.uow.SqlUnitOfWorkFactory``: call it for a unit of work."""
    exit_code: int = 0
    """Set by the Telegram error handler when the process must stop (e.g. 409 Conflict)."""
    _services: Services | None = field(default=None, repr=False)

    @property
    def services(self) -> Services:
        if self._services is None:
            self._services = Services(self)
        return self._services

    def close(self) -> None:
        self.uow.dispose()


def build_app_context(settings: Settings | None = None, *, clock: Clock | None = None) -> AppContext:
    from storage.uow import uow_factory

    settings = settings or Settings.from_env()
    return AppContext(
        settings=settings,
        clock=clock or SystemClock(settings.timezone),
        translator=translator(),
        uow=uow_factory(settings.database_url),
    )


class Services:
    """The adapters' view of the use cases; every method returns ``Reply`` objects (or plain data)."""

    def __init__(self, app: AppContext) -> None:
        self._app = app

    @property
    def uow(self) -> Any:
        return self._app.uow

    @property
    def clock(self) -> Clock:
        return self._app.clock

    @property
    def admin_ids(self) -> frozenset[int]:
        return self._app.settings.admin_ids

    @cached_property
    def knowledge(self) -> Any:
        """Loaded on first use: building the clause index takes a moment and ``invite`` does not need it."""
        from bot.core.knowledge import load_knowledge

        return load_knowledge()

    # -------------------------------------------------------------- access
    def identify(self, user_id: int) -> Any | None:
        from bot.services import access

        return access.identify(self.uow, user_id, admin_ids=self.admin_ids)

    def join(self, user_id: int, display_name: str, chat_id: int, code: str) -> Reply:
        from bot.services import access

        return access.join_with_code(self.uow, self.clock, user_id=user_id, display_name=display_name,
                                     chat_id=chat_id, code=code)

    def welcome(self, member: Any) -> Reply:
        return Reply("bot.start.welcome_back", {"name": getattr(member, "display_name", "")})

    # -------------------------------------------------------------- dialogs (conversation states)
    @property
    def conversation_store(self) -> Callable[[], SqlConversationStore]:
        return lambda: SqlConversationStore(self.uow, self.clock)

    def card_shown(self, reply: Reply, *, chat_id: int, message_id: int) -> None:
        """Remember which message shows a draft's card, so that a reply to it can carry evidence."""
        draft_id = draft_id_of(reply)
        if draft_id is None:
            return
        with self.uow() as uow:
            draft = uow.conversations.get_draft(draft_id)
            if draft is not None and draft.chat_id == chat_id:
                draft.message_id = message_id
                uow.commit()


@dataclass(frozen=True)
class ButtonOutcome:
    """What pressing a button did: the reply, whether it replaces the card, and what comes next."""

    reply: Reply
    edit: bool = True
    awaits_value: bool = False
    toast: Reply | None = None


def draft_id_of(reply: Reply) -> int | None:
    """The draft a card's buttons act on (``<prefix>:<action>:<draft id>[:…]``), if the reply is a card."""
    for row in reply.choices:
        for choice in row:
            parts = choice.data.split(":")
            if len(parts) >= 3 and parts[0] == DRAFT_PREFIX and parts[2].isdigit():
                return int(parts[2])
    return None


class SqlConversationStore:
    """``bot.handlers.persistence.ConversationStore`` over the ``conversation_states`` table."""

    def __init__(self, uow_factory: Any, clock: Clock) -> None:
        self._uow = uow_factory
        self._clock = clock

    def load(self, name: str) -> dict[tuple[int, ...], str]:
        from sqlalchemy import select

        from storage.models import ConversationState

        now = self._clock.now()
        with self._uow() as uow:
            rows = uow.session.scalars(select(ConversationState).where(ConversationState.name == name)).all()
            return {(row.chat_id, row.user_id): row.state for row in rows
                    if row.expires_at is None or row.expires_at > now}

    def save(self, name: str, key: tuple[int, ...], state: str | None, ttl: timedelta) -> None:
        chat_id, user_id = key[0], key[-1]
        now = self._clock.now()
        with self._uow() as uow:
            if state is None:
                uow.conversations.clear_state(chat_id, user_id, name)
            else:
                row = uow.conversations.get_state(chat_id, user_id, name)
                uow.conversations.set_state(chat_id, user_id, name, state=state, data=dict(row.data) if row else {},
                                            now=now, expires_at=now + ttl)
            uow.commit()
