"""Benchmark ``cdo-bot ask``: warm per-question latency and cold start beside bare jieba.

    .venv/bin/python bench/bench_ask.py [--rounds 8] [--cold-runs 7]

Warm: ``Knowledge.ask`` over a few hundred questions (the shared dev set if present, plus the
paraphrases and off-topic lines below), after one warm-up pass; prints p50 and p99.
Cold: wall time of ``cdo-bot ask "…"`` as a subprocess (human output and ``--json``), runs
interleaved with ``python -c "import jieba; jieba.initialize()"``; prints medians and the ratio.
Targets: warm p50 < 2 ms, cold ≤ 1.5 × bare jieba. Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV_SET = Path("/work/shared/eval/duty_qa_dev.jsonl")
QUESTIONS = [
    ("zhuhai", "CDO主要干什么"),
    ("shenzhen", "首席数据官要做哪些工作"),
    ("zhuhai", "珠海的首席数据官由谁来任命"),
    ("shenzhen", "信息化项目立项谁有一票否决权"),
    ("zhuhai", "每年几月份交工作总结报告"),
    ("zhuhai", "沟通交流会多长时间开一次"),
    ("shenzhen", "培训要搞几次"),
    ("zhuhai", "年度工作评价在什么时候"),
    ("zhuhai", "评价结果优秀有什么奖励"),
    ("shenzhen", "试点区有哪些"),
    ("shenzhen", "南山区的特色任务是什么"),
    ("shenzhen", "怎么引进专业人才"),
    ("zhuhai", "数据运营团队由谁组建"),
    ("shenzhen", "经费谁来保障"),
    ("zhuhai", "管运分离是什么意思"),
    ("zhuhai", "首席数据官需要具备什么条件"),
    ("zhuhai", "市首席数据官报哪里备案"),
    ("shenzhen", "首席数据官工作沟通机制谁建立"),
    ("shenzhen", "数据安全培训谁组织"),
    ("zhuhai", "食堂几点开饭"),
    ("shenzhen", "帮我写一首诗"),
    ("zhuhai", "明天天气怎么样"),
    ("shenzhen", "怎么申请年假"),
    ("zhuhai", "打印机坏了找谁修"),
    ("shenzhen", "我的职责有哪些"),
    (None, "一票否决权是什么"),
    (None, "工作总结报告什么时候交"),
]


def questions() -> list[tuple[str | None, str]]:
    out = list(QUESTIONS)
    if DEV_SET.exists():
        for line in DEV_SET.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                out.append((item["city"], item["q"]))
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def warm(rounds: int) -> None:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    from bot.core.knowledge import Knowledge

    knowledge = Knowledge.load()
    qs = questions()
    for city, q in qs:
        knowledge.ask(q, city=city)
    times = []
    for _ in range(rounds):
        for city, q in qs:
            start = time.perf_counter()
            knowledge.ask(q, city=city)
            times.append((time.perf_counter() - start) * 1000)
    print(
        f"warm ask: {len(times)} questions, p50 {percentile(times, 50):.3f} ms, p99 {percentile(times, 99):.3f} ms"
    )


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def cold(runs: int) -> None:
    exe = str(Path(sys.executable).with_name("cdo-bot"))
    bare = [sys.executable, "-c", "import jieba; jieba.initialize()"]
    human = [exe, "ask", "--city", "zhuhai", "一票否决权是什么"]
    as_json = [exe, "ask", "--json", "--city", "zhuhai", "一票否决权是什么"]
    for cmd in (bare, human):  # fill both caches (jieba's and the policy index) first
        timed(cmd)
    results: dict[str, list[float]] = {"bare": [], "human": [], "json": []}
    for _ in range(runs):
        results["bare"].append(timed(bare))
        results["human"].append(timed(human))
        results["json"].append(timed(as_json))
    med = {k: statistics.median(v) for k, v in results.items()}
    print(f"cold start, median of {runs}: bare jieba {med['bare']:.3f} s")
    print(f"  cdo-bot ask        {med['human']:.3f} s  ratio {med['human'] / med['bare']:.2f}")
    print(f"  cdo-bot ask --json {med['json']:.3f} s  ratio {med['json'] / med['bare']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=8, help="passes over the questions (warm)")
    parser.add_argument("--cold-runs", type=int, default=7, help="subprocess runs per command (cold)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    warm(args.rounds)
    cold(args.cold_runs)


if __name__ == "__main__":
    main()
