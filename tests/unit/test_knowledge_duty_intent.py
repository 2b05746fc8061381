"""The duty-list intent however it is asked (issue 10): a typo in 职责 (matched by pinyin), the
clause that asks in a long question, the asker's framing (清单, 列一下, 哪几个方面, 新上任), for
both cities with every item. Example questions are our own, not the blind batches'."""

from __future__ import annotations

import pytest

from bot.core.knowledge import Knowledge

SHENZHEN_ITEMS = 6
ZHUHAI_ITEMS = 4


def _is_list(knowledge: Knowledge, question: str, city: str) -> bool:
    result = knowledge.ask(question, city=city)
    expected = SHENZHEN_ITEMS if city == "shenzhen" else ZHUHAI_ITEMS
    return result.intent == "duties" and result.confident and len(result.answers) == expected


@pytest.mark.parametrize("city", ["shenzhen", "zhuhai"])
@pytest.mark.parametrize(
    "question",
    [
        "数据官的职则是什么",  # 职则: a homophone typo of 职责
        "CDO的值责有哪些",
        "下周要汇报，领导让我准备材料，首席数据官的职责是哪几条",  # the clause that asks
        "首席数据官的职责清单列一下",  # 清单 (framing), 列 (a common verb)
        "首席数据官要从哪些方面开展工作",  # 方面
        "新上任的CDO负责哪些重点工作",  # 上任, 重点
        "刚被任命为首席数据官，要做哪些事",  # 任命
        "方案里给CDO定了哪些职责",  # 方案, 定
        "首席数据官的职责完整的说一下",  # 完整, 说
        # Words no plan clause holds are the asker's framing (汇总, 年终述职, 岗位, English):
        "想汇总一下首席数据官的职责，用于年终述职",
        "首席数据官这个岗位负责什么",
        "CDO的duties有哪些 就是职责",
        "首席数剧官的职责有哪些",  # 数剧: a homophone typo inside the subject word
        "首席数据官要管哪几摊事",  # 摊: a measure word after 几 names nothing
        "当了CDO要干哪几样活",
    ],
)
def test_the_duty_list_is_recognised_however_it_is_asked(knowledge, question, city):
    assert _is_list(knowledge, question, city)


@pytest.mark.parametrize(
    "question",
    [
        "首席执行官的职责",  # another post: 执行官 is a topic, not framing
        "首席数据官的职责和彩票有关吗",  # a noun the plans never use is a topic
        "首席数据官被指责怎么办",  # 指责 is a word of its own, never corrected to 职责
        "首席风控官职责是什么",  # absent from the plans, but a post (…官): a topic
        "首席数据官工作的钱从哪来",  # 钱: one character is too short to call framing
        "干出成绩了上面有没有甜头",  # 甜头: the synonym lists spell it as 激励/加分, a topic
        "活干好了有啥实惠",  # 实惠: likewise
        # a count before the post counts the posts (一名首席数据官), whatever the scene says
        "我们福田区在做调研，一个单位设几个首席数据官",
        "我是南山区的，正在做统计，一个区设多少个CDO",
    ],
)
def test_a_duty_word_beside_a_topic_is_not_the_list(knowledge, question):
    assert knowledge.ask(question, city="shenzhen").intent != "duties"


def test_the_pinyin_correction_leaves_dictionary_words_alone(knowledge):
    assert knowledge._spelled("首席数据官被指责了") == "首席数据官被指责了"
    assert knowledge._spelled("首席数据官的职则") == "首席数据官的职责"


@pytest.mark.parametrize(
    ("question", "city"),
    [
        ("要是别的部门泄露数据、造成重大损失，我能管吗", "zhuhai"),  # the scene holds the topic (损失)
        # …or a word the synonym lists spell as a plan word (违规 → 违反, 违法)
        ("底下有人搞违规的事，这个位置得管吗", "zhuhai"),
        ("碰到有部门违法，我这个岗位要管吗", "shenzhen"),
        ("公共数据要和社会数据融合，我们要做啥", "shenzhen"),
    ],
)
def test_a_short_duty_clause_after_a_scene_with_a_plan_topic_is_not_the_list(knowledge, question, city):
    assert knowledge.ask(question, city=city).intent != "duties"


