"""Probes in fresh wordings for the kinds of intake misses batch 28 showed (issue 10, intake round 3).

Each row is (line, kind, date, time, attendees) at the dev set's reference time (Monday
2026-11-23 10:00); a ``None`` kind means the line logs nothing. ``...`` leaves a field unchecked.
"""

from __future__ import annotations

import pytest

from bot.core.intake import parse_activity
from tests.unit._intake_cases import NOW_A
from tests.unit._probe_check import check_probe

EM, TR, RE = "exchange_meeting", "training", "report"

# A. A fixed future schedule (a day, a clock, the activity) with no intent word and no call to sign
# up is that activity: a request to log it (请帮忙登记), an estimate of who comes (预计20家单位) or a
# demand that others attend (各部门都要派人) does not make it a plan.
FIXED_SCHEDULE = [
    ("本周四下午3点在二楼会议室组织数据安全培训，各部门都要派人参加", TR, "2026-11-26", "15:00", None),
    ("后天上午9点开数据资产交流会，各科室务必派人参会", EM, "2026-11-25", "09:00", None),
    ("请帮我登记：下周一上午9点，数据共享专题交流会，区政务中心", EM, "2026-11-30", "09:00", None),
    ("请登记下周三下午2点半的数据安全培训", TR, "2026-12-02", "14:30", None),
    ("帮忙录入：本周六上午10点 公共数据开放座谈会 预计20家单位参加", EM, "2026-11-28", "10:00", None),
    ("请帮忙登记本周四下午3点的一网统管工作推进会", EM, "2026-11-26", "15:00", None),
    ("麻烦登记一下明天下午4点的数据资源调度会", EM, "2026-11-24", "16:00", None),
    # (still arranged: a call to sign up, an intent word, a list of names asked for)
    ("本周四下午组织数据安全培训，请各科室报名", None, ..., None, None),
    ("准备下周三开数据共享座谈会，请各部门派人参加", None, ..., None, None),
    ("请各科室于本周五前报送参训人员名单", None, ..., None, None),
    ("预计下周组织一次数据治理培训，时间待定", None, ..., None, None),
    ("打算本周四下午3点开数据共享交流会，预计10家单位", None, ..., None, None),
]

# E. A plan still undecided (准备, 打算) with a question to others logs nothing.
PLAN_AND_QUESTION = [
    ("准备月底给市局交年度总结，你们交了吗？", None, ..., None, None),
    ("打算下周报送工作总结，别的区报了没有？", None, ..., None, None),
    ("下周准备开数据安全培训，你们局开了没？", None, ..., None, None),
    # (没 under a quantity word is still "hardly any", not a question)
    ("昨天开了数据共享交流会，人没来多少", EM, "2026-11-22", None, None),
]


# B. A meeting named first, then its day, clock and venue, then its verb (…推进会11月10日在区府三楼会议室
# 召开): the gap before the verb may hold all three; what was announced there (通报了…, 布置了年底前…
# 任务) is no deadline of the log.
NAMED_THEN_HELD_LONG = [
    (
        "金湾区数据共享协调会11月12日下午在区政务服务中心四楼会议室召开，局长主持，二十多人参会",
        EM,
        "2026-11-12",
        None,
        20,
    ),
    (
        "全市公共数据开放推进会11月5日上午9点在市民中心二楼会议室举行，通报了开放目录编制进度，40人参加",
        EM,
        "2026-11-05",
        "09:00",
        40,
    ),
    (
        "一网统管工作例会上周四在区指挥中心三楼大会议室召开，布置了月底前的数据清洗任务，15人参会",
        EM,
        "2026-11-19",
        None,
        15,
    ),
    (
        "数据安全联席会议11月16日在区委大院六号楼会议室召开，部署了年底前的安全自查工作",
        EM,
        "2026-11-16",
        None,
        None,
    ),
    # (ahead, with a call to sign up, or not held)
    ("数据安全推进会12月10日在区政务服务中心三楼会议室召开，请各单位报名", None, ..., None, None),
    ("数据共享协调会11月12日在区政务服务中心四楼会议室召开的，我没去，也没派人", None, ..., None, None),
]


