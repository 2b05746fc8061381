"""Dates and clock times in a Chinese chat line, resolved against a reference "now".

Why not just dateparser (the design card's choice)? Measured with dateparser 1.5 on our labelled
lines (``bench/bench_parse.py``), ``search_dates(text, languages=['zh'])`` finds the right day in
fewer than half of them (42 of 100 dated lines at last count). Examples against Monday 2026-11-23:

* wrong day: ``11月16日`` → 2025-12-07, ``十月二十日`` → 10-23 (it reads only 十月),
  ``上个月5日`` → 10-18 (today's day minus a month), ``周三要开交流会`` → the past Wednesday
  although it is a plan (scrapinghub/dateparser#1196);
* nothing: ``明天下午两点半`` (下午 before the hour, #808), ``三天后`` (Chinese numeral),
  ``11.19``, and ``2026-11-09`` followed by Chinese text;
* right only by luck: ``上周一`` is read as ``上周`` = today minus 7 days, correct only on Mondays.

(``后天``, #1182, and ``11/19`` do work in 1.5.) So every Chinese form is resolved here with the
standard library, each by one bounded regex:

========================================  ================================================
form                                       rule
========================================  ================================================
今天/昨天/前天/大前天/明天/后天/大后天,    fixed day offsets; 昨晚 etc. also imply evening
昨晚/今早/今晚/明早/…
当天/第二天/次日/隔天/前一天                counted from the day written before them (当天
                                           alone is today; the others alone are no day)
11月14号周六, 周六（11月14日）             a weekday beside a date names that date
N天前/N天后/N周前/N个月后                   offset from today (N in Arabic or Chinese numerals)
半个月前/半个月后                           fifteen days back/ahead
上周五/本周四/这周三/下周三/上上周一        weeks start on Monday (Chinese convention)
周日/星期天/礼拜二 (bare)                  in the week named last before it (上周…，周四…);
                                           with none, past-tense line → the most recent such
                                           day (today included); future-tense line → the next
本州四/上洲五/星其三                        a homophone of 周/期/拜 inside a weekday's shape
本月5号/上个月20日/上月9号/下个月3号        month arithmetic across year ends
11月16日/十月二十日/11.19/10/15            no year: this year, unless a past-tense line would
                                           land more than 30 days in the future (then last
                                           year), or a future-tense line more than 30 days in
                                           the past (then next year)
2026年9月8日/2026.10.7/2026-11-09/         absolute
2026/11/9/今年/去年/明年 M月D日
5号/16日 (bare day of month)               this month, or the previous one when a past-tense
                                           line would land in the future (next one for plans)
上午/下午/晚上/中午/早上 + 3点/两点半/      afternoon/evening words add 12 h; a bare hour 1–6
9点半/10:30/十点一刻/10点30分               (no period word) is read as afternoon, office hours
========================================  ================================================

A ``M月D日`` / full date that does not exist (2月30日, 13月5日, 4月31日, 2月29日 in a
non-leap year) is an ``IntakeError("impossible_date")``, never a silent guess; dotted/slashed
year-less forms (11.19, 10/15) that do not form a date are treated as plain numbers instead,
because "3.50" or "1/2" in chat are rarely dates.

dateparser is kept only as a fallback for lines with Latin-script date words
("yesterday", "Nov 16"), imported lazily when such a word is present, so Chinese lines never
pay for it. Which of two date expressions wins? The first one in the line.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from bot.core.intake.fields import ROOM_NOUNS
from bot.core.intake.model import IntakeError, When
from bot.core.intake.numbers import CN_DIGITS, to_int
from bot.core.intake.text import mask, normalise

_N2 = rf"(?:[0-9]{{1,2}}|[{CN_DIGITS}]{{1,3}})"  # month, day, hour, minute
_NB = rf"(?<![0-9{CN_DIGITS}])"  # not glued to the tail of a longer numeral
_YEAR = r"(?:[0-9]{4}|[零〇一二三四五六七八九]{4})"
_COUNT = rf"(?:[0-9]{{1,3}}|[{CN_DIGITS}]{{1,3}})"

# ---------------------------------------------------------------------------------------------- tense

_FUTURE_MODAL = re.compile(
    r"将|计划|准备|拟|打算|考虑(?=[^,，。;；]{0,6}(?:组织|召开|开|举办|报送|提交|搞|办))|(?<![重主需只摘纲必纪])要(?!求|点|素|闻)|即将|预计(?!\s*(?:约|有)?[0-9一二三四五六七八九十百两几]+)|预定|届时|待会|会在|"
    # 我会参加的, 会去: 会 as "will" before an attendance verb (not the 会 of 交流会参加…)
    r"(?<=[我们你他她都也])会(?:去|参加|出席|到场)"
)
_PAST = re.compile(r"了|过(?!程)|已|刚|昨|前天|前日|前晚|上周|上个?月|去年|之前|日前")
_FUTURE_WORDS = re.compile(r"明天|明日|明早|明晚|后天|下周|下个?星期|下个?礼拜|下个?月|明年|以后|之后|天后")


def plan_words(clause: str) -> bool:
    """Does a clause say its activity is intended (要组织, 准备开, 打算报送) or gone to (下周去…开)?"""
    if _FUTURE_MODAL.search(clause) or _SCHEDULED.search(clause) or _WISH.search(clause):
        return True
    return "去" in clause and is_future(clause)


# 一直想搞一次研讨会, 想组织一场培训: a wish to hold it (only in the clause's own plan flag, never as a
# future tense of the line: 早就想组织…，上周五终于开了 tells of a day gone by).
_WISH = re.compile(r"想(?=[^,，。;；!！?？]{0,4}(?:组织|搞|办|开))")
# 定在, 定于, 安排在: the words that set an activity's day (shared with the date picker).
SET_FOR = r"定在|定于|安排在"
_SCHEDULED = re.compile(rf"(?:{SET_FOR})(?![^,，。;；!！?？]{{0,16}}?(?:举办|举行|开(?!始)))")
"""交流会定在下周三: set for a day, not held on it — but 定在本周三下午3点召开研讨会 convenes it on that
day in its own clause, a fixed schedule as 本周三下午3点召开研讨会 is."""


def is_future(text: str) -> bool:
    """Does the line talk about a plan? Modal words win; then past markers; then future day words."""
    if _FUTURE_MODAL.search(text):
        return True
    if _PAST.search(text):
        return False
    return bool(_FUTURE_WORDS.search(text))


# ---------------------------------------------------------------------------------------------- days


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _build(year: int, month: int, day: int, written: str) -> date | IntakeError:
    if not (1 <= month <= 12) or not (1 <= day <= calendar.monthrange(year, month)[1]):
        return IntakeError("impossible_date", written)
    if not (1 <= year <= 9999):
        return IntakeError("impossible_date", written)
    return date(year, month, day)


def _month_day(month: int, day: int, written: str, today: date, future: bool) -> date | IntakeError:
    """A year-less month/day: this year, rolled a year back/forward when tense says so."""
    if not (1 <= month <= 12) or not (
        1 <= day <= (29 if month == 2 else calendar.monthrange(2001, month)[1])
    ):
        return IntakeError("impossible_date", written)
    year = today.year
    probe = date(2000, month, day)  # a leap year, only to compare positions within a year
    delta = (probe - date(2000, today.month, min(today.day, 28 if today.month == 2 else today.day))).days
    if not future and delta > 30:
        year -= 1
    elif future and delta < -30:
        year += 1
    return _build(year, month, day, written)


_RELATIVE_DAYS = {
    "大前天": -3,
    "前天": -2,
    "前日": -2,
    "前晚": -2,
    "前儿": -2,
    "昨天": -1,
    "昨日": -1,
    "昨晚": -1,
    "昨夜": -1,
    "昨早": -1,
    "昨儿": -1,
    "今天": 0,
    "今日": 0,
    "今早": 0,
    "今晨": 0,
    "今晚": 0,
    "今夜": 0,
    "今儿": 0,
    "明天": 1,
    "明日": 1,
    "明早": 1,
    "明晚": 1,
    "明儿": 1,
    "后天": 2,
    "大后天": 3,
}
_WEEKDAYS = {
    "一": 0,
    "二": 1,
    "三": 2,
    "四": 3,
    "五": 4,
    "六": 5,
    "日": 6,
    "天": 6,
    "1": 0,
    "2": 1,
    "3": 2,
    "4": 3,
    "5": 4,
    "6": 5,
    "7": 6,
}
_WEEK_SHIFT = {"上上": -2, "上": -1, "本": 0, "这": 0, "下": 1, "下下": 2}
_MONTH_SHIFT = {
    "上上个月": -2,
    "上个月": -1,
    "上月": -1,
    "本月": 0,
    "这个月": 0,
    "这月": 0,
    "当月": 0,
    "下个月": 1,
    "下月": 1,
}
_YEAR_SHIFT = {"前年": -2, "去年": -1, "今年": 0, "明年": 1}
_UNIT_DAYS = {"天": 1, "日": 1, "周": 7, "星期": 7, "礼拜": 7}


@dataclass(frozen=True, slots=True)
class Found:
    """One date or time expression: where it is (for masking it out of titles) and what it means."""

    start: int
    end: int
    value: date | time | IntakeError


Resolver = Callable[[re.Match[str], date, bool], "date | IntakeError | None"]


def _r_full(m: re.Match[str], today: date, future: bool) -> date | IntakeError | None:
    y, mo, d = (to_int(m[g]) for g in ("y", "m", "d"))
    if y is None or mo is None or d is None:
        return None
    return _build(y, mo, d, m[0].strip())


def _r_rel_year(m: re.Match[str], today: date, future: bool) -> date | IntakeError | None:
    mo, d = to_int(m["m"]), to_int(m["d"])
    if mo is None or d is None:
        return None
    return _build(today.year + _YEAR_SHIFT[m["ry"]], mo, d, m[0].strip())


def _r_month_day(m: re.Match[str], today: date, future: bool) -> date | IntakeError | None:
    mo, d = to_int(m["m"]), to_int(m["d"])
    if mo is None or d is None:
        return None
    return _month_day(mo, d, m[0].strip(), today, future)


def _r_numeric_month_day(m: re.Match[str], today: date, future: bool) -> date | IntakeError | None:
    mo, d = int(m["m"]), int(m["d"])
    result = _month_day(mo, d, m[0], today, future)
    return None if isinstance(result, IntakeError) else result  # "3.50" is a number, not an error


def _r_rel_month(m: re.Match[str], today: date, future: bool) -> date | IntakeError | None:
    d = to_int(m["d"])
    if d is None:
        return None
    y, mo = add_months(today.year, today.month, _MONTH_SHIFT[m["rm"]])
    return _build(y, mo, d, m[0].strip())


def _r_bare_day(m: re.Match[str], today: date, future: bool) -> date | IntakeError | None:
    d = to_int(m["d"])
    if d is None or not 1 <= d <= 31:
        return None
    shift = 0
    if not future and d > today.day:
        shift = -1
    elif future and d < today.day:
        shift = 1
    y, mo = add_months(today.year, today.month, shift)
    return _build(y, mo, d, m[0].strip())


def _r_relative_word(m: re.Match[str], today: date, future: bool) -> date | IntakeError | None:
    return today + timedelta(days=_RELATIVE_DAYS[m[0]])


def _r_offset(m: re.Match[str], today: date, future: bool) -> date | IntakeError | None:
    n = to_int(m["n"])
    if n is None or n > 3660:
        return None
    sign = 1 if m["dir"].endswith("后") else -1
    unit = m["u"]
    if unit.endswith("月"):
        y, mo = add_months(today.year, today.month, sign * n)
        return date(y, mo, min(today.day, calendar.monthrange(y, mo)[1])) if 1 <= y <= 9999 else None
    try:
        return today + timedelta(days=sign * n * _UNIT_DAYS[unit])
    except OverflowError:
        return None


def _r_half_month(m: re.Match[str], today: date, future: bool) -> date | IntakeError | None:
    return today + timedelta(days=15 if m["dir"].endswith("后") else -15)


def _r_week(m: re.Match[str], today: date, future: bool) -> date | IntakeError | None:
    digit = m["d"] if m["d"] in _WEEKDAYS else _weekday_homophones().get(m["d"])
    if digit is None:
        return None
    weekday = _WEEKDAYS[digit]
    prefix = m["w"]
    if prefix is not None:
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=_WEEK_SHIFT[prefix])
        return monday + timedelta(days=weekday)
    delta = weekday - today.weekday()
    if future:
        return today + timedelta(days=delta % 7)
    return today - timedelta(days=(-delta) % 7)


@cache
def _weekday_homophones() -> dict[str, str]:
    """A character sounding like a weekday's digit (伍 → 五), by pypinyin (:mod:`typos`)."""
    from bot.core.intake.typos import homophones

    digits = "一二三四五六日天"
    return {
        ch: d for d, alike in homophones((digits,)).items() if d in digits for ch in alike if ch not in digits
    }


