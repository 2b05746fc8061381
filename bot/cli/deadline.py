"""``cdo-bot deadline add|move|list|remove --city C …``: the coordinators' deadline changes, from a shell.

Whoever can run this owns the server, so no membership is checked; changes are audited as made by
``cdo-bot deadline``. Same service as ``/deadline`` in chat (``bot.services.schedule``).

    cdo-bot deadline list --city zhuhai [--json]
    cdo-bot deadline add --city zhuhai --date 2026-12-15 --title 数据安全专项报告 [--clause …]
    cdo-bot deadline move summary_report@2026-11-30 --city zhuhai --date 2026-12-04
    cdo-bot deadline remove --city zhuhai --id 3
"""

from __future__ import annotations

import argparse
import sys

from bot.cli import iso_time


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("list", "add", "move", "remove"))
    parser.add_argument(
        "ident", nargs="?", help="for move/remove (right after the action): 12 or summary_report@2026-11-30"
    )
    parser.add_argument(
        "--id", dest="ident_option", help="the same as the positional id, anywhere on the line"
    )
    parser.add_argument("--city", required=True, help="zhuhai | shenzhen (or 珠海 / 深圳)")
    parser.add_argument("--date", help="due date (2026-12-15 or 12月15日)")
    parser.add_argument("--title", help="for add: what is due")
    parser.add_argument("--clause", default="", help="for add: the clause or notice it comes from")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--now", type=iso_time, help="ISO time taken as now (for scripts and tests); default: the clock"
    )
    parser.add_argument("--database-url", help="override DATABASE_URL")


def run(args: argparse.Namespace) -> int:
    import dataclasses
    import json

    from bot.bootstrap import prepare_database
    from bot.cli.logs import setup_logging
    from bot.config import Settings
    from bot.core.cities import load_cities, resolve_city
    from bot.core.clock import FixedClock, SystemClock, parse_now
    from bot.core.i18n import translator
    from bot.services import schedule
    from bot.services.errors import ServiceError
    from storage.uow import uow_factory

    setup_logging()
    args.ident = args.ident or args.ident_option
    cities = load_cities()
    city = resolve_city(args.city, cities)
    if city is None:
        print(f"unknown city: {args.city} (known: {', '.join(cities)})", file=sys.stderr)
        return 2
    settings = Settings.from_env()
    if args.database_url:
        settings = dataclasses.replace(settings, database_url=args.database_url)
    prepare_database(settings)
    factory = uow_factory(settings.database_url)
    clock = FixedClock(parse_now(args.now)) if args.now else SystemClock(settings.timezone)
    render = translator().render
    try:
        if args.action == "list":
            entries = schedule.list_deadlines(factory, clock, city)
            if args.json:
                print(json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=1))
            else:
                print(render(schedule.deadlines_reply(entries, city)))
            return 0
        if args.action in ("move", "remove") and not args.ident:
            print(f"{args.action} needs the deadline's id (see `cdo-bot deadline list`)", file=sys.stderr)
            return 2
        if args.action in ("add", "move") and not args.date:
            print(f"{args.action} needs --date", file=sys.stderr)
            return 2
        if args.action == "add":
            if not args.title:
                print("add needs --title", file=sys.stderr)
                return 2
            due = schedule.parse_day(args.date, clock.now())
            from bot.core.sanitize import clean_text  # the edge, as for every chat (Services)

            changed = schedule.add_deadline(
                factory,
                clock,
                None,
                city=city,
                due=due,
                title=clean_text(args.title, single_line=True),
                clause=clean_text(args.clause) if args.clause else args.clause,
            )
        elif args.action == "move":
            due = schedule.parse_day(args.date, clock.now())
            changed = schedule.move_deadline(factory, clock, None, city=city, ident=args.ident, due=due)
        else:
            changed = schedule.remove_deadline(factory, clock, None, city=city, ident=args.ident)
    except ServiceError as error:
        print(render(error.reply()), file=sys.stderr)
        return 1
    finally:
        factory.dispose()
    if args.json:
        print(json.dumps({"id": changed.ident, "message": render(changed.reply)}, ensure_ascii=False))
    else:
        print(render(changed.reply))
    return 0
