"""The WeCom inbox survives a crash between the answer to WeCom and the handling (SQLite and PostgreSQL).

Once the bot answered a callback with 200, WeCom never sends it again: the message must be in the
database before that answer and handled at the next start if the process died first.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from bot.core.clock import SHANGHAI, FixedClock
from bot.wecom.events import Incoming
from bot.wecom.inbox import DatabaseInboxStore, Inbox

CLOCK = FixedClock(datetime(2026, 12, 2, 9, tzinfo=SHANGHAI))


def message(n: int, user: str = "zhangsan") -> Incoming:
    return Incoming(user=user, kind="text", key=f"msg:{n}", created=1_796_000_000 + n, text=f"第{n}条")


def test_a_message_accepted_before_a_crash_is_handled_once_at_the_next_start(uow_factory) -> None:
    store = DatabaseInboxStore(uow_factory, CLOCK)
    handled: list[str] = []

    async def before_the_crash() -> None:
        stuck = asyncio.Event()  # the process dies while handling: this never finishes

        async def never_done(_incoming: Incoming) -> None:
            await stuck.wait()

        inbox = Inbox(never_done, store)
        assert await inbox.accept(message(1))
        assert await inbox.accept(message(2, user="lisi"))
        await asyncio.sleep(0)  # the workers start, and then the loop is gone (kill -9)

    async def after_the_restart() -> int:
        async def record(incoming: Incoming) -> None:
            handled.append(incoming.text)

        inbox = Inbox(record, store)
        queued = await inbox.recover()
        await inbox.drain()
        return queued

    asyncio.run(before_the_crash())
    assert [i.key for i in store.waiting()] == ["msg:1", "msg:2"]
    assert asyncio.run(after_the_restart()) == 2
    assert sorted(handled) == ["第1条", "第2条"]
    assert store.waiting() == []  # a second restart handles nothing again
    assert asyncio.run(after_the_restart()) == 0


def test_a_handled_message_leaves_nothing_behind_and_a_retry_while_waiting_is_kept_once(uow_factory) -> None:
    store = DatabaseInboxStore(uow_factory, CLOCK)
    handled: list[str] = []

    async def go() -> None:
        async def record(incoming: Incoming) -> None:
            assert store.waiting() == [incoming]  # kept while it is being handled
            handled.append(incoming.text)

        inbox = Inbox(record, store)
        assert await inbox.accept(message(3))
        assert not await inbox.accept(message(3))  # WeCom's retry of the same callback
        await inbox.drain()

    asyncio.run(go())
    assert handled == ["第3条"]
    assert store.waiting() == []


def test_a_database_that_cannot_keep_the_message_does_not_stop_it() -> None:
    class Broken:
        def keep(self, incoming: Incoming) -> bool:
            raise OSError("database is down")

        def forget(self, incoming: Incoming) -> None:
            raise OSError("database is down")

        def waiting(self) -> list[Incoming]:
            return []

    handled: list[str] = []

    async def go() -> None:
        async def record(incoming: Incoming) -> None:
            handled.append(incoming.text)

        inbox = Inbox(record, Broken())
        assert await inbox.accept(message(4))
        await inbox.drain()

    asyncio.run(go())
    assert handled == ["第4条"]
