"""Attendees, location, title and kind rules of the intake, one behaviour per test."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.intake import parse_activity
from bot.core.intake.fields import find_attendees, find_location
from bot.core.intake.kinds import find_kind
from bot.core.intake.numbers import to_int

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("30人参加", 30),
        ("来了25个人", 25),
        ("参训人员八十人", 80),
        ("参加人数：90", 90),
        ("参加人数 75", 75),
        ("共50余人", 50),
        ("约200人", 200),
        ("二十六位同志", 26),
        ("三百人", 300),
        ("参会人数44人", 44),
        ("40人", 40),
        ("一百余名", 100),
        ("两百多人参加", 200),
        ("120人次", 120),
    ],
)
def test_attendee_forms_from_the_issue(text, count):
    assert find_attendees(text)[0] == count


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("昨天培训来了1,200人", 1200),
        ("昨天培训来了1，200人", 1200),  # the full-width comma is NFKC-normalised to ","
        ("昨天的数据安全培训，参训人员12,500人", 12500),
        ("11月3日,300人参加了培训", 300),  # a comma after a date is no separator
    ],
)
def test_a_thousands_separator_is_part_of_the_count(text, count):
    assert parse_activity(text, NOW).draft.attendees == count


@pytest.mark.parametrize(
    "text",
    ["下午3点", "培训2小时", "第2场", "11月16日", "第一名", "三楼会议室", "0人", "参加人数 999999", "几十人"],
)
def test_numbers_that_are_not_head_counts_give_none(text):
    assert find_attendees(text)[0] is None


def test_speakers_are_not_the_audience():
    assert find_attendees("邀请3位专家授课")[0] is None
    assert find_attendees("2名讲师、40名学员")[0] == 40


def test_a_labelled_count_wins_over_an_earlier_unit_count():
    assert find_attendees("邀请3位专家授课，参训人员60人")[0] == 60


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("在市民中心组织了培训", "市民中心"),
        ("在区政务服务中心举办", "区政务服务中心"),
        ("于市政务服务数据管理局三楼会议室召开", "市政务服务数据管理局三楼会议室"),
        ("于11月16日在市民中心召开", "市民中心"),
        ("地点：数据局5楼会议室", "数据局5楼会议室"),
        ("正在组织培训", None),
        ("在线参加培训", None),
    ],
)
def test_location_after_zai_or_yu(text, place):
    assert find_location(text)[0] == place


def test_title_drops_date_time_place_count_and_verbs():
    draft = parse_activity("昨天下午3点在市民中心组织了一场数据安全培训，30人参加", NOW).draft
    assert draft is not None
    assert draft.title == "数据安全培训"


def test_rightmost_kind_word_of_the_first_clause_is_the_head_noun():
    assert find_kind("参加了培训工作交流会")[0] == "exchange_meeting"
    assert find_kind("提交了数据安全培训总结")[0] == "report"
    assert find_kind("组织了数据安全培训，会后开了交流会")[0] == "training"


@pytest.mark.parametrize(
    "text", ["报告厅里很冷", "听了一个报告", "提醒我明天交报告", "培训怎么报名？", "今天没有组织培训"]
)
def test_lines_that_mention_a_kind_word_but_log_nothing(text):
    assert find_kind(text) is None


def test_to_json_has_the_contract_keys_and_nulls_for_non_activities():
    out = parse_activity("谢谢", NOW).to_json()
    assert out == {
        "text": "谢谢",
        "kind": None,
        "date": None,
        "time": None,
        "attendees": None,
        "title": None,
        "location": None,
        "date_assumed": None,
        "error": None,
    }


def test_an_impossible_date_keeps_the_kind_and_says_why():
    result = parse_activity("2月30日组织了数据安全培训", NOW)
    assert result.draft is None
    assert result.kind == "training"
    assert result.to_json()["error"] == {"code": "impossible_date", "detail": "2月30日"}


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("二十六", 26),
        ("两百", 200),
        ("一千二", 1200),
        ("1.5万", 15000),
        ("十十十", None),
        ("1.5", None),
        ("9" * 40, None),
    ],
)
def test_numerals_read_through_cn2an_and_malformed_ones_are_none(numeral, value):
    assert to_int(numeral) == value


def test_a_guided_dialog_can_force_the_kind_of_a_line_without_a_kind_word():
    result = parse_activity("昨天下午，30人，在市民中心，数据安全", NOW, kind="training")
    assert result.draft is not None
    assert (
        result.draft.kind,
        result.draft.date.isoformat(),
        result.draft.attendees,
        result.draft.location,
        result.draft.title,
    ) == ("training", "2026-11-22", 30, "市民中心", "数据安全")


def test_a_forced_kind_overrides_the_kind_word_but_keeps_its_title():
    draft = parse_activity("昨天参加了首席数据官交流会", NOW, kind="training").draft
    assert draft is not None
    assert (draft.kind, draft.title) == ("training", "首席数据官交流会")


def test_an_unknown_forced_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        parse_activity("昨天", NOW, kind="party")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("组织了集中学习", "training"),
        ("开展数据要素专题学习", "training"),
        ("举办学习班", "training"),
        ("昨天搞了场数据安全分享会", "exchange_meeting"),
        ("参加了数据要素沙龙", "exchange_meeting"),
        ("开展业务交流", "exchange_meeting"),
        ("报送了半年工作小结", "report"),
    ],
)
def test_session_and_event_nouns_are_kind_words(text, kind):
    found = find_kind(text)
    assert found is not None and found[0] == kind


@pytest.mark.parametrize(
    "text",
    [
        "培训课件已经发群里了",
        "我想了解一下培训要求",
        "查询本月培训次数",
        "交流会材料已发群里",  # a thing, not an event
        "培训推迟到下周",
        "培训延期了",
        "今天的培训暂停",
        "工作总结还没报",  # nothing happened on the day
        "下周有交流会么",
        "工作总结交了没",  # questions without a question mark
        "培训太多了，忙不过来",
        "最近培训好累",  # venting
    ],
)
def test_more_lines_that_mention_a_kind_word_but_log_nothing(text):
    assert find_kind(text) is None


def test_a_log_that_also_vents_is_still_a_log():
    found = find_kind("昨天组织了培训，累死了")
    assert found is not None and found[0] == "training"


def test_an_artefact_noun_does_not_make_a_longer_keyword_back_off_to_a_shorter_one():
    assert find_kind("培训班通知已发") is None


def test_a_bare_head_count_label():
    assert find_attendees("人数44")[0] == 44
    assert find_attendees("人数：80")[0] == 80


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("在3楼会议室开交流会", "3楼会议室"),
        ("在5号楼201室组织培训", "5号楼201室"),
        ("线上组织了数据安全培训", "线上"),
        ("以线上方式组织培训", "线上"),
        ("通过视频会议参加交流会", "视频会议"),
        ("组织了视频会议系统培训", None),  # the subject, not the venue
        ("于11月20日组织培训", None),
        ("终于把数据治理办的培训办完了", None),  # 终于 is "finally"
    ],
)
def test_floor_numbers_and_online_venues_are_places(text, place):
    assert find_location(text)[0] == place


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("11月18日 线上参加 数据治理 业务交流会", "数据治理业务交流会"),  # the user's spaces join words
        ("今天 组织了 数据安全 培训", "数据安全培训"),
        ("昨天组织了 AI Agent 培训", "AI Agent培训"),
        ("2026.10.7 数据资产入表培训 三百人", "数据资产入表培训"),  # masked noise still ends the subject
        ("本月5号组织了线上数据安全培训", "数据安全培训"),
        ("今天把工作总结报上去了", "工作总结"),
        ("两天后交工作总结", "工作总结"),
        ("昨天组织了数据交换培训", "数据交换培训"),  # 交 inside 交换 is not a verb
        ("昨天搞了场数据安全分享会", "数据安全分享会"),
    ],
)
def test_titles_of_spaced_and_colloquial_lines(text, title):
    draft = parse_activity(text, NOW).draft
    assert draft is not None
    assert draft.title == title


def test_query_words_inside_a_subject_do_not_make_a_request():
    assert find_kind("组织了政务数据查询系统培训") is not None
    assert find_kind("参加了数据咨询服务交流会") is not None
    assert find_kind("我想查下上周的培训") is None


@pytest.mark.parametrize(
    "text",
    [
        "下半年的总结还在写",
        "交流会的场地还没落实",
        "培训的会场还没定",
        "工作总结正在写",
        "年度总结尚未完成",
        "培训材料还在准备",
    ],
)
def test_work_still_under_way_logs_nothing(text):
    assert find_kind(text) is None


def test_a_log_that_mentions_unfinished_follow_up_is_still_a_log():
    found = find_kind("昨天组织了培训，照片还没传")
    assert found is not None and found[0] == "training"
    assert find_kind("正在组织数据安全培训") is not None


def test_rough_counts_with_ji_are_not_questions():
    assert find_kind("昨天开了交流会，十几个人") is not None
    assert find_kind("开了好几次交流会") is not None
    assert find_kind("几号开交流会") is None


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("上个月28日参加了全市数据工作交流活动", "全市数据工作交流活动"),  # 工作交流 takes its 活动
        ("开展了学习交流活动", "学习交流活动"),
        ("前天开展了数据安全宣讲活动", "数据安全宣讲活动"),
        ("昨天交了一份数据安全总结", "数据安全总结"),  # 一份 is a filler
        ("今天给市局发了年度工作总结", "年度工作总结"),  # 发了 is a hand-in verb
        ("一个月前组织过数据安全培训", "数据安全培训"),  # 过 is aspect, not subject
        ("组织了数据治理过程管理培训", "数据治理过程管理培训"),
    ],
)
def test_event_suffixes_fillers_and_send_verbs_in_titles(text, title):
    draft = parse_activity(text, NOW).draft
    assert draft is not None
    assert draft.title == title


def test_hao_ren_is_a_people_unit():
    assert find_attendees("来了五十号人")[0] == 50
    assert find_attendees("来了20号人")[0] == 20


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        # the day in one clause, the clock time in a later one with no day of its own
        ("今天上午组织了一次数据治理培训，原计划请外面的老师，从8点半讲到9点40，来了四十来人", "08:30"),
        ("11月12日围绕跨境数据流动开了个交流座谈会，从下午2点开到5点，一共来了30多人", "14:00"),
        # …but not a clock time the activity was moved away from
        ("上周五开的交流会，本来通知是3点", None),
    ],
)
def test_a_clock_time_in_a_clause_without_a_day_is_the_activitys(text, clock):
    assert parse_activity(text, NOW).to_json()["time"] == clock


@pytest.mark.parametrize(
    ("text", "kind", "title"),
    [
        # 学习 governed by an organising verb in its clause is a study session (a training)
        ("11月16日 组织局机关学习《数据安全法》", "training", "数据安全法学习"),
        ("上周一开展了政务数据分类分级学习", "training", "政务数据分类分级学习"),
        ("昨天举办了一场数据标准学习", "training", "数据标准学习"),
        ("昨天参加了数据安全学习，3个小时", "training", "数据安全学习"),
        ("昨天安排处室人员学习数据标准化", "training", "数据标准化学习"),
        # …and so is one whose object is a document title
        ("昨天学习了《个人信息保护法》", "training", "个人信息保护法学习"),
        # a homophone typo of 学习 in a line that reads as a log
        ("今天早上组织了数据安全学系，科室全体参加", "training", "数据安全学习"),
        # a study keyword with a document object keeps the document as its subject
        ("上周二组织干部集中学习了《数据安全法》", "training", "干部集中学习（数据安全法）"),
        # bare 学习 stays a verb
        ("昨天学习了文件", None, None),
        ("我们主要学习相关政策", None, None),
    ],
)
def test_study_sessions_are_trainings_and_their_subject_is_what_was_studied(text, kind, title):
    out = parse_activity(text, NOW).to_json()
    assert (out["kind"], out["title"]) == (kind, title)


def test_what_a_training_studied_is_its_topic():
    out = parse_activity("CDO培训班我们去了5个人，主要学习数据要素市场化配置相关政策", NOW).to_json()
    assert out["title"] == "CDO培训班（数据要素市场化配置相关政策）"


def test_a_venue_written_inside_the_subject_does_not_split_it_from_its_keyword():
    out = parse_activity("上周一晚上8点，全局数据素养线上培训，参训两百余人", NOW).to_json()
    assert (out["title"], out["location"]) == ("全局数据素养培训", "线上")


@pytest.mark.parametrize(
    ("text", "attendees"),
    [
        # how many signed up or were expected counts only when nothing says how many came
        ("报名60人，实际到了48人，11月19日数据标准培训", 48),
        ("预计50人，实到45人，昨天开了交流会", 45),
        ("昨天开了交流会，计划30人，来了25人", 25),
        ("昨天开了交流会，原定30人，来了25人", 25),
        ("昨天开了交流会，应到30人，实到28人", 28),
        # …also with no comma between them: the sign-up word only governs the count it precedes
        ("昨天开了交流会，应到40人实到36人", 36),
        ("昨天组织了培训，报名60人", 60),
        # a homophone of the count label
        ("上周二开展了数据安全培训，参训任数52人", 52),
    ],
)
def test_the_count_of_those_who_came_wins_over_a_sign_up_and_a_misspelt_label_still_counts(text, attendees):
    assert parse_activity(text, NOW).to_json()["attendees"] == attendees


@pytest.mark.parametrize(
    "text", ["下午两点那个培训我会参加的", "明天的交流会我们会去", "下午的培训他也会出席"]
)
def test_will_attend_is_a_plan(text):
    out = parse_activity(text, NOW)
    assert out.planned and out.to_json()["kind"] is None


def test_a_venue_that_holds_the_keyword_leaves_the_keyword_in_the_title():
    # 在培训中心: the place holds the kind word; cutting the place out must not cut the keyword
    assert "培训" in parse_activity("在培训中心", NOW).to_json()["title"]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("昨天的数据安全培训线上40人，线下25人", 65),  # on site and online together
        ("上周五开了座谈会，现场12人、视频参会20人", 32),
        ("昨天培训共70人，现场30人、线上30人", 70),  # a larger total written beside them stays
    ],
)
def test_counts_on_site_and_online_add_up(text, count):
    assert parse_activity(text, NOW).draft.attendees == count


def test_people_sent_to_an_activity_are_its_head_count_but_a_quota_is_not():
    line = "我没去，派了信息科两个科员参加上周四的数据共享交流会"
    assert parse_activity(line, NOW).draft.attendees == 2
    assert find_attendees("要求每个科室派两个科员参加")[0] is None
