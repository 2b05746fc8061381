"""The reminder plan: exact reminders for a Zhuhai year, and the away / mute / cap / skip rules."""

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.pofile import read_po
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.cities import load_cities
from bot.core.clock import SHANGHAI
from bot.core.obligations import custom_deadline, expand_occurrences
from bot.core.reminder_plan import (
    ACTION_BUTTONS,
    RSVP_BUTTONS,
    SIGN_IN_BUTTONS,
    AwayRange,
    PlannedReminder,
    PlanState,
    Recipient,
    ScheduledMeeting,
    placeholder_recipients,
    plan_for_city,
    plan_reminders,
    snooze,
)
from bot.core.workdays import is_estimated, is_workday

POLICE_CDO = Recipient(101, "cdo", "市公安局")
COORDINATOR = Recipient(900, "coordinator", "市政务服务数据管理局")
CATALOG = Path(__file__).resolve().parents[2] / "locale" / "zh_CN" / "LC_MESSAGES" / "reminders.po"


def zhuhai():
    return load_cities()["zhuhai"]


def at(y, m, d, h=9, minute=0):
    return datetime(y, m, d, h, minute, tzinfo=SHANGHAI)


def rows(plan: list[PlannedReminder]):
    return [(r.send_at, r.member_id, r.rule_key, r.stage) for r in plan]


def test_a_year_in_zhuhai_for_the_police_cdo_and_the_coordinator_day_by_day():
    """Travel through 2026 one day at a time, re-planning each day from the state so far.

    市公安局 holds a training on 15 March and another on 10 November, and hands in the May
    report on 22 May after that morning's reminder; it never hands in the November one.
    """
    city = zhuhai()
    people = [POLICE_CDO, COORDINATOR]
    trainings: list[date] = []
    submitted: set[tuple[str, str, str]] = set()
    sent: list[PlannedReminder] = []
    day = date(2026, 1, 1)
    while day <= date(2026, 12, 31):
        state = PlanState(submitted=frozenset(submitted), trainings={"市公安局": tuple(trainings)})
        sent += plan_for_city(city, people, state, day, day)
        if day in (date(2026, 3, 15), date(2026, 11, 10)):
            trainings.append(day)
        if day == date(2026, 5, 22):
            submitted.add(("市公安局", "summary_report", "2026-05-31"))
        day += timedelta(days=1)

    assert rows(sent) == [
        # 1-3 Jan are New Year holidays; Sunday 4 Jan is a make-up working day (调休).
        (at(2026, 1, 4), 900, "exchange_meeting", "no-meeting"),
        # 31 May 2026 is a Sunday: 14d (Sun 17) and 7d (Sun 24) move to Fridays; 1d (Sat 30)
        # and 0d (Sun 31) both move to Fri 29 May, where only 0d stays. The unit submitted on 22 May.
        (at(2026, 5, 15), 101, "summary_report", "14d"),
        (at(2026, 5, 22), 101, "summary_report", "7d"),
        (at(2026, 5, 29), 900, "summary_report", "missing"),
        # One training by 30 June meets the first checkpoint; no nudge.
        (at(2026, 7, 1), 900, "exchange_meeting", "no-meeting"),
        # The 1 October checkpoint falls on National Day and moves back to Wed 30 September.
        (at(2026, 9, 30), 101, "training_quota", "by-10-01"),
        # 30 Nov 2026 is a Monday: 1d (Sun 29) moves to Fri 27, where 3d was: 1d stays.
        (at(2026, 11, 16), 101, "summary_report", "14d"),
        (at(2026, 11, 23), 101, "summary_report", "7d"),
        (at(2026, 11, 27), 101, "summary_report", "1d"),
        (at(2026, 11, 30), 101, "summary_report", "0d"),
        (at(2026, 11, 30), 900, "summary_report", "missing"),
        # December: the evaluation opens for everyone; the second training (10 Nov) meets the quota.
        (at(2026, 12, 1), 101, "annual_evaluation", "open"),
        (at(2026, 12, 1), 900, "annual_evaluation", "open"),
    ]
    may_list, nov_list = [r for r in sent if r.stage == "missing"]
    pilots = [u.name for u in city.pilot_units]
    assert list(may_list.params["missing"]) == [u for u in pilots if u != "市公安局"]
    assert list(nov_list.params["missing"]) == pilots
    quota = next(r for r in sent if r.kind == "training_quota")
    assert (quota.params["count"], quota.params["at_least"], quota.params["remaining"]) == (1, 2, 1)


