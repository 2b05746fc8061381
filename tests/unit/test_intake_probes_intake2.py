"""Probes in fresh wordings for four kinds of intake misses (issue 10, intake round 2).

Each row is (line, kind, date, time, attendees) at the dev set's reference time (Monday
2026-11-23 10:00); a ``None`` kind means the line logs nothing. ``...`` leaves a field unchecked.
Rows are grouped by mechanism, positive and negative, so that each branch has lines that fail
without it.
"""

from __future__ import annotations

import pytest

from bot.core.intake import parse_activity
from tests.unit._intake_cases import NOW_A
from tests.unit._probe_check import check_probe

EM, TR, RE = "exchange_meeting", "training", "report"

# A. A clause that reports what was said at the meeting (会上讲了…, 会中交流了…) says it was held.
CONTENT_REPORTED = [
    ("市里召开首席数据官联席会议，我代表本局参会，会上讲了数据共享的经验", EM, ..., None, None),
    ("区里召开数据治理推进会。我们局派人参会，会上交流了目录编制的做法", EM, ..., None, None),
    ("召开首席数据官联席会议，会中部署了年底评价工作", EM, ..., None, None),
    ("市政数局召开数据安全联席会议，我在会上介绍了分类分级的进展", EM, ..., None, None),
    ("召开数据共享协调推进会，会议上讨论了跨部门共享卡点", EM, ..., None, None),
    ("召开数据共享推进会，大家在会上分享了接口对接的经验", EM, ..., None, None),
    ("召开首席数据官例会，会上强调了数据安全", EM, ..., None, None),
    ("召开数据资源工作会议，各区会上交流了普查进度", EM, ..., None, None),
    # (the kind words said there are not the log: the meeting is)
    ("市里召开首席数据官联席会议，会上通报了要在月底前报送总结", EM, ..., None, None),
    ("召开数据治理推进会，会上部署了数据安全培训", EM, ..., None, None),
    ("召开数据治理培训会，会上讲了分类分级", TR, ..., None, None),
    # (a meeting ahead: what will be said there says nothing was held)
    ("下周召开首席数据官联席会议，会上将通报各区进度", None, ..., None, None),
    ("市里要召开数据治理推进会，会上要讲数据共享", None, ..., None, None),
    # (no meeting named before: 上次会上讲了 tells of an earlier one)
    ("上次会上讲了要报数据普查报告，还没写完", None, ..., None, None),
]

# B. After a clock hour and a space, a number with a count marker (+, 多, 余, 来) is a head count.
CLOCK_THEN_COUNT = [
    ("昨天数据安全培训 2pm 35+", TR, "2026-11-22", "14:00", 35),
    ("上周四下午3点 40多人参加了数据治理交流会", EM, "2026-11-19", "15:00", 40),
    ("上周五下午3点 25余人参加了数据安全培训", TR, "2026-11-20", "15:00", 25),
    ("昨天上午10点 30来人参加了数据治理培训", TR, "2026-11-22", "10:00", 30),
    ("昨天 3pm 20＋ 数据共享座谈会", EM, "2026-11-22", "15:00", ...),
    # (minutes stay minutes: no space, or no count marker)
    ("昨天下午3点 45开的数据安全培训，30人参加", TR, "2026-11-22", "15:45", 30),
    ("昨天上午8点40开的数据安全培训，40多人参加", TR, "2026-11-22", "08:40", 40),
]

# C. The time of an activity is its start (开始, 开会, 开讲), not its end (结束, 散会, 开到…).
START_NOT_END = [
    ("昨天的数据安全培训9点才结束，8点开始", TR, "2026-11-22", "08:00", None),
    ("昨天开数据治理交流会，11点散会，9点开会", EM, "2026-11-22", "09:00", None),
    ("上周五的培训开到12点，9点半开讲", TR, "2026-11-20", "09:30", None),
    ("昨天座谈会下午5点结束的，下午2点开始的，来了20人", EM, "2026-11-22", "14:00", 20),
    ("昨天交流会5点散场，3点开始，25人参加", EM, "2026-11-22", "15:00", 25),
    ("昨天的数据安全培训讲到下午5点，下午2点开讲", TR, "2026-11-22", "14:00", None),
    # (a start that is not marked stays unpicked: the first clock)
    ("昨天的数据安全培训9点结束，8点签到", TR, "2026-11-22", "09:00", None),
    # (a start written first keeps it)
    ("昨天数据安全培训9点开始，11点结束", TR, "2026-11-22", "09:00", None),
]

