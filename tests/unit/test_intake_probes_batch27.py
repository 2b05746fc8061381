"""Probes in fresh wordings for the kinds of intake misses of blind batch 27 (issue 10).

Each row is (line, kind, date, time) at the dev set's reference time (Monday 2026-11-23 10:00);
a ``None`` kind means the line logs nothing. ``...`` leaves a field unchecked. Rows are grouped
by mechanism, positive and negative, so that each branch has lines that fail without it.
"""

from __future__ import annotations

import pytest

from bot.core.intake import parse_activity
from tests.unit._intake_cases import NOW_A

EM, TR, RE = "exchange_meeting", "training", "report"

# A. A day written alone before its clause (上周四下午，…) dates the clause after it; a clock time
# with no day or half-day of its own takes the half-day of the day mention nearest before it.
FRONTED_DAY = [
    (
        "这周要迎检。说个办完的：上周四晚上，我们在线上开了数据共享协调会，8点开始，来了15个人",
        EM,
        "2026-11-19",
        "20:00",
    ),
    (
        "今天上午还要开党组会，先记一下：上周五下午，我们组织了数据安全培训，3点开讲",
        TR,
        "2026-11-20",
        "15:00",
    ),
    ("11月12日晚上，在区政务中心开了个数据治理座谈会，7点半开始", EM, "2026-11-12", "19:30"),
    # (a clock with a half-day of its own keeps it)
    ("上周三晚上，组织了一场数据标准培训，上午9点就开始布置会场了", TR, "2026-11-18", ...),
]

# B. In a chain of dated steps in one clause, the day of the activity's own verb is its date.
STEP_CHAIN = [
    ("11月3日拟稿、11月10日局长签发、11月12日正式提交数据资源普查报告", RE, "2026-11-12", None),
    ("11月8日定稿、11月9日发给市政数局数据共享工作报告", RE, "2026-11-09", None),
    ("11月8日定稿、11月9日发送数据共享工作报告", RE, "2026-11-09", None),
    ("上周一写完初稿，上周三修改，上周五报送了年度工作总结", RE, "2026-11-20", None),
    ("11月2日发通知、11月9日组织数据分类分级培训，共40人", TR, "2026-11-09", None),
    ("11月5日报名截止，11月12日正式开班，讲公共数据授权运营，共52人参训", TR, "2026-11-12", None),
    ("上周一开课，讲数据资产入表，38人参训", TR, "2026-11-16", None),
    ("11月2日上午9点发通知、11月9日下午3点组织数据分类分级培训", TR, "2026-11-09", "15:00"),
    # (a range of days starts on its first day: 到 is no step; a list of days is no chain either)
    ("11月3日、11月10日各开了一次交流会", EM, "2026-11-03", None),
    ("上周二到上周四组织了数据治理轮训", TR, "2026-11-17", None),
    # (a child's class is no training)
    ("孩子的钢琴课上周六开课了", None, ..., None),
]

# B. A class opened on a day of its own (开班, 开课, 开讲), in a line that counts its audience, is a
# training even with no kind word.
OPENED = [
    ("上周一开班，数据安全，40人参训", TR, "2026-11-16", None),
    ("11月18日下午数据资产入表专题正式开课，学员45人", TR, "2026-11-18", None),
    ("上周四数据安全专题正式开讲，45人参训", TR, "2026-11-19", None),
    ("孩子上周六开课了，10个人", None, ..., None),
    ("下周一开班，40人", None, ..., None),
    ("上周一开班了", None, ..., None),
]

# C. What the meeting talked about (聊/谈/交流 …怎么…) is no question; the next occurrence planned
# in a later clause does not null the one held.
TALKED_ABOUT = [
    ("上周三开了个数据共享座谈会，20人左右，主要聊了接口怎么打通，下次打算12月再开", EM, "2026-11-18", None),
    ("11月6日组织了数据安全培训，大家谈了谈分类分级怎么落地，以后每季度办一期", TR, "2026-11-06", None),
    ("上周三开了数据共享座谈会，15人，交流了接口如何打通", EM, "2026-11-18", None),
    # (a question of ours still asks, and a meeting's name is no talk verb)
    ("座谈会怎么报名？", None, ..., None),
    ("恳谈会怎么报名？", None, ..., None),
    ("交流会是每半年一次吗", None, ..., None),
    ("上周开的座谈会，纪要怎么写？", None, ..., None),
]

