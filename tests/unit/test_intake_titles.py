"""Probes in fresh wordings for the kinds of title misses of blind batches 23 and 24.

Each row is a line at the dev set's reference time (Monday 2026-11-23 10:00) and what its title
must (or must not) hold. Rows are grouped by mechanism, so that each word-list entry or regex
alternative added for a kind of miss has a line that fails without it (the comment on a row names
the entry it guards).
"""

from __future__ import annotations

import pytest

from bot.core.intake import parse_activity
from tests.unit._intake_cases import NOW_A


def _title(line: str) -> str:
    result = parse_activity(line, NOW_A)
    assert result.draft is not None, line
    return result.draft.title


# 1. A title whose words before the kind noun name no subject (CDO, 首席数据官, 工作, 专题, 相关,
# English chat words) takes the subject the line gives elsewhere. (line, the subject it must hold)
GENERIC_TITLE_SUBJECTS = [
    # …written as a theme, after the subject (主题, and topic glossed to 主题)
    ("CDO例会开完了，公共数据开放主题，12人", "公共数据开放"),
    ("CDO例会开完了，秒报秒批主题，12人", "秒报秒批"),  # 主题 in _THAT_ONE (no domain word: no phrase alone)
    ("CDO seminar搞定 🎉 数据要素topic，约30人", "数据要素"),
    # …after 专题 that says what it is (是, 为, a colon)
    ("CDO交流会 上周五 专题是一官两员 20人", "一官两员"),  # 专题(?:是|为|\s*:) in _TOPIC
    ("首席数据官培训 上周三 专题为好差评 20人", "好差评"),
    ("CDO交流会 昨天 专题：秒报秒批 20人", "秒报秒批"),
    # …in a bracket beside the keyword
    ("昨天的CDO座谈会(数字政府专题)开得不错", "数字政府"),
    ("昨天的CDO座谈会(一官两员专题)开得不错", "一官两员"),  # ( and ) around _THAT_ONE
    ("昨天CDO交流会（政务数据共享）开了，20人", "政务数据共享"),
    # …in English with its Chinese beside it: the Chinese
    ("上周五CDO workshop done，主题 data security/数据安全，25人", "数据安全"),  # _CHINESE_BESIDE /
    ("上周五CDO workshop done，主题 data security(数据安全)，25人", "数据安全"),  # _CHINESE_BESIDE (
    # …as a phrase standing alone in the line
    ("首席数据官培训 昨天下午 一网统管 40人", "一网统管"),  # 首席数据官 in _GENERIC_HEAD; 一网
    ("CDO培训 已完成 👍 信息化项目管理 二十人", "信息化项目管理"),  # English words generic; 信息
    ("首席数据官座谈会 done 👏 跨境数据流通 十几个人", "跨境数据流通"),  # 数据, 2 characters before it
    ("上周的CDO专题培训，数字政府建设，25人", "数字政府建设"),  # 专题 in _GENERIC_HEAD; 数字
    ("相关报告11月4日已报送，数据普查登记", "数据普查登记"),  # 相关 in _GENERIC_HEAD
    ("首席数据官工作例会昨天开了，政务服务改革，15人", "政务服务改革"),  # 工作, 例会; 政务
    ("昨天 CDO工作会议 ✅ 数据资产入表 12人", "数据资产入表"),  # 会议 in _MEETING_NOUN
    ("今天CDO training ✅ BI数据分析 20人", "BI数据分析"),  # a Latin word before 数据
    ("周例会 done 👍 数据目录编制 十几个人", "数据目录编制"),  # 周 (weekly) in _GENERIC_HEAD
    ("周三例会开完了，今天下午那个政务数据共享的 对接，十来个人", "政务数据共享"),  # 周三 is the date
    ("周五例会 done，一网通办，12人", "一网通办"),  # (?<!通) in _NAMED: a programme, not an office 办
    # …an English subject before the keyword, with the Chinese one later
    ("today开了data governance的workshop 👍 数据治理研讨会 15 ppl", "数据治理"),  # 的, \s in _GENERIC_HEAD
    ("上周五开了个data security的training 🔥 数据安全培训，30人", "数据安全培训"),
    ("昨天am开了个open data的meeting，公共数据开放推进会，20人", "公共数据开放推进会"),
]


