"""``cdo-bot db upgrade|downgrade REV|current``: database migrations (Alembic) for DATABASE_URL.

An adapter: reads the URL from ``Settings`` and calls ``storage.migrate``. Heavy imports happen in ``run``.
"""

from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database-url", help="override DATABASE_URL")
    sub = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = sub.add_parser("upgrade", help="升级到最新 (apply migrations up to REV, default head)")
    up.add_argument("revision", nargs="?", default="head")
    down = sub.add_parser("downgrade", help="回退 (revert migrations down to REV, e.g. base or -1)")
    down.add_argument("revision")
    sub.add_parser("current", help="当前版本 (show the revision the database is at)")
    sub.add_parser("heads", help="最新版本 (show the newest revision of the code)")


def _safe(url: str) -> str:
    from storage.db import normalize_url

    return normalize_url(url).render_as_string(hide_password=True)


def run(args: argparse.Namespace) -> int:
    import logging

    from bot.config import Settings
    from storage import migrate

    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    url = args.database_url or Settings.from_env().database_url
    if args.db_command in ("upgrade", "downgrade"):
        before = migrate.current(url)
        getattr(migrate, args.db_command)(url, args.revision)
        print(f"{_safe(url)}: {before or 'base'} -> {migrate.current(url) or 'base'}")
    elif args.db_command == "current":
        at, head = migrate.current(url), migrate.head()
        state = "up to date" if at == head else f"behind (head is {head})"
        print(f"{_safe(url)}: {at or 'base'} — {state}")
        return 0 if at == head else 1
    elif args.db_command == "heads":
        print(migrate.head())
    return 0
