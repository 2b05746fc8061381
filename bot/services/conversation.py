"""What a chat transport hands the dispatcher and what it gets back: platform-neutral events and outcomes.

Layer: services (plain data; no telegram, no SQL). Every transport — Telegram (``bot.handlers``),
the terminal chat (``bot.chat``), WeCom (``bot.wecom``) — turns one incoming update into one
``Event``, passes it to ``bot.services.dispatcher.Dispatcher.handle`` and renders the ``Outcome``:

- ``toast``: a short answer to a button press (Telegram's callback answer; ``alert`` makes it a
  dialog the user must dismiss); transports without toasts show it as a line of text;
- ``edit``: replaces the pressed message (text and buttons); a transport that cannot edit sends it
  as a new message;
- ``buttons``: replaces only the pressed message's buttons (``()`` removes them);
- ``replies``: new messages, in order (``Reply`` or ``FileReply``).

After sending a ``Reply`` the transport reports where it went (``Dispatcher.shown``), so that a
card's message is known: a reply to it carries evidence, a WeCom card update names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from bot.core.address import Account, Address
from bot.core.replies import Choice, FileReply, Reply
from bot.services.activity import EvidenceFile


class Kind(Enum):
    TEXT = "text"
    COMMAND = "command"
    BUTTON = "button"
    FILE = "file"
    JOIN = "join"
    """The user opened the chat with the bot (WeCom ``enter_agent``; Telegram's ``/start`` is a command)."""
    OTHER = "other"
    """Anything else a user sent (a sticker, a voice note, a location): answered with the usage hint."""


@dataclass(frozen=True)
class Event:
    """One thing a user did, as every platform can say it."""

    kind: Kind
    account: Account
    chat: Address
    """The chat it happened in (no message part)."""
    private: bool = True
    """A one-to-one chat with the bot; group chats see less (``Command.private_only``)."""
    text: str = ""
    """The line (``TEXT``), the words after the command (``COMMAND``), the caption (``FILE``), the code (``JOIN``)."""
    command: str | None = None
    """``COMMAND``: the command's name without ``/`` or ``@bot`` (``progress``)."""
    data: str | None = None
    """``BUTTON``: the pressed button's payload (``act:confirm:12``)."""
    message: Address | None = None
    """``BUTTON``: the message the button is under; ``TEXT``/``FILE``: the message it replies to."""
    file: EvidenceFile | None = None
    display_name: str = ""
    private_link: str | None = None
    """Where this user reaches the bot in a private chat (Telegram's ``t.me/<bot>?start=CODE``):
    a group's ``/start CODE`` redeems nothing and points there instead."""
    local: bool = False
    """Typed at this computer (the terminal chat): local-only commands (``/attach PATH``) are allowed."""
    event_id: str | None = None
    """The platform's id of this delivery (Telegram ``update_id``, WeCom ``MsgId``): a redelivery is applied once."""

    @property
    def platform(self) -> str:
        return self.account.platform


@dataclass(frozen=True)
class Outcome:
    """What the transport renders; see the module docstring."""

    replies: tuple[Reply | FileReply, ...] = ()
    edit: Reply | None = None
    buttons: tuple[tuple[Choice, ...], ...] | None = None
    toast: Reply | None = None
    alert: bool = False
    check_after: timedelta | None = None
    """A dialog began: a transport with timers calls ``Dispatcher.time_out`` this much later."""
    follow_ups: tuple[str, ...] = ()
    """Work to do once the replies are shown (button data, e.g. the chart under ``/progress``): the
    transport asks ``Dispatcher.follow_up`` for each and renders its outcome too. The text goes out
    first and the picture follows it, so drawing never holds up the answer."""


def say(*replies: Reply | FileReply) -> Outcome:
    return Outcome(replies=tuple(replies))
