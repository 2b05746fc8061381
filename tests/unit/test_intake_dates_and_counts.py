"""Probes in fresh wordings for the date and head-count misses of blind batches 23 and 24.

Each row is (line, field value) at the dev set's reference time (Monday 2026-11-23 10:00). Rows
are grouped by mechanism, positive and negative, so that each branch has lines that fail without it.
"""

from __future__ import annotations

import pytest

from bot.core.intake import parse_activity
from tests.unit._intake_cases import NOW_A

# A bare weekday takes the week named last before it (上周…，周四…); a later frame resets it.
WEEK_FRAMES = [
    ("上周挺忙，周一迎检，周四下午组织了数据安全培训，下周还要再培训一次", "2026-11-19"),
    ("上个星期我们科事多，星期二下午开了数据共享座谈会，下周要再开", "2026-11-17"),
    ("上礼拜忙普查，礼拜三才把数据标准研讨会开了，下个月还要开", "2026-11-18"),
    ("下周安排比较满，周二要去市里，周四下午3点开数据治理交流会", "2026-12-03"),
    ("上周二迎检，周五组织了数据分类分级培训，下周准备再办一期", "2026-11-20"),
    ("上周一迎检，本周三上午开了数据标准研讨会", "2026-11-25"),
    # a later explicit frame resets it
    ("上周迎检，这周事也多，周三要开数据共享交流会", "2026-11-25"),
    # a weekend is no frame: the Monday after 上周末 is this one
    ("上周末加班整材料，周一上午开了数据治理交流会，下周要报", "2026-11-23"),
    # 每周 is no frame either
    ("每周一例会，周三要开数据治理交流会", "2026-11-25"),
    # a clause whose tense contradicts the frame is read by tense, and the frame stays
    ("上周的培训反响不错，周三要再办一期数据安全培训", "2026-11-25"),
    ("下周要迎检，周一上午先开了个碰头会，12人", "2026-11-23"),
    ("下周二要报送材料，周五开了交流会", "2026-11-20"),
    ("这周大家都在忙普查，周三开了数据共享交流会", "2026-11-18"),
    # a frame is left when the days told in it go back to a new day, or past a weekend …
    ("上周五迎检，周一上午又开了数据共享交流会", "2026-11-23"),
    ("上周比较忙，周末加班，周一上午开了数据共享交流会", "2026-11-23"),
    # … but not when they come back to a day told before
    ("这周安排：周二培训，周四交流会，先记周二的数据安全培训", "2026-11-24"),
]

# 本州四, 上洲五, 这粥一, 星其三: a homophone of 周/期/拜 inside a weekday's shape.
WEEK_TYPOS = [
    ("本州四下午两点半在区政府开展数据分类分极培训", "2026-11-26"),
    ("上洲五下午在区里组织了数据安全培训", "2026-11-20"),
    ("上个舟二开了数据共享交流会", "2026-11-17"),
    ("上上粥三开了个数据共享交流会，12人", "2026-11-11"),
    ("上星其三组织了数据标准培训", "2026-11-18"),
    ("上礼败四开了数据治理座谈会", "2026-11-19"),
    # not a weekday: a count or a clock after the digit, or no homophone at all
    ("本州四个区今天开了数据共享交流会", "2026-11-23"),
    ("上昼三点开了数据共享交流会", "2026-11-23"),
    ("上昼三时开了数据共享交流会", "2026-11-23"),
    ("本州三十家单位今天开了数据共享交流会", "2026-11-23"),
    ("今天开了交流会，上面三个议题都过了", "2026-11-23"),
]


def _field(line: str, name: str):
    result = parse_activity(line, NOW_A)
    assert result.draft is not None, line
    value = getattr(result.draft, name)
    return value.isoformat() if hasattr(value, "isoformat") else value


@pytest.mark.parametrize(("line", "day"), WEEK_FRAMES)
def test_a_bare_weekday_is_in_the_week_named_before_it(line, day):
    assert _field(line, "date") == day


@pytest.mark.parametrize(("line", "day"), WEEK_TYPOS)
def test_a_week_word_homophone_inside_a_weekday_shape(line, day):
    assert _field(line, "date") == day


