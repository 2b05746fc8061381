"""The work-summary draft as a Word document (``.docx``), from a ``WorkSummary``.

Layer: services (rendering only: no database, no access decisions — ``bot.services.summary``).

python-docx writes the file: it is the maintained library for creating ``.docx`` from Python
(MIT, pure Python on lxml, already the base of docxtpl and most report tools). A template engine
such as docxtpl would need a hand-made Word template committed as a binary; our outline is data —
the duty items of the city's plan — so building it in code keeps one source of truth and a
readable diff. Every word of the document comes from the catalog (``summary.po``).

Chinese in Word and WPS: python-docx's ``font.name`` sets only the Latin font (``w:ascii``,
``w:hAnsi``); East-Asian text takes ``w:eastAsia``, and a theme attribute (``w:eastAsiaTheme``,
as the default template's headings have) overrides an explicit name. So every style we use, and
the document defaults, get ``w:eastAsia`` set and their theme attributes removed, plus
``w:lang w:eastAsia="zh-CN"`` for Chinese line breaking. 宋体 (body) and 黑体 (headings) come
with every Chinese Windows, WPS and LibreOffice's Chinese fonts, so nothing is embedded.
Pages are A4 with the margins of GB/T 9704 (公文格式).
"""

from __future__ import annotations

import io
from typing import Any

from bot.core.i18n import translator
from bot.core.sanitize import clean_text
from bot.services.summary import Entry, Period, WorkSummary, period_label

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
BLANK_MARK = "【待填写】"
"""Marks what the CDO must write: easy to search for in Word (Ctrl+F) and highlighted."""
_THEME_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 25 → 二十五 (section numbers; the plans never go past a few dozen)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _DIGITS[tens]
    return f"{head}十{_DIGITS[ones] if ones else ''}"


