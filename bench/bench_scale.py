"""Benchmark the coordinator's views at city scale: /overview and /export on many units × many records.

    .venv/bin/python bench/bench_scale.py [--quick] [--units 50 200] [--records 1000] [--db sqlite postgres]

For each database and size: a fresh database with the city's units plus made-up ones up to
``--units``, a CDO in each, ``--records`` trainings per unit dated across 2026 (one in ten with an
evidence file), inserted server-side in one statement. Then the services behind the commands,
as a coordinator: ``/overview`` (``progress.city_overview``), ``/export xlsx`` and ``/export csv``
(``progress.export_overview`` and the two writers). Prints seconds per view, seconds per 1,000
records (flat when growth is linear), SQL statements per view (flat when there is no query per
unit or per record) and the process's peak RSS. ``--quick``: 50 units only. ``/summary`` has its
own script. Not a test.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from typing import Any

from _common import database, machine

CITY = "zhuhai"


def fill(url: str, units: int, records: int) -> Any:
    from sqlalchemy import text

    from bot.bootstrap import seed_units
    from storage.models import Unit
    from storage.uow import uow_factory
    from tests.integration._outbox_helpers import add_member
    from tests.unit._progress_cases import seed

    factory = uow_factory(url)
    seed_units(factory)
    people = seed(factory)  # the city's units, a coordinator and two CDOs
    with factory() as uow:
        have = len(uow.units.in_city(CITY))
        for i in range(have, units):
            uow.units.add(Unit(city=CITY, name=f"测试单位{i:03d}", kind="department", is_pilot=False))
        uow.commit()
        names = [u.name for u in uow.units.in_city(CITY)]
    for i, name in enumerate(names):
        add_member(factory, user_id=50_000 + i, name=f"{name}首席数据官", role="cdo", unit=name)
    with factory() as uow:
        postgres = uow.session.get_bind().dialect.name == "postgresql"
        day = (
            "DATE '2026-01-01' + (n.x % 300)"
            if postgres
            else "date('2026-01-01', '+' || (n.x % 300) || ' days')"
        )
        uow.session.execute(
            text(
                "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < :records)"
                " INSERT INTO activities (unit_id, kind, date, title, attendees, original_text, entered_by,"
                " created_at, updated_at)"
                f" SELECT u.id, 'training', {day}, '数据安全培训' || n.x, 30, '',"
                " (SELECT min(m.id) FROM members m WHERE m.unit_id = u.id), CURRENT_TIMESTAMP, CURRENT_TIMESTAMP"
                " FROM units u CROSS JOIN n WHERE u.city = :city"
            ),
            {"records": records, "city": CITY},
        )
        uow.session.execute(
            text(
                "INSERT INTO evidence (activity_id, telegram_file_id, file_unique_id, uploaded_by, created_at)"
                " SELECT id, 'f' || id, 'u' || id, entered_by, CURRENT_TIMESTAMP FROM activities WHERE id % 10 = 0"
            )
        )
        uow.commit()
    return factory, people.coordinator


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(factory: Any, coordinator: Any) -> dict[str, tuple[float, int]]:
    from sqlalchemy import event

    from bot.core.cities import load_cities
    from bot.services import export, progress
    from tests.unit._progress_cases import clock_at

    cities, clock = load_cities(), clock_at(2026, 11, 24)
    count = [0]
    event.listen(factory.engine, "before_cursor_execute", lambda *a: count.__setitem__(0, count[0] + 1))
    out = {}

    def timed(name: str, work: Any) -> Any:
        count[0] = 0
        start = time.perf_counter()
        result = work()
        out[name] = (time.perf_counter() - start, count[0])
        return result

    overview = timed("overview", lambda: progress.city_overview(factory, clock, cities, coordinator))
    assert len(overview.rows) > 0
    timed(
        "export xlsx",
        lambda: export.export_overview_xlsx(progress.export_overview(factory, clock, cities, coordinator)),
    )
    timed(
        "export csv",
        lambda: export.export_activities_csv(progress.export_overview(factory, clock, cities, coordinator)),
    )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50 units only")
    parser.add_argument("--units", type=int, nargs="*", default=[50, 200])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--db", nargs="*", default=["sqlite", "postgres"])
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [50] if args.quick else args.units
    if args.one:  # one database and size per process, so that the peak RSS is that run's own
        kind, units = args.db[0], sizes[0]
        with database(kind) as url:
            factory, coordinator = fill(url, units, args.records)
            figures = measure(factory, coordinator)
            factory.dispose()
        total = units * args.records
        line = "; ".join(
            f"{name} {seconds:.2f} s ({seconds / total * 1000:.3f} s per 1,000 records, {statements} SQL)"
            for name, (seconds, statements) in figures.items()
        )
        print(
            f"{kind:8} {units:3} units × {args.records}: {line}; peak RSS {peak_rss_mib():.0f} MiB",
            flush=True,
        )
        return 0
    print(f"machine: {machine()}", flush=True)
    for kind in args.db:
        for units in sizes:
            command = [sys.executable, __file__, "--one", "--db", kind, "--units", str(units)]
            subprocess.run([*command, "--records", str(args.records)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
