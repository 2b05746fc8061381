"""Benchmark ``/summary`` and the charts at scale, on SQLite and PostgreSQL.

    .venv/bin/python bench/bench_summary.py [--units 50 200] [--activities 1000] [--rounds 3] [--db sqlite postgres]

For each database and each city size: a fresh migrated database holding a Zhuhai-like city of
N pilot units (the city file's units, then synthetic ones), each with a CDO and ``--activities``
confirmed records over 2026 (unique titles, so the duty placement caches nothing; one in ten
with an evidence file) and four city meetings every unit signed in to. Then, warm (the knowledge
index and matplotlib loaded once beforehand), the median of ``--rounds`` runs of:

- ``/summary``: ``work_summary`` (queries + duty placement of ~500 records) + the ``.docx``;
- ``/progress`` + chart: ``unit_progress`` + ``progress_chart``;
- ``/overview`` + chart: ``city_overview`` + its text + ``overview_chart`` (the overview query
  itself is the ``perf`` bench's subject; it is here because the chart needs it);
- the chart alone, and the PNG's size.

PostgreSQL is the server of the tests (``TEST_POSTGRES_URL`` or postgres@127.0.0.1:5432); a
database is created per run and dropped afterwards. Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TITLES = (
    "数据治理培训",
    "数据安全培训",
    "数字政府建设推进会",
    "数据共享开放工作交流会",
    "数据普查登记培训",
    "信息化项目评审会",
    "数据分析人才队伍培训",
    "数据分类分级标准宣贯",
    "公共数据资源开发利用座谈会",
    "工作总结报告",
)
KINDS = (
    "training",
    "training",
    "exchange_meeting",
    "exchange_meeting",
    "training",
    "exchange_meeting",
    "training",
    "training",
    "exchange_meeting",
    "report",
)
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def synthetic_city(base: Any, units: int) -> Any:
    """The Zhuhai city file with its pilot units, padded with synthetic departments up to ``units``."""
    from bot.core.cities import UnitSpec

    pilots = list(base.pilot_units)[:units]
    pilots += [UnitSpec(f"市测试{i:03d}局", "department") for i in range(units - len(pilots))]
    bureau = [u for u in base.units if not u.pilot]
    return dataclasses.replace(base, units=tuple(pilots + bureau))


def seed(url: str, city: Any, per_unit: int) -> dict[str, Any]:
    from sqlalchemy import insert

    from bot.services.access import ensure_units
    from storage.models import Activity, Evidence, Meeting, MeetingAttendance, Member
    from storage.uow import uow_factory

    factory = uow_factory(url)
    ensure_units(factory, [city])
    rng = random.Random(7)
    first = date(2026, 1, 1)
    with factory() as uow:
        units = uow.units.in_city(city.code)
        session = uow.session
        members = []
        for unit in units:
            role = "coordinator" if not unit.is_pilot else "cdo"
            members.append(
                Member(
                    display_name=f"{unit.name}{'统筹' if role == 'coordinator' else '首席数据官'}",
                    city=city.code,
                    unit_id=unit.id,
                    role=role,
                )
            )
        session.add_all(members)
        session.flush()
        cdo_of = {m.unit_id: m.id for m in members if m.role == "cdo"}
        coordinator = next(m for m in members if m.role == "coordinator")
        rows = []
        for unit in units:
            if not unit.is_pilot:
                continue
            for i in range(per_unit):
                k = rng.randrange(len(TITLES))
                rows.append(
                    {
                        "unit_id": unit.id,
                        "kind": KINDS[k],
                        "date": first + timedelta(days=rng.randrange(365)),
                        "title": f"{TITLES[k]}（第{i + 1}期）",
                        "attendees": rng.randrange(10, 80),
                        "original_text": "",
                        "entered_by": cdo_of[unit.id],
                    }
                )
        ids = list(session.scalars(insert(Activity).returning(Activity.id), rows))
        evidence = [
            {
                "activity_id": a,
                "telegram_file_id": f"f{a}",
                "file_unique_id": f"u{a}",
                "file_name": f"签到表{a}.pdf",
                "uploaded_by": coordinator.id,
            }
            for a in ids[::10]
        ]
        session.execute(insert(Evidence), evidence)
        for month in (3, 6, 9, 11):
            from bot.core.clock import SHANGHAI

            meeting = Meeting(
                city=city.code,
                title="首席数据官沟通交流会",
                starts_at=datetime.combine(date(2026, month, 15), clock_time(15), tzinfo=SHANGHAI),
            )
            session.add(meeting)
            session.flush()
            session.execute(
                insert(MeetingAttendance),
                [
                    {"meeting_id": meeting.id, "member_id": m, "rsvp": "yes", "attended": True}
                    for m in cdo_of.values()
                ],
            )
        uow.commit()
        first_unit = next(u for u in units if u.is_pilot)
        cdo = next(m for m in members if m.unit_id == first_unit.id)
    return {
        "factory": factory,
        "cdo_member": cdo.id,
        "coordinator_member": coordinator.id,
        "records": len(rows),
    }


def timed(rounds: int, work: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def run_one(url: str, units: int, per_unit: int, rounds: int) -> dict[str, Any]:
    from bot.core.cities import load_cities
    from bot.core.clock import SHANGHAI, FixedClock
    from bot.core.knowledge import Knowledge
    from bot.services import charts, progress, summary
    from bot.services.access import actor_of
    from bot.services.summary_document import summary_docx
    from storage.migrate import upgrade

    upgrade(url)
    city = synthetic_city(load_cities()["zhuhai"], units)
    cities = {city.code: city}
    started = time.perf_counter()
    seeded = seed(url, city, per_unit)
    seed_seconds = time.perf_counter() - started
    factory = seeded["factory"]
    with factory() as uow:
        cdo = actor_of(uow, uow.members.get(seeded["cdo_member"]))
        coordinator = actor_of(uow, uow.members.get(seeded["coordinator_member"]))
    clock = FixedClock(datetime(2026, 11, 24, 10, tzinfo=SHANGHAI))
    knowledge = Knowledge.load()

    def draft() -> bytes:
        knowledge._placed.clear()  # worst case: every title placed afresh (in the bot they repeat)
        found = summary.work_summary(factory, clock, cities, knowledge, cdo, period=(2026, 2))
        return summary_docx(found)

    def progress_and_chart() -> Any:
        found = progress.unit_progress(factory, clock, cities, cdo)
        found.reply()
        return charts.progress_chart(found)

    def overview_and_chart() -> Any:
        found = progress.city_overview(factory, clock, cities, coordinator)
        found.reply()
        return found, charts.overview_chart(found)

    summary_s, docx = timed(rounds, draft)
    progress_s, progress_png = timed(rounds, progress_and_chart)
    overview_s, (overview, overview_png) = timed(rounds, overview_and_chart)
    chart_s, _ = timed(rounds, lambda: charts.overview_chart(overview))
    factory.dispose()
    from bot.handlers.render import png_size

    return {
        "units": units,
        "records": seeded["records"],
        "seed_s": seed_seconds,
        "summary_s": summary_s,
        "docx_bytes": len(docx),
        "progress_s": progress_s,
        "progress_png": (png_size(progress_png.data), len(progress_png.data)),
        "overview_s": overview_s,
        "overview_chart_s": chart_s,
        "overview_png": (png_size(overview_png.data), len(overview_png.data)),
    }


def sqlite_url(folder: Path, units: int) -> tuple[str, Callable[[], None]]:
    return f"sqlite:///{folder}/bench-{units}.sqlite3", lambda: None


def postgres_url(units: int) -> tuple[str, Callable[[], None]]:
    from sqlalchemy import text

    from storage.db import make_engine, normalize_url

    server = os.environ.get("TEST_POSTGRES_URL") or DEFAULT_POSTGRES
    name = f"bench_summary_{units}_{uuid.uuid4().hex[:8]}"
    admin = make_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return normalize_url(server).set(database=name).render_as_string(hide_password=False), drop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--activities", type=int, default=1000, help="records per unit")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    args = parser.parse_args()

    # Warm-up: the knowledge index and matplotlib with its font, once per process, as in the bot.
    from bot.core.knowledge import Knowledge
    from bot.services import charts

    Knowledge.load().duty_for("数据治理培训", "zhuhai")
    charts._matplotlib()

    with tempfile.TemporaryDirectory() as folder:
        for db in args.db:
            results = []
            for units in args.units:
                url, cleanup = sqlite_url(Path(folder), units) if db == "sqlite" else postgres_url(units)
                try:
                    results.append(run_one(url, units, args.activities, args.rounds))
                finally:
                    cleanup()
            print(f"\n{db}: {args.activities} records per unit, median of {args.rounds}")
            print(
                f"{'units':>5} {'records':>8} {'seed s':>7} {'/summary s':>10} {'docx KB':>8} "
                f"{'/progress+chart s':>17} {'/overview+chart s':>17} {'chart s':>7}  overview PNG"
            )
            for r in results:
                (w, h), size = r["overview_png"]
                print(
                    f"{r['units']:>5} {r['records']:>8} {r['seed_s']:>7.1f} {r['summary_s']:>10.3f} "
                    f"{r['docx_bytes'] / 1024:>8.1f} {r['progress_s']:>17.3f} {r['overview_s']:>17.3f} "
                    f"{r['overview_chart_s']:>7.3f}  {w}x{h} px, {size / 1024:.0f} KB"
                )
            (pw, ph), psize = results[0]["progress_png"]
            print(f"progress PNG: {pw}x{ph} px, {psize / 1024:.0f} KB")
            if len(results) > 1:
                a, b = results[0], results[-1]
                scale = b["units"] / a["units"]
                for key, label in (
                    ("summary_s", "/summary"),
                    ("progress_s", "/progress+chart"),
                    ("overview_s", "/overview+chart"),
                    ("overview_chart_s", "overview chart"),
                ):
                    print(f"{label}: x{b[key] / a[key]:.2f} for x{scale:.0f} units")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