def test_deadline_reminders_say_how_many_working_days_remain():
    plan = plan_for_city(zhuhai(), [POLICE_CDO], PlanState(), date(2026, 11, 1), date(2026, 11, 30))
    left = [(r.stage, r.params["workdays_left"], r.message) for r in plan]
    assert left == [
        ("14d", 10, "reminder.deadline"),
        ("7d", 5, "reminder.deadline"),
        ("1d", 1, "reminder.deadline"),
        ("0d", 0, "reminder.deadline.today"),
    ]
    assert all(r.buttons == ACTION_BUTTONS for r in plan)
    assert all(r.clause == "《珠海市首席数据官制度试点实施方案》主要任务（三）2 定期工作报送" for r in plan)


def test_a_weekend_due_date_gets_a_last_working_day_message():
    plan = plan_for_city(zhuhai(), [POLICE_CDO], PlanState(), date(2026, 5, 29), date(2026, 5, 29))
    (last,) = plan
    assert (last.stage, last.message, last.params["workdays_left"], last.due) == (
        "0d",
        "reminder.deadline.last_workday",
        0,
        date(2026, 5, 31),
    )


def test_reminders_in_a_national_day_week_all_move_before_it_and_collapse_into_one():
    city = zhuhai()
    extra = custom_deadline(city, "census", "数据普查登记", date(2026, 10, 8), "主要任务（二）1")
    occurrences = expand_occurrences(city, date(2026, 9, 1), date(2026, 10, 31), extra=[extra])
    plan = [
        r
        for r in plan_reminders(
            city, occurrences, [POLICE_CDO], PlanState(), date(2026, 9, 1), date(2026, 10, 31)
        )
    ]
    census = [(r.send_at, r.stage, r.params["workdays_left"]) for r in plan if r.rule_key == "census"]
    # 14d = 24 Sep (Thu, before the Mid-Autumn holiday of 25-27 Sep); 7d, 3d and 1d (1, 5, 7 Oct)
    # all move to 30 Sep, where the nearest (1d) stays; 0d is the first working day after the holiday.
    assert census == [
        (at(2026, 9, 24), "14d", 4),
        (at(2026, 9, 30), "1d", 1),
        (at(2026, 10, 8), "0d", 0),
    ]


def test_the_command_line_range_lists_both_deadlines_the_evaluation_and_the_planning_prompts():
    city = zhuhai()
    plan = plan_for_city(
        city, placeholder_recipients(city), PlanState(), date(2026, 11, 23), date(2027, 6, 30)
    )
    expected = [
        (at(2026, 11, 23), "cdo", "summary_report", "7d"),
        (at(2026, 11, 27), "cdo", "summary_report", "1d"),
        (at(2026, 11, 30), "cdo", "summary_report", "0d"),
        (at(2026, 11, 30), "coordinator", "summary_report", "missing"),
        (at(2026, 12, 1), "cdo", "annual_evaluation", "open"),
        (at(2026, 12, 1), "cdo", "training_quota", "by-12-01"),
        (at(2026, 12, 1), "coordinator", "annual_evaluation", "open"),
    ]
    if is_estimated(date(2027, 1, 1)):
        # Beyond chinese_calendar's data: weekends and 1 Jan / 1-2 May / 1-3 Oct are rest days.
        expected += [
            (at(2027, 1, 4), "coordinator", "exchange_meeting", "no-meeting"),  # Fri 1 Jan is New Year
            (at(2027, 5, 17), "cdo", "summary_report", "14d"),
            (at(2027, 5, 24), "cdo", "summary_report", "7d"),
            (at(2027, 5, 28), "cdo", "summary_report", "1d"),  # 3d (Fri 28) and 1d (Sun 30 → Fri 28)
            (at(2027, 5, 31), "cdo", "summary_report", "0d"),
            (at(2027, 5, 31), "coordinator", "summary_report", "missing"),
            (at(2027, 6, 30), "cdo", "training_quota", "by-06-30"),
        ]
        assert rows(plan) == expected
    else:  # pragma: no cover - once chinese_calendar knows 2027 the shifts may differ
        assert rows(plan)[: len(expected)] == expected


