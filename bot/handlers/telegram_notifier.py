"""The ``Notifier`` port over the Telegram Bot API: render a ``Reply``, send it, translate the failures.

Layer: Telegram adapter. The dispatcher (``bot.services.reminders.dispatch_due``) only knows the
three outcomes of ``bot.core.notifier``; this is where Telegram's errors become them (PITFALLS 5, 8):

- ``RetryAfter`` (429 flood control, after the rate limiter's own retries) → ``RetryLater`` with the
  server's ``retry_after``; ``NetworkError`` (5xx, connection trouble) and a ``TimedOut`` while
  connecting → ``RetryLater``; a ``TimedOut`` waiting for the answer → ``InDoubt`` (never resent);
- ``Forbidden`` (403: blocked by the user, kicked from the group, user deactivated) and a
  ``BadRequest`` saying the chat is gone → ``Unreachable``;
- any other ``BadRequest`` is our bug (bad markup, over-long data) and propagates.
"""

from __future__ import annotations

import warnings
from datetime import timedelta

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.warnings import PTBDeprecationWarning

from bot.core.address import TELEGRAM, Address
from bot.core.i18n import Translator
from bot.core.notifier import Delivered, InDoubt, RetryLater, Unreachable
from bot.core.replies import Reply
from bot.handlers.render import render

GONE_CHAT_MARKERS = (
    "chat not found",
    "user not found",
    "user is deactivated",
    "peer_id_invalid",
    "bot was blocked",
    "have no rights to send",
)


def _retry_after(error: RetryAfter) -> float:
    """Seconds to wait; PTB 22 returns an int or a timedelta (``PTB_TIMEDELTA``) and warns about the change."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _never_left(error: TimedOut) -> bool:
    """A connect or pool time-out: the request never reached Telegram (PTB chains httpx's error)."""
    import httpx

    return isinstance(error.__cause__, httpx.ConnectTimeout | httpx.PoolTimeout)


class TelegramNotifier:
    def __init__(self, bot: Bot, translator: Translator) -> None:
        self.bot = bot
        self.translator = translator

    async def send(self, chat: Address, reply: Reply) -> Delivered:
        if chat.platform != TELEGRAM:
            raise Unreachable(f"not a Telegram chat: {chat.platform}")
        message = None
        try:
            for part in render(reply, self.translator):
                sent = await self.bot.send_message(int(chat.chat), part.text, reply_markup=part.markup)
                message = chat.at(sent.message_id)
        except RetryAfter as error:
            raise RetryLater(f"flood control: {error}", retry_after=_retry_after(error)) from error
        except Forbidden as error:
            raise Unreachable(f"forbidden: {error}") from error
        except BadRequest as error:
            if any(marker in str(error).lower() for marker in GONE_CHAT_MARKERS):
                raise Unreachable(f"bad request: {error}") from error
            raise
        except TimedOut as error:
            if _never_left(error):
                raise RetryLater(f"TimedOut before sending: {error}") from error
            # The request went out and no answer came: Telegram may have delivered it.
            raise InDoubt(f"TimedOut: {error}") from error
        except NetworkError as error:
            raise RetryLater(f"{type(error).__name__}: {error}") from error
        return Delivered(message)
