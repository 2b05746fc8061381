"""``cdo-bot run``: the Telegram bot (long polling, or a webhook when ``WEBHOOK_URL`` is set), or with
``--platform wecom`` the WeCom (企业微信 / 粤政易) transport (``bot.wecom.runner``).

Applies the database migrations and seeds the units of the city files first, so a fresh
container or checkout starts with one command. Exit codes: 0 after a normal stop, 2 without a
or a token Telegram rejects, 3 when another instance polls with the same token (409 Conflict).
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

EXIT_NO_TOKEN = 2


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--platform",
        choices=("telegram", "wecom"),
        default="telegram",
        help="telegram (default) or wecom: WeCom / 粤政易, configured by the WECOM_* variables",
    )
    parser.add_argument("--skip-migrations", action="store_true", help="do not run `db upgrade` at start")
    parser.add_argument(
        "--no-reminders",
        action="store_true",
        help="answer users only; send no reminders (staging, tests, a second webhook process)",
    )


def _telegram_reachable(application: object) -> bool:
    """One ``getMe`` before starting: False when the network (or the Bot API server) cannot be reached.

    ``InvalidToken`` propagates: that is not a network problem and retrying will not help.
    """
    import asyncio

    from telegram.error import NetworkError, TimedOut

    async def check() -> None:
        async with application.bot:  # type: ignore[attr-defined]  # initialize() calls getMe
            pass

    try:
        asyncio.run(check())
    except (NetworkError, TimedOut) as error:
        if type(error).__name__ == "InvalidToken":  # pragma: no cover - InvalidToken is not a NetworkError
            raise
        return False
    return True


def run(args: argparse.Namespace) -> int:
    from bot.config import Settings
    from bot.core.i18n import translator

    settings = Settings.from_env()
    from bot.cli.logs import SERVICE_FORMAT, setup_logging

    if args.platform == "wecom":
        return run_wecom(args, settings)

    setup_logging(
        settings.log_level,
        fmt=SERVICE_FORMAT,
        secrets=(settings.telegram_bot_token.get(), settings.webhook_secret.get()),
    )
    if not settings.telegram_bot_token:
        print(translator().gettext("bot.cli.no_token"), file=sys.stderr)
        return EXIT_NO_TOKEN

    from telegram import Update
    from telegram.error import InvalidToken

    from bot.bootstrap import build_app_context, prepare_database
    from bot.handlers.application import build_application
    from bot.handlers.errors import EXIT_CONFLICT

    log = logging.getLogger("bot.run")
    if not args.skip_migrations:
        prepare_database(settings)
    app = build_app_context(settings)
    application = build_application(app, reminders=not args.no_reminders)
    try:
        if not _telegram_reachable(application):
            # Said once; PTB then retries the start quietly with back-off (1 s growing to 30 s) and the
            # error handler reports a later outage once per outage, not once per failed poll.
            print(translator().gettext("bot.cli.no_network"), file=sys.stderr)
        if settings.webhook_url:
            from urllib.parse import urlsplit

            log.info("starting in webhook mode on %s:%s", settings.webhook_listen, settings.webhook_port)
            application.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
                webhook_url=settings.webhook_url,
                secret_token=settings.webhook_secret.get() or None,
                allowed_updates=Update.ALL_TYPES,
                drop_pending_updates=False,
                bootstrap_retries=-1,
            )
        else:
            log.info("starting in long-polling mode")
            # drop_pending_updates=False: what users sent while the bot was down is answered now.
            application.run_polling(
                allowed_updates=Update.ALL_TYPES, drop_pending_updates=False, bootstrap_retries=-1
            )
    except InvalidToken:
        print(translator().gettext("bot.cli.invalid_token"), file=sys.stderr)
        return EXIT_NO_TOKEN
    if app.exit_code == EXIT_CONFLICT:
        print(translator().gettext("bot.cli.conflict"), file=sys.stderr)
    return app.exit_code


def run_wecom(args: argparse.Namespace, settings: Any) -> int:
    """The WeCom process: the same database and services, WeCom's callback server and API."""
    from bot.cli.logs import SERVICE_FORMAT, setup_logging
    from bot.core.i18n import translator

    setup_logging(settings.log_level, fmt=SERVICE_FORMAT, secrets=settings.wecom.secrets)
    missing = settings.wecom.missing()
    if missing:
        print(translator().format("bot.cli.wecom_missing", {"names": ", ".join(missing)}), file=sys.stderr)
        return EXIT_NO_TOKEN
    from bot.bootstrap import build_app_context, prepare_database
    from bot.wecom.runner import run_wecom as serve

    if not args.skip_migrations:
        prepare_database(settings)
    app = build_app_context(settings)
    try:
        return serve(app, reminders=not args.no_reminders)
    except ValueError as error:  # a malformed EncodingAESKey: say so, never print the key
        print(f"WECOM_ENCODING_AES_KEY: {error}", file=sys.stderr)
        return EXIT_NO_TOKEN
    finally:
        app.close()
