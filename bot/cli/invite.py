"""``cdo-bot invite --city zhuhai --unit 市公安局 --role cdo [--json]``: a one-time invite code.

Whoever can run this owns the server, so no membership is checked (in chat, ``/invite`` is for
admins and coordinators only). Prints the code, or ``{"code": …, …}`` with ``--json``.
"""

from __future__ import annotations

import argparse
import sys

ROLES = ("cdo", "staff", "coordinator", "admin")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--city", help="zhuhai | shenzhen (or 珠海 / 深圳)")
    parser.add_argument(
        "--unit", help="unit name as in the city file, e.g. 市公安局 (needed for cdo and staff)"
    )
    parser.add_argument(
        "--role", choices=ROLES, required=True, help="who joins with the code (a code cannot change role)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--bot-username", help="also print the deep link t.me/<bot>?start=CODE")
    parser.add_argument("--database-url", help="override DATABASE_URL")


def run(args: argparse.Namespace) -> int:
    import dataclasses
    import json

    from bot.bootstrap import build_app_context, prepare_database
    from bot.cli.logs import setup_logging
    from bot.config import Settings
    from bot.services.errors import ServiceError

    setup_logging()
    settings = Settings.from_env()
    if args.database_url:
        settings = dataclasses.replace(settings, database_url=args.database_url)
    prepare_database(settings)
    app = build_app_context(settings)
    try:
        from bot.services import access

        info = access.create_invite(app.uow, app.clock, city=args.city, unit_name=args.unit, role=args.role)
    except ServiceError as error:
        print(app.translator.render(error.reply()), file=sys.stderr)
        return 1
    finally:
        app.close()
    link = info.deep_link(args.bot_username) if args.bot_username else None
    if args.json:
        print(
            json.dumps(
                {
                    "code": info.code,
                    "city": info.city,
                    "unit": info.unit_name,
                    "role": info.role,
                    "expires_at": info.expires_at.isoformat(),
                    "link": link,
                },
                ensure_ascii=False,
            )
        )
    else:
        print(info.code)
        if link:
            print(link)
    return 0
