"""Logging for every ``cdo-bot`` sub-command: one format, the token blanked, chatty libraries quiet.

Some libraries set their own logger to DEBUG when they are imported (bm25s), one even with a
handler of its own (jieba: "Building prefix dict …" on stderr), so a level set before the import
does not hold. A filter on those loggers does (an import resets the level, not the filters), and
the root handlers get the level too; neither library has to be imported to be quieted.
"""

from __future__ import annotations

import logging
import re
import sys

ACCESS_TOKEN_PARAM = re.compile(r"(access_token=)[^&\s\"'<>]+")
COMMAND_FORMAT = "%(levelname)s %(name)s: %(message)s"
SERVICE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactingFormatter(logging.Formatter):
    """Blanks the token wherever it appears in a log line or traceback.

    Keeping httpx at WARNING removes the request URLs, but python-telegram-bot itself writes the
    token into some messages (``InvalidToken: The token `…` was rejected``); this catches those too.
    """

    def __init__(self, fmt: str, secrets: tuple[str, ...]) -> None:
        super().__init__(fmt)
        self._secrets = tuple(s for s in secrets if s)

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self._secrets:
            text = text.replace(secret, "[token]")
        # WeCom's access token changes every two hours, so it cannot be listed up front; it only
        # ever travels as this query parameter.
        return ACCESS_TOKEN_PARAM.sub(r"\1[token]", text)


QUIET_LIBRARIES = ("jieba", "bm25s")


class MinimumLevel(logging.Filter):
    def __init__(self, level: int) -> None:
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= self.level


def setup_logging(
    level: str | int = logging.WARNING, *, fmt: str = COMMAND_FORMAT, secrets: tuple[str, ...] = ()
) -> None:
    numeric = level if isinstance(level, int) else logging.getLevelName(level.upper())
    logging.basicConfig(level=numeric, stream=sys.stderr)
    formatter = RedactingFormatter(fmt, secrets)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(formatter)
        handler.setLevel(numeric)
    # The token is part of every request URL, and httpx logs each URL at INFO.
    for name in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(name).setLevel(max(numeric, logging.WARNING))
    for name in QUIET_LIBRARIES:
        library = logging.getLogger(name)
        for old in [f for f in library.filters if isinstance(f, MinimumLevel)]:
            library.removeFilter(old)
        library.addFilter(MinimumLevel(max(numeric, logging.WARNING)))