def test_a_phrase_naming_the_meeting_itself_is_the_title():
    # 会 in _MEETING_NOUN: the phrase alone is the meeting's own name, not a topic in brackets
    assert _title("昨天am开了个open data的meeting，公共数据开放推进会，20人") == "公共数据开放推进会"


@pytest.mark.parametrize(("line", "subject"), GENERIC_TITLE_SUBJECTS)
def test_a_generic_title_takes_the_subject_said_elsewhere(line, subject):
    assert subject in _title(line)


# …and the phrase standing alone must name the work and be a subject: no place or unit, no person,
# no remark, no clause coming round to data late, nothing long. (line, the title it keeps)
NOT_STANDING_SUBJECTS = [
    ("昨天CDO交流会 区数据局 20人", "CDO交流会"),  # a unit (_PLACE_SUFFIX in _NAMED)
    ("昨天CDO培训 街道数据专员 20人", "CDO培训"),  # 员
    ("昨天CDO培训 部门数据官 20人", "CDO培训"),  # 官
    ("昨天CDO培训 数据工作者 20人", "CDO培训"),  # 者
    ("昨天CDO培训 数据分析师 20人", "CDO培训"),  # 师
    ("昨天CDO培训 信息科科长 20人", "CDO培训"),  # 长
    ("昨天CDO培训 数据负责人 20人", "CDO培训"),  # 人
    ("CDO交流会 昨天 数据质量太差了", "CDO交流会"),  # a remark
    ("昨天开了CDO交流会，局长讲话强调数据质量", "CDO交流会"),  # data only late in the phrase
    ("昨天CDO交流会，我们区这边最近在做的公共数据共享", "CDO交流会"),
    ("CDO交流会 昨天 数据口径各部门之间差异较大需要统一 20人", "CDO交流会"),  # _MAX_STANDING
    ("昨天CDO交流会，消防安全，20人", "CDO交流会"),  # no domain word
    ("昨天的数据治理培训，CDO工作，数据安全，30人", "数据治理培训"),  # a title with a subject keeps it
    ("上周开了数据共享研讨会，下一步还要做专题调研", "数据共享研讨会"),  # 专题 alone names no topic
]


@pytest.mark.parametrize(("line", "title"), NOT_STANDING_SUBJECTS)
def test_a_phrase_that_is_no_subject_stays_out_of_the_title(line, title):
    assert _title(line) == title


def test_a_phrase_standing_alone_ends_before_a_trailing_de():
    assert _title("周三例会开完了，今天下午那个政务数据共享的 对接，十来个人") == "政务数据共享例会"


def test_an_english_topic_keeps_all_its_words():
    # _LATIN_MORE: 主题 data sharing is the topic, not data
    assert "data sharing" in _title("昨天CDO交流会，主题 data sharing")


# 2. A keyword whose title is only a place or unit gives way to no other mention; an emoji ends a
# phrase as it ends a clause.
EMOJI_TITLES = [
    ("今天report已提交👌 下半年工作总结", "下半年工作总结"),  # U+1F000-1FAFF in _CLAUSE
    ("✅ 总结报告已提交 11.20", "总结报告"),  # U+2600-27BF
    ("report已发 ✔️ 数据资源普查报告 11/20", "数据资源普查报告"),  # U+FE0F
    ("福田区 report 已交😂 工作总结上周五发给数管局了", "工作总结"),  # 区 in _PLACE_END
    (
        "report已交～ 三季度数据共享报告 上周五发给市局了",
        "三季度数据共享报告",
    ),  # ~ (～ normalised) in _CLAUSE
]


@pytest.mark.parametrize(("line", "title"), EMOJI_TITLES)
def test_an_emoji_ends_the_title(line, title):
    assert _title(line) == title


def test_on_before_a_day_is_no_topic():
    # _ON_DAY in english.py: on 11/20 dates the line; no 关于 of a topic (by email to)
    assert "by" not in _title("report已发 数据资源普查报告 on 11/20 by email to 政数局")


