"""Clause-scoped reading of a line (bot.core.intake.clauses): negation over the activity's own
verb, a plan versus a log, and the date tied to the activity's verb. Example lines are our own
(issue 10's kinds of misses), not the blind batches'."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.intake import parse_activity
from bot.core.intake.clauses import HANDING_IN, HOLDING, NEGATIVE, POSITIVE, split

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Monday


def _out(text: str) -> dict:
    return parse_activity(text, NOW).to_json()


# -- questions about an activity are not logs (interface with the firsthour lane) -------------


@pytest.mark.parametrize("text", ["工作总结啥时候交", "培训要求是什么时候", "交流会啥时候开"])
def test_a_question_about_an_activity_yields_no_draft(text):
    result = parse_activity(text, NOW)
    assert result.draft is None and result.to_json()["kind"] is None


def test_a_question_reported_inside_a_log_does_not_make_the_log_a_question():
    out = _out("领导问今年办了几场，补登一下：上周五组织了数据标准培训，40人")
    assert (out["kind"], out["date"], out["attendees"]) == ("training", "2026-11-20", 40)


# -- plans ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "date", "time"),
    [
        ("明天下午要组织一场数据安全培训", "training", "2026-11-24", None),
        ("下周一上午十点要去开全市CDO工作交流会", "exchange_meeting", "2026-11-30", "10:00"),
        ("下周二去区里开交流会", "exchange_meeting", "2026-12-01", None),
        ("周四打算报送半年工作总结", "report", "2026-11-26", None),
    ],
)
def test_a_future_activity_is_flagged_as_a_plan_with_its_draft_kept(text, kind, date, time):
    result = parse_activity(text, NOW)
    assert result.planned is True
    assert result.draft is not None and result.draft.kind == kind and result.draft.date.isoformat() == date
    out = result.to_json()
    assert (out["kind"], out["planned_kind"], out["date"], out["time"]) == (None, kind, date, time)


def test_a_plan_word_outside_the_activitys_clause_does_not_make_a_log_a_plan():
    result = parse_activity("前天组织了数据安全培训，周三还要写简报", NOW)
    assert result.planned is False and result.to_json()["kind"] == "training"
    assert "planned_kind" not in result.to_json()


def test_the_command_line_prints_kind_null_and_planned_kind_for_a_plan(capsys):
    from bot.cli import main

    assert main(["parse", "--now", NOW.isoformat(), "--json", "明天要组织数据安全培训"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["kind"] is None and out["planned_kind"] == "training" and out["date"] == "2026-11-24"


# -- negation and outcome, by the scope of the negation over the activity's verb ------------------


@pytest.mark.parametrize(
    "text",
    [
        "下午的交流会临时有事没参加",
        "培训因故取消了",
        "昨天的交流会我们没去成",
        "上周的座谈会我们局没派人参加",
        "工作总结这周交不了",
        "下周二的培训挪到月底了",
        "周五的座谈会推到下周了",
        "上周的交流会开到一半中断了",
    ],
)
def test_a_line_saying_the_activity_did_not_happen_is_not_a_log(text):
    assert _out(text)["kind"] is None


@pytest.mark.parametrize(
    ("text", "kind", "date"),
    [
        ("本来定在月初的数据安全培训一直没开成，昨天总算办了", "training", "2026-11-22"),
        ("不是取消了，是改期了，前天照常开的数据共享交流会", "exchange_meeting", "2026-11-21"),
        ("网络故障没报送成功，昨天重新报送了工作总结", "report", "2026-11-22"),
        ("上周二的培训停电中断了，上周四补上了", "training", "2026-11-19"),
        ("上周一的数据标准培训没能如期举行，拖到上周三才办", "training", "2026-11-18"),
        ("原定上周一的座谈会推迟到上周五，最后顺利开了", "exchange_meeting", "2026-11-20"),
        ("上周五的培训取消 ✅改成昨天线上开了", "training", "2026-11-22"),
        # a directional complement between the verb and its aspect (办起来了, 开起来了)
        ("月初那次没办成，11月20日数据标准培训办起来了", "training", "2026-11-20"),
    ],
)
def test_a_line_whose_last_word_on_the_outcome_is_that_it_happened_is_a_log(text, kind, date):
    out = _out(text)
    assert (out["kind"], out["date"]) == (kind, date)


def test_a_later_clause_saying_it_did_not_happen_undoes_an_intention():
    assert _out("上午本来想去参加数据要素研讨会的，结果被叫去开别的会，没去成")["kind"] is None


def test_a_complaint_in_another_clause_does_not_undo_the_log():
    out = _out("刚开完会，累死了 今天上午九点开始的数据治理交流会，一共18个人")
    assert (out["kind"], out["time"], out["attendees"]) == ("exchange_meeting", "09:00", 18)


def test_an_edit_word_edits_a_record_only_when_the_line_does_not_log_a_held_activity():
    assert _out("把昨天那条培训记录改成30人")["kind"] is None
    assert _out("把昨天开了的交流会记录删掉")["kind"] is None
    # …nor when the edit is only supposed: a later revision of the work, not of our record
    assert _out("台账登记的总结报告昨天报上去了，万一有问题再修改")["kind"] == "report"


def test_work_not_yet_finished_is_still_not_a_log():
    assert _out("年度总结尚未完成")["kind"] is None


# -- the date tied to the activity's verb ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("今天参加了交流会，会上要求12月5日前交材料", "2026-11-23"),
        ("按11月30日前报送的要求，昨天报送了工作总结", "2026-11-22"),
        ("上周收到11月12日的通知，前天参加了培训", "2026-11-21"),
        ("11月9日接到通知，11月18日参加了首席数据官交流会", "2026-11-18"),
        ("市里20号的通知说30号前交，我们上周四就交了半年总结", "2026-11-19"),
        ("原定11月10日，实际11月12日召开了座谈会", "2026-11-12"),
        ("上周二下午开的交流会，原计划是上周一", "2026-11-17"),
        ("早上刚开完例会，顺便说下，半年工作总结我们已经在11月19号报送了", "2026-11-19"),
    ],
)
def test_a_deadline_a_notice_or_a_superseded_day_is_not_the_activitys_date(text, date):
    assert _out(text)["date"] == date


@pytest.mark.parametrize(
    ("text", "date", "time"),
    [
        ("上周五14:00开了CDO交流会", "2026-11-20", "14:00"),
        ("上周四15:30在二楼开了交流会", "2026-11-19", "15:30"),
        ("周2 14:00组织了培训", "2026-11-17", "14:00"),
    ],
)
def test_a_weekday_written_against_a_clock_time_is_still_the_weekday(text, date, time):
    out = _out(text)
    assert (out["date"], out["time"]) == (date, time)


def test_the_time_is_the_one_beside_the_activitys_date():
    out = _out("今早8:30的培训已结束，下午4点还有个会，先记上午的：数据资产管理培训，35人")
    assert (out["date"], out["time"], out["attendees"]) == ("2026-11-23", "08:30", 35)
    assert "数据资产" in out["title"]


# -- typos and homophones of the kind words, by pinyin -------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "title_has"),
    [
        ("昨天组织了数据治理陪训", "training", "数据治理培训"),
        ("上周五开了数据开放交流汇", "exchange_meeting", "数据开放交流会"),
        ("前天参加了首席数据官座谈绘", "exchange_meeting", "座谈会"),
        ("昨天组织了数据标准研讨汇", "exchange_meeting", "研讨会"),
        ("上周二提交了半年工作总洁", "report", "工作总结"),
    ],
)
def test_a_homophone_typo_of_a_kind_word_is_read_as_the_word(text, kind, title_has):
    out = _out(text)
    assert out["kind"] == kind and title_has in out["title"]


def test_a_homophone_is_not_corrected_in_a_line_that_does_not_read_as_a_log():
    assert _out("陪训练的同事吃饭")["kind"] is None


def test_homophones_need_half_of_the_characters_right():
    from bot.core.intake.kinds import KIND_WORDS
    from bot.core.intake.typos import correct

    assert correct("陪训", KIND_WORDS) == "培训"
    assert correct("赔寻", KIND_WORDS) == "赔寻"  # sounds alike, shares no character


def test_mixed_english_kind_words():
    assert _out("上周五搞了个data governance training，25人")["kind"] == "training"
    assert _out("昨天开了CDO meeting，聊数据共享")["kind"] == "exchange_meeting"


# -- fields: loose counts, quotas, titles --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "attendees"),
    [
        ("昨天组织了数据安全培训，来了三十几个人", 30),
        ("昨天开了交流会，二十多人", 20),
        ("昨天组织了培训，三十号人左右", 30),
        ("昨天开的座谈会，十七八个人", 17),
        ("昨天组织了培训，四五十人", 40),
        ("昨天线上培训，在线参训200+", 200),
        ("昨天的交流会来了12个", 12),
    ],
)
def test_a_loosely_written_count_is_the_count(text, attendees):
    assert _out(text)["attendees"] == attendees


@pytest.mark.parametrize(
    ("text", "attendees"),
    [
        ("每个处室派3人，昨天组织了数据安全培训", None),
        ("要求各区报5名学员，昨天办的培训实际到场48人", 48),
        ("各单位推荐2名代表，上周五开了交流会", None),
    ],
)
def test_a_quota_asked_for_is_not_the_head_count(text, attendees):
    assert _out(text)["attendees"] == attendees


def test_a_quota_word_in_another_clause_leaves_the_count_alone():
    assert _out("各局CDO都来了，昨天的交流会一共23个人")["attendees"] == 23


@pytest.mark.parametrize(
    ("text", "title_has"),
    [
        ("前天参加了座谈会，关于数据共享", "数据共享"),
        ("昨天下午开的小范围座谈，聊数据开放", "数据开放"),
        ("昨天线上培训（腾讯会议）数据资产入表 观看人数80", "数据资产入表"),
        ("原本上周一的数据标准培训推迟了，最后上周三办的，培训结束还考了试", "数据标准"),
        # 讲 / 讨论 / 对接 X, without the noun that only points at it (的那个, 的问题, 的事):
        ("昨天的培训二十人参加，重点讲了数据资产登记", "数据资产登记"),
        ("上周四的交流会 讲的数据出境评估的那个", "数据出境评估"),
        ("前天开座谈会，讨论了数据要素流通的问题", "数据要素流通"),
        ("昨天开了交流会，和税务局对接电子证照互认的事", "电子证照互认"),
    ],
)
def test_a_title_takes_the_subject_where_the_line_says_it(text, title_has):
    assert title_has in _out(text)["title"]


def test_a_speaker_or_a_talk_is_no_topic():
    # 主讲 (the speaker) and 讲话 (a speech) are no 讲 + topic.
    assert _out("昨天的数据安全培训，王处长主讲，三十人")["title"] == "数据安全培训"
    assert _out("昨天开了交流会，局长讲话强调数据质量")["title"] == "交流会"


def test_a_title_does_not_take_a_verb_phrase_after_the_keyword():
    assert _out("今天把工作总结报上去了")["title"] == "工作总结"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("上周四晚上8点，个人信息保护法学习，全处11个人", "training"),
        ("时间：11月18日下午3点；内容：数据开放经验交流；人数：16", "exchange_meeting"),
    ],
)
def test_a_bare_study_or_exchange_closing_a_noun_phrase_is_an_event_in_a_line_that_counts_people(text, kind):
    assert _out(text)["kind"] == kind


def test_a_bare_exchange_without_a_count_or_time_is_not_an_event():
    assert _out("昨天跟市局同事交流")["kind"] is None


def test_a_kind_word_before_an_artefact_is_a_log_when_its_clause_says_it_was_held():
    assert _out("前天组织的数据安全培训效果不错")["kind"] == "training"
    assert _out("培训的照片还没传")["kind"] is None


def test_a_demonstrative_before_the_keyword_is_no_part_of_the_title():
    assert _out("昨天那场数据标准培训，来了30人")["title"] == "数据标准培训"


def test_a_superseded_plan_word_does_not_make_a_held_activity_a_plan():
    out = _out("昨天原计划的培训延期了，今天上午补办了，来了三十多人")
    assert (out["kind"], out["date"], out["attendees"]) == ("training", "2026-11-23", 30)


def test_a_future_line_telling_others_to_act_is_a_plan():
    result = parse_activity("明天上午十点开数据共享交流会，请各科室派人参加", NOW)
    assert result.planned and result.to_json()["planned_kind"] == "exchange_meeting"
    assert not parse_activity("下周二上午10点开首席数据官交流会", NOW).planned  # a bare schedule line
    # …but a reminder to come on time is about a schedule already fixed (batch 18: …seminar，大家准时哈)
    assert not parse_activity("明天上午十点开数据共享交流会，请准时参加", NOW).planned


def test_a_kind_word_in_what_was_said_at_the_activity_is_not_its_kind():
    assert _out("昨天开的交流会上通知说12月10日前要提交总结")["kind"] == "exchange_meeting"


def test_a_request_to_log_phrased_as_a_question_is_a_log():
    out = _out("能帮我把昨天的培训记上吗？数据资产培训，40人")
    assert (out["kind"], out["date"], out["attendees"]) == ("training", "2026-11-22", 40)
    assert _out("培训要登记吗？")["kind"] is None
    # the question first, then a clause saying what was done
    out = _out("可以帮忙登记一下吗？上周三组织了数据标准培训")
    assert (out["kind"], out["date"]) == ("training", "2026-11-18")
    assert _out("交流会开完了要登记吗？")["kind"] is None  # asks whether to, logs nothing


def test_an_activity_set_for_a_day_is_a_plan():
    assert parse_activity("交流会定在下周三", NOW).planned


@pytest.mark.parametrize(
    ("text", "kind", "date"),
    [
        # several activities in one line: the first whose own clause says it was done is the log
        ("明天交报告，昨天已经组织了数据安全宣传培训", "training", "2026-11-22"),
        ("不是培训，是上周四开了个数据共享交流会", "exchange_meeting", "2026-11-19"),
        ("市里12月5日还要开总结会，我们上周二先把总结报告交了", "report", "2026-11-17"),
        ("报告截止日是12月1日，我们今天提前报送了情况报告", "report", "2026-11-23"),
        # 才 with a day still ahead says when, not that it was done
        ("上周四培训的通知发了，但培训下周才开；今天先报了季度报告", "report", "2026-11-23"),
        # a direction between the verb and its aspect (报上去了) still marks it done
        ("昨天把中期评估报告报上去了，里面提到今年开展了6次培训", "report", "2026-11-22"),
        # 培训 as a verb marked done (培训完了) outweighs the cancellation before it
        ("交流会取消了，改成线上培训，昨天晚上已经培训完了，60多人在线", "training", "2026-11-22"),
    ],
)
def test_of_several_activities_the_one_said_to_be_done_is_the_log(text, kind, date):
    out = _out(text)
    assert (out["kind"], out["date"]) == (kind, date)


@pytest.mark.parametrize(
    "text", ["前天把资源目录梳理报告报给了市数据局", "上周五把季度报告报过去了", "上周二报的季度报告"]
)
def test_handing_a_report_to_someone_is_a_report_verb(text):
    assert _out(text)["kind"] == "report"


def test_an_exchange_meeting_keyword_is_no_topic_lead():
    assert "会取消" not in _out("交流会取消了，改成线上培训，昨天已经培训完了")["title"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # 几 as "a few" in a line logging something done, not marked as a question
        ("上周四我们和区里几个部门开了数据要素市场化研讨会", "exchange_meeting"),
        ("原来说好上周一交的总结报告，拖了几天，最后是上周五才交上去的", "report"),
        # …but after its own clause's done verb, or in a line marked as a question, it asks
        ("今年办了几次培训", None),
        ("上周几个部门开了交流会？", None),
        # a question word after a discussion verb is what was discussed
        ("昨天晚上线上开了个研讨会，讨论总结报告怎么写", "exchange_meeting"),
        ("昨天开了交流会，研究下一步怎么推进", "exchange_meeting"),
        ("昨天开了交流会，商量数据怎么共享", "exchange_meeting"),
        ("昨天开了交流会，探讨哪些数据可以开放", "exchange_meeting"),
        ("昨天开了座谈会，研讨如何落实", "exchange_meeting"),
        # put off by hours on the day, it was still held; put off by days, it was not
        ("上周五下午4点开的交流会，本来通知是3点，推迟了一小时", "exchange_meeting"),
        ("昨天的培训延后了半个钟头", "training"),
        ("昨天的培训推迟了20分钟才开始", "training"),
        ("培训推迟了一天", None),
    ],
)
def test_a_rough_count_a_discussed_question_or_a_short_delay_does_not_undo_a_log(text, kind):
    assert _out(text)["kind"] == kind


@pytest.mark.parametrize(
    ("text", "date"),
    [
        # 原来/说好 name a day the activity was moved away from
        ("原来说好上周一交的总结报告，最后是上周五才交上去的", "2026-11-20"),
        # a deadline said as 截止日是… / …的截止时间 is not the day of the hand-in
        ("截止日是12月1日的总结报告已经报送", "2026-11-23"),
        ("赶在11月30日的截止时间前交了总结报告", "2026-11-23"),
    ],
)
def test_a_superseded_day_or_a_deadline_in_other_words_is_not_the_date(text, date):
    assert _out(text)["date"] == date


@pytest.mark.parametrize(
    ("text", "attendees"), [("局里开了个小型交流会，八九个人", 8), ("昨天开了交流会，三四十人", 30)]
)
def test_two_neighbouring_digits_are_about_the_lower(text, attendees):
    assert _out(text)["attendees"] == attendees


def test_a_homophone_typo_of_report_is_read_as_report():
    assert _out("上周5提交了年度报高")["kind"] == "report"


@pytest.mark.parametrize(
    ("text", "kind", "title"),
    [
        # a named meeting of no listed kind, held: the object of a meeting verb ending in 会议/会
        ("周五（11月20日）开了首席数据官联席会议", "exchange_meeting", "首席数据官联席会议"),
        ("上周五召开了数据工作推进会，20人", "exchange_meeting", "数据工作推进会"),
        ("昨天举行了数据共享协调会", "exchange_meeting", "数据共享协调会"),
        ("昨天出席了全市数据工作会议", "exchange_meeting", "全市数据工作会议"),
        # a long name: who holds it, the programme, the topic
        ("上周五召开了全区公共数据资源普查工作推进会", "exchange_meeting", "全区公共数据资源普查工作推进会"),
        # …not a bare 会, nor words that only end in 会
        ("昨天开了个会", None, None),
        ("昨天参加了学会", None, None),
        ("上周参加了社会实践", None, None),
    ],
)
def test_a_held_meeting_of_no_listed_kind_is_an_exchange_meeting(text, kind, title):
    out = _out(text)
    assert (out["kind"], out["title"]) == (kind, title)


def test_sending_someone_to_attend_is_attending():
    assert _out("交流会我没去，派了同事参加")["kind"] == "exchange_meeting"
    assert _out("昨天的培训派了两个人去")["kind"] == "training"


def test_what_a_study_session_studied_is_part_of_its_title():
    assert _out("前天我们处集中学习了数据分类分级指南")["title"] == "处集中学习（数据分类分级指南）"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # 没什么/没啥 is "hardly any", not a question
        ("昨天交流会没什么人发言，但还是开完了", "exchange_meeting"),
        ("昨天的培训没啥人提问，按时结束了", "training"),
        # fell through (黄了, 泡汤) or no one sent: it did not happen for us
        ("昨天本来要开交流会，结果没人来，黄了", None),
        ("上周的座谈会泡汤了", None),
        ("前天的交流会我们单位没派人", None),
    ],
)
def test_hardly_any_fell_through_and_sent_no_one(text, kind):
    assert _out(text)["kind"] == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # the named class kinds are trainings…
        ("上周三局里组织了数据安全专题课，25人", "training"),
        ("昨天办了一期数据分析公开课", "training"),
        # …but not any word ending in 课, nor courseware or a research topic
        ("我不想上课", None),
        ("这门课太难了", None),
        ("给孩子报了个钢琴课", None),
        ("昨天的课件发我一下", None),
        ("课题组昨天开了交流会", "exchange_meeting"),
    ],
)
def test_a_class_is_a_training(text, kind):
    assert _out(text)["kind"] == kind


def test_a_clock_time_in_a_clause_of_another_event_is_not_this_activitys():
    out = _out("昨天上午，9点先开了个党委会，会后把数据安全自查报告报送了")
    assert (out["kind"], out["date"], out["time"]) == ("report", "2026-11-22", None)
    # …while a time in a clause of no event of its own still is (从8点半讲到9点40)
    assert _out("昨天上午组织了数据安全培训，从8点半讲到10点")["time"] == "08:30"


def test_the_verb_that_decides_a_clause_is_classed():
    # (polarity, verb class) per clause: a held meeting's 会 before its verb is no modal, and a
    # hand-in negation after a clause that held the activity is over a by-product
    got = [(c.polarity, c.verb) for c in split("昨天在管委会开了座谈会,纪要还没报")]
    assert got == [(POSITIVE, HOLDING), (0, HANDING_IN)]
    got = [(c.polarity, c.verb) for c in split("总结写好了,还没报")]
    assert got == [(0, ""), (NEGATIVE, HANDING_IN)]
    assert split("交流会不会开了")[0].polarity == NEGATIVE
    assert split("我们会开的")[0].polarity == 0
