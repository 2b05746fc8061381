"""``cdo-bot chat``: the bot in a terminal, no Telegram needed (same services, same database).

``--user ID`` speaks as that Telegram user id; a new user joins with ``--code CODE`` (or by
typing ``/start CODE``). Buttons are shown as numbers. Reads stdin, so it can be scripted:
``printf '/help\n' | cdo-bot chat --user 1``.
"""

from __future__ import annotations

import argparse
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", type=int, default=None, help="Telegram user id to speak as")
    parser.add_argument("--code", help="join with this invite code first")
    parser.add_argument("--name", default="终端用户", help="display name when joining")
    parser.add_argument("--now", help="pretend it is this time (ISO, Asia/Shanghai when naive)")
    parser.add_argument("--database-url", help="override DATABASE_URL")


def run(args: argparse.Namespace) -> int:
    import dataclasses
    import itertools
    import logging

    from bot.bootstrap import build_app_context, prepare_database
    from bot.chat import TerminalChat, run_session
    from bot.config import Settings
    from bot.core.clock import FixedClock, SystemClock, parse_now
    from bot.core.i18n import translator

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    quiet_jieba()
    settings = Settings.from_env()
    if args.database_url:
        settings = dataclasses.replace(settings, database_url=args.database_url)
    if args.user is None and not args.code:
        print(translator().gettext("bot.chat.need_user"), file=sys.stderr)
        return 2
    prepare_database(settings)
    clock = FixedClock(parse_now(args.now, settings.timezone)) if args.now else SystemClock(settings.timezone)
    app = build_app_context(settings, clock=clock)
    try:
        chat = TerminalChat(app, args.user if args.user is not None else _user_for_code(args.code),
                            display_name=args.name)
        lines = itertools.chain([f"/start {args.code}"] if args.code else [], sys.stdin)
        run_session(chat, lines, print, echo=not sys.stdin.isatty())
    finally:
        app.close()
    return 0


def _user_for_code(code: str) -> int:
    """A stable pseudo user id for a terminal user who joins by code only."""
    import zlib

    return 10_000_000_000 + zlib.crc32(code.encode())


def quiet_jieba() -> None:
    """jieba sets its own logger to DEBUG when imported; import it first, then quiet it."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
