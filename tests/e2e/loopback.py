"""What the two platform emulators share: a threaded HTTP server on a free loopback port.

Both emulators (``emulator.BotApiEmulator``, ``wecom_emulator.WeComEmulator``) build their own
request handler and hand it to ``serve``; ``stop`` wakes whoever waits on the emulator's condition
(a long poll, ``wait_for_message``) before the server shuts down.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class LoopbackServer:
    _host: str
    _lock: threading.Condition
    _server: ThreadingHTTPServer | None

    def serve(self, handler: type[BaseHTTPRequestHandler], name: str) -> None:
        self._server = ThreadingHTTPServer((self._host, 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name=name, daemon=True).start()

    def stop(self) -> None:
        if self._server:
            with self._lock:
                self._lock.notify_all()
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def wait_until(self, predicate: Callable[[], Any], timeout: float = 10.0, what: str = "condition") -> Any:
        """``predicate()`` once it is truthy: checked whenever the emulator records something (the
        condition is notified), at the latest every 0.2 s; ``TimeoutError`` after ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                value = predicate()
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
                self._lock.wait(min(left, 0.2))

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]
