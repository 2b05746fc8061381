"""``cdo-bot reminders [--city C] [--unit U] [--from DATE] [--to DATE] [--json]``: the plan, sending nothing.

Lists when, to whom, under which rule and clause each reminder of the range would go, derived from
the database exactly as the running bot derives it (members, submissions, meetings, deadline
changes). It needs no token; it migrates the database first (SQLite by default). A city without
members in the database is shown for its placeholder recipients (the CDO of every pilot unit, or of
``--unit``, and one coordinator), so the command also works straight from the city files.
"""

from __future__ import annotations

import argparse
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--city", help="zhuhai | shenzhen (or 珠海 / 深圳); default: every city")
    parser.add_argument("--unit", help="only reminders for this unit (e.g. 香洲区)")
    parser.add_argument("--from", dest="start", help="first day, YYYY-MM-DD (default: today)")
    parser.add_argument("--to", dest="end", help="last day, YYYY-MM-DD (default: 60 days after --from)")
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.add_argument("--database-url", help="override DATABASE_URL")
    parser.add_argument("--no-database", action="store_true", help="plan from the city files alone")


def run(args: argparse.Namespace) -> int:
    import dataclasses
    import json
    from datetime import date, timedelta

    from bot.cli.logs import setup_logging
    from bot.config import Settings
    from bot.core.cities import load_cities, resolve_city
    from bot.core.clock import SystemClock, today

    setup_logging()
    cities = load_cities()
    if args.city:
        city = resolve_city(args.city, cities)
        if city is None:
            print(f"unknown city: {args.city} (known: {', '.join(cities)})", file=sys.stderr)
            return 2
        cities = {city.code: city}
    if args.unit is not None:
        found = [spec for c in cities.values() if (spec := c.find_unit(args.unit)) is not None]
        if not found:
            where = ", ".join(cities)
            print(f"unknown unit: {args.unit} (not a unit of {where})", file=sys.stderr)
            return 2
        args.unit = found[0].name  # 公安局 → 市公安局: the plan names units as the city file does
    try:
        start = date.fromisoformat(args.start) if args.start else today(SystemClock())
        end = date.fromisoformat(args.end) if args.end else start + timedelta(days=60)
    except ValueError as error:
        print(f"bad date: {error}", file=sys.stderr)
        return 2
    if end < start:
        print("--to is before --from", file=sys.stderr)
        return 2

    from bot.services.reminders import list_planned

    factory = None
    if not args.no_database:
        from bot.bootstrap import prepare_database
        from storage.uow import uow_factory

        settings = Settings.from_env()
        if args.database_url:
            settings = dataclasses.replace(settings, database_url=args.database_url)
        prepare_database(settings)
        factory = uow_factory(settings.database_url)
    try:
        listed = list_planned(factory, cities, start, end, unit=args.unit)
    finally:
        if factory is not None:
            factory.dispose()
    if args.json:
        from bot.core.i18n import translator
        from bot.core.replies import Reply

        render = translator().render
        rows = [
            item.as_dict() | {"text": render(Reply(item.reminder.message, item.reminder.params))}
            for item in listed
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for item in listed:
        r = item.reminder
        who = item.unit if item.who == str(r.member_id) else f"{item.who}（{item.unit}）"
        print(
            f"{r.send_at:%Y-%m-%d %H:%M}  {item.city:<8} {item.role:<11} {who}  "
            f"{r.rule_key}|{r.period_key}|{r.stage}  due {r.due.isoformat()}  {r.clause}"
        )
    print(f"{len(listed)} reminders", file=sys.stderr)
    return 0