def test_the_placeholder_cdo_is_of_the_unit_asked_for_when_the_city_lists_it():
    city = zhuhai()
    assert placeholder_recipients(city, "市公安局")[0].unit == "市公安局"
    assert placeholder_recipients(city, "不存在的单位")[0].unit == city.pilot_units[0].name
    assert placeholder_recipients(city)[1].role == "coordinator"


def test_every_send_time_is_aware_in_shanghai_at_the_persons_hour():
    early = replace(POLICE_CDO, reminder_hour=8)
    plan = plan_for_city(zhuhai(), [early, COORDINATOR], PlanState(), date(2026, 11, 1), date(2026, 12, 31))
    for r in plan:
        assert r.send_at.utcoffset() == timedelta(hours=8)
        assert r.send_at.hour == (8 if r.member_id == 101 else 9)
    assert plan_for_city(
        zhuhai(), [COORDINATOR], PlanState(), date(2026, 11, 30), date(2026, 11, 30), hour=10
    )[0].send_at == at(2026, 11, 30, 10)


def test_another_zone_is_honoured():
    tz = ZoneInfo("Asia/Hong_Kong")
    (r,) = plan_for_city(zhuhai(), [POLICE_CDO], PlanState(), date(2026, 11, 30), date(2026, 11, 30), tz=tz)
    assert r.send_at.tzinfo == tz


def test_a_bad_hour_is_refused():
    with pytest.raises(ValueError, match="hour"):
        plan_for_city(zhuhai(), [POLICE_CDO], PlanState(), date(2026, 11, 1), date(2026, 11, 30), hour=24)


def test_dedupe_keys_are_deterministic_and_unique():
    city = zhuhai()
    people = [POLICE_CDO, Recipient(102, "cdo", "香洲区"), COORDINATOR]
    first = plan_for_city(city, people, PlanState(), date(2026, 1, 1), date(2027, 12, 31))
    again = plan_for_city(city, people, PlanState(), date(2026, 1, 1), date(2027, 12, 31))
    keys = [r.dedupe_key for r in first]
    assert keys == [r.dedupe_key for r in again]
    assert len(keys) == len(set(keys))
    assert "zhuhai.summary_report|2026-11-30|7d|101" in keys


def test_a_unit_that_submitted_gets_no_more_reminders_but_others_do():
    people = [POLICE_CDO, Recipient(102, "cdo", "香洲区")]
    state = PlanState(submitted=frozenset({("市公安局", "summary_report", "2026-11-30")}))
    plan = plan_for_city(zhuhai(), people, state, date(2026, 11, 1), date(2026, 11, 30))
    assert {r.member_id for r in plan} == {102}


def test_away_people_get_nothing_on_away_days_and_are_not_counted_missing():
    away = replace(POLICE_CDO, away=(AwayRange(date(2026, 11, 20), date(2026, 11, 30)),))
    plan = plan_for_city(zhuhai(), [away, COORDINATOR], PlanState(), date(2026, 11, 1), date(2026, 12, 1))
    assert rows(plan) == [
        (at(2026, 11, 16), 101, "summary_report", "14d"),
        (at(2026, 11, 30), 900, "summary_report", "missing"),
        (at(2026, 12, 1), 101, "annual_evaluation", "open"),
        (at(2026, 12, 1), 101, "training_quota", "by-12-01"),
        (at(2026, 12, 1), 900, "annual_evaluation", "open"),
    ]
    missing = plan[1]
    assert missing.message == "reminder.coordinator.missing_units_with_away"
    assert missing.params["away"] == ("市公安局",)
    assert "市公安局" not in missing.params["missing"]
    assert missing.params["missing_count"] == len(zhuhai().pilot_units) - 1


def test_an_away_coordinator_gets_no_list_that_day():
    away = replace(COORDINATOR, away=(AwayRange(date(2026, 11, 30), date(2026, 11, 30)),))
    assert plan_for_city(zhuhai(), [away], PlanState(), date(2026, 11, 30), date(2026, 11, 30)) == []


