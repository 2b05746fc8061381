"""Probes in fresh wordings for the field misses of blind batch 27 (issue 10).

Each row is parsed at the dev set's reference time (Monday 2026-11-23 10:00). Rows are grouped by
mechanism; each word or mark added for a kind of miss has a row that fails without it.
"""

from __future__ import annotations

import pytest

from bot.core.intake import parse_activity
from tests.unit._intake_cases import NOW_A

# A chat log's head count written as a rough numeral standing alone at the end of the line or of a
# clause, with no people unit (大概30+, 20多, ~35, 约40).
ROUGH_ALONE = [
    ("FYI 11/20 数据共享 workshop 线下 3pm，大概25+", 25),  # 大概 … +
    ("昨天下午数据治理交流会开完了，约40", 40),  # 约
    ("上周五 数据安全培训 线上 20多", 20),  # a space before, 多
    ("周三的数据开放座谈会开完了，~35 👍", 35),  # ~, an emoji after
    ("昨天开了数据安全培训，近50，效果不错", 50),  # 近, a clause after
    ("FYI 昨天 数据标准 培训 done，差不多60来", 60),  # 来
    ("上周四 一网通办 交流会 2pm，35左右。", 35),  # 左右, 。
    ("上周四 一网通办 交流会 2pm，35＋", 35),  # full-width ＋
    ("昨天的数据共享交流会；30余", 30),  # ；, 余
    ("上周二开了数据质量研讨会，四十多!", 40),  # a Chinese numeral, !
    ("上周二开了数据质量研讨会，约45.", 45),  # a full stop
]
# …but not a date, a time, a phase, a duration, a quota, or a numeral with no rough word or mark.
NOT_A_COUNT = [
    "上周二开了数据治理研讨会，要求各区报3名学员",
    "上周二 数据安全培训 第三期",
    "昨天开了数据质量座谈会，11/20",
    "昨天下午开了数据共享交流会，14:30左右",
    "昨天下午开了数据共享交流会，约2小时",
    "昨天开了数据质量座谈会，下午2点多",
    "上周五数据治理培训，每个区报约5人",
    "昨天开了数据共享交流会，30",
]


@pytest.mark.parametrize(("line", "attendees"), ROUGH_ALONE)
def test_a_rough_numeral_standing_alone_is_the_head_count(line, attendees):
    out = parse_activity(line, NOW_A).to_json()
    assert out["kind"] is not None, out
    assert out["attendees"] == attendees, out


@pytest.mark.parametrize("line", NOT_A_COUNT)
def test_no_head_count_from_dates_times_phases_or_quotas(line):
    out = parse_activity(line, NOW_A).to_json()
    assert out["kind"] is not None, out
    assert out["attendees"] is None, out


def test_a_rough_numeral_alone_does_not_make_a_log():
    assert parse_activity("今天天气不错，大概30+", NOW_A).to_json()["kind"] is None


# An acronym with its expansion in brackets (either way round) right before the kind word is the
# subject, not an ordinal after it (第二期) nor a bare 专题.
ACRONYM_TITLES = [
    ("FYI 上周一 am10:00 开展了 DQM（数据质量管理）培训 第二期，30+人", "DQM（数据质量管理）培训", 30),
    ("昨天参加了OKR（目标与关键成果）交流会，20人", "OKR（目标与关键成果）交流会", 20),
    ("上周五开展了数据资产入表（DAE）专题轮训 第一期", "数据资产入表（DAE）专题轮训", None),
    ("上周三组织了 PIA（个人信息影响评估）专题培训", "PIA（个人信息影响评估）专题培训", None),
    ("昨天 MDM(主数据管理) 研讨会 开完了，大概20+", "MDM（主数据管理）研讨会", 20),
]
# …but a bracket that is no acronym pairing stays out of the subject.
PLAIN_BRACKETS = [
    ("昨天下午开了（线上）数据共享交流会", "数据共享交流会"),
    ("上周五开展了数据安全（第二期）培训", "培训"),
]


@pytest.mark.parametrize(("line", "title", "attendees"), ACRONYM_TITLES)
def test_an_acronym_with_its_expansion_is_the_subject(line, title, attendees):
    out = parse_activity(line, NOW_A).to_json()
    assert out["title"] == title, out
    assert out["attendees"] == attendees, out


@pytest.mark.parametrize(("line", "title_has"), PLAIN_BRACKETS)
def test_a_plain_bracket_is_not_taken_into_the_subject(line, title_has):
    out = parse_activity(line, NOW_A).to_json()
    assert title_has in out["title"], out
    assert "(" not in out["title"] and "（" not in out["title"], out