_DAY_WORDS = "|".join(sorted(_RELATIVE_DAYS, key=len, reverse=True))
# Days counted from the day written before them (see find_dates).
_ANCHORED = {"当天": 0, "第二天": 1, "次日": 1, "隔天": 1, "前一天": -1}
_ANCHORED_RE = re.compile("|".join(sorted(_ANCHORED, key=len, reverse=True)))
_UNANCHORED = IntakeError("unanchored_day", "")
_BARE_WEEKDAY = re.compile(r"(?:周|星期|礼拜)[一二三四五六日天1-7]")
# 上周…，周一迎检，周四上午开了研讨会: a weekday with no week word of its own is in the week named last
# before it in the line (上周, 这个星期, 下礼拜, or the week of 上周二), not in a weekend (上周末).
_WEEK_FRAME = re.compile(r"(?P<w>上上|下下|上|本|这|下)\s*个?\s*(?:周|星期|礼拜)(?!末)")
_UNFRAMED_WEEKDAY = re.compile(r"(?:周|星期|礼拜)\S")
_WEEKEND = re.compile(r"周末")
_CLAUSE_BREAK = re.compile(r"[,，。;；!！?？\n]")
_BESIDE = re.compile(r"\s*[(（]?\s*")

# Order matters only for ties at the same start; the longest match wins there anyway.
_DATE_RULES: list[tuple[re.Pattern[str], Resolver]] = [
    (re.compile(rf"{_NB}(?P<y>{_YEAR})\s*年\s*(?P<m>{_N2})\s*月\s*(?P<d>{_N2})\s*[日号]?"), _r_full),
    (re.compile(r"(?<![0-9])(?P<y>[0-9]{4})([-./])(?P<m>[0-9]{1,2})\2(?P<d>[0-9]{1,2})(?![0-9])"), _r_full),
    (re.compile(rf"(?P<ry>前年|去年|今年|明年)\s*(?P<m>{_N2})\s*月\s*(?P<d>{_N2})\s*[日号]?"), _r_rel_year),
    (
        re.compile(
            rf"(?P<rm>上上个月|上个月|上月|本月|这个月|这月|当月|下个月|下月)\s*的?\s*(?P<d>{_N2})\s*[日号]"
        ),
        _r_rel_month,
    ),
    (
        re.compile(
            rf"{_NB}(?P<m>{_N2})\s*月\s*份?\s*(?P<d>{_N2})\s*(?:[日号]|(?![0-9{CN_DIGITS}百千万人名位个天次场期年]))"
        ),
        _r_month_day,
    ),
    (
        re.compile(
            r"(?<![0-9./-])(?P<m>[0-9]{1,2})[/.](?P<d>[0-9]{1,2})"
            r"(?![0-9./%]|\s*(?:小时|万|千|倍|分|元|个|人|名|位|亿|米|公里|G|k|K|M))"
        ),
        _r_numeric_month_day,
    ),
    # 11-20: a dash is also a range ("3-5人", "第1-2期", "2-4点"), so any count word, clock word or
    # ordinal around it keeps it a number.
    (
        re.compile(
            r"(?<![0-9./:\-第])(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})"
            r"(?![0-9./:%\-]|\s*(?:小时|万|千|倍|分|元|个|人|名|位|亿|米|公里|点|时|号|日|天|周|月|年|岁|期|场|次|"
            r"楼|层|级|类|项|条|页|章|节|G|k|K|M))"
        ),
        _r_numeric_month_day,
    ),
    # …not 2号楼, 5号线, 3号窗口, nor a numbered room (金湾区政务服务中心2号会议室，11月17日…)
    (
        re.compile(
            rf"{_NB}(?<![月年])(?P<d>{_N2})\s*号(?![0-9楼线院门馆厅室文令台机房站窗口人]|{ROOM_NOUNS})"
        ),
        _r_bare_day,
    ),
    # "16日组织了培训": a bare 日 day too, but not "3日内", "5日起", "20日前" (a deadline or an offset).
    (re.compile(rf"{_NB}(?<![月年第每数])(?P<d>{_N2})\s*日(?![0-9前后内起以之间常程报均夜])"), _r_bare_day),
    (re.compile(_DAY_WORDS), _r_relative_word),
    (
        re.compile(
            rf"{_NB}(?P<n>{_COUNT})\s*个?\s*(?P<u>天|周|星期|礼拜|月)\s*(?P<dir>以前|以后|之前|之后|前|后)"
        ),
        _r_offset,
    ),
    # 半个月前 is fifteen days, not "half a calendar month" (which has no day of its own).
    (re.compile(r"半\s*个\s*月\s*(?P<dir>以前|以后|之前|之后|前|后)"), _r_half_month),
    (
        re.compile(
            r"(?<!每)(?:(?P<w>上上|下下|上|本|这|下)\s*个?\s*)?(?:周|星期|礼拜)(?P<d>[一二三四五六日天]|[1-7](?![0-9])|"
            # 上周伍下午, 上周伍参加了: a homophone of the day's digit, typed by pinyin, before a period
            # word, a clock, a clause end or an activity verb — not a word that sounds like 一 (上周已参加,
            # 上周亦参加), nor before a one-character verb (上周填报 is no 周天)
            r"(?![已亦])[\u4e00-\u9fff](?=\s*(?:上午|下午|晚上|早上|中午|[0-9]|[,，。;；!！]|参加|出席|组织|召开|开了|举办|开展|报送|提交)))"
            r"(?![次遍回])"
        ),
        _r_week,
    ),
]

