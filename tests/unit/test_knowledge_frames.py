"""Question frames (issue 10, paraphrase): words that say what the answer is rather than what it
is about. What the plan is meant to achieve (最后要建成什么样子, 最终是为了啥, 图什么) is its goal
(工作目标, 旨在); the part a post or a body plays (起啥作用, 是什么角色, 扮演) is what it is
responsible for. Listed in question_words.txt; each line below fails without its word. Our own
examples."""

from __future__ import annotations

import pytest

GOAL_SZ = ("助力我市智慧城市", "试点旨在")
GOAL_ZH = ("珠海样本", "助力数字政府建设")


@pytest.mark.parametrize(
    ("question", "city", "phrases"),
    [
        ("深圳首席数据官制度最后要建成什么样子", "shenzhen", GOAL_SZ),  # 样子
        ("珠海建首席数据官制度要取得什么效果", "zhuhai", GOAL_ZH),  # 什么效果 (什么 / 效果)
        ("深圳试点图什么", "shenzhen", ("试点旨在",)),  # 图
        ("深圳想把首席数据官制度做成啥", "shenzhen", GOAL_SZ),  # 做成
        ("珠海要把这套制度弄成啥", "zhuhai", GOAL_ZH),  # 弄成
        ("珠海建首席数据官制度想达到什么", "zhuhai", GOAL_ZH),  # 达到
        ("这个制度最终是为了啥", "zhuhai", GOAL_ZH),  # 最终
        ("在数字政府建设里首席数据官是个什么角色", "zhuhai", ("协助落实省、市",)),  # 角色
        ("首席数据官在数字政府建设这块起啥作用", "zhuhai", ("协助落实省、市",)),  # 作用
        ("首席数据官在数字政府建设中扮演啥", "zhuhai", ("协助落实省、市",)),  # 扮演
    ],
)
def test_a_question_frame_asks_for_the_goal_or_the_part_played(knowledge, question, city, phrases):
    result = knowledge.ask(question, city=city)
    shown = result.answers or result.suggestions
    assert shown and any(p in shown[0].text for p in phrases)


def test_an_answer_word_the_index_holds_only_as_a_phrase_is_that_phrase(knowledge):
    # The heading 工作目标 is indexed as 工作+目标 (jieba cuts it in two): the answer word must be too.
    assert knowledge._indexed("工作目标") == "工作+目标"
    assert knowledge._indexed("旨在") == "旨在"


def test_what_a_unit_must_do_is_what_it_is_responsible_for(knowledge):
    # 干什么 (a duty word the plans never use) asks for 负责 / 牵头 / 组织, not a topic of its own.
    result = knowledge.ask("我是市政数局的，评价这块我们局要干什么", city="shenzhen")
    shown = result.answers or result.suggestions
    assert shown and "科学设立首席数据官评价指标" in shown[0].text


@pytest.mark.parametrize(
    ("question", "city", "phrase"),
    [
        ("首席数据官评价拿优秀有甜头吗", "shenzhen", "加分鼓励"),  # 甜头 → 激励 / 加分
        ("试点单位做得出色有没有实惠", "shenzhen", "加分鼓励"),  # 实惠 → 激励 / 加分
        ("局里缺懂数据的，可以去外头找人吗", "shenzhen", "引进专业人才"),  # 找人 → 引进
        ("搞数据的人不够，方案有没有说能请人", "shenzhen", "引进专业人才"),  # 请人 → 引进
        ("首席数据官身边可以外聘专家吗", "shenzhen", "引进专业人才"),  # 外聘 → 引进
    ],
)
def test_colloquial_words_for_a_reward_or_for_hiring_find_the_plans_words(knowledge, question, city, phrase):
    result = knowledge.ask(question, city=city)
    shown = result.answers or result.suggestions
    assert shown and phrase in shown[0].text


@pytest.mark.parametrize(
    ("question", "city", "phrases"),
    [
        ("最终要搞成什么样", "zhuhai", GOAL_ZH),
        ("这事最后要干成个什么样子", "shenzhen", GOAL_SZ),
        ("搞了这么多，最终想达到个啥", "shenzhen", GOAL_SZ),
    ],
)
def test_a_goal_frame_with_no_topic_left_offers_the_goal_heading(knowledge, question, city, phrases):
    # Nothing but the frame and words the plans never use: the frame names the 工作目标 heading,
    # which is offered, never asserted.
    result = knowledge.ask(question, city=city)
    assert not result.confident and result.intent == "weak"
    assert any(p in result.suggestions[0].text for p in phrases)