# The speaker's own attendance (我代表…参会, 派我们科参会) names no meeting, and what was said there
# (会上讲了…的经验/做法) is no prefix to a meeting's own name: the title is the meeting named.
ATTENDANCE_TITLES = [
    (
        "上周二上午，市数据局在会展中心召开全市数据共享推进会，各区都要参加。我代表区政务服务局参会，"
        "介绍了一网通办的经验，现场三十多人。",
        "全市数据共享推进会",
    ),
    (
        "前天上午10点，区政数局在区行政中心召开数据安全工作沟通交流会，各街道原则上都要参加。"
        "我代表区教育局参会，会上交流了校园数据分级保护的做法，现场三十多人。",
        "数据安全工作沟通交流会",
    ),
    (
        "上周五上午，省政数局在省政务中心召开数据要素沟通交流会，各市都要参加。我们局派我与会，"
        "会上交流了公共数据授权运营的做法，大约二十人。",
        "数据要素沟通交流会",
    ),
    (
        "昨天下午，市里召开首席数据官联席会议。我代表本局参会，会上讲了数据共享的经验，现场四十多人。",
        "首席数据官联席会议",
    ),
    (
        "上周一，市政数局召开全市公共数据开放工作会。区里派我们科参会，交流了开放目录编制的做法，五十人左右。",
        "全市公共数据开放工作会",
    ),
    (
        "上周三市里开了首席数据官工作交流会，我代表街道办参加，汇报了网格数据治理的情况",
        "首席数据官工作交流会",
    ),
    (
        "前天上午10点，区政数局在区行政中心召开全区数据安全沟通交流会，各街道都要参加。我代表区教育局参会，"
        "会上交流了一网通办的做法，现场三十多人。",
        "全区数据安全沟通交流会",
    ),
]
# …and what was said there loses the noun that only points at it (的经验, 的做法).
SAID_THERE = [
    (
        "昨天下午，市里召开首席数据官联席会议。我代表本局参会，会上讲了数据共享的经验，现场四十多人。",
        "首席数据官联席会议（数据共享）",
    ),
    (
        "前天上午10点，区政数局在区行政中心召开全区数据安全沟通交流会，各街道都要参加。我代表区教育局参会，"
        "会上交流了一网通办的做法，现场三十多人。",
        "全区数据安全沟通交流会（一网通办）",
    ),
]


@pytest.mark.parametrize(("line", "title_starts"), ATTENDANCE_TITLES)
def test_the_speakers_attendance_is_not_the_title(line, title_starts):
    title = parse_activity(line, NOW_A).to_json()["title"]
    assert title.startswith(title_starts), title
    assert "参会" not in title and "与会" not in title and "代表" not in title, title


@pytest.mark.parametrize(("line", "title"), SAID_THERE)
def test_what_was_said_there_loses_its_pointer_noun(line, title):
    assert parse_activity(line, NOW_A).to_json()["title"] == title


# A bare meeting-type noun (推进会, 碰头会) still takes the topic said apart before it.
TYPE_NOUN_TOPICS = [
    ("昨天开了个推进会，聊数据共享", "数据共享推进会"),
    ("上周五开了个碰头会，讨论了数据目录", "数据目录碰头会"),
]


@pytest.mark.parametrize(("line", "title"), TYPE_NOUN_TOPICS)
def test_a_bare_meeting_noun_takes_the_topic_before_it(line, title):
    assert parse_activity(line, NOW_A).to_json()["title"] == title


# A meeting named alone with who held or attended it (市政数局召开会议, 我参加会议): the verb and the
# holder are no part of the title.
HELD_IN_THE_NAME = [
    (
        "上周四上午，市政数局举行会议。我代表本局参会，会上交流了跨省通办的做法，现场三十多人。",
        "跨省通办会议",
    ),
    ("上周五上午，区政数局组织召开会议，交流了一网通办的做法，现场三十多人。", "一网通办会议"),
    ("上周五上午，区政数局举办会议，交流了数据共享的做法，现场三十多人。", "数据共享会议"),
    ("上周五上午，我参加会议，交流了数据归集的做法，现场三十多人。", "数据归集会议"),
    ("上周五上午，区政数局召开了会议，交流了数据开放的经验，现场三十多人。", "数据开放会议"),
]


@pytest.mark.parametrize(("line", "title"), HELD_IN_THE_NAME)
def test_who_held_the_meeting_is_not_its_title(line, title):
    assert parse_activity(line, NOW_A).to_json()["title"] == title
