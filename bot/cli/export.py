"""``cdo-bot export --city zhuhai [--year 2026] [--out FILE] [--format xlsx|csv]``: the overview as a file.

Whoever can run this owns the server, so no membership is checked and no bot token is needed.
The database is migrated first. Same figures as ``/overview`` and ``/export`` in chat
(``bot.services.progress``, ``bot.services.export``).

    cdo-bot export --city zhuhai                          → ./cdo-overview-zhuhai-2026-11-24.xlsx
    cdo-bot export --city 珠海 --format csv --out - > records.csv
"""

from __future__ import annotations

import argparse
import sys

from bot.cli import iso_time


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--city", required=True, help="zhuhai | shenzhen (or 珠海 / 深圳)")
    parser.add_argument("--year", type=int, help="the year to report on (default: this year)")
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument(
        "--out", help="file to write (default: the usual file name in the current folder; - for stdout)"
    )
    parser.add_argument(
        "--now", type=iso_time, help="ISO time taken as now (for scripts and tests); default: the clock"
    )
    parser.add_argument("--database-url", help="override DATABASE_URL")


def run(args: argparse.Namespace) -> int:
    import dataclasses
    from pathlib import Path

    from bot.bootstrap import prepare_database
    from bot.cli.logs import setup_logging
    from bot.config import Settings
    from bot.core.cities import load_cities, resolve_city
    from bot.core.clock import FixedClock, SystemClock, parse_now
    from bot.services import export, progress
    from storage.uow import uow_factory

    setup_logging()
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
    try:
        clock = FixedClock(parse_now(args.now)) if args.now else SystemClock(settings.timezone)
        overview = progress.export_overview(
            factory, clock, cities, progress.trusted_actor(city.code), args.year, city=city.code
        )
    finally:
        factory.dispose()
    data = (
        export.export_overview_xlsx(overview)
        if args.format == "xlsx"
        else export.export_activities_csv(overview)
    )
    if args.out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    target = Path(args.out or export.export_filename(overview, args.format))
    target.parent.mkdir(parents=True, exist_ok=True)  # --out reports/2026/zhuhai.xlsx into a new folder
    target.write_bytes(data)
    print(
        f"{target} ({len(data)} bytes, {len(overview.rows)} units, {len(overview.activities)} records)",
        file=sys.stderr,
    )
    return 0
