"""``Knowledge.duty_for``: which duty item of a city's plan an activity serves, by the duty-question index."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("city", "title", "item"),
    [
        ("zhuhai", "数字政府建设推进会", 2),
        ("zhuhai", "数据共享开放工作交流会", 1),
        ("zhuhai", "信息化项目一票否决培训", 1),
        ("zhuhai", "数据分析人才队伍培训", 4),
        ("shenzhen", "全员数据技能与安全培训", 5),
        ("shenzhen", "数据安全培训", 5),
        ("shenzhen", "一网通办专题培训", 1),
        ("shenzhen", "数据分类分级标准宣贯", 2),
        ("shenzhen", "信息化项目一票否决培训", 4),
        ("shenzhen", "隐私保护专题培训", 6),
    ],
)
def test_an_activity_goes_to_the_duty_item_whose_words_it_shares(knowledge, city, title, item) -> None:
    found = knowledge.duty_for(title, city)
    assert found is not None and found.number == item, (title, found)


@pytest.mark.parametrize(
    ("city", "title"),
    [
        ("zhuhai", "数据安全培训"),  # Zhuhai's duty items never say 安全
        ("zhuhai", "首席数据官沟通交流会"),  # 首席数据官 is in every item: it tells none apart
        ("zhuhai", "首席数据官数据工作"),  # what is left (工作) weighs too little to place it
        ("shenzhen", "首席数据官数据工作"),
        ("shenzhen", "区内交流会"),
        ("shenzhen", "团建活动"),
        ("shenzhen", "工作总结报告"),
    ],
)
def test_an_activity_no_duty_item_covers_is_placed_nowhere(knowledge, city, title) -> None:
    assert knowledge.duty_for(title, city) is None


def test_a_city_name_in_chinese_works_too(knowledge) -> None:
    assert knowledge.duty_for("数字政府建设推进会", "珠海").number == 2
