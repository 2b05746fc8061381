"""Clause splitting of both plans: counts, hierarchy labels, verbatim text (no jieba needed)."""

from __future__ import annotations

import pytest

from bot.core import paths
from bot.core.knowledge.clauses import normalize, sentences, split_policy


def _clauses(city: str):
    text = (paths.policies_dir() / f"{city}-2021-cdo-pilot.txt").read_text(encoding="utf-8")
    return {c.clause_id: c for c in split_policy(text, city)}


@pytest.fixture(scope="module")
def shenzhen():
    return _clauses("shenzhen")


@pytest.fixture(scope="module")
def zhuhai():
    return _clauses("zhuhai")


def test_shenzhen_splits_into_twenty_clauses_with_six_duty_items(shenzhen):
    assert len(shenzhen) == 20
    duty_items = [c for c in shenzhen.values() if "职责范围" in c.section_title]
    assert [c.item_no for c in duty_items] == [1, 2, 3, 4, 5, 6]


def test_zhuhai_splits_into_seventeen_clauses_with_four_duty_items(zhuhai):
    assert len(zhuhai) == 17
    duty_items = [c for c in zhuhai.values() if "职责范围" in c.section_title]
    assert [c.title for c in duty_items] == [
        "统筹数据管理工作",
        "协助推进数字政府建设",
        "实施常态化指导监督",
        "加强数据运营支撑",
    ]


def test_shenzhen_item_label_keeps_numbered_chapter_and_full_width_section(shenzhen):
    clause = shenzhen["shenzhen.c4.s2.i4"]
    assert clause.label == "《深圳市首席数据官制度试点实施方案》 四、主要任务（二）4"
    assert clause.title == "实施常态化指导监督"
    assert "“一票否决权”" in clause.text


def test_zhuhai_bare_chapter_headings_are_recognised(zhuhai):
    assert zhuhai["zhuhai.c3.s2.i1"].label == "《珠海市首席数据官制度试点实施方案》 主要任务（二）1"
    assert zhuhai["zhuhai.c4.s2"].label == "《珠海市首席数据官制度试点实施方案》 保障措施（二）"
    assert [zhuhai[f"zhuhai.c{n}"].chapter for n in (1,)] == ["工作目标"]


def test_a_section_without_items_keeps_its_following_paragraphs(zhuhai):
    clause = zhuhai["zhuhai.c2.s1"]
    assert clause.text.startswith("（一）试点推进。")
    assert "横琴新区、香洲区、金湾区、斗门区、高新区" in clause.text


def test_section_headings_over_items_are_not_clauses_of_their_own(shenzhen):
    assert "shenzhen.c4.s2" not in shenzhen
    assert "shenzhen.c3.s2" in shenzhen  # 试点范围 (二) has no items: it is the clause


def test_source_names_the_document_and_its_number(zhuhai, shenzhen):
    assert zhuhai["zhuhai.c3.s3.i2"].source == "《珠海市首席数据官制度试点实施方案》 珠府办函〔2021〕63号"
    assert shenzhen["shenzhen.c5.s3"].source == "《深圳市首席数据官制度试点实施方案》 深府办函〔2021〕71号"


def test_text_is_kept_verbatim_with_its_own_punctuation(zhuhai, shenzhen):
    assert "（一）加强组织实施。" in zhuhai["zhuhai.c4.s1"].text
    assert shenzhen["shenzhen.c5.s1"].text.startswith("(一)加强组织实施。")


def test_cover_notice_and_preamble_are_clauses_outside_chapters(zhuhai):
    assert zhuhai["zhuhai.notice"].chapter == "印发通知"
    assert zhuhai["zhuhai.preamble"].text.startswith("为贯彻落实")


def test_normalize_folds_full_width_punctuation_and_case():
    assert normalize("（一）１．ＣＤＯ，") == "(一)1.cdo,"


def test_sentences_split_at_full_stops_and_semicolons():
    assert sentences("甲。乙；丙\n丁") == ["甲。", "乙；", "丙", "丁"]


def test_a_text_without_the_plan_title_is_rejected():
    with pytest.raises(ValueError):
        split_policy("没有标题的文字。", "zhuhai")
