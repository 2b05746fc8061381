"""``cdo-bot summary --city C --unit U [--period 2026H2] [--out FILE.docx]``: a unit's work-summary draft.

For the coordinator's desk: whoever can run this owns the server, so no membership is checked
(the stand-in is ``progress.trusted_actor``) and no bot token is needed. Same document as
``/summary`` in chat (``bot.services.summary``). Every refusal is one line in Chinese and English
on stderr with exit code 2 — an unknown city or unit, a period that is not ``2026H1``/``2026H2``,
an output folder that does not exist — never a traceback.

    cdo-bot summary --city 珠海 --unit 香洲区                  → ./cdo-summary-zhuhai-unit2-2026H2.docx
    cdo-bot summary --city zhuhai --unit 香洲区 --period 2026H1 --out drafts/香洲区.docx
"""

from __future__ import annotations

import argparse
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--city", required=True, help="zhuhai | shenzhen (or 珠海 / 深圳)")
    parser.add_argument(
        "--unit", required=True, help="the unit, as the city file names it (香洲区, 市公安局 …)"
    )
    parser.add_argument("--period", help="2026H1 | 2026H2 (default: the period whose report is due next)")
    parser.add_argument(
        "--out", help="the .docx to write (default: the usual name in the current folder; - for stdout)"
    )
    parser.add_argument("--now", help="ISO time taken as now (for scripts and tests); default: the clock")
    parser.add_argument("--database-url", help="override DATABASE_URL")


def fail(chinese: str, english: str) -> int:
    print(f"{chinese} ({english})", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    import dataclasses
    from pathlib import Path

    from bot.cli.logs import setup_logging
    from bot.core.cities import load_cities, resolve_city
    from bot.core.clock import FixedClock, SystemClock, parse_now
    from bot.core.i18n import translator
    from bot.services import progress, summary
    from bot.services.errors import ServiceError

    setup_logging()
    cities = load_cities()
    city = resolve_city(args.city, cities)
    if city is None:
        return fail(f"未知城市：{args.city}", f"unknown city: {args.city}; known: {', '.join(cities)}")
    if city.find_unit(args.unit) is None:
        known = "、".join(u.name for u in city.pilot_units)
        return fail(
            f"{city.name}没有名为“{args.unit}”的单位。可选：{known}",
            f"no unit {args.unit!r} in {city.code}",
        )
    period = None
    if args.period:
        period = summary.parse_period(args.period)
        if period is None:
            return fail(
                f"报告期写成 2026H1 或 2026H2：{args.period}", f"period must look like 2026H2: {args.period}"
            )
    target = None if args.out in (None, "-") else Path(args.out)
    if target is not None:
        if target.is_dir():
            return fail(
                f"--out 是一个文件夹，请写文件名：{target}", f"--out is a folder, give a file name: {target}"
            )
        if not target.parent.is_dir():
            return fail(f"文件夹不存在：{target.parent}", f"folder does not exist: {target.parent}")
    try:
        now = parse_now(args.now) if args.now else None
    except ValueError:
        return fail(f"--now 不是 ISO 时间：{args.now}", f"--now is not an ISO time: {args.now}")

    from bot.bootstrap import prepare_database
    from bot.config import Settings
    from bot.core.knowledge import Knowledge
    from storage.uow import uow_factory

    settings = Settings.from_env()
    if args.database_url:
        settings = dataclasses.replace(settings, database_url=args.database_url)
    try:
        prepare_database(settings)
    except Exception as error:  # a bad URL, a server that does not answer: say so, no traceback
        return fail(
            f"无法打开数据库：{type(error).__name__}", f"cannot open the database: {error}".splitlines()[0]
        )
    factory = uow_factory(settings.database_url)
    try:
        clock = FixedClock(now) if now else SystemClock(settings.timezone)
        found = summary.work_summary(
            factory,
            clock,
            cities,
            Knowledge.load(),
            progress.trusted_actor(city.code),
            unit=args.unit,
            period=period,
            city=city.code,
        )
    except ServiceError as error:
        return fail(translator().render(error.reply()), error.key)
    finally:
        factory.dispose()

    from bot.services.summary_document import summary_docx

    data = summary_docx(found)
    if args.out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    target = target or Path(summary.summary_filename(found))
    try:
        target.write_bytes(data)
    except OSError as error:
        return fail(f"无法写入 {target}：{error.strerror}", f"cannot write {target}: {error.strerror}")
    placed = sum(len(d.entries) for d in found.duties)
    print(
        f"{target} ({len(data)} bytes; {found.unit_name} {found.period.key} "
        f"{found.period.start}..{found.period.end}; {placed} records under {len(found.duties)} duty items, "
        f"{len(found.other)} other, {len(found.evidence)} evidence files)",
        file=sys.stderr,
    )
    return 0
