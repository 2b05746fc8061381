"""Everyday words for the plans' own (issue 10, paraphrase / other_city): 比赛 or 竞赛 for the
Shenzhen plan's 大赛. kin.txt is derived from a thesaurus (tools/derive_kin.py: same Cilin class,
same head character), not typed; a kin covers only the head of the word asked, a weak hint that
helps the clause be found, never enough to answer a question about something else. Our own
examples."""

from __future__ import annotations

import re

import pytest

from bot.core import paths
from bot.core.knowledge.vocabulary import Vocabulary

CONTEST = "全球开放数据应用创新大赛"


@pytest.mark.parametrize(
    ("question", "city"),
    [
        ("有没有搞什么竞赛来推动数据开放", "shenzhen"),  # 竞赛 => 大赛
        ("深圳用什么比赛带动数据应用创新", "zhuhai"),  # 比赛 => 大赛, the other city named
    ],
)
def test_an_everyday_word_finds_the_plans_word_of_its_kind(knowledge, question, city):
    result = knowledge.ask(question, city=city)
    shown = result.answers or result.suggestions
    assert shown and CONTEST in shown[0].text


@pytest.mark.parametrize(
    ("question", "city"),
    [
        ("足球比赛在哪看", "shenzhen"),
        ("今年有什么比赛可以报名", "shenzhen"),
        ("哪些部门参加了足球比赛", "zhuhai"),
    ],
)
def test_a_kin_alone_answers_nothing(knowledge, question, city):
    assert not knowledge.ask(question, city=city).confident


def test_kin_pairs_share_their_head_and_are_no_plan_words(knowledge):
    kin = Vocabulary.load(paths.jieba_dir()).kin
    assert kin["比赛"] == ("大赛",)
    pair = re.compile(r"[\u4e00-\u9fff]{2}")
    for word, targets in kin.items():
        assert pair.fullmatch(word) and targets
        assert all(pair.fullmatch(t) and t[-1] == word[-1] for t in targets), word