def test_no_missing_list_when_every_unit_has_submitted():
    city = zhuhai()
    state = PlanState(submitted=frozenset((u.name, "summary_report", "2026-11-30") for u in city.pilot_units))
    assert plan_for_city(city, [COORDINATOR], state, date(2026, 11, 30), date(2026, 11, 30)) == []


def test_a_non_pilot_unit_with_a_cdo_is_expected_to_report_too():
    newcomer = Recipient(103, "cdo", "市交通运输局")
    plan = plan_for_city(
        zhuhai(), [newcomer, COORDINATOR], PlanState(), date(2026, 11, 30), date(2026, 11, 30)
    )
    (missing,) = [r for r in plan if r.stage == "missing"]
    assert missing.params["missing"][-1] == "市交通运输局"


def test_muted_people_get_deadlines_but_no_nudges():
    muted_cdo = replace(POLICE_CDO, mute_nudges=True)
    muted_coordinator = replace(COORDINATOR, mute_nudges=True)
    plan = plan_for_city(
        zhuhai(), [muted_cdo, muted_coordinator], PlanState(), date(2026, 1, 1), date(2026, 12, 31)
    )
    assert {r.category for r in plan} == {"deadline"}
    assert {r.kind for r in plan} == {"summary_report", "annual_evaluation"}


def test_two_nudges_on_one_day_are_folded_into_one_digest(tmp_path):
    source = (Path(load_cities()["zhuhai"].source)).read_text(encoding="utf-8")
    extra_rule = """
[[rules]]
key = "security_training"
kind = "training_quota"
title = "数据安全培训"
who = "cdo"
checkpoints = [{ on = "06-30", at_least = 1 }]
clause = "测试"
"""
    (tmp_path / "zhuhai.toml").write_text(source + extra_rule, encoding="utf-8")
    city = load_cities(tmp_path)["zhuhai"]
    plan = plan_for_city(city, [POLICE_CDO], PlanState(), date(2026, 6, 30), date(2026, 6, 30))
    (digest,) = plan
    assert (digest.category, digest.send_at, digest.params["count"]) == ("digest", at(2026, 6, 30), 2)
    assert digest.params["titles"] == "数据安全培训、数据技能与安全培训"  # ordered by rule key
    assert digest.params["items"] == (
        "zhuhai.security_training|2026|by-06-30|101",
        "zhuhai.training_quota|2026|by-06-30|101",
    )
    assert digest.dedupe_key == "zhuhai.digest|2026-06-30|digest|101"


def test_a_nudge_does_not_fold_deadlines_into_the_digest():
    plan = plan_for_city(zhuhai(), [POLICE_CDO], PlanState(), date(2026, 12, 1), date(2026, 12, 1))
    assert sorted(r.category for r in plan) == ["deadline", "nudge"]


def test_a_dismissed_nudge_series_stops_for_that_person_only():
    other = Recipient(102, "cdo", "香洲区")
    state = PlanState(dismissed=frozenset({("training_quota", "2026", 101)}))
    plan = plan_for_city(zhuhai(), [POLICE_CDO, other], state, date(2026, 6, 1), date(2026, 12, 2))
    assert {r.member_id for r in plan if r.kind == "training_quota"} == {102}


MEETING = ScheduledMeeting("m1", at(2027, 3, 15, 10), title="2027年上半年首席数据官沟通交流会")


def test_meeting_reminders_seven_days_one_day_two_hours_before_and_a_sign_in_after():
    state = PlanState(meetings=(MEETING,))
    plan = plan_for_city(zhuhai(), [POLICE_CDO, COORDINATOR], state, date(2027, 3, 1), date(2027, 3, 31))
    assert rows(plan) == [
        (at(2027, 3, 8), 101, "exchange_meeting", "7d"),
        (at(2027, 3, 12), 101, "exchange_meeting", "1d"),  # Sunday 14 → Friday 12
        (at(2027, 3, 15, 8), 101, "exchange_meeting", "2h"),
        (at(2027, 3, 15, 12), 101, "exchange_meeting", "signin"),
    ]
    assert [r.buttons for r in plan] == [RSVP_BUTTONS, RSVP_BUTTONS, RSVP_BUTTONS, SIGN_IN_BUTTONS]
    assert {r.period_key for r in plan} == {"meeting-m1"}
    assert plan[0].params["starts_time"] == "10:00"


