"""Service calls off the event loop, with a deadline: a slow database gets "系统繁忙", not silence.

Layer: services (no telegram). The use cases are synchronous (SQLAlchemy sessions); an adapter
with an event loop (Telegram, WeCom) must never run them on the loop, or one hung connection
stops every user's answers and even the fetching of updates. ``run_blocking`` runs one call in a
worker thread of its own pool and waits at most ``timeout`` seconds; then it raises ``Busy``
(rendered as ``error.busy``). The deadline travels into the thread (``storage.timeouts``): a call
that was given up on never commits when the database answers again, so "busy" means nothing
happened and a retry is safe. The Telegram transport runs every ``Dispatcher.handle`` this way.

Timeouts on the database side (``storage.db``: connect, statement, lock, keepalives) end most
hangs by themselves; the deadline here covers the rest (a server or proxy that accepts TCP and
never answers) and recovery is automatic: the next call simply gets a working connection.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from bot.services.errors import ServiceError
from storage.timeouts import database_unavailable, deadline_at

log = logging.getLogger(__name__)

T = TypeVar("T")
SERVICE_TIMEOUT = 10.0
"""Seconds a user waits for one service call before "系统繁忙，请稍后再试"."""
LONG_CALLS = {"export": 120.0, "summary": 120.0, "overview": 60.0, "progress": 60.0, "chart": 60.0}
"""Commands (and the chart button, by its prefix) that build files or charts: they may take longer
than ``SERVICE_TIMEOUT`` (read-only)."""
_EXECUTOR = ThreadPoolExecutor(max_workers=32, thread_name_prefix="services")
"""Its own pool: threads stuck on a dead connection must not starve ``asyncio.to_thread`` users."""


class Busy(ServiceError):
    """The database did not answer in time (or refused for a moment); nothing was changed."""

    default_key = "error.busy"


def is_unavailable(error: BaseException) -> bool:
    """A database that is slow, locked or gone, rather than a bug: the user gets ``error.busy``."""
    return isinstance(error, Busy) or database_unavailable(error)


async def run_blocking(
    fn: Callable[..., T], *args: Any, timeout: float = SERVICE_TIMEOUT, **kwargs: Any
) -> T:
    """``fn(*args, **kwargs)`` in a worker thread; ``Busy`` after ``timeout`` seconds or a database failure."""
    deadline = time.monotonic() + timeout
    context = contextvars.copy_context()

    def work() -> T:
        with deadline_at(deadline):
            return fn(*args, **kwargs)

    loop = asyncio.get_running_loop()
    future = loop.run_in_executor(_EXECUTOR, functools.partial(context.run, work))
    try:
        return await asyncio.wait_for(future, timeout)
    except TimeoutError:
        log.warning("%s did not finish within %.1f s: answered busy", getattr(fn, "__name__", fn), timeout)
        raise Busy() from None
    except Exception as error:
        if is_unavailable(error):
            log.warning("database unavailable in %s: %s", getattr(fn, "__name__", fn), type(error).__name__)
            raise Busy() from error
        raise
