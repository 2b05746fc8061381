"""parse_when: the reusable date/time resolver, including the rules the docstring promises."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.core.intake import IntakeError, When, parse_activity, parse_when
from bot.core.intake.dates import add_months, find_dates, is_future

TZ = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12月15日下午3点", When(date(2026, 12, 15), time(15, 0), False)),
        ("下周三上午9点半", When(date(2026, 12, 2), time(9, 30), False)),
        ("明天下午两点半", When(date(2026, 11, 24), time(14, 30), False)),
        ("后天", When(date(2026, 11, 25), None, False)),
        ("十点一刻", When(date(2026, 11, 23), time(10, 15), True)),
        ("晚上8点", When(date(2026, 11, 23), time(20, 0), True)),
        ("10点30分", When(date(2026, 11, 23), time(10, 30), True)),
        ("凌晨2点", When(date(2026, 11, 23), time(2, 0), True)),
        ("中午1点", When(date(2026, 11, 23), time(13, 0), True)),
        ("2026-11-09", When(date(2026, 11, 9), None, False)),
        ("二〇二六年十月七日", When(date(2026, 10, 7), None, False)),
        ("上上个月3号", When(date(2026, 9, 3), None, False)),
        ("两个月前", When(date(2026, 9, 23), None, False)),
        ("yesterday", When(date(2026, 11, 22), None, False)),
        ("没有日期的一句话", When(date(2026, 11, 23), None, True)),
    ],
)
def test_parse_when_resolves_written_dates_and_times(text, expected):
    assert parse_when(text, MONDAY) == expected


@pytest.mark.parametrize("text", ["2月30日", "13月5日", "4月31日", "2025年2月29日", "本月31号"])
def test_an_impossible_date_is_an_error_quoting_what_was_written(text):
    result = parse_when(text, MONDAY)
    assert result == IntakeError("impossible_date", text)


def test_february_29_exists_in_a_leap_year():
    assert parse_when("2月29日", datetime(2028, 3, 10, tzinfo=TZ)) == When(date(2028, 2, 29), None, False)


def test_an_impossible_clock_time_is_an_error():
    assert parse_when("下午3点75分", MONDAY) == IntakeError("impossible_time", "下午3点75分")


def test_a_bare_weekday_is_the_last_one_in_the_past_and_the_next_one_in_a_plan():
    assert parse_when("周三组织了培训", MONDAY).date == date(2026, 11, 18)
    assert parse_when("周三要组织培训", MONDAY).date == date(2026, 11, 25)
    assert parse_when("周一组织了培训", MONDAY).date == date(2026, 11, 23)


def test_future_flag_overrides_the_tense_read_from_the_text():
    january = datetime(2026, 12, 28, 9, 0, tzinfo=TZ)
    assert parse_when("1月10日", january).date == date(2026, 1, 10)
    assert parse_when("1月10日", january, future=True).date == date(2027, 1, 10)


def test_year_less_date_months_ahead_in_a_past_line_means_last_year():
    march = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
    assert parse_when("11月16日组织了培训", march).date == date(2025, 11, 16)
    assert parse_when("3月20日组织了培训", march).date == date(2026, 3, 20)  # within 30 days: this year


def test_dates_are_taken_in_the_zone_of_now():
    late_utc = datetime(2026, 11, 23, 17, 0, tzinfo=ZoneInfo("UTC"))  # already the 24th in Shanghai
    assert parse_when("今天", late_utc.astimezone(TZ)).date == date(2026, 11, 24)


def test_naive_now_is_refused():
    with pytest.raises(ValueError):
        parse_when("今天", datetime(2026, 11, 23, 10, 0))


@pytest.mark.parametrize(
    "text", ["1.5小时", "3.50元", "早一点", "3号楼会议室", "第2场", "每周一次", "提了两点建议", "第一时间"]
)
def test_numbers_that_are_not_dates_or_times_leave_the_day_assumed(text):
    assert parse_when(text, MONDAY) == When(date(2026, 11, 23), None, True)


def test_tense_reading():
    assert is_future("下周二开交流会")
    assert is_future("明天要交报告了")
    assert not is_future("昨天组织了培训")
    assert not is_future("组织数据安全培训")


def test_month_arithmetic_crosses_year_ends():
    assert add_months(2026, 1, -1) == (2025, 12)
    assert add_months(2026, 12, 1) == (2027, 1)
    assert add_months(2026, 3, -14) == (2025, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("前日", When(date(2026, 11, 21), None, False)),
        ("昨儿", When(date(2026, 11, 22), None, False)),
        ("明儿", When(date(2026, 11, 24), None, False)),
        ("前晚7点", When(date(2026, 11, 21), time(19, 0), False)),
        ("上个月的20号", When(date(2026, 10, 20), None, False)),
        ("10月份20号", When(date(2026, 10, 20), None, False)),
        ("11-20", When(date(2026, 11, 20), None, False)),
    ],
)
def test_colloquial_day_words_and_month_forms(text, expected):
    assert parse_when(text, MONDAY) == expected


@pytest.mark.parametrize("text", ["3-5人", "第1-2期", "2-4点", "1-2小时", "13-40"])
def test_a_dash_between_numbers_is_a_range_unless_it_forms_a_date_alone(text):
    assert parse_when(text, MONDAY).date_assumed


def test_a_dashed_month_day_that_does_not_exist_is_a_number_not_an_error():
    assert parse_when("2-30", MONDAY) == When(date(2026, 11, 23), None, True)


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("下午2点零5分", time(14, 5)),  # 零 before single-digit minutes
        ("下午十二点", time(12, 0)),  # noon: only night words make 12 midnight
        ("晚上12点", time(0, 0)),
        ("下午2-4点", time(14, 0)),  # a range of hours starts at its first hour
        ("上午9至11点", time(9, 0)),
        ("两点到四点", time(14, 0)),
    ],
)
def test_clock_forms(text, clock):
    assert parse_when(text, MONDAY).time == clock


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("半个月前", When(date(2026, 11, 8), None, False)),  # fifteen days, not a calendar half-month
        ("半个月后", When(date(2026, 12, 8), None, False)),
        ("16日组织了培训", When(date(2026, 11, 16), None, False)),  # a bare 日 day, like a bare 号
        ("25日组织了培训", When(date(2026, 10, 25), None, False)),  # past line: last month's 25th
        ("十六日举办讲座", When(date(2026, 11, 16), None, False)),
    ],
)
def test_half_months_and_bare_ri_days(text, expected):
    assert parse_when(text, MONDAY) == expected


@pytest.mark.parametrize("text", ["3日内报送总结", "5日起执行", "20日前报送", "来了20号人", "第3日"])
def test_a_ri_or_hao_that_is_a_deadline_span_or_a_count_is_not_a_day(text):
    assert parse_when(text, MONDAY).date_assumed


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("从下午两点一直开到快六点", time(14, 0)),  # 一 starts 一直, it is no minute
        ("八点五分开始", time(8, 5)),
        ("九点十开始", time(9, 10)),
    ],
)
def test_one_chinese_digit_after_the_hour_is_a_minute_only_with_fen(text, clock):
    assert parse_when(text, MONDAY).time == clock


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("上个月中旬交了半年度履职情况报告", "上个月中旬"),  # a month's part
        ("10月下旬开了推进会", "10月下旬"),
        ("十月底组织了数据治理培训", "十月底"),
        ("中旬报送了工作总结", "中旬"),
        ("上旬开了个推进会", "上旬"),
        ("近期开了数据共享交流会", "近期"),
        ("近日组织了数据安全培训", "近日"),
        ("今年办了一次数据治理培训", "今年"),
        ("月初组织了数据安全培训", "月初"),
        ("今年年初办了数据共享培训", "今年年初"),  # a year's part
        ("上周末开了交流会", "上周末"),  # a weekend
        ("前几天开了个座谈会", "前几天"),  # some days ago
        ("前段时间办了一场数据安全培训", "前段时间"),
        ("前阵子开了个推进会", "前阵子"),
        ("最近组织了数据治理培训", "最近"),
        ("这两天开了个研讨会", "这两天"),
        ("上周开了交流会", "上周"),  # a week or month alone
        ("上个月交了报告", "上个月"),
        ("下周组织一次数据安全座谈会", "下周"),  # ahead as well as behind
        ("10月份组织了培训", "10月份"),
        ("去年办了数据安全培训", "去年"),
    ],
)
def test_a_period_written_for_the_day_pins_no_date(text, period):
    result = parse_activity(text, MONDAY)
    assert result.draft is not None and result.draft.date_vague == period
    assert result.draft.date_assumed and result.to_json()["date"] is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("在区行政服务中心开了交流会", "2026-11-23"),  # 中 of 中心 is no 月中
        ("今天参加了交流会，会上要求12月5日前交材料", "2026-11-23"),  # a day found wins
        ("最近事情多，上周一开了个数据安全座谈会", "2026-11-16"),
        ("开了交流会", "2026-11-23"),  # no period at all: today, assumed
    ],
)
def test_a_period_beside_a_day_or_inside_a_word_leaves_the_day(text, day):
    result = parse_activity(text, MONDAY)
    assert result.to_json()["date"] == day and result.draft.date_vague is None


@pytest.mark.parametrize(
    ("text", "clock"),
    [
        ("昨天下五两点开了数据共享座谈会", "14:00"),  # 五 typed for 午 (same pinyin) before a clock
        ("上周四上五10点组织了培训", "10:00"),
    ],
)
def test_wu_typed_for_the_half_day_word_before_a_clock_hour_is_read_as_it(text, clock):
    assert parse_activity(text, MONDAY).to_json()["time"] == clock


@pytest.mark.parametrize("text", ["11月14号周六", "11月14日（周六）", "周六（11月14日）", "星期六 11月14日"])
def test_a_weekday_written_beside_a_date_names_that_date(text):
    assert [f.value for f in find_dates(text, MONDAY.date(), False)] == [date(2026, 11, 14)] * 2


@pytest.mark.parametrize(
    "room", ["会议室", "会议厅", "会议中心", "报告厅", "多功能厅", "大厅", "礼堂", "大楼", "大厦"]
)
def test_a_numbered_room_is_no_day_of_the_month(room):
    # (blind batch 23: 金湾区政务服务中心2号会议室，11月17日14:30… was dated the 2nd, its clock lost)
    out = parse_activity(f"市民中心3号{room}，11月17日14:30，数据分类分级培训，到场20人", MONDAY).to_json()
    assert (out["date"], out["time"]) == ("2026-11-17", "14:30")


def test_a_bare_day_before_an_activity_is_still_a_day():
    assert parse_activity("5号组织了数据安全培训", MONDAY).to_json()["date"] == "2026-11-05"