@pytest.mark.parametrize("question", ["你最后想变成什么样子", "今天晚饭最终吃什么", "我最终想减肥到什么样子"])
def test_a_goal_frame_in_chat_is_still_declined(knowledge, question):
    result = knowledge.ask(question, city="zhuhai")
    assert not result.confident and not result.to_json()["answers"]


def test_the_parts_a_judgement_looks_at_are_its_dimensions(knowledge):
    # 看哪几块 (几块 in question_words.txt): the 维度 of 激励评价措施, not the body that evaluates.
    result = knowledge.ask("给首席数据官打分看哪几块", city="zhuhai")
    assert "数据归集、数据治理、工作成效" in result.answers[0].text


@pytest.mark.parametrize(
    ("question", "city", "phrase"),
    [
        # 为啥 → 背景 → the 试点背景 chapter, lifted over a task clause that repeats the topic words.
        ("当年为啥要把首席数据官制度定下来，想解决啥问题", "shenzhen", "试点旨在"),
        # 为啥 → 目标 → 工作目标: Zhuhai has no background chapter; its heading is named the same way.
        ("为啥要建立首席数据官制度", "zhuhai", "珠海样本"),
        # 做成 → 工作目标, though 局面 is a word the plans never use.
        ("试点最后要做成什么样的局面", "shenzhen", "助力我市智慧城市"),
    ],
)
def test_a_frame_naming_a_chapter_heading_lifts_that_chapter(knowledge, question, city, phrase):
    result = knowledge.ask(question, city=city)
    shown = result.answers or result.suggestions
    assert shown and phrase in shown[0].text


@pytest.mark.parametrize(
    "question", ["为什么今天食堂不开门", "为什么我的电脑这么卡", "为什么要解决手机没信号的问题"]
)
def test_a_purpose_frame_with_no_plan_topic_is_declined(knowledge, question):
    # The frame's own words (旨在, 目标) find the chapters; with no topic word of the plans there,
    # the question is chat.
    result = knowledge.ask(question, city="shenzhen")
    assert not result.confident and not result.to_json()["answers"]


@pytest.mark.parametrize(
    ("question", "phrase"), [("为什么数据官要开会", "交流培训"), ("为什么要在试点区搞培训", "交流培训")]
)
def test_a_purpose_frame_about_a_task_keeps_the_task_clause(knowledge, question, phrase):
    # The chapter is lifted only close to the best or as fully covering: a topic the task clause
    # holds (培训) keeps that clause first.
    result = knowledge.ask(question, city="zhuhai" if "开会" in question else "shenzhen")
    assert phrase in result.answers[0].text


@pytest.mark.parametrize(
    ("question", "city", "phrase"),
    [
        ("首席数据官制度到底想解决什么问题", "shenzhen", "试点旨在"),  # 解决什么问题
        ("搞数据官试点是要解决啥问题", "shenzhen", "试点旨在"),  # 解决啥问题
        ("首席数据官制度试点要解决什么问题", "zhuhai", "珠海样本"),  # 解决什么问题
    ],
)
def test_what_problem_the_plan_solves_is_its_purpose(knowledge, question, city, phrase):
    # Not the clause that says 协调解决…重大问题: the phrase asks what the plan is for.
    result = knowledge.ask(question, city=city)
    shown = result.answers or result.suggestions
    assert shown and phrase in shown[0].text


@pytest.mark.parametrize(
    ("question", "city"),
    [
        ("照着哪些文件搞的这个试点", "shenzhen"),  # 照着
        ("珠海这套方案是照着什么文件出的", "zhuhai"),  # 照着
        ("我们的实施方案照着上级哪些文件来定", "zhuhai"),  # 照着
        ("试点是依照哪几份上级文件开展的", "shenzhen"),  # 依照
    ],
)
def test_what_the_plan_follows_is_its_preamble_not_the_cover_notice(knowledge, question, city):
    # The basis is the preamble's 为贯彻落实《…》, not the notice's own number (深府办函, 珠府办函).
    result = knowledge.ask(question, city=city)
    shown = result.answers or result.suggestions
    assert shown and shown[0].text.startswith("为贯彻落实")