# D. A bare 报 before a receiving body (市/区…局/办/中心) hands in what follows.
BARE_HAND_IN = [
    ("11月9日报市政数局数据普查报告", RE, "2026-11-09", None, None),
    ("上周五报市数据中心年度数据资源目录报告", RE, "2026-11-20", None, None),
    ("11月12日报区政数办数据安全自查报告", RE, "2026-11-12", None, None),
    ("上周三报省数据局年度工作报告", RE, "2026-11-18", None, None),
    ("11月9日通报市政数局数据普查报告的问题", None, ..., None, None),
    # (handed in to a body that ends the clause, the thing handed in left out)
    ("11月9日报送市政数局", RE, "2026-11-09", None, None),
    ("昨天上报区政数办了", RE, "2026-11-22", None, None),
    ("11月9日提交给市数据中心", RE, "2026-11-09", None, None),
    ("上周五报送至省数据局", RE, "2026-11-20", None, None),
    ("11月18日报送了区数据局", RE, "2026-11-18", None, None),
    ("明天报送市政数局", None, ..., None, None),
    ("昨天没报送市政数局", None, ..., None, None),
    ("上周四把数据安全工作总节报送给区政数局了", RE, "2026-11-19", None, None),
    # (报名, 报销, 日报 as a noun are no hand-in)
    ("11月9日报销市数据局的差旅费", None, ..., None, None),
]


_check = check_probe


@pytest.mark.parametrize(("line", "kind", "day", "clock", "attendees"), CONTENT_REPORTED)
def test_what_was_said_at_the_meeting_says_it_was_held(line, kind, day, clock, attendees):
    _check(line, kind, day, clock, attendees)


@pytest.mark.parametrize(("line", "kind", "day", "clock", "attendees"), CLOCK_THEN_COUNT)
def test_a_count_after_a_clock_is_no_minutes(line, kind, day, clock, attendees):
    _check(line, kind, day, clock, attendees)


@pytest.mark.parametrize(("line", "kind", "day", "clock", "attendees"), START_NOT_END)
def test_the_time_is_the_start(line, kind, day, clock, attendees):
    _check(line, kind, day, clock, attendees)


@pytest.mark.parametrize(("line", "kind", "day", "clock", "attendees"), BARE_HAND_IN)
def test_a_bare_bao_to_a_body_hands_in(line, kind, day, clock, attendees):
    _check(line, kind, day, clock, attendees)


# (与会 is who attended, never the meeting's name; 参会 and 散会 rows pass without it)
ATTENDED_TITLES = [
    ("省里召开数据要素交流会，各市都要参加。我们局派我与会，会上交流了授权运营的做法", "数据要素交流会"),
    ("市里召开首席数据官联席会议，各区都要来，我们局我去参会，会上讲了数据共享的经验", "首席数据官联席会议"),
    ("区里召开数据共享推进会，各单位都要到。下午按时散会，会上部署了普查工作", "数据共享推进会"),
]


@pytest.mark.parametrize(("line", "title_starts"), ATTENDED_TITLES)
def test_attending_is_no_meeting_name(line, title_starts):
    out = parse_activity(line, NOW_A).to_json()
    assert out["kind"] == EM, out
    assert out["title"].startswith(title_starts), out


def test_a_misspelt_report_noun_handed_to_a_body_is_corrected():
    # (the hand-in to a body is a fallback: a kind word only misspelt is left to the typo pass)
    out = parse_activity("上周四把数据安全工作总节报送给区政数局了", NOW_A).to_json()
    assert out["title"] == "数据安全工作总结", out