# Head counts in chat shapes: a rough word before a glossed count, 人 alone as a label, and a bare
# numeral that ends its clause after a remark on the people or after those who came.
CHAT_COUNTS = [
    ("数据治理讲座今早搞定，参会ppl 约60", 60),
    ("昨天的培训 attendees about 45", 45),
    ("昨天的培训 ppl 大概35", 35),
    ("昨天开了数据共享交流会，参会人约80", 80),
    ("昨天开了交流会，参训人：45", 45),
    ("昨天开了交流会 人数约莫60", 60),
    ("昨天培训 人不少 估计七八十", 70),
    ("today 数据治理培训 人很多 大概七八十", 70),
    ("昨天开了交流会，人挺多的，大概五六十", 50),
    ("昨天开了交流会，人很多，大概七八十左右", 70),
    ("昨天开了交流会，人不多，也就十五六", 15),
    ("昨天开了交流会，参会的大概五六十", 50),
    ("昨天组织了培训，参加的有四十多", 40),
    ("昨天组织了培训，参训的大约三十", 30),
    ("昨天开了交流会，到场的有三十多", 30),
    ("昨天开了交流会，签到的差不多六十", 60),
    ("昨天培训 来了大概五六十", 50),
    ("昨天培训 来的人大概五六十", 50),
    ("昨天组织了培训，参训的人差不多四十", 40),
    ("昨天开了交流会，参会者约80", 80),
    ("昨天培训，学员大概四五十", 40),
    ("昨天开了交流会 参会人数 ~50", 50),
    ("昨天培训 参训 约120", 120),
    ("昨天培训，人很多，有一百多", 100),
    ("昨天开了交流会，现场30+人，线上50+人", 80),
    ("昨天开了交流会，现场二十多人、线上四十来人", 60),
    # unit counts, session counts and clock times stay out
    ("今天开了交流会，议题选A或者3", None),
    ("昨天开了交流会，人很多，9家单位", None),
    ("昨天开了交流会，人很多，下午3点才散", None),
    ("昨天开了交流会 人很多 讲了两三场", None),
    ("昨天组织了培训，参加的单位有30家", None),
    ("昨天开了交流会，人很多", None),
]


@pytest.mark.parametrize(("line", "count"), CHAT_COUNTS)
def test_head_counts_in_chat_shapes(line, count):
    assert _field(line, "attendees") == count


# The day a by-product (minutes, notice, slides) was issued or received gives way to a day of the
# activity itself; alone, it stays the line's only day.
BY_PRODUCT_DAYS = [
    ("上个月开的数据安全座谈会纪要昨天才下发，会是10月20日开的", "2026-10-20"),
    ("上周开的数据共享交流会的会议纪要今天上午才印发，交流会是11月17日开的", "2026-11-17"),
    ("上周组织的数据标准培训课件今天才上传，培训是11月18日办的", "2026-11-18"),
    ("上周开完交流会的简报昨天发出，会是11月19日开的，20人", "2026-11-19"),
    ("上周办的数据安全培训照片今天上传，培训是11月16日办的", "2026-11-16"),
    ("上周开的数据开放座谈会纪要今天正式发布，会是11月20日开的", "2026-11-20"),
    ("上周开的数据治理研讨会材料昨天刚收到，研讨会是11月13日开的", "2026-11-13"),
    ("上周开的数据共享座谈会纪要昨天已经定稿，会是11月12日开的", "2026-11-12"),
    ("上周开的一网通办座谈会简报昨天就下发了，会是11月11日开的", "2026-11-11"),
    ("上周开的数据共享交流会通知昨天才收到，会是11月18日开的", "2026-11-18"),
    ("上周开的数据共享交流会今天才印发纪要，会是11月17日开的", "2026-11-17"),
    ("上周组织的数据安全培训昨天上传了培训课件，培训是11月16日办的", "2026-11-16"),
    ("上周开的数据共享交流会纪要昨天下午3点才印发，会是11月17日开的", "2026-11-17"),
    # alone, or after the activity's own day, the day stays
    ("数据治理研讨会纪要昨天印发了", "2026-11-22"),
    ("昨天开了数据共享交流会，今天印发了纪要", "2026-11-22"),
    ("昨天开了数据治理研讨会，纪要今天印发", "2026-11-22"),
    ("昨天开了数据共享交流会，今天才收到材料", "2026-11-22"),
]


@pytest.mark.parametrize(("line", "day"), BY_PRODUCT_DAYS)
def test_a_by_products_day_gives_way_to_the_activitys(line, day):
    assert _field(line, "date") == day


# 上周伍参加了: a homophone of the weekday's digit before an activity verb, but not a word that
# sounds like 一 (上周已参加), nor one-character verbs (上周填报 is no 上周天).
DIGIT_TYPOS_BEFORE_VERBS = [
    ("上周伍参加了数据共享研讨会", "2026-11-20"),
    ("上周伍出席了市里的数据共享交流会", "2026-11-20"),
    ("上周伍组织了数据安全培训", "2026-11-20"),
    ("上周伍召开了数据治理交流会", "2026-11-20"),
    ("星期伍开了数据治理交流会", "2026-11-20"),
    ("上周已开了数据共享交流会", "2026-11-23"),
    ("上周伍举办了数据标准培训", "2026-11-20"),
    ("上周伍开展了数据分类分级培训", "2026-11-20"),
    ("上周伍报送了数据普查报告", "2026-11-20"),
    ("上周伍提交了年度工作总结报告", "2026-11-20"),
    ("上周已参加了数字政府研讨会", "2026-11-23"),
    ("上周亦参加了交流会", "2026-11-23"),
    ("上周填报了数据普查报告", "2026-11-23"),
]


@pytest.mark.parametrize(("line", "day"), DIGIT_TYPOS_BEFORE_VERBS)
def test_a_weekday_digit_homophone_before_an_activity_verb(line, day):
    assert _field(line, "date") == day
