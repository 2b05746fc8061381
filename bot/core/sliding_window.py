"""A sliding-window limit: never more than ``limit`` events in any ``period`` seconds.

Layer: core (asyncio only). Chat platforms state their limits as counts per window (Telegram 30
messages a second per bot, WeCom 30 a minute per member); a leaky bucket starts full and lets a
burst through on top of its rate, a sliding window does not, while a steady stream still goes out
at the full rate. Used by the Telegram flood limiter (``bot.handlers.rate_limit``) and WeCom's send
limits (``bot.wecom.send_limits``).
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any


class SlidingWindow:
    """At most ``limit`` acquisitions in any ``period`` seconds; waiters go in arrival order."""

    def __init__(
        self,
        limit: int,
        period: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Coroutine[Any, Any, None]] = asyncio.sleep,
    ) -> None:
        self.limit, self.period = limit, period
        self._clock, self._sleep = clock, sleep
        self._times: deque[float] = deque()
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self._lock:
            while True:
                now = self._clock()
                while self._times and self._times[0] <= now - self.period:
                    self._times.popleft()
                if len(self._times) < self.limit:
                    self._times.append(now)
                    return
                await self._sleep(self._times[0] + self.period - now)

    def idle(self, now: float) -> bool:
        """Nothing in the window any more (the limiter can be forgotten)."""
        return not self._lock.locked() and (not self._times or self._times[-1] <= now - self.period)