def test_a_scheduled_meeting_silences_the_coordinators_planning_prompt():
    without = plan_for_city(zhuhai(), [COORDINATOR], PlanState(), date(2027, 1, 1), date(2027, 12, 31))
    with_meeting = plan_for_city(
        zhuhai(), [COORDINATOR], PlanState(meetings=(MEETING,)), date(2027, 1, 1), date(2027, 12, 31)
    )
    prompts = [r.period_key for r in without if r.stage == "no-meeting"]
    assert prompts == ["2027-H1", "2027-H2"]
    assert [r.period_key for r in with_meeting if r.stage == "no-meeting"] == ["2027-H2"]


def test_the_two_hour_reminder_keeps_the_clock_even_on_a_holiday():
    holiday_meeting = ScheduledMeeting("m2", at(2026, 10, 8, 9, 30), ends_at=at(2026, 10, 8, 11, 0))
    plan = plan_for_city(
        zhuhai(), [POLICE_CDO], PlanState(meetings=(holiday_meeting,)), date(2026, 9, 25), date(2026, 10, 8)
    )
    assert [(r.send_at, r.stage) for r in plan if r.period_key == "meeting-m2"] == [
        (at(2026, 9, 30), "1d"),  # 7d (1 Oct) and 1d (7 Oct) both fall in the holiday: one stays
        (at(2026, 10, 8, 7, 30), "2h"),
        (at(2026, 10, 8, 11, 0), "signin"),
    ]


def test_who_declined_hears_nothing_more_and_who_accepted_can_still_decline():
    other = Recipient(102, "cdo", "香洲区")
    state = PlanState(
        meetings=(MEETING,), rsvps={("m1", 101): False, ("m1", 102): True}, attended=frozenset()
    )
    plan = plan_for_city(zhuhai(), [POLICE_CDO, other], state, date(2027, 3, 1), date(2027, 3, 31))
    assert {r.member_id for r in plan} == {102}
    assert all(len(r.buttons[0]) == 1 for r in plan)
    assert plan[0].buttons[0][0].label == "reminder.button.decline"


def test_who_signed_in_gets_no_sign_in_prompt():
    state = PlanState(meetings=(MEETING,), attended=frozenset({("m1", 101)}))
    plan = plan_for_city(zhuhai(), [POLICE_CDO], state, date(2027, 3, 15), date(2027, 3, 15))
    assert [r.stage for r in plan] == ["2h"]


def test_naive_meeting_times_are_refused():
    with pytest.raises(ValueError, match="aware"):
        ScheduledMeeting("x", datetime(2027, 3, 15, 10))


def test_snooze_two_hours_or_to_the_next_working_day():
    (reminder,) = plan_for_city(zhuhai(), [POLICE_CDO], PlanState(), date(2026, 9, 30), date(2026, 9, 30))
    later = snooze(reminder, "2h", at(2026, 9, 30, 9, 5))
    assert later.send_at == at(2026, 9, 30, 11, 5)
    assert later.dedupe_key == reminder.dedupe_key + "|snooze@20260930T1105"
    tomorrow = snooze(reminder, "tomorrow", at(2026, 9, 30, 9, 5))
    assert tomorrow.send_at == at(2026, 10, 8, 9)  # the next working day after National Day
    with pytest.raises(ValueError):
        snooze(reminder, "never", at(2026, 9, 30, 9, 5))


def render(msgstr: str, params) -> str:
    return msgstr.format(**params)


def test_every_message_and_button_renders_from_the_catalog():
    with CATALOG.open("rb") as fh:
        catalog = {m.id: m.string for m in read_po(fh) if m.id}
    city = zhuhai()
    people = [POLICE_CDO, replace(COORDINATOR, away=(AwayRange(date(2026, 11, 30), date(2026, 11, 30)),))]
    people.append(Recipient(901, "coordinator", city.bureau))
    state = PlanState(meetings=(MEETING,))
    plan = plan_for_city(
        city,
        [*people, replace(POLICE_CDO, member_id=104, unit="香洲区")],
        state,
        date(2026, 1, 1),
        date(2027, 12, 31),
    )
    messages = {r.message for r in plan}
    assert messages >= {
        "reminder.deadline",
        "reminder.deadline.today",
        "reminder.deadline.last_workday",
        "reminder.window_open",
        "reminder.quota",
        "reminder.meeting",
        "reminder.meeting.soon",
        "reminder.meeting.signin",
        "reminder.coordinator.no_meeting",
        "reminder.coordinator.missing_units",
    }
    for r in plan:
        text = render(catalog[r.message], r.params)
        assert "{" not in text and text.strip()
        for row in r.buttons:
            for choice in row:
                assert catalog[choice.label]
    assert catalog["reminder.button.done"] == "已完成"
    assert catalog["reminder.button.snooze"] == "稍后提醒"