def set_east_asian_font(element: Any, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Give a style's or run's ``rPr`` both fonts, with no theme attribute left to override them."""
    from docx.oxml.ns import qn

    r_pr = _child(element, "w:rPr")
    fonts = _child(r_pr, "w:rFonts", first=True)
    for attribute in _THEME_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    _child(r_pr, "w:lang").set(qn("w:eastAsia"), "zh-CN")


def _child(parent: Any, tag: str, *, first: bool = False) -> Any:
    """The child element ``tag`` of ``parent``, created when missing (``rFonts`` goes first in ``rPr``)."""
    from docx.oxml.ns import qn

    found = parent.find(qn(tag))
    if found is None:
        found = parent.makeelement(qn(tag), {})
        if first:
            parent.insert(0, found)
        else:
            parent.append(found)
    return found


def summary_docx(summary: WorkSummary) -> bytes:
    """The draft, ready to open in Word or WPS."""
    from docx import Document

    document = Document()
    _setup(document)
    _Writer(document, summary).write()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _setup(document: Any) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr_default = defaults.find(qn("w:rPrDefault"))
        if r_pr_default is not None:
            set_east_asian_font(r_pr_default, BODY_FONT)
    for name, font, size in (
        ("Normal", BODY_FONT, 12),
        ("Title", HEADING_FONT, 20),
        ("Heading 1", HEADING_FONT, 15),
        ("Heading 2", HEADING_FONT, 13),
        ("List Bullet", BODY_FONT, 12),
        ("Table Grid", BODY_FONT, 10.5),
    ):
        style = document.styles[name]
        set_east_asian_font(style.element, font)
        style.font.size = Pt(size)
        if name != "Normal" and name != "List Bullet" and name != "Table Grid":
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.font.bold = name != "Title"


class _Writer:
    def __init__(self, document: Any, summary: WorkSummary) -> None:
        self.doc = document
        self.s = summary
        self.t = translator()
        self.list_style = document.styles["List Bullet"].style_id

    def _(self, key: str, **params: Any) -> str:
        return self.t.format(key, params)

    # ---------------------------------------------------------------- building blocks
    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(clean_text(text), level=level)

    def para(self, text: str, *, italic: bool = False, center: bool = False) -> Any:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run(clean_text(text))
        run.italic = italic
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return paragraph

    def blank(self, hint: str) -> None:
        """A marked blank: 【待填写】 highlighted, then what to write there."""
        from docx.enum.text import WD_COLOR_INDEX

        paragraph = self.doc.add_paragraph()
        mark = paragraph.add_run(BLANK_MARK)
        mark.bold = True
        mark.font.highlight_color = WD_COLOR_INDEX.YELLOW
        paragraph.add_run(clean_text(hint))

    def item(self, text: str) -> None:
        # The style id is set on the paragraph's XML directly: python-docx looks a style given by
        # name or object up among all styles on every paragraph, seconds for a year's records.
        paragraph = self.doc.add_paragraph(clean_text(text))
        paragraph._p.style = self.list_style

    def entry_line(self, entry: Entry) -> str:
        details = [self.t.gettext(f"summary.kind.{entry.kind}")]
        if entry.attendees:
            details.append(self._("summary.entry.attendees", count=entry.attendees))
        if entry.location:
            details.append(entry.location)
        return self._(
            "summary.entry", day=entry.day.isoformat(), title=entry.title, details="，".join(details)
        )

    # ---------------------------------------------------------------- the outline
    def write(self) -> None:
        self.header()
        self.results()
        self.training_and_meetings()
        self.heading(self._("summary.h.problems", n="三"), 1)
        self.blank(self.t.gettext("summary.blank.problems"))
        self.heading(self._("summary.h.plan", n="四"), 1)
        self.blank(self.t.gettext("summary.blank.plan"))
        self.evidence()

    def header(self) -> None:
        s = self.s
        self.doc.add_heading(clean_text(self._("summary.title", unit=s.unit_name)), level=0)
        self.para(f"（{period_label(s.period)}）", center=True)
        self.para(self._("summary.meta.unit", unit=s.unit_name, city=s.city_name))
        self.para(self._("summary.meta.cdo", cdo=s.cdo_name or self.t.gettext("summary.no_cdo")))
        self.para(self._("summary.meta.period", **_window(s.period)))
        if s.period.due is not None:
            self.para(self._("summary.meta.due", due=s.period.due.isoformat()))
        self.para(
            self._(
                "summary.meta.note",
                today=s.today.isoformat(),
                as_of=s.as_of.isoformat(),
                bureau=s.bureau,
            ),
            italic=True,
        )

    def results(self) -> None:
        s = self.s
        self.heading(self._("summary.h.results", n="一"), 1)
        self.para(self._("summary.results.intro", document=s.document_title))
        for number, duty in enumerate(s.duties, start=1):
            self.heading(self._("summary.h.duty", n=chinese_number(number), title=duty.title), 2)
            self.para(
                self._("summary.duty.basis", document=s.document_title, section=duty.section), italic=True
            )
            if duty.focus:
                self.para(self._("summary.duty.focus", focus=duty.focus))
            if duty.entries:
                self.para(self._("summary.duty.count", count=len(duty.entries)))
                for entry in duty.entries:
                    self.item(self.entry_line(entry))
            else:
                self.blank(self.t.gettext("summary.duty.none"))
        if s.other:
            self.heading(self._("summary.h.other", n=chinese_number(len(s.duties) + 1)), 2)
            self.para(self.t.gettext("summary.other.intro"))
            for entry in s.other:
                self.item(self.entry_line(entry))

    def training_and_meetings(self) -> None:
        s = self.s
        self.heading(self._("summary.h.training_meetings", n="二"), 1)
        self.heading(self.t.gettext("summary.h.trainings"), 2)
        self.para(self._("summary.trainings.period", count=len(s.trainings)))
        training = s.training
        if training is not None:
            self.para(
                self._(
                    "summary.trainings.quota",
                    year=s.period.end.year,
                    as_of=s.as_of.isoformat(),
                    count=training.count,
                    required=training.required,
                    verdict=self.t.gettext(f"progress.verdict.{training.verdict}"),
                    clause=training.clause,
                )
            )
        else:
            self.para(self.t.gettext("summary.trainings.no_quota"))
        for entry in s.trainings:
            self.item(self.entry_line(entry))
        self.heading(self.t.gettext("summary.h.meetings"), 2)
        self.para(self._("summary.meetings.count", count=len(s.meetings)))
        for meeting in s.meetings:
            source = self.t.gettext(f"progress.source.{meeting.source}")
            people = f"，{meeting.people}" if meeting.people else ""
            self.item(
                self._(
                    "summary.meeting",
                    day=meeting.day.isoformat(),
                    title=meeting.title,
                    details=source + people,
                )
            )

    def evidence(self) -> None:
        s = self.s
        self.heading(self._("summary.h.evidence", n="五"), 1)
        if not s.evidence:
            self.blank(self.t.gettext("summary.evidence.none"))
            return
        self.para(self._("summary.evidence.count", count=len(s.evidence)))
        table = self.doc.add_table(rows=1, cols=4)
        table.style = self.doc.styles["Table Grid"]
        for cell, key in zip(table.rows[0].cells, ("no", "file", "uploaded", "record"), strict=True):
            cell.text = self.t.gettext(f"summary.evidence.col.{key}")
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for number, item in enumerate(s.evidence, start=1):
            cells = table.add_row().cells
            cells[0].text = str(number)
            cells[1].text = clean_text(item.file_name, single_line=True)
            cells[2].text = item.uploaded_on.isoformat()
            cells[3].text = clean_text(
                self._(
                    "summary.evidence.record",
                    day=item.record_day.isoformat(),
                    title=item.record_title,
                    kind=self.t.gettext(f"summary.kind.{item.record_kind}"),
                )
            )


def _window(period: Period) -> dict[str, str]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}
