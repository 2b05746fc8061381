"""Command-line logging: libraries that turn their own loggers to DEBUG stay quiet, and the token never shows."""

from __future__ import annotations

import io
import logging

import pytest

from bot.cli.logs import setup_logging


@pytest.fixture
def fresh_root():
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    root.handlers = []
    yield root
    root.handlers = saved_handlers
    root.level = saved_level
    for name in ("jieba", "bm25s"):
        logging.getLogger(name).filters.clear()


def test_a_library_that_sets_itself_to_debug_after_setup_is_still_quiet(fresh_root) -> None:
    setup_logging()
    library = logging.getLogger("bm25s")
    library.setLevel(logging.DEBUG)  # what bm25s does when it is imported
    own = io.StringIO()
    library.addHandler(handler := logging.StreamHandler(own))  # what jieba does
    try:
        library.debug("Building index from tokens")
        library.warning("index is stale")
    finally:
        library.removeHandler(handler)
    assert own.getvalue() == "index is stale\n"


def test_the_token_is_blanked_in_every_line(fresh_root) -> None:
    setup_logging("INFO", secrets=("123:SECRET",))
    record = logging.LogRecord(
        "bot.run", logging.ERROR, __file__, 1, "The token `123:SECRET` was rejected", None, None
    )
    lines = [handler.format(record) for handler in fresh_root.handlers]
    assert lines and all("123:SECRET" not in line and "[token]" in line for line in lines)


def test_calling_it_twice_leaves_one_filter(fresh_root) -> None:
    setup_logging()
    setup_logging("ERROR")
    assert len(logging.getLogger("jieba").filters) == 1


def test_a_wecom_access_token_in_a_url_is_blanked_though_it_was_never_listed(fresh_root) -> None:
    setup_logging("INFO")
    url = "GET http://127.0.0.1:9/cgi-bin/media/get?access_token=Ab-c_9.x&media_id=3xyz failed"
    record = logging.LogRecord("httpx", logging.WARNING, __file__, 1, url, None, None)
    lines = [handler.format(record) for handler in fresh_root.handlers]
    assert lines and all(
        "Ab-c_9.x" not in line and "access_token=[token]&media_id=3xyz" in line for line in lines
    )
