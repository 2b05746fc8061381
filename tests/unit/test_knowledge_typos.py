"""Homophone typos of the plans' own topic words (issue 10, noisy questions): typed with a pinyin
input method, 陪训 is 培训, 保告 is 报告, 认免 is 任免. Corrected only inside a run of characters
jieba's dictionary does not know, never inside a real word or a plan word. Our own examples."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("question", "city", "word", "phrase"),
    [
        ("各区的数据安全陪训每年不能少于几场", "zhuhai", "培训", "不低于2场"),
        ("工作总结保告里要写哪些内容", "zhuhai", "报告", "佐证材料"),
        ("试点部门的首席数据官由谁认免", "shenzhen", "任免", "由本部门任免"),
        ("信息化项目的一票否绝权归谁", "zhuhai", "否决", "一票否决权"),
        # A typo inside a department's name splits it into tokens the HMM made up (市审 / 记局,
        # 市医宝局): no word boundary to respect there.
        ("试点名单里有没有市审记局", "zhuhai", "审计局", "市审计局"),
        ("试点部门有没有市医宝局", "shenzhen", "医保局", "医保局"),
        ("市规化和自然资源局是不是试点", "shenzhen", "规划", "规划和自然资源局"),
        # jieba splits the typo into characters of their own (备 / 按, 考 / 和) rather than making
        # a word up: a run of single characters that is no word reads as the plan word too
        ("数据官任命后要向省里备按吗", "zhuhai", "备案", "报省政务服务数据管理局备案"),
        ("首席数据官每年都要被考和吗", "zhuhai", "考核", "考核评价"),
        # 数句 is in jieba's dictionary, but so rarely (15) that a chat question means 数据 by it
        ("数句标准化要做哪些事", "shenzhen", "数据", "完善数据标准化管理"),
        ("数句治理归谁管", "zhuhai", "数据", "数据治理"),
    ],
)
def test_a_homophone_typo_of_a_plan_word_finds_the_clause(knowledge, question, city, word, phrase):
    assert word in knowledge._spelled(question)
    result = knowledge.ask(question, city=city)
    shown = result.answers or result.suggestions
    assert shown and phrase in shown[0].text


@pytest.mark.parametrize(
    "question",
    [
        "副区长能不能兼任首席数据官",  # 副 is a word of its own: no 市区 made of it
        "聘任制公务员怎么引进",  # 聘任制 is a plan word already: no 任职 made of it
        "事实上我们区还没开始试点",  # 事实 is a dictionary word
        "这是点小事",  # 是 and 点 are words of their own: no 试点
        "能列一下职责吗",  # 能列 is 能 + 列, a particle glued on: no 能力
        "这事最后能弄成个什么结果",  # 个 reads gàn too, but no word begins inside 成个: no 干什么
        "数据官到底是个啥",  # 个, a measure word of its own, is no typo of 干: no 干啥
        "职责清单全列一下",
        "这事你按时办",  # 按时 is a word: no 备案 nor 案时 made of it
        "我们备按照方案办",  # 按照 is a word: the run of single characters is 备 alone  # 全列 is a word (list them all): no 全力
    ],
)
def test_real_words_that_sound_like_plan_words_stay(knowledge, question):
    assert knowledge._spelled(question) == question


@pytest.mark.parametrize(
    ("question", "city", "phrase"),
    [
        # batch 26 (issue 10): a compound jieba knows whole (违规操作) whose part the synonym lists
        # spell as a plan topic (违规 → 违反) is that topic, no framing of a duty-list question
        ("发现违规操作，首席数据官该不该出手管", "zhuhai", "制止及纠正违反"),
        ("看见违规操作的，首席数据官要不要出手管一下", "shenzhen", "制止及纠正违反"),
    ],
)
def test_a_compound_of_a_topic_word_is_a_topic_not_a_duty_list(knowledge, question, city, phrase):
    result = knowledge.ask(question, city=city)
    assert result.intent != "duties"
    shown = result.answers or result.suggestions
    assert shown and phrase in shown[0].text
