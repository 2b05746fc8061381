"""Issue 10, batch 29's role_unit misses probed in our own wording: the asker introduces their
unit (我在X这边, 作为X的CDO, 我是X的) and then asks; the introduction is who asks, not the topic.
Probes the engine does not yet answer are marked xfail, strictly."""

from __future__ import annotations

import pytest

from bot.core.knowledge import Knowledge

PROBES = [
    # 我在X(这边|这里): a district with its own sentence in the plan is asked about as that district
    ("shenzhen", "我在宝安区这边当数据官，区里的试点重点是什么", "宝安区重点开展智能社会治理应用"),
    ("shenzhen", "我在坪山区，方案给我们区定的重点方向是啥", "坪山区重点开展推广首席信息官"),
    ("shenzhen", "我在福田区这里，方案要我们区重点做什么", "福田区重点依托"),
    # the district's 政府 is still the introduction, not a topic (the scope list names 区政府)
    ("shenzhen", "我在宝安区政府这边，方案对我们区有什么特别安排", "宝安区重点开展智能社会治理应用"),
    # a department the plans do not name: the plans' 本部门 wording
    ("shenzhen", "我是市气象局的，我们局的数据技能培训要搞到什么范围", "全员数据技能与安全培训"),
    # the coordinating bureau asking what it provides: the clauses it is the subject of
    ("shenzhen", "我在市政务服务数据管理局，我们局对试点区和部门要给哪些保障", "在公共支撑、平台应用"),
    ("zhuhai", "我在金湾区这边，区里的首席数据官由谁推荐", "由本区政府（管委会）、本部门推荐"),
]

NOT_YET = [
    # 面向谁 (whom) is no wording of 全员 (all staff): the exchange-and-training clause still wins
    ("shenzhen", "作为市公安局的首席数据官，本局的数据安全培训要面向谁", "全员数据技能与安全培训"),
    # 帮助 is no wording of 支撑: the mechanism clause (牵头协调, 技术保障) still wins
    ("zhuhai", "我在市政数局这里，我们要给试点单位的首席数据官什么帮助", "提供数据协调、平台应用、技术服务"),
]
_NOT_YET = [pytest.param(*p, marks=pytest.mark.xfail(strict=True)) for p in NOT_YET]


@pytest.mark.parametrize(("city", "question", "expected"), PROBES + _NOT_YET)
def test_a_self_introduction_is_who_asks(knowledge: Knowledge, city, question, expected):
    result = knowledge.ask(question, city=city)
    assert result.answers and expected in knowledge.clause(result.answers[0].clause_id).text
