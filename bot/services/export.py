"""Exports of an overview: an Excel workbook for the coordinator's files, a CSV of the records.

Layer: services. Takes a ``CityOverview`` (``bot.services.progress``), so the figures of the
export are exactly those of ``/overview``; headers and words come from the catalog.

The CSV starts with a byte-order mark: Excel on Chinese Windows opens a BOM-less UTF-8 file as
GBK and shows mojibake.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from bot.core.i18n import translator
from bot.core.sanitize import spreadsheet_cell, spreadsheet_text, starts_formula
from bot.services.progress import CityOverview, UnitProgress, overview_row

UTF8_BOM = "\ufeff"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"

SUMMARY_COLUMNS = (
    "unit",
    "pilot",
    "cdo",
    "trainings",
    "trainings_required",
    "training_verdict",
    "meetings",
    "meetings_expected",
    "report_period",
    "report_state",
    "submitted_on",
    "last_activity",
    "evidence",
    "status",
)
TRAINING_COLUMNS = (
    "unit",
    "date",
    "time",
    "title",
    "attendees",
    "location",
    "evidence",
    "entered_by",
    "created_at",
)
REPORT_COLUMNS = ("unit", "report", "report_period", "due", "report_state", "submitted_on")
MEETING_COLUMNS = ("unit", "date", "title", "source", "people", "location")
ACTIVITY_COLUMNS = (
    "unit",
    "kind",
    "date",
    "time",
    "title",
    "attendees",
    "location",
    "evidence",
    "entered_by",
    "created_at",
)


def export_filename(overview: CityOverview, extension: str) -> str:
    """``cdo-overview-zhuhai-2026-as-of-2026-11-24.xlsx``: the report year first, then the day it was made,
    so exporting another year never overwrites this year's file. A unit's own export names the unit by
    id (ASCII only)."""
    stem = "cdo-overview" if overview.scope == "city" else f"cdo-progress-unit{overview.rows[0].unit_id}"
    return f"{stem}-{overview.city}-{overview.year}-as-of-{overview.today.isoformat()}.{extension}"


def export_caption(overview: CityOverview) -> str:
    scope = overview.city_name if overview.scope == "city" else overview.rows[0].unit_name
    return translator().format(
        "progress.export.caption",
        {"scope": scope, "year": overview.year, "today": overview.today.isoformat()},
    )


def export_overview_xlsx(overview: CityOverview) -> bytes:
    """A workbook with one sheet per aspect: 汇总, 培训记录, 报告报送, 交流会.

    Written with XlsxWriter in constant-memory mode: rows stream to the file as they are written.
    openpyxl (still used to read workbooks back in tests) keeps a cell object per value and took
    ~0.35 ms per row here — 70 s and several hundred MiB for a 200-unit city's 200,000 records.
    Text always goes in as a string cell (``write_string``), so nothing typed becomes a formula;
    text that looks like one is also marked "quote prefix", as Excel does for a leading ``'``.
    """
    import xlsxwriter

    t = translator()
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": True})
    bold = book.add_format({"bold": True})
    quoted = book.add_format({"quote_prefix": True})
    sheets = (
        ("progress.sheet.summary", SUMMARY_COLUMNS, summary_rows(overview)),
        ("progress.sheet.trainings", TRAINING_COLUMNS, training_rows(overview)),
        ("progress.sheet.reports", REPORT_COLUMNS, report_rows(overview)),
        ("progress.sheet.meetings", MEETING_COLUMNS, meeting_rows(overview)),
    )
    for title_key, columns, rows in sheets:
        sheet = book.add_worksheet(t.gettext(title_key))
        for i, column in enumerate(columns):
            sheet.set_column(i, i, _width(column))
        sheet.freeze_panes(1, 0)
        for i, column in enumerate(columns):
            sheet.write_string(0, i, t.gettext(f"progress.col.{column}"), bold)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                value = spreadsheet_text(value)
                if isinstance(value, str):
                    if value:
                        sheet.write_string(r, c, value, quoted if starts_formula(value) else None)
                elif value is not None:
                    sheet.write(r, c, value)
    book.close()
    return out.getvalue()


def export_activities_csv(overview: CityOverview) -> bytes:
    """Every live record of the overview's year, one line each; UTF-8 with BOM so Excel reads Chinese."""
    t = translator()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([t.gettext(f"progress.col.{c}") for c in ACTIVITY_COLUMNS])
    for a in overview.activities:
        writer.writerow(
            spreadsheet_cell(value)
            for value in [
                a.unit_name,
                t.gettext(f"activity.kind.{a.kind}"),
                a.day.isoformat(),
                a.at.strftime("%H:%M") if a.at else "",
                a.title,
                _blank(a.attendees),
                a.location or "",
                a.evidence_count,
                a.entered_by,
                _local(a.created_at),
            ]
        )
    return (UTF8_BOM + buffer.getvalue()).encode("utf-8")


# --------------------------------------------------------------------------- sheet rows


def summary_rows(overview: CityOverview) -> Iterable[Sequence[Any]]:
    t = translator()
    for row in overview.rows:
        columns = overview_row(row, overview.focus_period)
        report = row.report_for(overview.focus_period)
        training = row.trainings[0] if row.trainings else None
        yield (
            row.unit_name,
            t.gettext("progress.yes" if row.is_pilot else "progress.no"),
            columns["cdo"],
            training.count if training else row.trainings_held,
            training.required if training else None,
            t.gettext(f"progress.verdict.{training.verdict}") if training else "",
            row.meetings.attended if row.meetings else row.meetings_attended,
            row.meetings.expected_so_far if row.meetings else None,
            _period(report.title, report.due) if report else "",
            t.gettext(f"progress.state.{report.shown_state}") if report else "",
            _day(report.submitted_on) if report else "",
            _day(row.last_activity),
            row.evidence_count,
            _status(row),
        )


def training_rows(overview: CityOverview) -> Iterable[Sequence[Any]]:
    for a in overview.activities:
        if a.kind == "training":
            yield (
                a.unit_name,
                a.day.isoformat(),
                a.at.strftime("%H:%M") if a.at else "",
                a.title,
                a.attendees,
                a.location or "",
                a.evidence_count,
                a.entered_by,
                _local(a.created_at),
            )


def report_rows(overview: CityOverview) -> Iterable[Sequence[Any]]:
    t = translator()
    for row in overview.rows:
        for report in row.reports:
            yield (
                row.unit_name,
                report.title,
                report.period_key,
                report.due.isoformat(),
                t.gettext(f"progress.state.{report.shown_state}"),
                _day(report.submitted_on),
            )


def meeting_rows(overview: CityOverview) -> Iterable[Sequence[Any]]:
    t = translator()
    for m in overview.meetings:
        yield (
            m.unit_name,
            m.day.isoformat(),
            m.title,
            t.gettext(f"progress.source.{m.source}"),
            m.people,
            m.location or "",
        )


def _status(row: UnitProgress) -> str:
    t = translator()
    return t.gettext(f"progress.status.{row.status}" if row.is_pilot else "progress.status.not_pilot")


def _period(title: str, due: date) -> str:
    return f"{title}（{due.isoformat()}）"


def _day(day: date | None) -> str:
    return day.isoformat() if day else ""


def _blank(value: Any) -> Any:
    return "" if value is None else value


def _local(at: Any) -> str:
    from bot.core.clock import SHANGHAI

    return at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") if at else ""


def _width(column: str) -> int:
    return {
        "unit": 22,
        "title": 30,
        "report": 26,
        "report_period": 30,
        "cdo": 14,
        "created_at": 17,
        "people": 20,
        "location": 18,
    }.get(column, 12)
