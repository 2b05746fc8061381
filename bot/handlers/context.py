"""The typed ``CallbackContext`` of cdo-bot: the handler reaches the dispatcher through ``context.app``.

Layer: Telegram adapter. ``bot.bootstrap`` builds the ``AppContext`` and puts it into
``BotData`` once (in ``build_application``); nothing here is built at import time, and no
handler touches ``bot_data`` keys by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telegram.ext import CallbackContext, ContextTypes, ExtBot

if TYPE_CHECKING:
    from bot.bootstrap import AppContext
    from bot.core.i18n import Translator


class BotData:
    """The type of ``application.bot_data``: one slot holding the wired application context."""

    __slots__ = ("app", "reminders")

    def __init__(self) -> None:
        self.app: AppContext | None = None
        self.reminders = True
        """Whether ``post_init`` schedules the reminder jobs (``cdo-bot run --no-reminders`` turns them off)."""


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    @property
    def app(self) -> AppContext:
        app = self.bot_data.app
        if app is None:
            raise RuntimeError(
                "the application context was not wired (use bot.handlers.application.build_application)"
            )
        return app

    @property
    def translator(self) -> Translator:
        return self.app.translator


def context_types() -> ContextTypes[BotContext, dict[Any, Any], dict[Any, Any], BotData]:
    return ContextTypes(context=BotContext, bot_data=BotData)
