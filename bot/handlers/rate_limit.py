"""Telegram's flood limits as a python-telegram-bot rate limiter: never more than the limit in any window.

Layer: Telegram adapter. Telegram allows about 30 messages a second per bot, one a second per
private chat and 20 a minute per group (PITFALLS 5). PTB's ``AIORateLimiter`` is a leaky bucket:
its bucket starts full, so a fan-out sends 30 at once *and* 30 more in the same second (60 in one
second were measured), and it does not limit private chats at all. Here each limit is a sliding
window — a request waits until fewer than ``limit`` requests went out in the last ``period`` — so
no window of that length ever holds more, while a steady stream still goes out at the full rate.

A ``RetryAfter`` (the server's 429) pauses every request for the time it names and retries the
call up to ``max_retries`` times, as ``AIORateLimiter`` does.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import warnings
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from bot.core.sliding_window import SlidingWindow

log = logging.getLogger(__name__)

BOT_PER_SECOND = 29
BOT_WINDOW = 1.05
"""29 per 1.05 s (27.6/s) rather than 30 per 1 s: Telegram counts arrivals, and requests that leave in
order can arrive closer together (32 in one second were measured on a loaded loopback with 29 per
1.0 s and three messages on the way at once). The margin absorbs up to 50 ms of such jitter."""
CHAT_PERIOD = 1.0
GROUP_PER_MINUTE = 20
MAX_TRACKED_CHATS = 4096


def _retry_after(error: RetryAfter) -> float:
    """Seconds to wait; PTB 22 returns an int or a timedelta (``PTB_TIMEDELTA``) and warns about the change."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class FloodLimiter(BaseRateLimiter[int]):
    """The bot-wide, per-chat and per-group windows, applied to every request that names a chat."""

    def __init__(
        self,
        *,
        per_second: int = BOT_PER_SECOND,
        window: float = BOT_WINDOW,
        chat_period: float = CHAT_PERIOD,
        group_per_minute: int = GROUP_PER_MINUTE,
        max_retries: int = 3,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Coroutine[Any, Any, None]] = asyncio.sleep,
    ) -> None:
        self._clock, self._sleep = clock, sleep
        self._bot = SlidingWindow(per_second, window, clock=clock, sleep=sleep)
        self._chat_period, self._group_per_minute = chat_period, group_per_minute
        self._chats: dict[int | str, SlidingWindow] = {}
        self._max_retries = max_retries
        self._resume = asyncio.Event()
        self._resume.set()

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    def _chat_window(self, chat: int | str) -> SlidingWindow:
        if len(self._chats) > MAX_TRACKED_CHATS:
            now = self._clock()
            for key in [k for k, w in self._chats.items() if k != chat and w.idle(now)]:
                del self._chats[key]
        window = self._chats.get(chat)
        if window is None:
            group = isinstance(chat, str) or chat < 0
            window = (
                SlidingWindow(self._group_per_minute, 60.0, clock=self._clock, sleep=self._sleep)
                if group
                else SlidingWindow(1, self._chat_period, clock=self._clock, sleep=self._sleep)
            )
            self._chats[chat] = window
        return window

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat: int | str | None = data.get("chat_id")
        with contextlib.suppress(ValueError, TypeError):
            chat = int(chat)  # type: ignore[arg-type]
        retries = rate_limit_args or self._max_retries
        for attempt in range(retries + 1):
            await self._resume.wait()
            if chat is not None:
                await self._chat_window(chat).acquire()
                await self._bot.acquire()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                if attempt == retries:
                    raise
                seconds = _retry_after(error)
                log.info("flood control on %s: pausing all requests for %.1f s", endpoint, seconds + 0.1)
                self._resume.clear()
                try:
                    await self._sleep(seconds + 0.1)
                finally:
                    self._resume.set()
        raise AssertionError("unreachable")  # pragma: no cover
