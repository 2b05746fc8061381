"""Work after the answer: callbacks queue here and are handled one at a time per user.

Layer: WeCom adapter (asyncio only). WeCom waits 5 s for the callback's HTTP answer and then sends
it again (PITFALLS 16), so the server answers as soon as the envelope checks out and hands the
message here. Per user the order is kept (a record, then the photo that is its evidence); users do
not wait for each other. A retry of a callback still waiting or being handled is dropped on the
spot; one that arrives after it was handled — even after a restart — is caught by the processed-
events ledger in the transport's ``handle`` (``bot.wecom.transport``).

Once answered, WeCom never sends the callback again: with a ``store`` (``DatabaseInboxStore``) each
accepted callback is kept in the database before the answer and forgotten once handled, and
``recover`` at start queues what a crash left behind (``bot.services.inbound``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, fields
from typing import Any, Protocol

from bot.core.clock import Clock
from bot.services import inbound
from bot.wecom.events import Incoming

log = logging.getLogger(__name__)

Handle = Callable[[Incoming], Awaitable[None]]
PLATFORM = "wecom"


class InboxStore(Protocol):
    def keep(self, incoming: Incoming) -> bool: ...
    def forget(self, incoming: Incoming) -> None: ...
    def waiting(self) -> list[Incoming]: ...


@dataclass
class DatabaseInboxStore:
    """The inbox's callbacks in ``inbound_events`` (through ``bot.services.inbound``)."""

    uow: Any
    clock: Clock

    def keep(self, incoming: Incoming) -> bool:
        return inbound.keep(self.uow, self.clock, PLATFORM, incoming.key, asdict(incoming))

    def forget(self, incoming: Incoming) -> None:
        inbound.forget(self.uow, PLATFORM, incoming.key)

    def waiting(self) -> list[Incoming]:
        names = {f.name for f in fields(Incoming)}
        return [
            Incoming(**{k: v for k, v in p.items() if k in names})
            for p in inbound.waiting(self.uow, PLATFORM)
        ]


class Inbox:
    def __init__(self, handle: Handle, store: InboxStore | None = None) -> None:
        self._handle = handle
        self._store = store
        self._queues: dict[str, asyncio.Queue[Incoming]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._pending: set[str] = set()
        self.handled = 0
        self.dropped_retries = 0

    async def accept(self, incoming: Incoming) -> bool:
        """Keep (with a store) and queue one callback, before the server answers WeCom.

        A store that cannot write (the database is down) does not stop the message: it is still
        handled from memory, as without a store, and the failure is logged.
        """
        if self._retried(incoming):  # no database write for WeCom's retry of a message under way
            return False
        if self._store is not None:
            try:
                await asyncio.to_thread(self._store.keep, incoming)
            except Exception:
                log.warning(
                    "wecom: could not keep a %s callback before answering", incoming.kind, exc_info=True
                )
        return self.submit(incoming)

    def _retried(self, incoming: Incoming) -> bool:
        """The same callback is already waiting or being handled (WeCom sent it again): count it."""
        if incoming.key in self._pending:
            self.dropped_retries += 1
            return True
        return False

    async def recover(self) -> int:
        """Queue the callbacks a crash left accepted but unhandled; how many."""
        if self._store is None:
            return 0
        left = await asyncio.to_thread(self._store.waiting)
        queued = sum(self.submit(incoming) for incoming in left)
        if queued:
            log.info("wecom: %d callback(s) accepted before a restart are handled now", queued)
        return queued

    def submit(self, incoming: Incoming) -> bool:
        """Queue one callback; False when the same callback is already waiting or being handled."""
        if self._retried(incoming):  # also a retry that arrived while ``accept`` was keeping the first
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
                try:
                    await self._handle(incoming)
                    self.handled += 1
                except Exception:
                    log.exception("wecom: handling a %s callback failed", incoming.kind)
                # Not reached when cancelled mid-way (a shutdown): the message stays kept for the next start.
                await self._forget(incoming)
            finally:
                self._pending.discard(incoming.key)
                queue.task_done()

    async def _forget(self, incoming: Incoming) -> None:
        """Handled, or failed and logged: a message that broke the handler is not replayed at every start."""
        if self._store is None:
            return
        try:
            await asyncio.to_thread(self._store.forget, incoming)
        except Exception:
            log.warning("wecom: could not mark a %s callback handled", incoming.kind, exc_info=True)

    async def drain(self, timeout: float = 10.0) -> None:
        """Finish what was accepted (a SIGTERM should not lose a confirmed record's reply)."""
        workers = [w for w in self._workers.values() if not w.done()]
        if workers:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.gather(*workers, return_exceptions=True), timeout)
