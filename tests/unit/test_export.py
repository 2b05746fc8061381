"""The overview as a workbook and the records as CSV: what a coordinator files, opened the way Excel would."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from bot.cli import main as cli_main
from bot.core.cities import load_cities
from bot.services import export, progress
from bot.services.errors import NotAuthorized
from tests.integration._outbox_helpers import add_member
from tests.unit._progress_cases import add_activity, add_meeting, add_submission, clock_at, seed

SHEETS = ["汇总", "培训记录", "报告报送", "交流会"]


@pytest.fixture
def cities():
    return load_cities()


@pytest.fixture
def people(sqlite_uow_factory):
    found = seed(sqlite_uow_factory)
    add_activity(
        sqlite_uow_factory, found.cdo, "training", date(2026, 3, 5), "数据安全培训", evidence=2, attendees=40
    )
    add_activity(sqlite_uow_factory, found.other_cdo, "training", date(2026, 9, 1), "数据治理培训")
    add_activity(sqlite_uow_factory, found.cdo, "training", date(2026, 4, 1), "已删除的培训", deleted=True)
    add_activity(sqlite_uow_factory, found.cdo, "training", date(2025, 4, 1), "去年的培训")
    add_submission(sqlite_uow_factory, found.cdo, "2026-05-31", date(2026, 5, 28))
    add_meeting(sqlite_uow_factory, date(2026, 6, 18), [found.cdo])
    add_activity(sqlite_uow_factory, found.other_cdo, "exchange_meeting", date(2026, 7, 2), "区内交流会")
    return found


def city_export(uow_factory, people, cities) -> progress.CityOverview:
    return progress.export_overview(uow_factory, clock_at(2026, 11, 24), cities, people.coordinator)


def rows_of(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_the_workbook_has_a_sheet_per_aspect_with_a_row_per_unit(sqlite_uow_factory, people, cities) -> None:
    overview = city_export(sqlite_uow_factory, people, cities)
    book = load_workbook(io.BytesIO(export.export_overview_xlsx(overview)))

    assert book.sheetnames == SHEETS
    summary = rows_of(book["汇总"])
    assert summary[0][:3] == ("单位", "试点单位", "首席数据官")
    assert len(summary) == 1 + 16
    by_unit = {row[0]: row for row in summary[1:]}
    assert by_unit["香洲区"][2:6] == ("香洲区首席数据官", 1, 2, "落后")
    assert by_unit["横琴新区"][2] == "未设置"
    assert by_unit["市政务服务数据管理局"][1] == "否"
    assert by_unit["香洲区"][12] == 2  # evidence files of the year

    trainings = rows_of(book["培训记录"])
    assert sorted((r[0], r[1], r[3]) for r in trainings[1:]) == [
        ("金湾区", "2026-09-01", "数据治理培训"),
        ("香洲区", "2026-03-05", "数据安全培训"),
    ]
    reports = rows_of(book["报告报送"])
    assert len(reports) == 1 + 15 * 2  # two periods a year for every pilot unit (the bureau reports nothing)
    assert ("香洲区", "首席数据官工作总结报告", "2026-05-31", "2026-05-31", "已报送", "2026-05-28") in reports
    meetings = rows_of(book["交流会"])
    assert [(r[0], r[1], r[3]) for r in meetings[1:]] == [
        ("香洲区", "2026-06-18", "会议签到"),
        ("金湾区", "2026-07-02", "单位自报"),
    ]


def test_the_csv_has_a_bom_a_header_and_the_live_records_of_the_year(
    sqlite_uow_factory, people, cities
) -> None:
    data = export.export_activities_csv(city_export(sqlite_uow_factory, people, cities))

    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [
        "单位",
        "类型",
        "日期",
        "时间",
        "名称",
        "参加人数",
        "地点",
        "佐证材料",
        "录入人",
        "录入时间",
    ]
    titles = sorted(row[4] for row in rows[1:])
    assert titles == ["区内交流会", "工作总结报告", "数据安全培训", "数据治理培训"]
    training = next(row for row in rows if row[4] == "数据安全培训")
    assert training[:3] == ["香洲区", "数据技能与安全培训", "2026-03-05"]
    assert (training[5], training[7], training[8]) == ("40", "2", "香洲区首席数据官")


def test_a_cdo_exports_only_their_own_unit(sqlite_uow_factory, people, cities) -> None:
    overview = progress.export_overview(sqlite_uow_factory, clock_at(2026, 11, 24), cities, people.cdo)
    assert overview.scope == "unit" and [r.unit_name for r in overview.rows] == ["香洲区"]
    assert {a.unit_name for a in overview.activities} == {"香洲区"}
    assert (
        export.export_filename(overview, "xlsx")
        == f"cdo-progress-unit{people.cdo.unit_id}-zhuhai-2026-as-of-2026-11-24.xlsx"
    )
    book = load_workbook(io.BytesIO(export.export_overview_xlsx(overview)))
    assert len(rows_of(book["汇总"])) == 2


def test_a_member_without_a_unit_or_role_exports_nothing(sqlite_uow_factory, people, cities) -> None:
    stray = add_member(sqlite_uow_factory, user_id=4001, name="无单位", role="staff", unit=None)
    with pytest.raises(NotAuthorized):
        progress.export_overview(sqlite_uow_factory, clock_at(2026, 11, 24), cities, stray)


def test_the_city_export_is_named_after_city_and_day(sqlite_uow_factory, people, cities) -> None:
    overview = city_export(sqlite_uow_factory, people, cities)
    assert export.export_filename(overview, "xlsx") == "cdo-overview-zhuhai-2026-as-of-2026-11-24.xlsx"
    assert export.export_caption(overview) == "珠海市 2026年首席数据官工作台账（截至2026-11-24）"


def test_the_command_line_writes_the_workbook_without_a_token(
    sqlite_url, tmp_path, monkeypatch, capsys
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    target = tmp_path / "zh.xlsx"
    code = cli_main(
        [
            "export",
            "--city",
            "珠海",
            "--year",
            "2026",
            "--now",
            "2026-11-24T10:00",
            "--database-url",
            sqlite_url,
            "--out",
            str(target),
        ]
    )
    assert code == 0
    book = load_workbook(target)
    assert book.sheetnames == SHEETS and len(rows_of(book["汇总"])) == 1 + 16  # units seeded on the way
    assert "16 units" in capsys.readouterr().err


def test_the_command_line_writes_csv_to_stdout(sqlite_url, capsysbinary) -> None:
    code = cli_main(
        ["export", "--city", "zhuhai", "--format", "csv", "--out", "-", "--database-url", sqlite_url]
    )
    assert code == 0
    assert capsysbinary.readouterr().out.startswith("\ufeff单位,类型".encode())


def test_an_unknown_city_is_refused_on_the_command_line(sqlite_url, capsys) -> None:
    assert cli_main(["export", "--city", "atlantis", "--database-url", sqlite_url]) == 2
    assert "unknown city" in capsys.readouterr().err


def test_the_workbook_keeps_a_bold_frozen_header_and_set_column_widths(
    sqlite_uow_factory, people, cities
) -> None:
    book = load_workbook(
        io.BytesIO(export.export_overview_xlsx(city_export(sqlite_uow_factory, people, cities)))
    )
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.bold and not sheet["A2"].font.bold
        assert abs(sheet.column_dimensions["A"].width - 22) < 1  # the unit column, about 22 characters