# D. An English relative day (last Fri, next Wed, this Thursday) glued to Chinese is the Chinese day.
ENGLISH_DAYS = [
    ("last Thurs的数据共享座谈会我没去，派了科员参加", EM, "2026-11-19", None, None),
    ("last Tuesday 数据治理培训 done，20人", TR, "2026-11-17", None, 20),
    ("next Wed下午3点开数据共享交流会", EM, "2026-12-02", "15:00", None),
    ("this Thursday上午10点数据安全training，区政务中心", TR, "2026-11-26", "10:00", None),
    ("Fri的CDO交流会开完了 30ppl", EM, "2026-11-20", None, 30),
    ("this Thu的数据安全training取消了", None, ..., None, None),
    # (a lower-case abbreviation alone is an English word: we sat down)
    ("yesterday we sat down开了数据治理交流会", EM, "2026-11-22", None, None),
]


# C. The clock an activity was moved to (推到, 延到, 提前至, 调整为…) is the one it was held at.
MOVED_CLOCK = [
    ("昨天的数据安全培训原定上午9点，后来推到10点半才开始", TR, "2026-11-22", "10:30", None),
    ("上周四的交流会本来下午3点，临时延到下午4点开", EM, "2026-11-19", "16:00", None),
    ("上周三的座谈会原计划下午2点，提前至下午1点半开始，20人", EM, "2026-11-18", "13:30", 20),
    ("昨天的数据治理培训原定9点，顺延到10点才开讲", TR, "2026-11-22", "10:00", None),
    ("昨天的一网统管推进会调整为下午3点召开，到会25人", EM, "2026-11-22", "15:00", 25),
    # (no move: the start stays)
    ("上周五的数据安全培训下午2点开始，4点结束", TR, "2026-11-20", "14:00", None),
]


# F. An activity named as the point another fact is told from (11月5日那场培训之后, 上次交流会以后) is not
# the one logged: the day and title are the later activity's.
REFERENCE_POINT = [
    (
        "11月5日那场培训之后，学员说想多练，所以上周四又加了一场数据清洗实操培训，30人",
        TR,
        "2026-11-19",
        None,
        30,
        "数据清洗",
    ),
    (
        "10月20日交流会以后，各区意见较多，昨天又开了一次数据共享协调交流会，到会18人",
        EM,
        "2026-11-22",
        None,
        18,
        "数据共享",
    ),
    (
        "上月初那期培训结束后反响不错，11月18日又办了一期数据安全培训，50人参加",
        TR,
        "2026-11-18",
        None,
        50,
        "数据安全",
    ),
    (
        "11月3日的推进会之前，我们11月2日先组织了一次数据目录培训，20人",
        TR,
        "2026-11-02",
        None,
        20,
        "数据目录",
    ),
    # (the only kind word stays the log)
    ("上周五的数据治理培训之后大家反响很好，共40人参加", TR, "2026-11-20", None, 40, "数据治理"),
]


# G. A meeting held but named only later (开的会：…，算一次…协调会吧), or marked done in chat English
# (例会ok了), is logged; a clock that only ends it (开到快11点) is no time of it.
HELD_IN_OTHER_WORDS = [
    (
        "前天下午临时开的会：几个部门碰了一下数据目录的口径，算是一次数据资源对接会",
        EM,
        "2026-11-21",
        None,
        None,
    ),
    (
        "昨天开了个会，跟人社、医保聊了共享接口的事，就当一场数据共享调度会吧，十来个人",
        EM,
        "2026-11-22",
        None,
        10,
    ),
    (
        "上周五加班开的会：跟几个局一起研究了数据回流的问题，开到挺晚，算一次数据回流协调会吧。",
        EM,
        "2026-11-20",
        None,
        None,
    ),
    (
        "昨天下午开的会：市场监管、税务一起对了企业数据口径，线上线下结合，算是一次数据对账会",
        EM,
        "2026-11-22",
        None,
        None,
    ),
    ("上周四的数据治理周例会ok了，12人", EM, "2026-11-19", None, 12),
    ("昨天的一网统管调度会OK了 about 20 ppl", EM, "2026-11-22", None, 20),
    ("昨天晚上的数据共享座谈会开到将近10点，15人参会", EM, "2026-11-22", None, 15),
    ("上周二的推进会结束了，到会30人", EM, "2026-11-17", None, 30),
    # (not held, or asked about: no log)
    ("昨天本来要开的会取消了，算一次数据共享协调会也没开成", None, ..., None, None),
    ("明天的一网统管例会ok吗？", None, ..., None, None),
]