def test_a_reminder_serialises_to_json_and_says_when_the_calendar_is_a_guess():
    import json

    city = zhuhai()
    (known,) = plan_for_city(city, [POLICE_CDO], PlanState(), date(2026, 11, 30), date(2026, 11, 30))
    data = json.loads(json.dumps(known.as_dict(), ensure_ascii=False))
    assert data["send_at"] == "2026-11-30T09:00:00+08:00"
    assert data["buttons"] == [[{"label": "reminder.button.done", "data": "rem:done"},
                                {"label": "reminder.button.snooze", "data": "rem:snooze"}]]  # fmt: skip
    assert data["calendar_estimated"] is False
    (later,) = plan_for_city(city, [POLICE_CDO], PlanState(), date(2027, 5, 31), date(2027, 5, 31))
    assert later.calendar_estimated is is_estimated(date(2027, 5, 31))


UNITS = ["市公安局", "香洲区", "市审计局", "市交通运输局"]


@st.composite
def people_and_state(draw):
    people = []
    for i in range(draw(st.integers(1, 5))):
        role = draw(st.sampled_from(["cdo", "cdo", "staff", "coordinator"]))
        unit = draw(st.sampled_from(UNITS)) if role != "coordinator" else "市政务服务数据管理局"
        away = ()
        if draw(st.booleans()):
            first = draw(st.dates(date(2026, 1, 1), date(2027, 12, 31)))
            away = (AwayRange(first, first + timedelta(days=draw(st.integers(0, 20)))),)
        people.append(
            Recipient(i, role, unit, draw(st.none() | st.integers(6, 20)), away, draw(st.booleans()))
        )
    meetings = tuple(
        ScheduledMeeting(f"m{j}", datetime.combine(d, datetime.min.time(), SHANGHAI) + timedelta(hours=h))
        for j, (d, h) in enumerate(
            draw(
                st.lists(
                    st.tuples(st.dates(date(2026, 1, 1), date(2027, 12, 31)), st.integers(8, 17)), max_size=3
                )
            )
        )
    )
    trainings = {
        u: tuple(draw(st.lists(st.dates(date(2026, 1, 1), date(2027, 12, 31)), max_size=3))) for u in UNITS
    }
    return people, PlanState(trainings=trainings, meetings=meetings)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people_and_state(), st.dates(date(2026, 1, 1), date(2027, 10, 1)), st.integers(0, 90))
def test_plan_invariants_hold_for_any_people_and_range(case, start, length):
    people, state = case
    end = start + timedelta(days=length)
    plan = plan_for_city(zhuhai(), people, state, start, end)
    by_id = {p.member_id: p for p in people}
    keys = [r.dedupe_key for r in plan]
    assert len(keys) == len(set(keys))
    assert plan == sorted(plan, key=lambda r: (r.send_at, str(r.member_id), r.rule_key, r.stage))
    nudges_per_day: dict[tuple[int, date], int] = {}
    for r in plan:
        day = r.send_at.date()
        assert r.send_at.utcoffset() == timedelta(hours=8)
        assert start <= day <= end
        person = by_id[r.member_id]
        assert not person.is_away(day)
        if r.stage not in ("2h", "signin"):
            assert is_workday(day)  # only the clock-bound meeting stages may fall on a rest day
        if r.category == "deadline" and r.stage != "missing":
            assert day <= r.due
        if r.category in ("nudge", "digest"):
            assert not person.mute_nudges
            nudges_per_day[(r.member_id, day)] = nudges_per_day.get((r.member_id, day), 0) + 1
    assert all(n == 1 for n in nudges_per_day.values())
