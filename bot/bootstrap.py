"""The only wiring: settings → engine and unit-of-work factory, clock, catalog → the dispatcher.

Every adapter (``cdo-bot run``, ``cdo-bot chat``, ``cdo-bot invite``) calls ``build_app_context``.
Chat transports (Telegram, the terminal, WeCom) talk to ``AppContext.dispatcher`` only
(``bot.services.dispatcher``: one event in, one outcome out); the command line calls the use-case
functions of ``bot.services`` with ``AppContext.uow`` and ``clock``. Nothing is built at import
time, so importing a handler module in a test costs nothing and touches no database.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from bot.config import Settings
from bot.core.clock import Clock, SystemClock
from bot.core.i18n import Translator, translator

if TYPE_CHECKING:
    from bot.services.dispatcher import Dispatcher

log = logging.getLogger(__name__)


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
    from bot.services.access import ensure_units

    return ensure_units(factory, load_cities())


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
    network_warned_at: Any = None
    """When the error handler last logged that Telegram cannot be reached (once per outage)."""

    @cached_property
    def dispatcher(self) -> Dispatcher:
        """The conversation core every chat transport feeds (``bot.services.dispatcher``)."""
        from bot.services.dispatcher import Dispatcher

        return Dispatcher(
            self.uow, self.clock, self.settings.admin_ids, reminder_hour=self.settings.reminder_hour
        )

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
