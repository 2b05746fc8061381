"""Work after the answer: callbacks queue here and are handled one at a time per user.

Layer: WeCom adapter (asyncio only). WeCom waits 5 s for the callback's HTTP answer and then sends
it again (PITFALLS 16), so the server answers as soon as the envelope checks out and hands the
message here. Per user the order is kept (a record, then the photo that is its evidence); users do
not wait for each other. A retry of a callback still waiting or being handled is dropped on the
spot; one that arrives after it was handled — even after a restart — is caught by the processed-
events ledger in the transport's ``handle`` (``bot.wecom.transport``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from bot.wecom.events import Incoming

log = logging.getLogger(__name__)

Handle = Callable[[Incoming], Awaitable[None]]


class Inbox:
    def __init__(self, handle: Handle) -> None:
        self._handle = handle
        self._queues: dict[str, asyncio.Queue[Incoming]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._pending: set[str] = set()
        self.handled = 0
        self.dropped_retries = 0

    def submit(self, incoming: Incoming) -> bool:
        """Queue one callback; False when the same callback is already waiting or being handled."""
        if incoming.key in self._pending:
            self.dropped_retries += 1
            return False
        self._pending.add(incoming.key)
        queue = self._queues.setdefault(incoming.user, asyncio.Queue())
        queue.put_nowait(incoming)
        worker = self._workers.get(incoming.user)
        if worker is None or worker.done():
            self._workers[incoming.user] = asyncio.create_task(
                self._work(incoming.user, queue), name=f"wecom-inbox-{incoming.user}"
            )
        return True

    async def _work(self, user: str, queue: asyncio.Queue[Incoming]) -> None:
        while True:
            try:
                incoming = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            try:
                await self._handle(incoming)
                self.handled += 1
            except Exception:
                log.exception("wecom: handling a %s callback failed", incoming.kind)
            finally:
                self._pending.discard(incoming.key)
                queue.task_done()

    async def drain(self, timeout: float = 10.0) -> None:
        """Finish what was accepted (a SIGTERM should not lose a confirmed record's reply)."""
        workers = [w for w in self._workers.values() if not w.done()]
        if workers:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.gather(*workers, return_exceptions=True), timeout)
