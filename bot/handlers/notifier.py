"""The Telegram implementation of the ``Notifier`` port (``bot.core.notifier``) for reminders and jobs.

Layer: Telegram adapter. Translates Bot API failures into the outcomes the outbox dispatcher
acts on (PITFALLS 5 and 8): flood control, time-outs and network trouble → ``RetryLater``
(with Telegram's ``retry_after`` when given); a blocked bot, a deactivated user or a vanished
chat → ``Unreachable``. Anything else is a bug and propagates.
"""

from __future__ import annotations

import warnings
from datetime import timedelta

from telegram import Bot
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.core.i18n import Translator
from bot.core.notifier import Delivered, RetryLater, Unreachable
from bot.core.replies import Reply
from bot.handlers.render import render

UNREACHABLE_BAD_REQUESTS = ("chat not found", "user is deactivated", "bot was kicked", "peer_id_invalid",
                            "have no rights to send", "not enough rights")


def _seconds(value: object) -> float | None:
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value) if isinstance(value, int | float) else None


class TelegramNotifier:
    def __init__(self, bot: Bot, translator: Translator) -> None:
        self._bot = bot
        self._translator = translator

    async def send(self, chat_id: int, reply: Reply) -> Delivered:
        message_id = None
        try:
            for part in render(reply, self._translator):
                sent = await self._bot.send_message(chat_id, part.text, reply_markup=part.markup)
                message_id = sent.message_id
        except RetryAfter as error:
            with warnings.catch_warnings():  # PTB 22 deprecates the int form of retry_after
                warnings.simplefilter("ignore")
                retry_after = _seconds(error.retry_after)
            raise RetryLater("flood control", retry_after=retry_after) from error
        except Forbidden as error:
            raise Unreachable(error.message) from error
        except ChatMigrated as error:  # a group became a supergroup: the old id is gone
            raise Unreachable(error.message) from error
        except BadRequest as error:
            if any(marker in error.message.lower() for marker in UNREACHABLE_BAD_REQUESTS):
                raise Unreachable(error.message) from error
            raise
        except (TimedOut, NetworkError) as error:
            raise RetryLater(error.message) from error
        return Delivered(message_id=message_id)
