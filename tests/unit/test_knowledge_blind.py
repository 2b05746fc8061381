"""The blind question set (tests/data/qa_blind.jsonl), scored the way /work/shared/eval/score.py
scores the hidden set: the first answer must contain an expected phrase (``expect_any``), all
answers together every phrase (``expect_all``), and an out-of-scope question must be declined
(not confident, or no answers).

The first batch (137 lines) was written from the two plans alone, in chat wording (谁说了算,
多久交一次, 有啥奖励), before the knowledge code was read; nine more batches followed, each
written and scored *before* the fixes it prompted, to check that the word lists and rules
generalise (fresh top-1 of each batch is in the commit history; the ninth, 73 questions in
coordinator chat wording with KPI/CDO mixed in, scored 56/59 in scope and 14/14 declined
fresh; the tenth, 62 short direct questions over every chapter of both plans, 47/50 top-1,
49/50 top-3 and 12/12 declined fresh). The thresholds are what the engine reaches on all ten
batches, rounded down (top-1 653/665, top-3 664/665, 142/143 declined): a lower score is a
regression to look at, not noise. One out-of-scope question is still answered (谁是珠海市首席数据官: the plans name no
person, but they do say which post holds the role).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.core.knowledge import Knowledge

BLIND_SET = Path(__file__).resolve().parents[1] / "data" / "qa_blind.jsonl"
MIN_TOP1 = 0.98
MIN_TOP3 = 0.99
MIN_OUT_OF_SCOPE_DECLINED = 0.99


def _items() -> list[dict]:
    return [json.loads(line) for line in BLIND_SET.read_text(encoding="utf-8").splitlines() if line.strip()]


def _judge(knowledge: Knowledge, item: dict) -> tuple[bool, bool]:
    """(top-1 right, top-3 right) for one item, as the scorer decides it."""
    out = knowledge.ask(item["q"], city=item["city"]).to_json()
    texts = [a["text"] for a in out["answers"]]
    if item.get("out_of_scope"):
        declined = out["confident"] is False or not texts
        return declined, declined
    if "expect_all" in item:
        joined = "\n".join(texts)
        ok = all(s in joined for s in item["expect_all"])
        return ok, ok
    hits = [any(s in t for s in item["expect_any"]) for t in texts]
    return any(hits[:1]), any(hits[:3])


@pytest.fixture(scope="module")
def judged() -> list[tuple[dict, bool, bool]]:
    knowledge = Knowledge.load()
    return [(item, *_judge(knowledge, item)) for item in _items()]


def test_every_expected_phrase_is_quoted_verbatim_from_its_citys_plan():
    from bot.core.paths import policies_dir

    texts = {
        "shenzhen": (policies_dir() / "shenzhen-2021-cdo-pilot.txt").read_text(encoding="utf-8"),
        "zhuhai": (policies_dir() / "zhuhai-2021-cdo-pilot.txt").read_text(encoding="utf-8"),
    }
    for item in _items():
        for phrase in item.get("expect_any", []) + item.get("expect_all", []):
            assert phrase in texts[item["city"]], (item["q"], phrase)


def test_the_set_covers_both_cities_and_out_of_scope_questions():
    items = _items()
    assert {i["city"] for i in items} == {"shenzhen", "zhuhai"}
    assert sum(1 for i in items if i.get("out_of_scope")) >= 25
    assert sum(1 for i in items if not i.get("out_of_scope")) >= 500


def test_in_scope_blind_questions_find_their_clause_first(judged):
    in_scope = [(item, top1) for item, top1, _top3 in judged if not item.get("out_of_scope")]
    misses = [f"{item['city']}: {item['q']}" for item, top1 in in_scope if not top1]
    assert 1 - len(misses) / len(in_scope) >= MIN_TOP1, misses


def test_in_scope_blind_questions_find_their_clause_among_the_first_three(judged):
    in_scope = [(item, top3) for item, _top1, top3 in judged if not item.get("out_of_scope")]
    misses = [f"{item['city']}: {item['q']}" for item, top3 in in_scope if not top3]
    assert 1 - len(misses) / len(in_scope) >= MIN_TOP3, misses


def test_out_of_scope_blind_questions_are_declined(judged):
    off = [(item, ok) for item, ok, _ok3 in judged if item.get("out_of_scope")]
    answered = [f"{item['city']}: {item['q']}" for item, ok in off if not ok]
    assert 1 - len(answered) / len(off) >= MIN_OUT_OF_SCOPE_DECLINED, answered
