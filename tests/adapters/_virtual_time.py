"""A virtual clock for rate-limit tests: ``sleep`` advances ``now`` instead of waiting."""

from __future__ import annotations

import asyncio


class VirtualTime:
    def __init__(self, start: float = 0.0) -> None:
        self.now = start
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)