# ---------------------------------------------------------------------------------------------- times

_EVENING = ("下午", "晚上", "晚间", "傍晚", "夜里", "夜间", "午后", "今晚", "昨晚", "前晚", "明晚", "晚")
EVENING = _EVENING
"""The half-day words after noon, under which a clock's hour is read past 12 (下午3点, 晚上7点)."""
_NIGHT = ("晚上", "晚间", "夜里", "夜间", "今晚", "昨晚", "前晚", "明晚", "晚")
_PERIODS = (
    "上午",
    "下午",
    "中午",
    "早上",
    "早晨",
    "清晨",
    "凌晨",
    "傍晚",
    "晚上",
    "晚间",
    "夜里",
    "夜间",
    "午后",
    "今早",
    "今晚",
    "昨晚",
    "前晚",
    "明早",
    "明晚",
    "早",
    "晚",
)
_PERIOD = "|".join(_PERIODS)
PERIOD = _PERIOD
"""The half-day words (上午, 下午, 晚上…) as one regex alternation, for rules elsewhere."""
_CLOCK_RE = re.compile(
    # "下午2-4点", "9至11点": a range of hours starts at its first hour.
    # 上周四16点: the hour may follow a weekday's digit, which ends a day word, not a numeral.
    rf"(?:(?P<p>{_PERIOD})\s*)?(?:(?<=[周期拜][一二三四五六日天])|{_NB})(?P<h>{_N2})(?:\s*[-~～—至到]\s*{_N2}(?=\s*(?:点|时)))?\s*(?:点钟|点|时)(?!间|候|代|期|光|常|刻|尚|建议|意见|要求|体会|想法|内容|不足|共识|收获|做法|经验)"
    # (下午2点 35+, 3点 40多人: after a space, a number with a count marker (+, 多, 余, 来) is the head count that
    # follows the clock, not its minutes)
    rf"(?:\s*(?:(?P<half>半)|(?P<q>一刻|三刻)|(?:(?<!\s)|(?!{_N2}\s*(?:[+＋]|多|余|来)))零?(?P<mm>{_N2})(?:\s*分)?(?![0-9]|\s*(?:人|名|位|个))|整))?"
)
_COLON_RE = re.compile(
    rf"(?:(?P<p>{_PERIOD})\s*)?(?<![0-9:.])(?P<h>[0-9]{{1,2}}):(?P<mm>[0-9]{{2}})(?![0-9])"
)
_PERIOD_ONLY_RE = re.compile("|".join(p for p in _PERIODS if len(p) > 1))


