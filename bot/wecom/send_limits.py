"""WeCom's documented send limits for a self-built app, applied before each ``message/send``.

Layer: WeCom adapter. WeCom's 访问频率限制 page (developer.work.weixin.qq.com/document/path/90454):

- 每应用对同一个成员不可超过30次/分钟，1000次/小时，**超过部分会被丢弃不下发** — a member's 31st
  message within a minute is not refused with an error code, it is silently dropped. So a member
  who gets a long reply cut into parts, a card and two reminders in one minute must have the rest
  wait, never lost: every send to one member passes a per-minute and a per-hour sliding window.
- 发消息频率不计入基础频率 — sends do not count against the per-API limit (10,000 calls a minute per
  corp), so no app-wide pace is imposed; a reminder fan-out (one message per member) is bound only
  by the database and the round trip, and WeCom's busy answers (45009, -1) still come back as
  ``RetryLater``.
- 每应用不可超过账号上限数*200人次/天: a daily quota in recipients; a bureau of 500 accounts has
  100,000 a day, far above what reminders and replies send, so it is not counted here.

The margins (29 per 61 s, 990 per 3,600 s) absorb a few hundred milliseconds of jitter between our
clock and WeCom's, as the Telegram limiter's do.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from typing import Any

from bot.core.sliding_window import SlidingWindow

PER_MEMBER_PER_MINUTE = 29
MINUTE = 61.0
PER_MEMBER_PER_HOUR = 990
HOUR = 3600.0


class SendLimits:
    """Per-member windows: ``acquire(userid)`` returns when one more message to them is allowed."""

    def __init__(
        self,
        *,
        per_minute: int = PER_MEMBER_PER_MINUTE,
        minute: float = MINUTE,
        per_hour: int = PER_MEMBER_PER_HOUR,
        hour: float = HOUR,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Coroutine[Any, Any, None]] = asyncio.sleep,
    ) -> None:
        self._limits = ((per_minute, minute), (per_hour, hour))
        self._clock, self._sleep = clock, sleep
        self._members: OrderedDict[str, tuple[SlidingWindow, ...]] = OrderedDict()
        """Least recently sent to first: the members whose windows emptied are at the front."""

    def _windows(self, userid: str) -> tuple[SlidingWindow, ...]:
        windows = self._members.get(userid)
        if windows is not None:
            self._members.move_to_end(userid)
            return windows
        # Forget members nothing was sent to for a whole window, oldest first, and stop at the first
        # one still counting: O(1) per send, where scanning every member made a 10,000-member
        # fan-out slow down as it went (45/s at the end against 120/s at the start).
        now = self._clock()
        while self._members:
            oldest = next(iter(self._members.values()))
            if not all(w.idle(now) for w in oldest):
                break
            self._members.popitem(last=False)
        windows = tuple(
            SlidingWindow(limit, period, clock=self._clock, sleep=self._sleep)
            for limit, period in self._limits
        )
        self._members[userid] = windows
        return windows

    async def acquire(self, userid: str) -> None:
        """Wait until both of ``userid``'s windows allow one more message, then count it."""
        minute, hour = self._windows(userid)
        await hour.acquire()
        await minute.acquire()

    @property
    def tracked(self) -> int:
        return len(self._members)