_check = check_probe


@pytest.mark.parametrize(("line", "kind", "day", "clock", "attendees"), FIXED_SCHEDULE)
def test_a_fixed_schedule_is_the_activity(line, kind, day, clock, attendees):
    _check(line, kind, day, clock, attendees)


@pytest.mark.parametrize(("line", "kind", "day", "clock", "attendees"), PLAN_AND_QUESTION)
def test_a_plan_with_a_question_logs_nothing(line, kind, day, clock, attendees):
    _check(line, kind, day, clock, attendees)


@pytest.mark.parametrize(("line", "kind", "day", "clock", "attendees"), NAMED_THEN_HELD_LONG)
def test_a_meeting_named_then_dated_and_placed_then_held(line, kind, day, clock, attendees):
    _check(line, kind, day, clock, attendees)


@pytest.mark.parametrize(("line", "kind", "day", "clock", "attendees"), ENGLISH_DAYS)
def test_an_english_relative_day_is_the_chinese_one(line, kind, day, clock, attendees):
    _check(line, kind, day, clock, attendees)


@pytest.mark.parametrize(("line", "kind", "day", "clock", "attendees"), MOVED_CLOCK)
def test_the_clock_moved_to_is_the_one_held(line, kind, day, clock, attendees):
    _check(line, kind, day, clock, attendees)


@pytest.mark.parametrize(("line", "kind", "day", "clock", "attendees", "title_has"), REFERENCE_POINT)
def test_an_activity_named_as_a_reference_point_is_not_the_log(line, kind, day, clock, attendees, title_has):
    _check(line, kind, day, clock, attendees)
    assert title_has in parse_activity(line, NOW_A).to_json()["title"]


def test_an_added_session_is_no_part_of_the_title():
    """加了一场 is the verb that holds the activity (as 办了一场 is), not its subject."""
    out = parse_activity("上周四又加了一场数据清洗实操培训，30人", NOW_A).to_json()
    assert out["title"] == "数据清洗实操培训", out
    # (加了 before the content, not a measure word, is no holding verb: 这次内容加了…)
    out = parse_activity("11月16日组织了数据安全培训，这次内容加了个人信息保护的部分", NOW_A).to_json()
    assert out["title"].startswith("数据安全培训"), out


@pytest.mark.parametrize(("line", "kind", "day", "clock", "attendees"), HELD_IN_OTHER_WORDS)
def test_a_meeting_held_in_other_words(line, kind, day, clock, attendees):
    _check(line, kind, day, clock, attendees)


def test_a_classing_verb_is_no_part_of_the_title():
    """算一次…会 classes the meeting told before; 算 is its verb, not its subject."""
    out = parse_activity("昨天开了个会，就算一次数据目录对接会吧", NOW_A).to_json()
    assert out["title"] == "数据目录对接会", out


# H. Titles: a meeting app before "meeting" is the channel, not the subject; a bare generic report
# word gives way to the kind word that names the thing, set apart in the line.
TITLES = [
    ("数据共享交流会 昨天 3pm 腾讯meeting 20人", "数据共享交流会", "腾讯会议"),
    ("一网统管seminar 上周四 zoom meeting 👍", "一网统管研讨会", "视频会议"),
    ("CDO座谈会 yesterday 钉钉 meeting", "CDO座谈会", "视频会议"),
    ("report已经交给区政数局了，半年总结，昨天", "半年总结", None),
    ("report已经上报区数管局了，工作总结，上周五", "工作总结", None),
    ("report done，工作总结，昨天交的", "工作总结", None),
    ("report submit了，年度工作总结，上周五", "年度工作总结", None),
]


@pytest.mark.parametrize(("line", "title", "location"), TITLES)
def test_titles_name_the_subject_not_the_channel(line, title, location):
    out = parse_activity(line, NOW_A).to_json()
    assert out["title"] == title, out
    if location is not None:
        assert out["location"] == location, out