def _clock(period: str | None, hour: int, minute: int, written: str) -> time | IntakeError:
    if period in _EVENING and hour < 12:
        hour += 12
    elif period in _NIGHT and hour == 12:
        hour = 0  # 晚上12点 is midnight; 下午12点 is still noon
    elif period == "中午" and 1 <= hour <= 3:
        hour += 12
    elif period is None and 1 <= hour <= 6:
        hour += 12  # "3点开会" in an office means 15:00
    if hour == 24 and minute == 0:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return IntakeError("impossible_time", written)
    return time(hour, minute)


_ONE_DIGIT = "一二两三四五六七八九"


def _find_times(text: str) -> list[Found]:
    """Spans start at the hour: a period word may be shared with a date word (昨晚7点)."""
    found: list[Found] = []
    for m in _CLOCK_RE.finditer(text):
        hour = to_int(m["h"])
        if hour is None:
            continue
        minute = 0
        end = m.end()
        if m["half"]:
            minute = 30
        elif m["q"]:
            minute = 15 if m["q"] == "一刻" else 45
        elif m["mm"] and not (len(m["mm"]) == 1 and m["mm"] in _ONE_DIGIT and not m[0].endswith("分")):
            # 两点一直开到六点: one Chinese digit after 点 is minutes only with 分 (八点五分), else
            # it starts the next word; Arabic minutes (8点40) and 十/四十 need no 分.
            mm = to_int(m["mm"])
            if mm is None:
                continue
            minute = mm
        elif m["mm"]:
            # 9点 一网协同: the digit that is no minute starts the next word, outside the clock's span
            end = len(text[: m.start("mm")].rstrip(" 零"))
        # "早一点", "快一点": 一 + 点 is "a bit" unless a real period word or minutes back it up.
        if m["h"] == "一" and not (m["half"] or m["q"] or m["mm"]) and (m["p"] is None or len(m["p"]) < 2):
            continue
        found.append(Found(m.start("h"), end, _clock(m["p"], hour, minute, m[0].strip())))
    for m in _COLON_RE.finditer(text):
        found.append(Found(m.start("h"), m.end(), _clock(m["p"], int(m["h"]), int(m["mm"]), m[0].strip())))
    return found


