"""Questions asking for the parts of a chapter or section get its outline (bot/core/knowledge/outline.py)."""

from __future__ import annotations

import pytest

from bot.core.i18n import translator
from bot.services.duty import answer_duty_question


@pytest.mark.parametrize(
    ("question", "city", "parts"),
    [
        # a chapter named with a list cue: its sections, with their items' headings
        (
            "方案的主要任务分成哪几部分",
            "zhuhai",
            ["健全首席数据官组织架构", "明确首席数据官职责范围", "建立首席数据官评价机制"],
        ),
        (
            "实施方案的主要任务一共有几大项？分别是什么",
            "shenzhen",
            ["建立首席数据官工作机制", "开展首席数据官评价总结"],
        ),
        # 任务 and 工作 are duty words: without the outline running first this was the duty list
        ("主要任务清单给我过一遍", "shenzhen", ["建立首席数据官工作机制", "明确首席数据官职责范围"]),
        (
            "方案最后提的工作要求有哪几点，帮我列一下",
            "shenzhen",
            ["加强组织实施", "完善配套措施", "加强交流培训"],
        ),
        # same_heading: Zhuhai calls its closing chapter 保障措施, Shenzhen 工作要求
        ("工作要求有哪几条", "zhuhai", ["加强组织实施", "加强交流培训"]),
        ("保障措施有哪些", "shenzhen", ["加强组织实施", "完善配套措施"]),
        # the heading alone is the question
        ("试点范围", "shenzhen", ["(一)市政府", "福田区、南山区、宝安区、坪山区政府"]),
        # a section by its core (评价机制 of 建立首席数据官评价机制): its items
        ("评价机制包括哪些内容", "zhuhai", ["组织履职评价", "定期工作报送", "激励评价措施"]),
        ("首席数据官评价机制有哪几项", "zhuhai", ["组织履职评价", "激励评价措施"]),
        # the plan named (试点方案, 咱们这个试点方案) is where the heading is, not a topic of its own
        (
            "试点方案里主要任务有几大块？都列一下",
            "zhuhai",
            ["健全首席数据官组织架构", "建立首席数据官评价机制"],
        ),
        ("咱们这个试点方案的保障措施有几条", "zhuhai", ["加强组织实施", "加强交流培训"]),
        # 阶段 (outline_framing): 实施计划分几个阶段 points at the chapter's parts
        ("实施计划分几个阶段", "zhuhai", ["试点推进", "全面推广"]),
    ],
)
def test_a_question_for_the_parts_of_a_heading_gets_its_outline(knowledge, question, city, parts):
    result = knowledge.ask(question, city=city)
    assert result.intent == "outline" and result.confident
    joined = "\n".join(a.text for a in result.answers)
    assert all(p in joined for p in parts), joined


@pytest.mark.parametrize(
    ("question", "city"),
    [
        ("主要任务里人才方面有什么要求", "shenzhen"),  # a topic of its own: a clause's job
        ("首席数据官的工作要求是什么", "shenzhen"),  # a post's 工作要求: its duties (_OWNER)
        ("我的主要任务有哪些", "zhuhai"),
        ("试点范围包括哪些部门", "shenzhen"),  # 部门: the section listing the departments
    ],
)
def test_a_heading_asked_about_with_a_topic_or_an_owner_is_no_outline(knowledge, question, city):
    assert knowledge.ask(question, city=city).intent != "outline"


def test_the_owner_questions_still_get_the_duty_list(knowledge):
    assert knowledge.ask("首席数据官的工作要求是什么", city="shenzhen").intent == "duties"
    assert knowledge.ask("我的主要任务有哪些", city="zhuhai").intent == "duties"


def test_the_chat_shows_one_line_per_part_and_buttons_only_for_whole_clauses(knowledge):
    reply = answer_duty_question(knowledge, "方案的主要任务分成哪几部分", "zhuhai")
    assert reply.key == "duty.outline"
    header = translator().format(reply.key, reply.params)
    assert "主要任务" in header and "3" in header
    assert reply.literal.count("\n") == 2 and "1.组织履职评价；2.定期工作报送" in reply.literal
    assert reply.choices == ()  # section summaries stand for several clauses
    reply = answer_duty_question(knowledge, "工作要求有哪几条", "shenzhen")
    assert len(reply.choices) == 3 and all(len(line) <= 80 for line in reply.literal.splitlines())
