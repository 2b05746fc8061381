"""A verb of starting in a question asking when (issue 10, facts): 试点什么时候启动 asks for the
pilot's start, which the plans give as a date (2021年5月底…试点), never with the verb; as a topic
(启动 => 开展) it found a clause that says 开展. Our own examples, one per start word."""

from __future__ import annotations

import pytest

PILOT_START = "2021年5月底"


@pytest.mark.parametrize(
    "question",
    [
        "珠海这边CDO试点是哪一天启动的",  # 启动
        "CDO试点是哪天开启的",  # 开启
        "试点几月份着手搞的",  # 着手
    ],
)
def test_a_start_verb_in_a_when_question_is_the_date_asked(knowledge, question):
    result = knowledge.ask(question, city="zhuhai")
    assert result.confident and PILOT_START in result.answers[0].text


def test_a_start_verb_keeps_its_sense_outside_a_when_question(knowledge):
    words = ["试点", "启动", "以后", "做", "什么"]
    assert "启动" in [c.word for c in knowledge._concepts(words)[0]]
