"""WeCom's per-member send limits: a member's 30th message within a minute waits instead of being dropped.

WeCom drops (with no error code) what an app sends one member beyond 30 a minute or 1,000 an hour;
``SendLimits`` holds such messages back. A fake clock: the waits are asserted, not timed.
"""

from __future__ import annotations

import pytest

from bot.wecom.send_limits import SendLimits
from tests.adapters._virtual_time import VirtualTime
from tests.e2e.wecom_emulator import WeComEmulator
from tests.e2e.wecom_harness import client_for


def limits(time: VirtualTime, **kwargs) -> SendLimits:
    return SendLimits(clock=time.clock, sleep=time.sleep, **kwargs)


async def test_the_thirtieth_message_to_one_member_within_a_minute_waits_for_the_window() -> None:
    time = VirtualTime(1000.0)
    send = limits(time)
    for _ in range(29):
        await send.acquire("zhangsan")
    assert time.slept == []
    await send.acquire("zhangsan")
    assert time.now - 1000.0 == pytest.approx(61.0)  # the first one left the 61 s window


async def test_other_members_are_not_held_back_by_one_members_window() -> None:
    time = VirtualTime(1000.0)
    send = limits(time)
    for _ in range(29):
        await send.acquire("zhangsan")
    for user in ("lisi", "wangwu"):
        await send.acquire(user)
    assert time.slept == []


async def test_the_hourly_limit_holds_even_when_every_minute_is_under_its_limit() -> None:
    time = VirtualTime(1000.0)
    send = limits(time, per_minute=100, per_hour=5, hour=3600.0)
    for _ in range(5):
        await send.acquire("zhangsan")
    await send.acquire("zhangsan")
    assert time.now - 1000.0 == pytest.approx(3600.0)


async def test_members_whose_windows_emptied_are_forgotten_and_counting_ones_are_kept() -> None:
    time = VirtualTime(1000.0)
    send = limits(time)
    for user in ("a", "b", "c"):
        await send.acquire(user)
    time.now += 1800.0
    await send.acquire("d")  # a, b, c still count against their hour
    assert send.tracked == 4
    time.now += 1801.0
    await send.acquire("a")  # a is used again: kept, and moved behind d
    await send.acquire("e")  # b and c have been quiet for an hour: forgotten; d still counts
    assert send.tracked == 3


async def test_the_client_sends_through_the_limits() -> None:
    emulator = WeComEmulator().start()
    time = VirtualTime(1000.0)
    client = client_for(emulator, timeout=5.0, limits=limits(time, per_minute=2, minute=60.0))
    try:
        for i in range(3):
            await client.send_text("zhangsan", f"第{i}条")
    finally:
        await client.aclose()
        emulator.stop()
    assert [m.text for m in emulator.sent_to("zhangsan")] == ["第0条", "第1条", "第2条"]
    assert time.slept and time.now - 1000.0 == pytest.approx(60.0)  # the third waited for the window


async def test_without_limits_wecom_would_drop_a_members_31st_message_of_a_minute() -> None:
    """The emulator drops as WeCom does; the default limits keep every message (a fake clock)."""
    emulator = WeComEmulator().start()
    unlimited = SendLimits(per_minute=10_000, per_hour=10_000)
    time = VirtualTime(1000.0)
    clients = [client_for(emulator, limits=chosen) for chosen in (unlimited, limits(time))]
    try:
        for i in range(31):
            await clients[0].send_text("zhangsan", f"无限制{i}")
        for i in range(29):
            await clients[1].send_text("lisi", f"有限制{i}")
        assert time.slept == []
    finally:
        for client in clients:
            await client.aclose()
        emulator.stop()
    assert len(emulator.sent_to("zhangsan")) == 30
    assert [m.text for m in emulator.dropped] == ["无限制30"]
    assert len(emulator.sent_to("lisi")) == 29 and not [m for m in emulator.dropped if m.touser == "lisi"]
