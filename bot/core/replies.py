"""What every adapter renders: a message key with parameters and optional choices.

Services never build user-facing text themselves; they return ``Reply`` objects whose
``key`` is an English msgid of the gettext catalog (``locale/zh_CN/LC_MESSAGES``).
Telegram renders choices as inline buttons, the terminal chat as numbered options.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Choice:
    """A button: ``label`` is a msgid (or literal text when ``literal``), ``data`` the callback payload."""

    label: str
    data: str
    params: Mapping[str, Any] = field(default_factory=dict)
    literal: bool = False


@dataclass(frozen=True)
class Reply:
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    choices: tuple[tuple[Choice, ...], ...] = ()
    """Rows of buttons."""
    literal: str | None = None
    """Pre-rendered text (e.g. a policy clause quoted verbatim) appended after the message."""
    files: tuple[FileReply, ...] = ()
    """Files that follow the text (the chart after /progress): the text stays the first answer, and
    an adapter that cannot send a file still shows it."""


def reply(key: str, /, **params: Any) -> Reply:
    return Reply(key=key, params=params)


@dataclass(frozen=True)
class FileReply:
    """A file for the user (a workbook, a calendar entry): Telegram sends it as a document, the
    terminal chat writes it to disk. ``caption`` is already rendered text."""

    filename: str
    data: bytes
    caption: str | None = None

    @property
    def is_picture(self) -> bool:
        """A PNG or JPEG: Telegram shows it in the chat as a photo rather than as a file to open."""
        return self.filename.lower().endswith((".png", ".jpg", ".jpeg"))
