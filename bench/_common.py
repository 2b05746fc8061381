"""Shared pieces of the benchmarks: databases to run on, percentiles, the busiest second, the machine.

Not a test module. The PostgreSQL server is ``TEST_POSTGRES_URL`` or the local default of
``tests/conftest.py``; each run gets a fresh, migrated database that is dropped afterwards.
"""

from __future__ import annotations

import contextlib
import os
import platform
import statistics
import sys
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def machine() -> str:
    cpus = os.cpu_count()
    return f"{platform.machine()} {cpus} cores, Python {platform.python_version()}, {platform.system()}"


@contextlib.contextmanager
def database(kind: str) -> Iterator[str]:
    """A fresh migrated database URL: ``sqlite`` (a WAL file in a temporary folder) or ``postgres``."""
    from storage.migrate import upgrade

    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="cdo-bench-") as folder:
            url = f"sqlite:///{folder}/bench.sqlite3"
            upgrade(url)
            yield url
        return
    from sqlalchemy import text

    from storage.db import make_engine, normalize_url

    server = os.environ.get("TEST_POSTGRES_URL") or DEFAULT_POSTGRES_SERVER
    admin = make_engine(server, isolation_level="AUTOCOMMIT")
    name = f"cdo_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = normalize_url(server).set(database=name).render_as_string(hide_password=False)
        upgrade(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def busiest_second(times: Sequence[float], window: float = 1.0) -> int:
    """Most events in any half-open window [t, t + ``window``) (two pointers over the sorted times)."""
    ordered, best, left = sorted(times), 0, 0
    for right, t in enumerate(ordered):
        while ordered[left] <= t - window:
            left += 1
        best = max(best, right - left + 1)
    return best


def rss_mib(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) of a process in MiB, from /proc (Linux)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields.get("VmRSS", float("nan")), fields.get("VmHWM", float("nan"))
