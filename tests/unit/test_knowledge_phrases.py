"""Phrases of the word lists that jieba cuts apart (issue 10, paraphrase): 干得好 is 干 / 得 / 好 to
jieba, yet synonyms.txt lists it whole; a run of tokens that spells a listed word is that word.
A token jieba's HMM made of a content word and a measure word glued after it (成个) is two words,
not a rare topic of its own. Our own examples."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("question", "city", "phrase"),
    [
        ("数据工作干得好的部门能得到啥", "zhuhai", "优先加分"),  # 干得好 => 成效 优秀 显著
        ("成绩好的试点部门有什么说法", "shenzhen", "加分鼓励"),  # 成绩好, cut as 成绩 / 好
    ],
)
def test_a_listed_phrase_cut_apart_by_jieba_is_still_the_listed_word(knowledge, question, city, phrase):
    result = knowledge.ask(question, city=city)
    shown = result.answers or result.suggestions
    assert shown and phrase in shown[0].text


def test_a_measure_word_glued_on_by_the_hmm_is_split_off(knowledge):
    assert knowledge._phrased(["成个", "什么"]) == ["成", "个", "什么"]
    assert "每级" in knowledge._phrased(["每级", "的", "标准"])  # 每 is a common adjective: kept whole


def test_a_district_named_without_its_qu_is_the_district(knowledge):
    # jieba cuts 坪山 into 坪 / 山; the plans name 坪山区.
    result = knowledge.ask("坪山这次试点有什么特色", city="shenzhen")
    shown = result.answers or result.suggestions
    assert shown and "坪山区重点开展推广首席信息官" in shown[0].text
    assert "坪山区" in knowledge._phrased(["坪", "山", "的", "特色"])


def test_a_longer_made_up_token_with_a_particle_inside_is_cut_by_the_dictionary(knowledge):
    assert knowledge._phrased(["方案", "发的文"]) == ["方案", "发", "的", "文"]
    result = knowledge.ask("珠海方案是哪个单位发的文", city="zhuhai")
    shown = result.answers or result.suggestions
    assert shown and "珠海市人民政府办公室" in shown[0].text


@pytest.mark.parametrize(
    "question",
    [
        "试点是从哪个月开始搞的",  # 是从: one verb in jieba's dictionary
        "珠海这项试点是从几月份起步的",
        "这项试点是由哪天开始的",
    ],
)
def test_the_copula_glued_to_a_function_word_is_two_words(knowledge, question):
    """是从 weighed as a rare verb the plans never use, and 试点…开始 no longer covered the question."""
    result = knowledge.ask(question, city="zhuhai")
    assert result.confident and "2021年5月底" in result.answers[0].text


def test_only_the_copula_head_is_split(knowledge):
    assert knowledge._phrased(["是从", "什么时候"]) == ["是", "从", "什么时候"]
    for word in ("出自", "有用", "上级", "过问", "这次"):  # words of their own, or weightless already
        assert word in knowledge._phrased([word, "什么"])
