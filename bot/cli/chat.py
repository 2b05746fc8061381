"""``cdo-bot chat``: the bot in a terminal, no Telegram needed (same dispatcher, same database).

``--user ID`` speaks as that Telegram user id; a new user joins with ``--code CODE`` (or by
typing ``/start CODE``). ``--demo`` needs nothing: a throw-away database in a temporary folder
and a CDO of 珠海市公安局 (never a real database: joining as a unit's CDO hands the unit over).
Buttons are shown as numbers. Reads stdin, so it can be scripted:
``printf '/help\n' | cdo-bot chat --demo``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator

from bot.cli import iso_time

DEMO_USER = 1


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", type=int, default=None, help="Telegram user id to speak as")
    parser.add_argument("--code", help="join with this invite code first")
    parser.add_argument("--name", default="终端用户", help="display name when joining")
    parser.add_argument(
        "--now", type=iso_time, help="pretend it is this time (ISO, Asia/Shanghai when naive)"
    )
    parser.add_argument("--database-url", help="override DATABASE_URL")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="try it out: a temporary database, joined as the CDO of 珠海 市公安局",
    )


def run(args: argparse.Namespace) -> int:
    import dataclasses
    import itertools
    import tempfile
    from pathlib import Path

    from bot.bootstrap import build_app_context, prepare_database
    from bot.chat import TerminalChat, run_session
    from bot.cli.logs import setup_logging
    from bot.config import Settings
    from bot.core.clock import FixedClock, SystemClock, parse_now
    from bot.core.i18n import translator

    setup_logging()
    settings = Settings.from_env()
    demo_dir = tempfile.TemporaryDirectory(prefix="cdo-bot-demo-") if args.demo else None
    if demo_dir is not None:
        settings = dataclasses.replace(
            settings, database_url=f"sqlite:///{Path(demo_dir.name) / 'demo.sqlite3'}"
        )
    if args.database_url:
        settings = dataclasses.replace(settings, database_url=args.database_url)
    if args.user is None and not args.code and not args.demo:
        print(translator().gettext("bot.chat.need_user"), file=sys.stderr)
        return 2
    prepare_database(settings)
    clock = FixedClock(parse_now(args.now, settings.timezone)) if args.now else SystemClock(settings.timezone)
    app = build_app_context(settings, clock=clock)
    try:
        code = args.code
        if args.demo and not code:
            from bot.services import access

            code = access.create_invite(
                app.uow, app.clock, city="zhuhai", unit_name="市公安局", role="cdo"
            ).code
        user_id = args.user if args.user is not None else (DEMO_USER if args.demo else _user_for_code(code))
        chat = TerminalChat(app, user_id, display_name=args.name)
        interactive = sys.stdin.isatty()
        typed = _prompted_lines(translator().gettext("bot.chat.prompt")) if interactive else sys.stdin
        lines = itertools.chain([f"/start {code}"] if code else [], typed)
        run_session(chat, lines, print, echo=not interactive)
    finally:
        app.close()
        if demo_dir is not None:
            demo_dir.cleanup()
    return 0


def _prompted_lines(prompt: str) -> Iterator[str]:
    """Lines typed at a prompt (with line editing where ``readline`` exists) until end of input."""
    import contextlib

    with contextlib.suppress(ImportError):  # no readline on Windows
        import readline  # noqa: F401  # input() then edits lines and keeps a history
    while True:
        try:
            yield input(prompt)
        except (EOFError, KeyboardInterrupt):
            print()
            return


def _user_for_code(code: str) -> int:
    """A stable pseudo user id for a terminal user who joins by code only."""
    import zlib

    return 10_000_000_000 + zlib.crc32(code.encode())