# ---------------------------------------------------------------------------------------------- search

_LATIN_DATE_WORD = re.compile(
    r"(?i)\b(?:yesterday|today|tomorrow|(?:last|next|this)\s+(?:week|month|mon|tue|wed|thu|fri|sat|sun)\w*|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|"
    r"august|september|october|november|december)\b"
)


def _non_overlapping(found: list[Found]) -> list[Found]:
    """Earliest first, the longest at equal starts; later ones that overlap a kept one are dropped."""
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    chosen: list[Found] = []
    reach = -1
    for f in found:
        if f.start >= reach:
            chosen.append(f)
            reach = f.end
    return chosen


def find_dates(text: str, today: date, future: bool) -> list[Found]:
    """Every non-overlapping date expression in reading order."""
    candidates: list[Found] = []
    for pattern, resolve in _DATE_RULES:
        for m in pattern.finditer(text):
            try:
                value = resolve(m, today, future)
            except (OverflowError, ValueError):  # a "now" at the edge of the calendar (year 1 or 9999)
                continue
            if value is not None:
                candidates.append(Found(m.start(), m.end(), value))
    for m in _ANCHORED_RE.finditer(text):
        candidates.append(Found(m.start(), m.end(), _UNANCHORED))
    found = _in_week_frames(text, today, _non_overlapping(candidates))
    # 推迟到11月19日，当天下午3点开的 / 11月19号定稿，第二天上午报给了市局: 当天, 第二天, 次日, 前一天
    # count from the day written before them; with none before, 当天 is today and the others no day.
    # 11月14号周六: a weekday written beside a date names the same day.
    out: list[Found] = []
    for f in found:
        word = text[f.start : f.end]
        before = out[-1] if out and isinstance(out[-1].value, date) else None
        if f.value is _UNANCHORED:
            if before is not None:
                out.append(Found(f.start, f.end, before.value + timedelta(days=_ANCHORED[word])))
            elif word == "当天":
                out.append(Found(f.start, f.end, today))
            continue
        if (
            before is not None
            and _BESIDE.fullmatch(text, before.end, f.start)
            and _BARE_WEEKDAY.fullmatch(word)
        ):
            f = Found(f.start, f.end, before.value)
        elif (
            out
            and isinstance(f.value, date)
            and _BARE_WEEKDAY.fullmatch(text, out[-1].start, out[-1].end)
            and _BESIDE.fullmatch(text, out[-1].end, f.start)
        ):
            out[-1] = Found(out[-1].start, out[-1].end, f.value)  # 周六（11月7日）
        out.append(f)
    return out


