"""One dispatcher pass in its own process, for the crash test (tests/integration/test_dispatch_crash.py).

Usage: python _dispatch_kill_worker.py DATABASE_URL OUT_FILE KILL_AT LEASE_SECONDS

The notifier appends "<chat id>" to OUT_FILE (flush + fsync, so a line written is a message
"accepted by Telegram") and SIGKILLs its own process just before send number KILL_AT (0: never):
no ``finally``, no atexit, no commit — what a power cut or an OOM kill does.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import timedelta

from bot.core.address import Address
from bot.core.clock import SystemClock
from bot.core.notifier import Delivered
from bot.services.reminders import dispatch_due
from storage.uow import uow_factory


class FileNotifier:
    def __init__(self, path: str, kill_at: int) -> None:
        self.path, self.kill_at, self.calls = path, kill_at, 0

    async def send(self, chat: Address, reply: object) -> Delivered:
        self.calls += 1
        if self.calls == self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(f"{chat.chat}\n")
            fh.flush()
            os.fsync(fh.fileno())
        return Delivered(chat.at(self.calls))


def main() -> int:
    url, out, kill_at, lease = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    factory = uow_factory(url)
    stats = asyncio.run(
        dispatch_due(
            factory,
            SystemClock(),
            FileNotifier(out, kill_at),
            worker_id=f"w{os.getpid()}",
            lease=timedelta(seconds=lease),
            batch=1000,
            offload=False,
        )
    )
    print(f"sent={stats.sent} released={stats.released}")
    factory.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