# C. …nor does a question word in a later clause about the next occurrence (下次什么时候开还没定),
# in a line not marked as a question.
NEXT_TIME = [
    ("上周三开了数据共享座谈会，30人，下次什么时候开还没定", EM, "2026-11-18", None),
    ("11月10日组织了数据标准培训，下一次放在哪里还要商量", TR, "2026-11-10", None),
    ("上周五办完了数据安全轮训，下一期要不要扩大范围再看", TR, "2026-11-20", None),
    ("昨天开了一网统管推进会，下一场谁来牵头待定", EM, "2026-11-22", None),
    ("上周二开了数据治理座谈会，以后多久开一次再议", EM, "2026-11-17", None),
    ("上周四开了数据开放研讨会，今后怎么常态化还在研究", EM, "2026-11-19", None),
    # (a question still asks: marked, or with nothing held before it)
    ("上周三开了座谈会，下次什么时候开？", None, ..., None),
    ("下次培训什么时候开", None, ..., None),
]

# D. English kind nouns with Chinese done verbs.
ENGLISH_KIND = [
    ("数据治理 summary 上周五交上去了", RE, "2026-11-20", None),
    ("年度 report 昨天已经发过去了", RE, "2026-11-22", None),
    ("数据标准 report 上周五发过去了", RE, "2026-11-20", None),
    ("季度报告上周五发出去了", RE, "2026-11-20", None),
    ("年度报告昨天发上去了", RE, "2026-11-22", None),
    ("上周四的数据标准 course 办完了，30人", TR, "2026-11-19", None),
    # (a report not yet sent is no log)
    ("summary 还没写完", None, ..., None),
]

# E. A meeting moved to a fixed day and clock is that schedule; a plan still intended is not.
MOVED_SCHEDULE = [
    ("原定上周五的数据安全研讨会，现提前到今天下午3点开", EM, "2026-11-23", "15:00"),
    ("本来计划周三开数据共享交流会，现在提前到明天上午10点召开", EM, "2026-11-24", "10:00"),
    ("原本计划本周四开数据共享座谈会，现提前到今天下午4点开", EM, "2026-11-23", "16:00"),
    ("原计划下周二召开一网统管推进会，现已提前到明天上午10点召开", EM, "2026-11-24", "10:00"),
    ("原先计划本周五开数据治理推进会，现提前到今天下午2点开", EM, "2026-11-23", "14:00"),
    ("原来计划下周一开数据安全研讨会，现在提前到明天上午9点开", EM, "2026-11-24", "09:00"),
    ("明天要组织数据标准培训", None, ..., None),
    ("原计划本周二开数据质量研讨会，现提前到明天，请各科室报名", None, ..., None),
    ("原计划本周二开数据质量研讨会，现在打算提前到明天开", None, ..., None),
    ("原计划今天开的座谈会，推迟到下周再说", None, ..., None),
]


def _check(line, kind, day, clock):
    out = parse_activity(line, NOW_A).to_json()
    assert out["kind"] == kind, out
    if day is not ...:
        assert out["date"] == day, out
    if clock is not ...:
        assert out["time"] == clock, out


@pytest.mark.parametrize(("line", "kind", "day", "clock"), FRONTED_DAY)
def test_a_fronted_day_dates_the_next_clause(line, kind, day, clock):
    _check(line, kind, day, clock)


@pytest.mark.parametrize(("line", "kind", "day", "clock"), STEP_CHAIN)
def test_the_day_of_the_activitys_own_step(line, kind, day, clock):
    _check(line, kind, day, clock)


@pytest.mark.parametrize(("line", "kind", "day", "clock"), OPENED)
def test_a_class_opened_with_an_audience_is_a_training(line, kind, day, clock):
    _check(line, kind, day, clock)


@pytest.mark.parametrize(("line", "kind", "day", "clock"), TALKED_ABOUT)
def test_what_was_talked_about_is_no_question(line, kind, day, clock):
    _check(line, kind, day, clock)


@pytest.mark.parametrize(("line", "kind", "day", "clock"), NEXT_TIME)
def test_what_is_open_about_the_next_occurrence_is_no_question(line, kind, day, clock):
    _check(line, kind, day, clock)


@pytest.mark.parametrize(("line", "kind", "day", "clock"), ENGLISH_KIND)
def test_english_kind_nouns(line, kind, day, clock):
    _check(line, kind, day, clock)


@pytest.mark.parametrize(("line", "kind", "day", "clock"), MOVED_SCHEDULE)
def test_a_meeting_moved_to_a_fixed_day(line, kind, day, clock):
    _check(line, kind, day, clock)
