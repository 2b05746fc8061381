"""Intake benchmark (not a test): warm latency, time inside dateparser, date accuracy vs dateparser.

    .venv/bin/python bench/bench_parse.py [--rounds 30]

Messages: the shared dev set (reference 2026-11-23 10:00) plus tests/unit/_intake_cases.py
(four reference times). Accuracy counts only lines that state a date (expected date present and
not assumed): "dateparser alone" is ``search_dates(text, languages=['zh'])`` with the reference
time as RELATIVE_BASE, right when its first hit has the expected day; "ours" is ``parse_when``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import warnings
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.clock import SHANGHAI  # noqa: E402
from bot.core.intake import When, parse_activity, parse_when  # noqa: E402
from tests.unit._intake_cases import CASES  # noqa: E402
from tests.unit._worst_lines import WORST_LINES  # noqa: E402

DEV = Path("/work/shared/eval/activity_parse_dev.jsonl")
DEV_NOW = datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)


def load() -> list[tuple[datetime, dict]]:
    items: list[tuple[datetime, dict]] = []
    if DEV.exists():
        items += [
            (DEV_NOW, json.loads(line))
            for line in DEV.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
    return items + list(CASES)


def latency(items: list[tuple[datetime, dict]], rounds: int) -> tuple[list[float], float]:
    import dateparser.search as dps

    inside = 0.0
    original = dps.search_dates

    def timed(*args, **kwargs):
        nonlocal inside
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            inside += time.perf_counter() - started

    dps.search_dates = timed
    try:
        for now, case in items:  # warm-up: caches, lazy imports (cn2an)
            parse_activity(case["text"], now)
        inside = 0.0
        samples = []
        for _ in range(rounds):
            for now, case in items:
                started = time.perf_counter()
                parse_activity(case["text"], now)
                samples.append(time.perf_counter() - started)
    finally:
        dps.search_dates = original
    return samples, inside


LATIN = [
    "Nov 16 组织数据安全培训",
    "yesterday 组织了数据安全培训，30人",
    "last friday 参加了首席数据官交流会",
]


def fallback_latency(rounds: int) -> float:
    """p50 of lines that do reach dateparser (Latin-script date words), warm."""
    for text in LATIN:
        parse_activity(text, DEV_NOW)
    samples = []
    for _ in range(rounds):
        for text in LATIN:
            started = time.perf_counter()
            parse_activity(text, DEV_NOW)
            samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def worst_case(rounds: int) -> tuple[float, str]:
    """The slowest of the scanners' worst-case lines (4096 characters), median of a few rounds."""
    slowest, which = 0.0, ""
    for text in WORST_LINES:
        samples = []
        for _ in range(max(3, rounds // 10)):
            started = time.perf_counter()
            parse_activity(text, DEV_NOW)
            samples.append(time.perf_counter() - started)
        if (t := statistics.median(samples)) > slowest:
            slowest, which = t, text[:6]
    return slowest, which


def accuracy(items: list[tuple[datetime, dict]]) -> tuple[int, int, int, float]:
    from dateparser.search import search_dates

    dated = [(now, c) for now, c in items if c.get("date") and c.get("date_assumed") is not True]
    alone = ours = 0
    dp_time = 0.0
    for now, case in dated:
        started = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            hits = search_dates(
                case["text"], languages=["zh"], settings={"RELATIVE_BASE": now.replace(tzinfo=None)}
            )
        dp_time += time.perf_counter() - started
        alone += bool(hits) and hits[0][1].date().isoformat() == case["date"]
        when = parse_when(case["text"], now)
        ours += isinstance(when, When) and when.date.isoformat() == case["date"]
    return len(dated), alone, ours, dp_time / max(len(dated), 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=30)
    args = ap.parse_args()
    items = load()
    samples, inside = latency(items, args.rounds)
    total = sum(samples)
    q = statistics.quantiles(samples, n=100)
    n, alone, ours, dp_each = accuracy(items)
    worst, which = worst_case(args.rounds)
    rows = [
        ("messages x rounds", f"{len(items)} x {args.rounds}"),
        ("warm parse p50", f"{q[49] * 1e3:.3f} ms"),
        ("warm parse p99", f"{q[98] * 1e3:.3f} ms"),
        ("slowest worst-case line (4096 chars)", f"{worst * 1e3:.1f} ms ({which}…)"),
        ("  as a multiple of warm p50", f"{worst / q[49]:.0f}x"),
        ("time inside dateparser", f"{inside / total:.1%}"),
        ("p50 of Latin-script fallback lines", f"{fallback_latency(args.rounds) * 1e3:.2f} ms"),
        ("dated lines (accuracy base)", str(n)),
        ("dateparser alone: right day", f"{alone}/{n} = {alone / n:.3f}"),
        ("cdo-bot parse_when: right day", f"{ours}/{n} = {ours / n:.3f}"),
        ("dateparser search_dates per line", f"{dp_each * 1e3:.2f} ms"),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"{'intake bench':<{width}}  value")
    print("-" * (width + 24))
    for key, value in rows:
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
