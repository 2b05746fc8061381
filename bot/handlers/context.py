"""The typed ``CallbackContext`` of cdo-bot: handlers reach the services through ``context.services``.

Layer: Telegram adapter. ``bot.bootstrap`` builds the ``AppContext`` and puts it into
``BotData`` once (in ``build_application``); nothing here is built at import time, and no
handler touches ``bot_data`` keys by hand.

The access guard (``bot.handlers.access``) stores the caller's membership in ``context.member``:
PTB creates one context per update and reuses it for every handler group, so later handlers can
rely on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

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
    __slots__ = ("member",)

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self.member: Any = None

    @property
    def app(self) -> AppContext:
        app = self.bot_data.app
        if app is None:
            raise RuntimeError(
                "the application context was not wired (use bot.handlers.application.build_application)"
            )
        return app

    @property
    def services(self) -> Any:
        """The ``Services`` facade as awaitables: every call runs off the event loop, under a deadline
        (``bot.services.blocking``); a slow database raises ``Busy`` instead of freezing every chat."""
        from bot.services.blocking import OffLoop

        app = self.app
        return OffLoop(app.services, timeout=app.settings.service_timeout)

    @property
    def translator(self) -> Translator:
        return self.app.translator


def context_types() -> ContextTypes[BotContext, dict[Any, Any], dict[Any, Any], BotData]:
    return ContextTypes(context=BotContext, bot_data=BotData)