def _in_week_frames(text: str, today: date, found: list[Found]) -> list[Found]:
    """Each bare weekday moved into the week of the nearest week word before it (see _WEEK_FRAME).

    Why: tense alone (past → the most recent such day) misreads 上周…周四开了 in a line that also
    says what is still to come (下周还要再对一次), and it cannot tell a week that is not this one.
    A frame holds while the days told in it go forward or come back to one told: 上周五交了报告，
    周一又开了交流会 and 上周比较忙，周末加班，周一开了会 have left it (their 周一 is read by tense,
    as with no frame), 这周：周二培训，周四交流会，先记周二的 has not.
    A framed day whose clause's tense contradicts it (上周的培训不错，周三要再办一期; 下周要迎检，周一开了
    碰头会; on a Monday, 这周…，周三开了交流会) is read by that clause's tense (not the line's), and
    the frame stays.
    """
    if "周" not in text and "星期" not in text and "礼拜" not in text:
        return found
    events = sorted(
        [(m.end(), _WEEK_SHIFT[m["w"]]) for m in _WEEK_FRAME.finditer(text)]
        + [(m.end(), None) for m in _WEEKEND.finditer(text)]
    )
    if not any(shift is not None for _end, shift in events):
        return found
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
    tenses: dict[int, tuple[bool, bool]] = {}

    def tense(at: int) -> tuple[bool, bool]:
        """(a plan, past) of the clause at ``at``, read once per clause (a clause may hold many days)."""
        i = bisect.bisect_left(breaks, at)
        if i not in tenses:
            clause = text[breaks[i - 1] + 1 if i else 0 : breaks[i] if i < len(breaks) else len(text)]
            tenses[i] = (plan_words(clause), _PAST.search(clause) is not None)
        return tenses[i]

    out: list[Found] = []
    at, shift, last = 0, None, -1  # both lists are in reading order: one pass
    told: set[int] = set()
    for f in found:
        while at < len(events) and events[at][0] <= f.end:
            end, event = events[at]
            if event is not None:
                shift, last, told = event, -1, set()
            elif shift is not None:
                last = 5  # a weekend told in the frame
            if event is not None and f.start < end and isinstance(f.value, date):
                last = f.value.weekday()  # the frame of 上周二 is Tuesday's week
                told.add(last)
            at += 1
        if (
            shift is not None
            and isinstance(f.value, date)
            and _UNFRAMED_WEEKDAY.fullmatch(text, f.start, f.end)
        ):
            weekday = f.value.weekday()
            if weekday < last and weekday not in told:  # …but 周二…周四…记周二的 names a day again
                shift = None
            else:
                monday = today - timedelta(days=today.weekday()) + timedelta(weeks=shift)
                framed = monday + timedelta(days=weekday)
                if framed < today and tense(f.start)[0]:  # the clause's own tense: the next such day
                    f = Found(f.start, f.end, today + timedelta(days=(weekday - today.weekday()) % 7))
                elif framed > today and tense(f.start)[1]:  # …or the most recent one
                    f = Found(f.start, f.end, today - timedelta(days=(today.weekday() - weekday) % 7))
                else:
                    f = Found(f.start, f.end, framed)
                    last = weekday
                    told.add(weekday)
        out.append(f)
    return out


