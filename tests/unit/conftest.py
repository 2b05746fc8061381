"""Fixtures shared by the unit tests: a fixed Tuesday morning, a dispatcher on SQLite, the loaded plans."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.core.clock import SHANGHAI, FixedClock
from bot.core.knowledge import Knowledge
from bot.services.dispatcher import Dispatcher


@pytest.fixture
def clock() -> FixedClock:
    """Tuesday 2026-11-24 10:00 in Shanghai; a module may define its own ``clock``."""
    return FixedClock(datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI))


@pytest.fixture
def dispatcher(sqlite_uow_factory, clock) -> Dispatcher:
    from bot.bootstrap import seed_units

    seed_units(sqlite_uow_factory)
    return Dispatcher(sqlite_uow_factory, clock)


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    """The plans' index, loaded once per test module (as each module used to load its own)."""
    return Knowledge.load()