# 3. Two activities in one line: the title names the one whose day was taken.
DATED_MENTIONS = [
    # the keyword's sentence tells of another report; the day's sentence holds the sent one
    (
        "数据安全自查报告前后改了三稿，11月18日正式报送市局；三季度的工作总结上个月已经报过了，这次不再重复报送。",
        "数据安全自查报告",
    ),  # ; in _SENTENCE
    (
        "一网统管运行情况报告改了好几稿，最后11月20日报给了市政数局。半年工作总结7月份已经报过了，这次不重复报。",
        "一网统管运行情况报告",
    ),  # 。 in _SENTENCE
    ("数据安全报告总算交了!昨天下午3点提交的数据开放年度总结", "数据开放年度总结"),  # ! in _SENTENCE
    # same sentence: the keyword's clause tells of an earlier one (报过), the day's clause the sent one
    ("一网通办专题报告11月20日交给了区政数局，上半年总结之前报过一次", "一网通办专题报告"),  # _COMMA
]


@pytest.mark.parametrize(("line", "title"), DATED_MENTIONS)
def test_the_title_names_the_activity_of_the_day_taken(line, title):
    assert _title(line) == title


def test_a_mention_in_another_clause_of_the_days_sentence_is_not_taken_without_cause():
    # …the keyword's clause tells of no other occurrence: its own title stays
    assert _title("数据共享交流会上周四开的，20人。另外下周还有一场培训") == "数据共享交流会"


# 4. A title starts at its subject: not at an adverb before the object marker 把 or the copula 是,
# nor at a demonstrative, nor at the 完 of 开完. (line, title)
CLEAN_TITLES = [
    ("上周二总算把数据共享情况报告交上去了", "数据共享情况报告"),  # 把 in _HEAD_CUT
    ("上周五搞了个workshop，说白了就是数据目录编制研讨会，十几个人", "数据目录编制研讨会"),  # 是
    ("上周三那个数据开放座谈会开得挺好", "数据开放座谈会"),  # 那个 ([这那] + 个 in _FILLER)
    ("昨天交了那份数据治理半年总结", "数据治理半年总结"),  # 那份 (份)
    ("昨天刚开完数据共享座谈会，20人", "数据共享座谈会"),  # 开完了? in _VERB
]


@pytest.mark.parametrize(("line", "title"), CLEAN_TITLES)
def test_a_title_starts_at_its_subject(line, title):
    assert _title(line) == title


# 5. A topic said outside the keyword's phrase is a subject: not the 完 of 讲完, nor an aspect 了 or a
# 的 before it, nor punctuation, and it ends before its verb. (line, title)
TOPICS = [
    ("昨天的数据安全培训，王老师讲完了，20人", "数据安全培训"),  # 完 in 讲's lookahead
    ("昨天开了数据共享座谈会，主要聊了接口标准，十人", "数据共享座谈会（接口标准）"),  # 了 before the topic
    ("昨天办了培训，讲的数据标准，20人", "数据标准培训"),  # 的 before the topic
    ("不是培训，是交流——昨天跟市局开了个数据运营对接会", "数据运营对接会"),  # a topic starts at a word
    ("上周参加了数据安全培训，讲的是《数据安全法》", "数据安全培训（《数据安全法》）"),  # …or a 《
    (
        "昨天开了首席数据官交流会，围绕数据共享进行了深入讨论",
        "首席数据官交流会（数据共享）",
    ),  # ends at 进行了
    ("昨天开了个研讨会，讨论上报的总结报告怎么写", "上报的总结报告怎么写研讨会"),  # …not at 上报的
]


@pytest.mark.parametrize(("line", "title"), TOPICS)
def test_a_topic_is_a_subject(line, title):
    assert _title(line) == title


def test_a_meeting_named_by_its_own_words_starts_after_its_day():
    # activity.py: 今天上午 (noise) at the start of 今天上午CDO例会 is the day, not the name
    assert _title("今天上午CDO例会开完了，香洲区 大概20人") == "CDO例会"
    assert _title("昨天下午数据共享推进会开完了，20人") == "数据共享推进会"