def find_times(text: str, dates: list[Found]) -> list[Found]:
    """Clock times not inside a date expression (so 2026.10.7 holds no time), in reading order."""
    covered = bytearray(len(text) + 1)
    for d in dates:
        if isinstance(d.value, date):
            covered[d.start : d.end] = b"\x01" * (d.end - d.start)
    return _non_overlapping([t for t in _find_times(text) if not any(covered[t.start : t.end])])


def has_clock_time(text: str) -> bool:
    return bool(_find_times(text))


def period_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PERIOD_ONLY_RE.finditer(text)]


def _dateparser_date(text: str, now: datetime) -> date | None:
    """Latin-script date words only; dateparser is imported here, on first need."""
    if not _LATIN_DATE_WORD.search(text) or len(text) > 512:
        return None
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": now.replace(tzinfo=None), "PREFER_DATES_FROM": "past"}
    try:
        hits = search_dates(text, languages=["en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input; a fallback must not
        return None
    return hits[0][1].date() if hits else None


_HALF_DAY_TYPO = re.compile(r"(?<=[上下中])[五伍](?=[0-9一二三四五六七八九十两]{1,3}(?:点|:|：))")
# A period where a day should be, read only when no day was found (and outside every date or time
# found): 上周末, 月初, 上个月中旬, 10月下旬, 年底, 前几天, 前段时间, 最近; a week or month alone
# (上周, 下个月, 10月份, 去年).
_CN_MONTH = r"(?:[0-9]{1,2}|十[一二]?|[一二三四五六七八九])月份?"
_VAGUE_DAY = re.compile(
    rf"(?:(?:上|下|这|本)个?月|{_CN_MONTH})(?:[上中下]旬|初|中|底|末)|[上中下]旬|月(?:初|中|底|末)"
    r"|(?:今年|去年)?(?:年初|年中|年底|年末)|(?:上|这|本)?个?周末"
    r"|前(?:几|两|些)(?:天|日子?)|前段时间|前一?阵子?|最近|近期|近日|这(?:几|两)天"
    rf"|(?:上|下|这|本)个?(?:周|星期|礼拜|月)|{_CN_MONTH}(?![0-9一二三四五六七八九十日号])|今年|去年"
)


@dataclass(frozen=True, slots=True)
class Scan:
    """Everything :func:`scan` saw, including spans, so the title can be cleaned of them."""

    when: When | IntakeError
    spans: list[tuple[int, int]]


Picker = Callable[[list[Found], list[Found]], "tuple[Found | None, Found | None]"]
"""Chooses the activity's date and clock time among all found (default: the first of each)."""


def _first(dates: list[Found], times: list[Found]) -> tuple[Found | None, Found | None]:
    return (dates[0] if dates else None), (times[0] if times else None)


# 本州四, 上个洲五, 星其三: a character typed for its homophone inside a weekday's shape — for 周 after a
# week prefix, for 期 after 星, for 拜 after 礼 — before a weekday digit that no count word or clock
# follows (本州四个区, 上昼三点, 本州三十家 stay). The homophones come from pypinyin (:mod:`typos`).
_WEEK_TYPO = re.compile(
    r"(?:(?<=[上本这下])|(?<=[上本这下]个)|(?<=[星礼]))(?P<x>[\u4e00-\u9fff])"
    r"(?=[一二三四五六日天](?![个点时十]))"
)
_WEEK_WORD_END = {"星": "期", "礼": "拜"}


def _week_typos(text: str) -> str:
    """``text`` with the week-word homophones of _WEEK_TYPO corrected (same length: spans hold)."""
    if _WEEK_TYPO.search(text) is None:
        return text
    from bot.core.intake.typos import homophones

    def fix(m: re.Match[str]) -> str:
        want = _WEEK_WORD_END.get(text[m.start() - 1], "周")
        return want if m["x"] in homophones((want,)).get(want, frozenset()) else m["x"]

    return _WEEK_TYPO.sub(fix, text)


def scan(text: str, now: datetime, *, future: bool | None = None, pick: Picker | None = None) -> Scan:
    """Resolve the date and clock time of an already normalised line (the first ones by default)."""
    today = now.date()
    # 下五两点: 五 typed for its homophone 午 before a clock hour (same length: every span holds).
    text = _week_typos(_HALF_DAY_TYPO.sub("午", text))
    if future is None:
        future = is_future(text)
    dates = find_dates(text, today, future)
    times = find_times(text, dates)
    spans = [(f.start, f.end) for f in (*dates, *times)]
    chosen_date, chosen_time = (pick or _first)(dates, times)
    day: date | None = None
    if chosen_date is not None:
        first = chosen_date.value
        if isinstance(first, IntakeError):
            return Scan(first, spans)
        assert isinstance(first, date)
        day = first
    clock: time | None = None
    if chosen_time is not None:
        first_time = chosen_time.value
        if isinstance(first_time, IntakeError):
            return Scan(first_time, spans)
        assert isinstance(first_time, time)
        clock = first_time
    if day is None and not dates:
        day = _dateparser_date(text, now)
    if day is None:
        period = _VAGUE_DAY.search(mask(text, spans))
        if period is None:
            return Scan(When(today, clock, True), spans)
        return Scan(When(today, clock, True, period.group()), [*spans, period.span()])
    return Scan(When(day, clock, False), spans)


def parse_when(text: str, now: datetime, *, future: bool | None = None) -> When | IntakeError:
    """The first day and clock time in ``text`` (e.g. "12月15日下午3点"), relative to ``now``.

    ``now`` must be aware; days are computed in its zone. No day written → today with
    ``date_assumed=True``. ``future`` fixes the tense used for bare weekdays and year-less dates;
    by default it is read from the text (past unless plan words appear). Deadline and meeting
    features, where every date is ahead, should pass ``future=True``.
    """
    if now.tzinfo is None:
        raise ValueError("parse_when needs an aware datetime")
    from bot.core.intake.english import gloss

    return scan(gloss(normalise(text)), now, future=future).when
