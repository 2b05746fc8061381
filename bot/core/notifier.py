"""The port for outgoing messages: reminders, jobs and services never import telegram.

The Telegram adapter implements ``Notifier`` over ``Bot.send_message``; the terminal chat and the
tests bring their own. Delivery failures are translated into the three outcomes the outbox
dispatcher needs to decide what to do next (PITFALLS 5 and 8):

- ``RetryLater``: flood control (429 with ``retry_after``), 5xx, time-outs — try again later;
- ``Unreachable``: the user blocked the bot or the chat is gone (403/400) — stop, tell the coordinator;
- ``InDoubt``: the request was sent but no answer came (a read time-out): the platform may have
  accepted it, so it is not sent again (the recipient is told nothing twice);
- anything else is a bug and propagates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.core.address import Address
from bot.core.replies import Reply


class DeliveryError(Exception):
    """Base class of delivery outcomes other than success."""


class RetryLater(DeliveryError):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class Unreachable(DeliveryError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InDoubt(DeliveryError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Delivered:
    message: Address | None
    """The (last) message sent, when the platform says which."""


class Notifier(Protocol):
    async def send(self, chat: Address, reply: Reply) -> Delivered:
        """Send one message to ``chat``; raise ``RetryLater`` or ``Unreachable`` on the known failures."""
        ...


class PlatformNotifier:
    """One notifier per platform behind the one port: a chat goes to its own platform's transport.

    A chat of a platform this process does not serve is ``Unreachable`` for it (the row is
    dropped with that reason, never sent somewhere else).
    """

    def __init__(self, notifiers: dict[str, Notifier]) -> None:
        self.notifiers = dict(notifiers)

    async def send(self, chat: Address, reply: Reply) -> Delivered:
        notifier = self.notifiers.get(chat.platform)
        if notifier is None:
            raise Unreachable(f"no transport for platform {chat.platform!r}")
        return await notifier.send(chat, reply)


class RecordingNotifier:
    """Keeps what would have been sent: for the terminal chat, dry runs and tests."""

    def __init__(self) -> None:
        self.sent: list[tuple[Address, Reply]] = []

    async def send(self, chat: Address, reply: Reply) -> Delivered:
        self.sent.append((chat, reply))
        return Delivered(message=chat.at(len(self.sent)))
