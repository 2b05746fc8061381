"""A unit's progress and the coordinator's overview, computed from records on a real SQLite file."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.cities import load_cities
from bot.core.i18n import translator
from bot.handlers.render import MAX_TEXT, split_text, utf16_len
from bot.services import progress, schedule
from bot.services.errors import NotAuthorized
from storage.models import PendingDraft
from tests.integration._outbox_helpers import add_member
from tests.unit._progress_cases import (
    OTHER_UNIT,
    add_activity,
    add_meeting,
    add_submission,
    clock_at,
    seed,
)


@pytest.fixture
def cities():
    return load_cities()


@pytest.fixture
def people(sqlite_uow_factory):
    return seed(sqlite_uow_factory)


def mine(uow_factory, people, cities, *at: int, actor=None, year=None) -> progress.UnitProgress:
    return progress.unit_progress(uow_factory, clock_at(*at), cities, actor or people.cdo, year)


def render(reply) -> str:
    return translator().render(reply)


# --------------------------------------------------------------------------- what counts


def test_only_live_records_of_the_own_unit_count_as_trainings(sqlite_uow_factory, people, cities) -> None:
    add_activity(sqlite_uow_factory, people.cdo, "training", date(2026, 3, 5), evidence=2)
    add_activity(sqlite_uow_factory, people.staff, "training", date(2026, 4, 9))  # staff logs for the unit
    add_activity(sqlite_uow_factory, people.cdo, "training", date(2026, 5, 1), deleted=True, evidence=1)
    add_activity(sqlite_uow_factory, people.cdo, "training", date(2025, 12, 30))  # last year
    for month in (2, 3, 4):
        add_activity(sqlite_uow_factory, people.other_cdo, "training", date(2026, month, 1))
    with sqlite_uow_factory() as uow:  # a card never confirmed is not a record
        uow.conversations.add_draft(
            PendingDraft(
                member_id=people.cdo.member_id,
                chat_address="telegram:1",
                payload={"kind": "training", "date": "2026-06-01"},
                expires_at=clock_at(2027, 1, 1).now(),
            )
        )
        uow.commit()

    result = mine(sqlite_uow_factory, people, cities, 2026, 11, 24)

    [training] = result.trainings
    assert (training.count, training.required, training.verdict) == (2, 2, "done")
    assert result.evidence_count == 2
    assert result.last_activity == date(2026, 4, 9)
    other = mine(sqlite_uow_factory, people, cities, 2026, 11, 24, actor=people.other_cdo)
    assert other.trainings[0].count == 3


def test_a_training_dated_in_the_future_is_planned_not_held(sqlite_uow_factory, people, cities) -> None:
    add_activity(sqlite_uow_factory, people.cdo, "training", date(2026, 3, 5))
    add_activity(sqlite_uow_factory, people.cdo, "training", date(2026, 12, 10))
    assert mine(sqlite_uow_factory, people, cities, 2026, 11, 24).trainings[0].count == 1
    assert mine(sqlite_uow_factory, people, cities, 2026, 12, 10).trainings[0].count == 2


@pytest.mark.parametrize(
    ("today", "held", "verdict", "mark", "missed", "next_checkpoint"),
    [
        ((2026, 1, 15), [], "on_track", "ok", None, date(2026, 6, 30)),
        ((2026, 6, 10), [], "on_track", "warn", None, date(2026, 6, 30)),  # checkpoint within 30 days
        (
            (2026, 6, 30),
            [],
            "on_track",
            "warn",
            None,
            date(2026, 6, 30),
        ),  # the checkpoint day itself still counts
        ((2026, 7, 1), [], "behind", "bad", date(2026, 6, 30), date(2026, 10, 1)),
        ((2026, 7, 1), [(2026, 6, 30)], "on_track", "ok", None, date(2026, 10, 1)),
        ((2026, 10, 2), [(2026, 3, 1)], "behind", "bad", date(2026, 10, 1), date(2026, 12, 1)),
        (
            (2026, 12, 20),
            [(2026, 3, 1), (2026, 11, 1)],
            "done",
            "ok",
            None,
            None,
        ),  # caught up: no longer behind
    ],
)
def test_the_training_pace_is_judged_against_the_checkpoints_passed(
    sqlite_uow_factory, people, cities, today, held, verdict, mark, missed, next_checkpoint
) -> None:
    for day in held:
        add_activity(sqlite_uow_factory, people.cdo, "training", date(*day))
    [training] = mine(sqlite_uow_factory, people, cities, *today).trainings
    assert (training.verdict, training.mark, training.missed_checkpoint) == (verdict, mark, missed)
    assert training.next_checkpoint == next_checkpoint


def test_a_past_year_is_judged_at_its_end_and_a_future_year_has_passed_nothing(
    sqlite_uow_factory, people, cities
) -> None:
    add_activity(sqlite_uow_factory, people.cdo, "training", date(2025, 5, 5))
    last_year = mine(sqlite_uow_factory, people, cities, 2026, 3, 1, year=2025)
    assert (last_year.trainings[0].count, last_year.trainings[0].verdict) == (1, "behind")
    assert all(r.state == "overdue" for r in last_year.reports)
    next_year = mine(sqlite_uow_factory, people, cities, 2026, 3, 1, year=2027)
    assert next_year.trainings[0].verdict == "on_track"
    assert [r.state for r in next_year.reports] == ["due", "due"]


def test_report_periods_show_submitted_due_in_working_days_or_overdue(
    sqlite_uow_factory, people, cities
) -> None:
    add_submission(sqlite_uow_factory, people.cdo, "2026-05-31", date(2026, 5, 28))

    may, november = mine(sqlite_uow_factory, people, cities, 2026, 11, 24).reports
    assert (may.period_key, may.state, may.submitted_on, may.mark) == (
        "2026-05-31",
        "submitted",
        date(2026, 5, 28),
        "ok",
    )
    # 11-25, 11-26, 11-27 and Monday 11-30
    assert (november.state, november.workdays_left, november.mark) == ("due", 4, "warn")
    later = mine(sqlite_uow_factory, people, cities, 2026, 12, 2).reports[1]
    assert (later.state, later.workdays_left, later.mark) == (
        "overdue",
        2,
        "bad",
    )  # 12-01 and 12-02 past the due date
    far = mine(sqlite_uow_factory, people, cities, 2026, 7, 1).reports[1]
    assert (far.state, far.mark) == ("due", "info")


def test_a_report_logged_in_free_text_fills_the_earliest_open_period(
    sqlite_uow_factory, people, cities
) -> None:
    add_activity(
        sqlite_uow_factory, people.cdo, "report", date(2026, 6, 3), "上半年工作总结"
    )  # late for 05-31
    add_activity(sqlite_uow_factory, people.cdo, "report", date(2026, 11, 20), "下半年工作总结")
    add_activity(sqlite_uow_factory, people.other_cdo, "report", date(2026, 11, 21), "金湾区总结")
    states = [
        (r.state, r.submitted_on) for r in mine(sqlite_uow_factory, people, cities, 2026, 11, 24).reports
    ]
    assert states == [("submitted", date(2026, 6, 3)), ("submitted", date(2026, 11, 20))]


def test_a_submission_whose_record_was_deleted_is_not_handed_in(sqlite_uow_factory, people, cities) -> None:
    add_submission(sqlite_uow_factory, people.cdo, "2026-05-31", date(2026, 5, 28), deleted=True)
    assert mine(sqlite_uow_factory, people, cities, 2026, 6, 5).reports[0].state == "overdue"


def test_a_moved_deadline_is_the_date_the_progress_counts_down_to(sqlite_uow_factory, people, cities) -> None:
    schedule.move_deadline(
        sqlite_uow_factory,
        clock_at(2026, 11, 20),
        None,
        city=cities["zhuhai"],
        ident="summary_report@2026-11-30",
        due=date(2026, 12, 4),
    )
    november = mine(sqlite_uow_factory, people, cities, 2026, 12, 2).reports[1]
    assert (november.period_key, november.due, november.state, november.workdays_left) == (
        "2026-11-30",
        date(2026, 12, 4),
        "due",
        2,
    )


def test_exchange_meetings_count_sign_ins_and_own_records_once_per_day(
    sqlite_uow_factory, people, cities
) -> None:
    add_meeting(sqlite_uow_factory, date(2026, 6, 18), [people.staff, people.cdo])
    add_activity(sqlite_uow_factory, people.cdo, "exchange_meeting", date(2026, 6, 18), "沟通交流会")
    add_meeting(sqlite_uow_factory, date(2026, 9, 10), [people.other_cdo])  # another unit attended
    add_meeting(sqlite_uow_factory, date(2026, 10, 10), [people.cdo], cancelled=True)

    meetings = mine(sqlite_uow_factory, people, cities, 2026, 11, 24).meetings
    assert meetings is not None
    assert (meetings.attended, meetings.expected_so_far, meetings.expected_year, meetings.mark) == (
        1,
        1,
        2,
        "ok",
    )
    none_yet = mine(sqlite_uow_factory, people, cities, 2026, 11, 24, actor=people.other_cdo).meetings
    assert none_yet is not None and none_yet.attended == 1
    january = mine(sqlite_uow_factory, people, cities, 2027, 1, 5, year=2026).meetings
    assert january is not None and (january.expected_so_far, january.mark) == (2, "warn")


def test_the_annual_evaluation_window_is_december(sqlite_uow_factory, people, cities) -> None:
    states = [
        mine(sqlite_uow_factory, people, cities, 2026, m, d).evaluations[0].state
        for m, d in ((11, 30), (12, 1), (12, 31))
    ]
    assert states == ["upcoming", "open", "open"]
    window = mine(sqlite_uow_factory, people, cities, 2026, 12, 1).evaluations[0]
    assert (window.opens, window.closes) == (date(2026, 12, 1), date(2026, 12, 31))


def test_only_cdos_and_staff_have_a_unit_progress(sqlite_uow_factory, people, cities) -> None:
    assert mine(sqlite_uow_factory, people, cities, 2026, 11, 24, actor=people.staff).unit_name == "香洲区"
    with pytest.raises(NotAuthorized):
        mine(sqlite_uow_factory, people, cities, 2026, 11, 24, actor=people.coordinator)


def test_the_progress_message_marks_each_obligation_and_cites_its_clause(
    sqlite_uow_factory, people, cities
) -> None:
    add_activity(sqlite_uow_factory, people.cdo, "training", date(2026, 3, 5), evidence=1)
    add_submission(sqlite_uow_factory, people.cdo, "2026-05-31", date(2026, 5, 28))
    text = render(mine(sqlite_uow_factory, people, cities, 2026, 11, 24).reply())
    assert "香洲区 2026年进度" in text and "首席数据官：香洲区首席数据官" in text
    assert "❌ 培训 1/2 场：落后（10-01前应达2场）" in text
    assert "保障措施（二）加强交流培训" in text and "主要任务（三）2 定期工作报送" in text
    assert "✅ 05-31期：已报送（05-28）" in text
    assert "⚠️ 11-30期：还剩4个工作日" in text
    assert "年度工作评价" in text and "📎 佐证材料 1 份" in text
    assert "{" not in text  # every placeholder was filled


def test_shenzhen_without_a_current_training_quota_says_so(sqlite_uow_factory, people, cities) -> None:
    sz = add_member(
        sqlite_uow_factory, user_id=3001, name="南山区首席数据官", role="cdo", unit="南山区", city="shenzhen"
    )
    result = progress.unit_progress(sqlite_uow_factory, clock_at(2026, 11, 24), cities, sz)
    assert result.trainings == () and result.reports == ()
    assert result.meetings is None  # the plan names two meetings, no cadence: none is invented
    assert "未设场次要求" in render(result.reply()) and "未设次数要求" in render(result.reply())
    historical = progress.unit_progress(sqlite_uow_factory, clock_at(2026, 11, 24), cities, sz, 2022)
    assert [(t.required, t.verdict) for t in historical.trainings] == [(2, "behind")]


# --------------------------------------------------------------------------- overview


def test_a_cdo_or_another_citys_coordinator_gets_no_overview(sqlite_uow_factory, people, cities) -> None:
    with pytest.raises(NotAuthorized):
        progress.city_overview(sqlite_uow_factory, clock_at(2026, 11, 24), cities, people.cdo)
    shenzhen = add_member(
        sqlite_uow_factory, user_id=3002, name="深圳统筹", role="coordinator", unit=None, city="shenzhen"
    )
    with pytest.raises(NotAuthorized):
        progress.city_overview(sqlite_uow_factory, clock_at(2026, 11, 24), cities, shenzhen, city="zhuhai")


def test_the_overview_lists_every_pilot_unit_first_and_shows_a_missing_cdo(
    sqlite_uow_factory, people, cities
) -> None:
    add_activity(sqlite_uow_factory, people.cdo, "training", date(2026, 3, 5))
    add_activity(sqlite_uow_factory, people.cdo, "training", date(2026, 9, 5))
    add_submission(sqlite_uow_factory, people.other_cdo, "2026-11-30", date(2026, 11, 20))

    overview = progress.city_overview(sqlite_uow_factory, clock_at(2026, 11, 24), cities, people.coordinator)

    zhuhai = cities["zhuhai"]
    assert [r.unit_name for r in overview.rows] == [u.name for u in zhuhai.pilot_units] + [
        "市政务服务数据管理局"
    ]
    assert sum(r.is_pilot for r in overview.rows) == 15
    rows = {r.unit_name: r for r in overview.rows}
    assert rows["横琴新区"].cdo_name is None and rows["横琴新区"].status == "bad"  # 0 trainings after 10-01
    assert rows["香洲区"].trainings[0].verdict == "done"
    assert overview.focus_period == ("summary_report", "2026-11-30")
    assert rows[OTHER_UNIT].report_for(overview.focus_period).state == "submitted"

    text = render(overview.reply())
    lines = text.splitlines()
    assert "试点单位15个：已设首席数据官2，培训达标1，已报送1，落后15" in text
    assert any(line.startswith("❌横琴新区｜未设置｜培训0/2") for line in lines)
    assert any("香洲区｜香洲区首席数据官｜培训2/2" in line for line in lines)
    [jinwan] = [line for line in lines if "金湾区｜" in line]
    assert "｜报告✅11-20｜" in jinwan
    assert utf16_len(text) <= MAX_TEXT and len(split_text(text)) == 1
    assert max(len(line) for line in lines[3:-1]) <= 60  # one short line per unit


def test_the_overview_shows_the_period_just_due_for_sixty_days(sqlite_uow_factory, people, cities) -> None:
    june = progress.city_overview(sqlite_uow_factory, clock_at(2026, 6, 5), cities, people.coordinator)
    assert june.focus_period == ("summary_report", "2026-05-31")
    september = progress.city_overview(sqlite_uow_factory, clock_at(2026, 9, 1), cities, people.coordinator)
    assert september.focus_period == ("summary_report", "2026-11-30")


def test_an_admin_names_the_city(sqlite_uow_factory, people, cities) -> None:
    admin = progress.trusted_actor("shenzhen")
    overview = progress.city_overview(
        sqlite_uow_factory, clock_at(2026, 11, 24), cities, admin, city="zhuhai"
    )
    assert overview.city == "zhuhai" and len(overview.rows) == 16


def test_a_deadline_a_coordinator_added_is_listed_by_its_title(sqlite_uow_factory, people, cities) -> None:
    schedule.add_deadline(
        sqlite_uow_factory,
        clock_at(2026, 11, 20),
        None,
        city=cities["zhuhai"],
        due=date(2026, 12, 15),
        title="数据安全专项报告",
    )
    result = mine(sqlite_uow_factory, people, cities, 2026, 11, 24)
    assert [(r.kind, r.due) for r in result.reports][-1] == ("custom", date(2026, 12, 15))
    assert "数据安全专项报告（12-15截止）：还剩" in render(result.reply())
    overview = progress.city_overview(sqlite_uow_factory, clock_at(2026, 12, 10), cities, people.coordinator)
    assert overview.focus_period == ("summary_report", "2026-11-30")  # the plan's report, not the extra one


def test_the_overview_reads_the_same_on_both_databases(uow_factory, cities) -> None:
    people = seed(uow_factory)
    add_activity(uow_factory, people.cdo, "training", date(2026, 3, 5))
    add_submission(uow_factory, people.cdo, "2026-11-30", date(2026, 11, 20))
    add_meeting(uow_factory, date(2026, 6, 18), [people.cdo])
    overview = progress.city_overview(uow_factory, clock_at(2026, 11, 24), cities, people.coordinator)
    row = next(r for r in overview.rows if r.unit_name == "香洲区")
    assert (row.training_count, row.meetings.attended, row.report_for(overview.focus_period).state) == (
        1,
        1,
        "submitted",
    )


def test_the_overview_reads_the_whole_city_in_a_fixed_number_of_queries(
    sqlite_uow_factory, people, cities
) -> None:
    """A query per unit (or per record) makes a 200-unit city 200 times slower: the count must not grow."""
    from sqlalchemy import event

    statements: list[str] = []
    event.listen(sqlite_uow_factory.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    overview = progress.export_overview(
        sqlite_uow_factory, clock_at(2026, 11, 24), cities, people.coordinator
    )
    assert len(overview.rows) == 16
    assert len(statements) <= 12, statements
