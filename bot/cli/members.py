"""``cdo-bot members list|deactivate|handover``: manage memberships from the server.

    cdo-bot members list --city zhuhai [--unit 市公安局] [--json]
    cdo-bot members deactivate 12           # ends membership #12 (an admin minted in chat, a CDO who left)
    cdo-bot members handover --city zhuhai --unit 市公安局   # a CDO code; the current CDO is told on use

Whoever can run this owns the server, so no membership is checked (in chat, ``/members``,
``/deactivate`` and ``/handover`` are for admins and coordinators). ``ADMIN_IDS`` admins are
removed from ``ADMIN_IDS``, not here.
"""

from __future__ import annotations

import argparse
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="active members of a city or unit")
    listing.add_argument("--city", required=True, help="zhuhai | shenzhen (or 珠海 / 深圳)")
    listing.add_argument("--unit", help="unit name as in the city file")
    listing.add_argument("--json", action="store_true", help="one JSON object per member")
    off = sub.add_parser("deactivate", help="end a membership")
    off.add_argument("member_id", type=int)
    hand = sub.add_parser("handover", help="a one-time CDO code for the unit's next CDO")
    hand.add_argument("--city", required=True)
    hand.add_argument("--unit", required=True)
    hand.add_argument("--bot-username", help="also print the deep link t.me/<bot>?start=CODE")
    parser.add_argument("--database-url", help="override DATABASE_URL")


def run(args: argparse.Namespace) -> int:
    import dataclasses
    import json

    from bot.bootstrap import build_app_context, prepare_database
    from bot.cli.logs import setup_logging
    from bot.config import Settings
    from bot.services import members
    from bot.services.errors import ServiceError

    setup_logging()
    settings = Settings.from_env()
    if getattr(args, "database_url", None):
        settings = dataclasses.replace(settings, database_url=args.database_url)
    prepare_database(settings)
    app = build_app_context(settings)
    render = app.translator.render
    try:
        if args.action == "list":
            rows, reply = members.list_members(app.uow, city=args.city, unit_name=args.unit)
            if args.json:
                for row in rows:
                    print(json.dumps(dataclasses.asdict(row), ensure_ascii=False))
            else:
                print(render(reply))
        elif args.action == "deactivate":
            print(
                render(
                    members.deactivate_member(
                        app.uow, app.clock, member_id=args.member_id, admin_ids=settings.admin_ids
                    )
                )
            )
        else:
            info = members.hand_over(app.uow, app.clock, city=args.city, unit_name=args.unit)
            print(render(info.reply))
            if args.bot_username:
                print(info.deep_link(args.bot_username))
    except ServiceError as error:
        print(render(error.reply()), file=sys.stderr)
        return 1
    finally:
        app.close()
    return 0