def test_a_short_duty_clause_after_a_scene_without_plan_topics_is_the_list(knowledge):
    assert _is_list(knowledge, "刚调过来接手这摊子，一头雾水，该做哪些", "zhuhai")


@pytest.mark.parametrize(
    ("question", "city"),
    [
        # the verb of a request to the bot frames the list (帮我梳理, 请整理, 麻烦汇总)
        ("帮我梳理一下首席数据官的职责，全部列出来", "shenzhen"),
        ("请梳理首席数据官的职责", "zhuhai"),
        ("麻烦梳理一下CDO的职责", "zhuhai"),
        ("给我梳理一下CDO的职责", "shenzhen"),
        # so does what the asker will do with it, after a task verb
        ("帮我梳理一份首席数据官职责清单，要写进述职材料", "zhuhai"),
        # 我们市 is the asker's own city, like 我们区
        ("我们市首席数据官要负责哪几方面工作？", "shenzhen"),
        # a word spelled as a place or unit (区里 → 区) says where the duties are, no topic
        ("区里的首席数据官要管哪几块", "shenzhen"),
    ],
)
def test_the_askers_request_or_purpose_and_own_city_only_frame_the_list(knowledge, question, city):
    assert _is_list(knowledge, question, city)


@pytest.mark.parametrize("city", ["shenzhen", "zhuhai"])
@pytest.mark.parametrize(
    "question",
    [
        # 全列 (list them all) is a listing verb, not a homophone typo of the plan word 全力
        "首席数据官的职责帮我全列出来",
        "CDO要负责的事情请全列一遍",
        "刚上任，职责清单给我全列一下",
    ],
)
def test_all_listed_frames_the_duty_list(knowledge, question, city):
    assert _is_list(knowledge, question, city)


def test_a_topic_after_a_request_verb_is_still_a_topic(knowledge):
    assert not _is_list(knowledge, "帮我梳理一下数据安全方面首席数据官的职责", "zhuhai")


def test_an_english_chat_word_finds_the_plans_chinese(knowledge):
    result = knowledge.ask("首席数据官 training 要搞几次啊", city="zhuhai")
    assert result.confident and "培训" in result.answers[0].text


@pytest.mark.parametrize("city", ["shenzhen", "zhuhai"])
@pytest.mark.parametrize(
    "question",
    [
        "我是市医保局的，我要做哪些事",  # the introduction names a pilot department: the asker
        "我是市医保局的首席数据官，要做哪些事",
        "我是市统计局的，平时要干哪些活",
        "我是市场监管局的，我要做哪些事",  # 市场 is in many clauses, the bureau itself in one
    ],
)
def test_an_askers_introduction_of_their_unit_does_not_hide_the_duty_list(knowledge, question, city):
    assert _is_list(knowledge, question, city)


def test_an_introduction_by_a_district_with_a_focus_leads_with_that_focus(knowledge):
    result = knowledge.ask("我是南山区的，平时要做哪些工作", city="shenzhen")
    assert result.intent == "duties" and "南山区" in result.answers[0].text


def test_an_introduction_before_a_question_that_is_no_duty_list_stays_that_question(knowledge):
    result = knowledge.ask("我们是市公安局，本局首席数据官由谁任免", city="zhuhai")
    assert result.intent != "duties" and "任免" in result.answers[0].text


@pytest.mark.parametrize("city", ["shenzhen", "zhuhai"])
def test_the_coordinating_bureau_introducing_itself_asks_about_its_own_tasks(knowledge, city):
    # 市政务服务数据管理局 is named by the plans as the body that builds the 沟通机制: it is the topic.
    result = knowledge.ask("我们是市政务服务数据管理局，要干什么", city=city)
    assert result.intent != "duties"
    assert any("沟通机制" in a.text for a in result.answers[:3])


def test_the_coordinating_bureau_named_by_its_short_name_is_not_replaced_by_a_category(knowledge):
    # 市政数局 = 市政务服务数据管理局, which 给予试点区和部门支持保障 in the Shenzhen plan.
    result = knowledge.ask("我们是市政数局，要给试点区提供哪些支持", city="shenzhen")
    assert "支持保障" in result.answers[0].text
