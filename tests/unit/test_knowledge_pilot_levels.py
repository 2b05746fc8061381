"""One level of the pilot units asked for (issue 10, facts): 纳入试点的市直部门有哪些 asks for the
scope section's clause of that level. Shenzhen's 试点范围 lists 市政府, the departments and the
districts apart; Zhuhai's 试点推进 lists them all in one clause. 市直, 市属 are no words of the
plans, so as topics they outweighed 试点 and the clause that says 纳入试点的各区和部门 won.
Our own examples, one line per alternative of ``_PILOT_LEVEL`` and ``_OUR_CITY``."""

from __future__ import annotations

import pytest

SZ_DEPARTMENTS = "市公安局、人力资源保障局"
SZ_DISTRICTS = "福田区、南山区、宝安区、坪山区政府"
ZH_SCOPE = "具体范围如下"


@pytest.mark.parametrize(
    ("question", "city", "phrase"),
    [
        ("纳入试点的市直部门都有哪些", "shenzhen", SZ_DEPARTMENTS),  # 市直, 的…都有哪些
        ("纳入试点的市直部门都有哪些", "zhuhai", ZH_SCOPE),
        ("试点都有哪些市属部门", "shenzhen", SZ_DEPARTMENTS),  # 市属, 试点…哪些
        ("纳入试点的市级部门是哪几个", "shenzhen", SZ_DEPARTMENTS),  # 市级, 是, 哪几个
        ("哪些直属机关纳入了试点", "shenzhen", SZ_DEPARTMENTS),  # 直属, 机关, 哪些…纳入
        ("试点覆盖了哪些市局", "shenzhen", SZ_DEPARTMENTS),  # 市 + 局
        ("试点的市直单位有哪些呢", "shenzhen", SZ_DEPARTMENTS),  # 市直单位, 呢
        ("本市纳入试点的部门有哪些", "shenzhen", SZ_DEPARTMENTS),  # 本市, 部门
        ("我市纳入试点的部门有哪些？", "shenzhen", SZ_DEPARTMENTS),  # 我市
        ("珠海那边试点的市直部门是哪些", "shenzhen", ZH_SCOPE),  # the other city named stays asked
        ("试点都覆盖了哪些区", "shenzhen", SZ_DISTRICTS),  # 区
        ("哪几个功能区纳入了试点", "zhuhai", ZH_SCOPE),  # 功能区 is a 区 too
    ],
)
def test_one_level_of_the_pilot_units_is_its_scope_clause(knowledge, question, city, phrase):
    result = knowledge.ask(question, city=city)
    assert result.confident and phrase in result.answers[0].text


@pytest.mark.parametrize(
    ("question", "city"),
    [
        ("纳入试点的部门有哪些职责", "shenzhen"),  # something asked of them
        ("试点涉及哪些部门的经费", "shenzhen"),
        ("试点有哪些区别", "zhuhai"),  # 区别 is no 区
    ],
)
def test_a_level_with_something_else_asked_is_not_the_scope_clause(knowledge, question, city):
    result = knowledge.ask(question, city=city)
    shown = result.answers or result.suggestions
    assert not shown or (SZ_DEPARTMENTS not in shown[0].text and ZH_SCOPE not in shown[0].text)


@pytest.mark.parametrize(
    ("question", "city"),
    [
        ("哪些部门参加了足球比赛", "shenzhen"),
        ("纳入试点的部门有多少经费", "zhuhai"),
        ("试点覆盖了哪些功能区", "shenzhen"),  # Shenzhen's plan names none
    ],
)
def test_near_misses_stay_unanswered(knowledge, question, city):
    assert not knowledge.ask(question, city=city).confident
