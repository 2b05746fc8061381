"""English words in a Chinese chat line, read as Chinese before any intake rule runs.

CDOs type mixed lines (上周五submit了年度report, 11/17 training 数据分类分级 @3pm 40ppl, 大概15
people). Rather than adding English branches to every rule (kind words, report verbs, counts,
day words, clock times), the line is glossed once: each word of ``locale/zh_CN/jieba/english.txt``
(a whole Latin-script word, any case) becomes the Chinese word it stands for, and a 12-hour clock
(3pm, @2:30 p.m.) becomes 下午3点 / 下午2:30. The gloss keeps the rest of the line as written, so
names such as CDO or BI stay. Lines without Latin letters are returned unchanged at once.
"""

from __future__ import annotations

import re
from functools import cache

from bot.core import paths

_LATIN = re.compile(r"[A-Za-z]")
# @3pm, 2:30 p.m., 9 am: an optional "@", the hour, optional minutes, the half-day marker. The hour is
# 1-12 and not after a slash: in 11/13 PM 2:30 the 13 is a day, and the marker belongs to 2:30.
_CLOCK = re.compile(
    r"(?i)(?<![A-Za-z0-9:/])@?\s*(?P<h>1[0-2]|0?[1-9])(?::(?P<mm>[0-9]{2}))?\s*(?P<p>a\.?m\.?|p\.?m\.?)(?![A-Za-z])"
)
# PM 2:30, am 9: the marker written before the hour, as on a phone's clock.
_CLOCK_FIRST = re.compile(
    r"(?i)(?<![A-Za-z0-9])(?P<p>a\.?m\.?|p\.?m\.?)\s*(?P<h>1[0-2]|0?[1-9])(?::(?P<mm>[0-9]{2}))?(?![0-9])"
)
_AT = re.compile(r"@\s*(?=[0-9])")
# about 15 ppl, around 30 people: before a number the word is "roughly" (约), not the 关于 of a topic.
_ABOUT = re.compile(r"(?i)(?<![A-Za-z])(?:about|around)\s*(?=[0-9])")
# on 11/20, on 2026-11-20: before a number "on" dates the line; it is no 关于 of a topic.
_ON_DAY = re.compile(r"(?i)(?<![A-Za-z])on\s*(?=[0-9])")

# last Fri, this Wednesday, next Tue: an English relative day is the Chinese one (上周五,
# 本周三, 下周二); a weekday alone (Fri) is 周五. A pattern, not table words: prefix and weekday
# combine.
_WEEKDAYS = {"mon": "一", "tue": "二", "wed": "三", "thu": "四", "fri": "五", "sat": "六", "sun": "日"}
_WEEK_PREFIX = {"last": "上", "this": "本", "next": "下"}
_RELATIVE_DAY = re.compile(
    r"(?i)(?<![A-Za-z])(?:(?P<rel>last|this|next)\s*(?:week\s*)?)?"
    r"(?P<day>mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs?|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
    r"\.?(?![A-Za-z])"
)

# 例会ok了, 总结OK了: "ok" before 了 says the activity is done (完成了); elsewhere it is a chat aside.
_OK_DONE = re.compile(r"(?i)(?<![A-Za-z])ok(?=\s*了)")

# 腾讯meeting, zoom meeting, Teams meeting, 钉钉meeting: a meeting app before "meeting" is the channel
# (腾讯会议, 视频会议), not a meeting of that name.
_APP_MEETING = re.compile(r"(?i)(?P<app>腾讯|钉钉|飞书|zoom|teams|webex|welink)\s*meetings?(?![A-Za-z])")


def _app_meeting(m: re.Match[str]) -> str:
    """腾讯 names its own app (腾讯会议, a channel the venue reader knows); any other app is a video
    call, 视频会议 — never a meeting named after the app."""
    return "腾讯会议" if m["app"] == "腾讯" else "视频会议"


def _relative_day(m: re.Match[str]) -> str:
    """The Chinese relative day (上周五, 本周三, 周二) the date rules read. A bare lower-case
    abbreviation (the sat of "we sat down") is an English word, left alone."""
    if not m["rel"] and m["day"].islower() and len(m["day"]) <= 4:
        return m[0]
    head = _WEEK_PREFIX[m["rel"].lower()] if m["rel"] else ""
    return f"{head}周{_WEEKDAYS[m['day'][:3].lower()]}"


@cache
def _table() -> tuple[re.Pattern[str], dict[str, str]]:
    gloss: dict[str, str] = {}
    path = paths.jieba_dir() / "english.txt"
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if "=>" not in line:
            continue
        word, chinese = (part.strip() for part in line.split("=>", 1))
        gloss[" ".join(word.lower().split())] = chinese
    words = sorted(gloss, key=len, reverse=True)
    alternation = "|".join(r"\s+".join(map(re.escape, w.split())) + "s?" for w in words)
    # Glued to digits (40ppl) or Chinese (submit了) is fine; glued to other Latin letters is not a word.
    return re.compile(rf"(?i)(?<![A-Za-z])(?:{alternation})(?![A-Za-z])"), gloss


@cache
def _count_after() -> re.Pattern[str]:
    """ppl 20+, attendees: 40 — English puts the people word before the count; the gloss's words
    that stand for people (those whose Chinese starts with 人) are turned round to 20+人."""
    _, table = _table()
    people = sorted((w for w, chinese in table.items() if chinese.startswith("人")), key=len, reverse=True)
    alternation = "|".join(r"\s+".join(map(re.escape, w.split())) + "s?" for w in people)
    return re.compile(
        # ppl 约80, attendees about 60 (about is 约 by now): a rough word may stand before the count
        rf"(?i)(?<![A-Za-z0-9])(?:{alternation})\s*[:：=]?\s*[~≈]?\s*(?P<about>约|大概)?\s*(?P<n>[0-9]{{1,6}})\s*(?P<plus>\+)?(?![0-9A-Za-z])"
    )


def _clock(m: re.Match[str]) -> str:
    period = "下午" if m["p"].lower().startswith("p") else "上午"
    return f"{period}{m['h']}:{m['mm']}" if m["mm"] else f"{period}{m['h']}点"


def _key(written: str, table: dict[str, str]) -> str:
    key = " ".join(written.lower().split())
    return key if key in table else key[:-1]  # the plural -s


def gloss(text: str) -> str:
    """``text`` with its English chat words in Chinese (see the module docstring)."""
    if _LATIN.search(text) is None:
        return text
    text = _ABOUT.sub("约", _CLOCK_FIRST.sub(_clock, _CLOCK.sub(_clock, text)))
    text = _ON_DAY.sub("", text)
    text = _RELATIVE_DAY.sub(_relative_day, text)
    text = _OK_DONE.sub("完成", text)
    text = _APP_MEETING.sub(_app_meeting, text)
    pattern, table = _table()
    text = _count_after().sub(lambda m: f"{m['about'] or ''}{m['n']}{m['plus'] or ''}人", text)
    text = pattern.sub(lambda m: table[_key(m[0], table)], text)
    return _AT.sub("", text)
