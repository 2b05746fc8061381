"""The flood limiter: never more than the limit in any window, on a virtual clock (no real waiting)."""

from __future__ import annotations

import asyncio

import pytest
from telegram.error import RetryAfter

from bot.handlers.rate_limit import BOT_PER_SECOND, BOT_WINDOW, FloodLimiter
from tests.adapters._virtual_time import VirtualTime


def most_in_one_second(times: list[float]) -> int:
    """The busiest half-open window [t, t + 1) starting at any send."""
    return max(sum(1 for u in times if t <= u < t + 1) for t in times)


def send_serially(limiter: FloodLimiter, vt: VirtualTime, chats: list[int]) -> list[float]:
    times: list[float] = []

    async def call(**_: object) -> dict:
        times.append(vt.now)
        return {"ok": True}

    async def run() -> None:
        for chat in chats:
            await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": chat}, None)

    asyncio.run(run())
    return times


def test_a_fan_out_never_puts_more_than_the_limit_into_any_second_and_keeps_the_rate() -> None:
    vt = VirtualTime()
    times = send_serially(FloodLimiter(clock=vt.clock, sleep=vt.sleep), vt, list(range(1, 301)))
    assert most_in_one_second(times) == BOT_PER_SECOND
    # 300 messages, 29 per window: the last leaves after 10 full windows, not later (no idle gaps).
    assert times[-1] == pytest.approx(300 // BOT_PER_SECOND * BOT_WINDOW, abs=1e-9)


def test_one_private_chat_gets_at_most_one_message_a_second_and_a_group_twenty_a_minute() -> None:
    vt = VirtualTime()
    private = send_serially(FloodLimiter(clock=vt.clock, sleep=vt.sleep), vt, [7, 7, 7])
    assert private == pytest.approx([0.0, 1.0, 2.0])
    vt = VirtualTime()
    group = send_serially(FloodLimiter(clock=vt.clock, sleep=vt.sleep), vt, [-100] * 21)
    assert group[19] == 0.0 and group[20] == pytest.approx(60.0)


def test_flood_control_pauses_and_retries_then_gives_up_after_the_last_retry() -> None:
    vt = VirtualTime()
    limiter = FloodLimiter(max_retries=2, clock=vt.clock, sleep=vt.sleep)
    answers = [RetryAfter(5), {"ok": True}]

    async def flaky(**_: object) -> dict:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def always_429(**_: object) -> dict:
        raise RetryAfter(1)

    async def run() -> None:
        assert await limiter.process_request(flaky, (), {}, "sendMessage", {"chat_id": 1}, None) == {
            "ok": True
        }
        assert vt.now >= 5.1
        with pytest.raises(RetryAfter):
            await limiter.process_request(always_429, (), {}, "sendMessage", {"chat_id": 2}, None)

    asyncio.run(run())