@pytest.mark.parametrize("question", ["照着菜谱做饭要注意什么", "依照交通规则应该怎么走"])
def test_following_something_outside_the_plans_is_declined(knowledge, question):
    result = knowledge.ask(question, city="zhuhai")
    assert not result.confident and not result.to_json()["answers"]


@pytest.mark.parametrize(
    ("question", "city", "phrase"),
    [
        # Who serves as CDO: a leader holding it on the side is the plans' 兼任.
        ("首席数据官要单独配人还是领导顺便兼", "zhuhai", "兼任"),  # 顺便
        ("数据官一般是哪个领导捎带着干", "shenzhen", "兼任"),  # 捎带
        ("首席数据官是不是找个领导挂着就行", "shenzhen", "兼任"),  # 挂着
        ("首席数据官是另外找人，还是局里领导兼着就行", "zhuhai", "兼任"),  # 兼着
        # A team for the CDO: the plans' 支撑团队 / 专班 / 运营团队.
        ("首席数据官下面能不能搭个班子帮忙", "shenzhen", "工作专班"),  # 班子
        # CDOs keeping each other informed: 沟通机制 / 交流.
        ("各区数据官之间平常怎么通气", "zhuhai", "交流"),  # 通气
        ("数据官想去别的单位取经有渠道吗", "shenzhen", "沟通机制"),  # 取经
        # Holding a project back: the veto over 立项、验收.
        ("数据官能不能不让过验收", "zhuhai", "一票否决权"),  # 不让过
        ("首席数据官能把新系统卡住吗", "shenzhen", "一票否决权"),  # 卡住
        ("项目立项数据官有权卡住吗", "zhuhai", "一票否决权"),  # 卡住
    ],
)
def test_chat_words_for_who_serves_a_team_exchange_and_the_veto(knowledge, question, city, phrase):
    result = knowledge.ask(question, city=city)
    shown = result.answers or result.suggestions
    assert shown and phrase in shown[0].text


def test_holding_back_a_project_at_acceptance_is_the_veto(knowledge):
    # 拦下: without it the veto clause is only offered.
    result = knowledge.ask("新系统验收数据官能拦下不", city="shenzhen")
    assert result.confident and "一票否决权" in result.answers[0].text


@pytest.mark.parametrize("question", ["宝安区这边这次要推什么", "坪山区这次要推什么", "福田区那边要推啥"])
def test_what_a_named_pilot_district_pushes_is_its_own_sentence(knowledge, question):
    # The scope list (福田区、南山区…) holds nothing of the question but the district: the
    # district's own sentence (宝安区重点开展…) is what is asked about it.
    result = knowledge.ask(question, city="shenzhen")
    district = question[:3]
    assert f"{district}重点" in result.answers[0].text


def test_asking_whether_a_district_is_in_the_pilot_keeps_the_scope_list(knowledge):
    result = knowledge.ask("南山区在不在试点名单", city="shenzhen")
    assert result.answers[0].text.startswith("(三)福田区、南山区")


@pytest.mark.parametrize(
    "question",
    [
        "我们局没进试点，啥时候轮到我们",  # 没进试点
        "不在试点里的区要不要设CDO",  # 不在试点
    ],
)
def test_units_left_out_of_the_pilot_follow_at_the_full_rollout(knowledge, question):
    # Not the pilot stage (2021年5月底…试点): the units outside it are the 全面推广 stage.
    result = knowledge.ask(question, city="zhuhai")
    shown = result.answers or result.suggestions
    assert shown and "全面推广" in shown[0].text


@pytest.mark.parametrize(
    ("question", "city", "phrases"),
    [
        ("首席数据官制度要取得什么样的效果", "zhuhai", GOAL_ZH),  # 什么样的效果
        ("搞这个试点能有啥效果", "shenzhen", GOAL_SZ),  # 啥效果
    ],
)
def test_what_effect_is_wanted_is_the_goal_not_the_results_reported(knowledge, question, city, phrases):
    # 效果 asked as "what kind" is the frame, not the topic 成效 of the work summaries.
    result = knowledge.ask(question, city=city)
    shown = result.answers or result.suggestions
    assert shown and any(p in shown[0].text for p in phrases)


def test_the_effect_of_something_outside_the_plans_is_declined(knowledge):
    result = knowledge.ask("这个减肥药有啥效果", city="zhuhai")
    assert not result.confident and not result.to_json()["answers"]
