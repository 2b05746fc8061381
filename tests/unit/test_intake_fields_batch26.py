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
