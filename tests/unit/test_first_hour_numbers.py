"""Issue 15, "numbers the coordinator reads": overview, progress and export figures (real SQLite file)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from bot.core.cities import load_cities
from bot.core.i18n import translator
from bot.services import export, progress
from tests.integration._outbox_helpers import add_member
from tests.unit._progress_cases import add_activity, add_submission, clock_at, seed

BUREAU = "市政务服务数据管理局"


@pytest.fixture
def cities():
    return load_cities()


@pytest.fixture
def people(sqlite_uow_factory):
    return seed(sqlite_uow_factory)


def render(reply) -> str:
    text = translator().render(reply)
    assert "{" not in text
    return text


def sheet(overview, name: str) -> list[tuple]:
    book = load_workbook(io.BytesIO(export.export_overview_xlsx(overview)))
    return [tuple(r) for r in book[name].iter_rows(values_only=True)]


def shenzhen_cdo(uow_factory):
    return add_member(
        uow_factory, user_id=3001, name="福田区首席数据官", role="cdo", unit="福田区", city="shenzhen"
    )


def shenzhen_coordinator(uow_factory):
    return add_member(
        uow_factory, user_id=3002, name="深圳统筹", role="coordinator", unit=BUREAU, city="shenzhen"
    )


def test_the_bureau_has_no_quota_no_verdict_and_no_overdue_reports_in_overview_or_export(
    sqlite_uow_factory, people, cities
):
    overview = progress.export_overview(sqlite_uow_factory, clock_at(2026, 12, 1), cities, people.coordinator)
    bureau = next(r for r in overview.rows if r.unit_name == BUREAU)
    assert (bureau.trainings, bureau.meetings, bureau.reports, bureau.evaluations) == ((), None, (), ())
    [summary] = [row for row in sheet(overview, "汇总") if row[0] == BUREAU]
    assert summary[4] is None and summary[5] in ("", None) and "落后" not in summary
    assert [row for row in sheet(overview, "报告报送") if row[0] == BUREAU] == []
    assert "逾期未报" not in "".join(str(c) for c in summary)


def test_a_shenzhen_district_with_one_training_shows_the_count_where_no_quota_is_set(
    sqlite_uow_factory, cities
):
    seed(sqlite_uow_factory)
    cdo, coordinator = shenzhen_cdo(sqlite_uow_factory), shenzhen_coordinator(sqlite_uow_factory)
    add_activity(sqlite_uow_factory, cdo, "training", date(2026, 11, 3))
    clock = clock_at(2026, 12, 1)
    overview = progress.export_overview(sqlite_uow_factory, clock, cities, coordinator)
    text = render(overview.reply())
    assert "福田区｜福田区首席数据官｜培训1｜" in text and "福田区｜福田区首席数据官｜培训—" not in text
    [row] = [r for r in sheet(overview, "汇总") if r[0] == "福田区"]
    assert row[3] == 1
    own = render(progress.unit_progress(sqlite_uow_factory, clock, cities, cdo).reply())
    assert "培训 1 场" in own


def test_shenzhen_progress_invents_no_meeting_cadence(sqlite_uow_factory, cities):
    seed(sqlite_uow_factory)
    cdo = shenzhen_cdo(sqlite_uow_factory)
    shown = progress.unit_progress(sqlite_uow_factory, clock_at(2026, 12, 1), cities, cdo)
    text = render(shown.reply())
    assert shown.meetings is None
    assert "应参加3次" not in text and "每3个月" not in text and "默认节奏" not in text
    assert "交流会 参加0次" in text


def test_a_report_handed_in_after_its_deadline_is_marked_late(sqlite_uow_factory, people, cities):
    add_submission(sqlite_uow_factory, people.cdo, "2026-05-31", date(2026, 6, 15))
    clock = clock_at(2026, 12, 1)
    shown = progress.unit_progress(sqlite_uow_factory, clock, cities, people.cdo)
    [may] = [r for r in shown.reports if r.period_key == "2026-05-31"]
    assert may.late_workdays == 11  # working days 06-01 … 06-15 (05-31 is a Sunday)
    assert "05-31期：逾期报送（06-15，晚11个工作日）" in render(shown.reply())
    overview = progress.export_overview(sqlite_uow_factory, clock, cities, people.coordinator)
    [row] = [r for r in sheet(overview, "报告报送") if r[0] == "香洲区" and r[2] == "2026-05-31"]
    assert row[4] == "逾期报送"


def test_a_report_on_time_is_plainly_submitted(sqlite_uow_factory, people, cities):
    add_submission(sqlite_uow_factory, people.cdo, "2026-05-31", date(2026, 5, 28))
    shown = progress.unit_progress(sqlite_uow_factory, clock_at(2026, 12, 1), cities, people.cdo)
    assert "05-31期：已报送（05-28）" in render(shown.reply())


def test_a_past_year_shows_its_own_latest_record_and_says_the_evaluation_is_not_recorded(
    sqlite_uow_factory, people, cities
):
    add_activity(sqlite_uow_factory, people.cdo, "training", date(2025, 10, 9))
    add_activity(sqlite_uow_factory, people.cdo, "training", date(2026, 6, 15))
    clock = clock_at(2026, 12, 1)
    last_year = progress.unit_progress(sqlite_uow_factory, clock, cities, people.cdo, 2025)
    assert last_year.last_activity == date(2025, 10, 9)
    text = render(last_year.reply())
    assert "2025年进度（截至2026-12-01）" in text
    assert "已结束；是否参加评价未登记" in text
    overview = progress.city_overview(sqlite_uow_factory, clock, cities, people.coordinator, 2025)
    [row] = [line for line in render(overview.reply()).splitlines() if "香洲区｜" in line]
    assert row.endswith("最近10-09")


def test_the_latest_record_is_never_a_plan(sqlite_uow_factory, people, cities):
    add_activity(sqlite_uow_factory, people.cdo, "training", date(2026, 11, 3))
    add_activity(sqlite_uow_factory, people.cdo, "exchange_meeting", date(2026, 12, 7))
    shown = progress.unit_progress(sqlite_uow_factory, clock_at(2026, 12, 1), cities, people.cdo)
    assert shown.last_activity == date(2026, 11, 3)


def test_export_file_names_carry_the_report_year(sqlite_uow_factory, people, cities):
    clock = clock_at(2026, 12, 1)
    past = progress.export_overview(sqlite_uow_factory, clock, cities, people.coordinator, 1999)
    now = progress.export_overview(sqlite_uow_factory, clock, cities, people.coordinator)
    assert export.export_filename(past, "xlsx") == "cdo-overview-zhuhai-1999-as-of-2026-12-01.xlsx"
    assert export.export_filename(past, "xlsx") != export.export_filename(now, "xlsx")
