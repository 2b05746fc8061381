"""Mixed Chinese–English chat lines: each English word of locale/zh_CN/jieba/english.txt and
the 12-hour clock are read as the Chinese they stand for (bot.core.intake.english)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.intake import parse_activity
from bot.core.intake.english import gloss
from tests.unit._intake_cases import NOW_A

# (line, expected fields): one line per english.txt entry, each failing without its entry.
LINES: list[tuple[str, str, dict]] = [
    ("report", "上周五交了年度report", {"kind": "report", "date": "2026-11-20"}),
    ("sent", "report 昨天 sent 了", {"kind": "report", "date": "2026-11-22"}),
    ("summary", "数据治理 summary 上周五交上去了", {"kind": "report", "date": "2026-11-20"}),
    ("course", "上周四的数据标准 course 办完了，30人", {"kind": "training", "date": "2026-11-19"}),
    ("submit", "上周五submit了季度报告", {"kind": "report", "date": "2026-11-20"}),
    ("submitted", "submitted 季度报告 上周二", {"kind": "report", "date": "2026-11-17"}),
    ("training", "11/17 training 数据分类分级", {"kind": "training", "title": "数据分类分级培训"}),
    ("workshop", "昨天办了数据治理workshop", {"kind": "exchange_meeting", "date": "2026-11-22"}),
    ("meeting", "昨天开了CDO meeting", {"kind": "exchange_meeting", "date": "2026-11-22"}),
    ("seminar", "11月18日 seminar，数据要素", {"kind": "exchange_meeting", "date": "2026-11-18"}),
    ("forum", "昨天参加了数据forum", {"kind": "exchange_meeting", "date": "2026-11-22"}),
    (
        "conference",
        "上周五 conference 参加了，讲数据要素",
        {"kind": "exchange_meeting", "date": "2026-11-20"},
    ),
    ("symposium", "昨天的数据要素 symposium 开完了", {"kind": "exchange_meeting", "date": "2026-11-22"}),
    ("people", "昨天开了交流会，大概15 people", {"attendees": 15}),
    ("ppl", "昨天组织培训 40ppl", {"attendees": 40}),
    ("pax", "前天 training 数据标准, 20 pax", {"attendees": 20}),
    ("attendees", "昨天组织培训, 25 attendees", {"attendees": 25}),
    ("participants", "昨天组织培训, 30 participants", {"attendees": 30}),
    ("yesterday", "CDO交流会 yesterday 下午4点", {"date": "2026-11-22", "time": "16:00"}),
    ("today", "today 下午3点组织了培训", {"date": "2026-11-23", "date_assumed": False}),
    ("tomorrow", "tomorrow下午开交流会", {"date": "2026-11-24"}),
    ("morning", "昨天morning 6点组织了培训", {"time": "06:00"}),
    ("afternoon", "昨天afternoon 7点开了交流会", {"time": "19:00"}),
    ("evening", "昨天evening 7点开了交流会", {"time": "19:00"}),
    ("tonight", "tonight 7点开交流会", {"date": "2026-11-23", "time": "19:00"}),
    ("done", "季度报告 done ✅", {"kind": "report"}),
    ("on", "seminar on 数据要素", {"title": "数据要素研讨会"}),
    ("about", "昨天开了交流会 about 数据共享", {"title": "数据共享交流会"}),
    ("online", "昨天online组织了培训", {"location": "线上"}),
    ("training session", "上周三 training session 数据治理", {"kind": "training", "title": "数据治理培训"}),
    (
        "sharing session",
        "昨天开了数据共享 sharing session",
        {"kind": "exchange_meeting", "title": "数据共享分享会"},
    ),
    (
        "sharing meeting",
        "昨天开了数据共享 sharing meeting",
        {"kind": "exchange_meeting", "title": "数据共享交流会"},
    ),
    ("webinar", "昨天参加了数据安全webinar", {"kind": "exchange_meeting", "location": "线上"}),
    ("lecture", "上周五办了一场数据标准lecture，30人", {"kind": "training", "date": "2026-11-20"}),
    ("tmr", "tmr 下午3点 数据共享 seminar", {"date": "2026-11-24", "time": "15:00"}),
    ("yday", "yday 给科室做了数据安全 training，15 ppl", {"kind": "training", "date": "2026-11-22"}),
    ("topic", "昨天开了研讨会，topic是数据要素流通", {"title": "数据要素流通研讨会"}),
    ("attend", "上周四attend了区里的数据共享seminar", {"title": "区里的数据共享研讨会"}),
    ("attended", "上周四 attended 数据安全 training", {"title": "数据安全培训"}),
    ("had a", "上周四 had a 一网统管 seminar", {"title": "一网统管研讨会"}),
    ("finally", "工作总结 finally submit 了 昨天", {"title": "工作总结"}),
    ("fyi", "fyi 数据开放lecture 11.16 done", {"title": "数据开放讲座"}),
    ("btw", "btw 数据共享 seminar 上周二 开完了", {"title": "数据共享研讨会"}),
    ("ok", "ok 年度总结 已交", {"title": "年度总结"}),
    ("log", "hi，帮我log一下：昨天 数据安全 培训 30人", {"kind": "training", "date": "2026-11-22"}),
    (
        "record",
        "帮忙record一下，上周五开了数据开放座谈会，20人",
        {"kind": "exchange_meeting", "date": "2026-11-20"},
    ),
]


def _entries() -> set[str]:
    path = Path(__file__).resolve().parents[2] / "locale" / "zh_CN" / "jieba" / "english.txt"
    lines = (raw.split("#", 1)[0] for raw in path.read_text(encoding="utf-8").splitlines())
    return {line.split("=>", 1)[0].strip() for line in lines if "=>" in line}


def test_every_english_entry_has_a_line_here():
    assert {entry for entry, _, _ in LINES} == _entries()


@pytest.mark.parametrize(("entry", "line", "expected"), LINES, ids=[e for e, _, _ in LINES])
def test_an_english_chat_word_reads_as_its_chinese(entry, line, expected):
    out = parse_activity(line, NOW_A).to_json()
    assert {k: out.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    ("line", "time"),
    [
        ("11/17 training 数据分类分级 @3pm 40ppl", "15:00"),
        ("11月18日 seminar on 数据要素, 25 attendees, 2pm", "14:00"),
        ("昨天 9:30 am 组织了培训", "09:30"),
        ("昨天 2:30 p.m. 开了交流会", "14:30"),
        # the marker before the hour, after a month/day date whose day must stay a day
        ("10/12 PM 3:15 数据安全培训", "15:15"),
        ("昨天 am 9 开了交流会", "09:00"),
    ],
)
def test_a_twelve_hour_clock_is_read(line, time):
    assert parse_activity(line, NOW_A).to_json()["time"] == time


def test_plurals_and_case_are_the_same_word():
    assert parse_activity("上周五交了两份Reports", NOW_A).to_json()["kind"] == "report"


def test_english_inside_a_longer_word_or_a_name_is_left_alone():
    assert gloss("Teams线上培训，BI数据分析") == "Teams线上培训，BI数据分析"
    assert gloss("reporting 系统 donee") == "reporting 系统 donee"
    assert gloss("数据安全培训") == "数据安全培训"


@pytest.mark.parametrize(
    ("line", "count"),
    [
        ("上周五 meeting 开完了 ppl 20+", 20),  # the people word before its count
        ("11/18 一网统管 seminar，attendees 40+", 40),
        ("昨天 training, participants: 35", 35),
        ("昨天 training 40ppl", 40),  # the count first, as before
    ],
)
def test_a_count_written_after_its_english_people_word_is_the_head_count(line, count):
    assert parse_activity(line, NOW_A).draft.attendees == count
