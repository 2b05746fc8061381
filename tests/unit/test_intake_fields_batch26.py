"""Probes in fresh wordings for the field misses of blind batch 26 (issue 10).

Each row is parsed at the dev set's reference time (Monday 2026-11-23 10:00). Rows are grouped by
mechanism; each word added for a kind of miss has a row that fails without it.
"""

from __future__ import annotations

import pytest

from bot.core.intake import parse_activity
from tests.unit._intake_cases import NOW_A

# An earlier occurrence done by then (就交了, 就已经办了) set against this one (这次, 这回, 本次): the
# day and the title are of this one; 就 alone, or 这次 alone, changes nothing.
THIS_TIME_NOT_THE_EARLIER = [
    ("一季度的报告3月31日就报了，这回是二季度数据工作报告，昨天下午交的", "2026-11-22", "二季度"),
    ("第一期培训6月就已经办了，本次是第二期数据安全培训，上周五下午开的", "2026-11-20", "第二期"),
    ("上季度的总结9月30日早就交了，这一次是年度工作总结，今天刚报送", "2026-11-23", "年度"),
    ("上半年的工作报告6月就报了，这次是三季度数据报告，今天上午提交的", "2026-11-23", "三季度"),
    ("第一次交流会10月早已开了，这次是数据共享交流会，昨天上午开的", "2026-11-22", "数据共享"),
    ("数据报告上周五就交了", "2026-11-20", "数据报告"),
    ("数据安全报告上周五交了，这次是第一次报送", "2026-11-20", "数据安全"),
]


@pytest.mark.parametrize(("line", "day", "title_has"), THIS_TIME_NOT_THE_EARLIER)
def test_this_time_is_not_the_earlier_occurrence(line, day, title_has):
    out = parse_activity(line, NOW_A).to_json()
    assert out["date"] == day, out
    assert title_has in out["title"], out


# The actual count (实际, 实到) beats the notified or expected one (通知, 应到, 报名), whichever is
# larger or comes first.
ACTUAL_COUNTS = [
    ("昨天开了数据共享交流会，实际到会28人，原来通知了35人", 28),
    ("上周五的数据安全培训，原本通知60人，实到52人", 52),
    ("昨天开了交流会，通知了45人参会", 45),
    ("昨天开了数据共享交流会，通知了50人，来了42人", 42),
    ("上周五的数据安全培训实际到会28人，共邀请了35人", 28),
    ("前天开了数据治理交流会，实到36人，总共邀请了50人", 36),
    ("前天的培训实际参加32人，报名的有40人", 32),
]


@pytest.mark.parametrize(("line", "attendees"), ACTUAL_COUNTS)
def test_the_actual_count_beats_the_notified(line, attendees):
    out = parse_activity(line, NOW_A).to_json()
    assert out["attendees"] == attendees, out


# Titles: a document named in 《》 in the day's clause (not a kind word used as a verb in a purpose
# clause, 为了总结经验); a subject standing apart with a Latin prefix carrying a digit (Q3数据归集情况);
# and no mention inside a blanked venue (培训室), so an ordinal occurrence (第二场) keeps the named one.
TITLES = [
    ("为了总结今年的做法，昨天下午把《香洲区数据共享工作总结》交给了市局", "2026-11-22", "香洲区数据共享"),
    (
        "半年来做了不少工作，为了总结提高，上周五我们把《金湾区一网统管运行情况报告》报送市政数局",
        "2026-11-20",
        "一网统管",
    ),
    ("报告昨天交了 H1数据共享进展", "2026-11-22", "数据共享进展"),
    ("report done 上周三 Q4政务数据治理进展", "2026-11-18", "数据治理进展"),
    (
        "今年要办两期数据标注技能培训，第一期已于5月办完。第二期于上周四下午在区委党校二楼培训室举行，"
        "请了高校老师授课，共45人参加。",
        "2026-11-19",
        "数据标注",
    ),
    (
        "我区今年组织两场数据资产登记培训，第一场已于6月完成。第二场于上周三上午在区政务中心三楼培训室举办，"
        "邀请了市大数据中心信息安全部的专家授课，共50人参加。",
        "2026-11-18",
        "数据资产登记",
    ),
]


@pytest.mark.parametrize(("line", "day", "title_has"), TITLES)
def test_titles_of_documents_standing_subjects_and_ordinal_occurrences(line, day, title_has):
    out = parse_activity(line, NOW_A).to_json()
    assert out["date"] == day, out
    assert title_has in out["title"], out


# 邀请了…专家授课 is a clause of who taught: no better-described mention for a bare 培训.
@pytest.mark.parametrize(
    "line",
    [
        "昨天下午的培训在三楼开的，邀请了市数据局的专家授课，30人参加",
        "上周四的培训在党校办的，请了省大数据中心的老师讲课，40人参加",
    ],
)
def test_a_teaching_clause_is_no_title(line):
    out = parse_activity(line, NOW_A).to_json()
    assert "了" not in out["title"], out
