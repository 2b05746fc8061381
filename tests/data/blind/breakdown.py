"""Per-category figures of a blind batch, the way issue 10 reports them (not a test).

    python tests/data/blind/breakdown.py qa    tests/data/blind/qa_batch11.jsonl
    python tests/data/blind/breakdown.py parse tests/data/blind/parse_batch11.jsonl

Drives the same command line as ``../shared/eval/score.py`` (``cdo-bot ask|parse --json``), and
prints, for duty answers, top-1 / top-3 in scope, the in-scope questions left with no answer at
all, and the out-of-scope questions declined; for intake, messages fully right and fields; each
overall and per ``category``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

NOW = "2026-11-23T10:00:00+08:00"
FIELDS = ("kind", "date", "time", "attendees")


def _cmd() -> list[str]:
    here = Path(sys.executable).parent / "cdo-bot"
    return [str(here)] if here.exists() else [shutil.which("cdo-bot") or "cdo-bot"]


def _run(args: list[str], lines: list[str]) -> list[dict]:
    proc = subprocess.run(
        _cmd() + args, input="\n".join(lines) + "\n", capture_output=True, text=True, check=True
    )
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def qa(items: list[dict]) -> None:
    by_city: dict[str, list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        by_city[it["city"]].append(i)
    out: dict[int, dict] = {}
    for city, idx in by_city.items():
        out.update(
            zip(idx, _run(["ask", "--city", city, "--json"], [items[i]["q"] for i in idx]), strict=True)
        )
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # n, top1, top3, no answer
    for i, it in enumerate(items):
        answers = out[i].get("answers") or []
        texts = [a.get("text", "") for a in answers]
        if it.get("out_of_scope"):
            ok1 = ok3 = out[i].get("confident") is False or not answers
            none = 0
        elif "expect_all" in it:
            ok1 = ok3 = all(s in "\n".join(texts) for s in it["expect_all"])
            none = not answers
        else:
            hit = [any(s in t for s in it["expect_any"]) for t in texts]
            ok1, ok3, none = any(hit[:1]), any(hit[:3]), not answers
        for key in (
            it.get("category", "-"),
            "ALL out of scope" if it.get("out_of_scope") else "ALL in scope",
        ):
            s = stats[key]
            s[0] += 1
            s[1] += ok1
            s[2] += ok3
            s[3] += none
        if not ok1:
            got = (texts[0][:50] if texts else "(none)").replace("\n", " ")
            print(f"miss [{it.get('category')}] {it['q']} -> {got}")
    for key, (n, t1, t3, none) in sorted(stats.items()):
        print(f"{key:18} n={n:3} top1 {t1 / n:.3f} top3 {t3 / n:.3f} no-answer {none}")


def parse(items: list[dict]) -> None:
    outs = _run(["parse", "--now", NOW, "--json"], [it["text"] for it in items])
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # n, exact, field hits, fields
    for it, got in zip(items, outs, strict=True):
        hits = total = 0
        for f in FIELDS:
            if f in it:
                total += 1
                hits += got.get(f) == it[f]
        if "title_has" in it:
            total += 1
            hits += it["title_has"] in (got.get("title") or "")
        if hits != total:
            want = {f: it[f] for f in FIELDS if f in it}
            have = {f: got.get(f) for f in FIELDS if f in it}
            print(
                f"miss [{it.get('category')}] {it['text']} -> want {want} got {have} title {got.get('title')!r}"
            )
        for key in (it.get("category", "-"), "ALL"):
            s = stats[key]
            s[0] += 1
            s[1] += hits == total
            s[2] += hits
            s[3] += total
    for key, (n, exact, hits, total) in sorted(stats.items()):
        print(
            f"{key:12} n={n:3} fully right {exact / n:.3f} fields {hits}/{total} = {hits / max(total, 1):.3f}"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("task", choices=["qa", "parse"])
    ap.add_argument("file")
    args = ap.parse_args()
    items = [
        json.loads(line) for line in Path(args.file).read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    (qa if args.task == "qa" else parse)(items)


if __name__ == "__main__":
    main()
