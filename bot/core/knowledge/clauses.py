"""Splitting a policy plan into clauses that keep their place in the hierarchy.

Layer: core (pure; standard library only).

The two plans are typeset differently — Shenzhen with ASCII punctuation (``(一)``, ``1.``) and
numbered chapters (``四、主要任务``), Zhuhai with full-width punctuation (``（一）``, ``1．``) and
bare chapter headings (``主要任务``). Patterns are matched on the NFKC-normalised line so one
grammar serves both, while the verbatim line is kept for display: an answer quotes the plan
exactly as published.

Hierarchy: document → chapter → section → item. An item (``1.…``) is a clause; a section with
no items (``(一)市政府。``) is a clause of its own, with any following paragraphs; text directly
under a chapter (``一、试点背景``) is one clause; so are the cover notice (with its document
number, 文号) and the preamble.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

NUMERALS = "一二三四五六七八九十"
NOTICE = "印发通知"
PREAMBLE = "前言"
META_CHAPTERS = frozenset({NOTICE, PREAMBLE})
_DOC_TITLE = re.compile(r"《([^《》]*?实施方案)》")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]+〔\d{4}〕\d+号")
_CHAPTER_NUMBERED = re.compile(rf"^([{NUMERALS}]+)、(.+)$")
_SECTION = re.compile(rf"^\(([{NUMERALS}]+)\)(.*)$")
_ITEM = re.compile(r"^(\d+)\.(.*)$")
_SENTENCE_PUNCT = re.compile(r"[。,;:，；：!?！？]")
_SENTENCE_END = re.compile(r"(?<=[。;；!?！？])")
BARE_CHAPTER_MAX_CHARS = 12
"""A line this short with no sentence punctuation is a chapter heading (Zhuhai's ``主要任务``)."""


def normalize(text: str) -> str:
    """Fold full-width forms (``（一）`` → ``(一)``, ``，`` → ``,``, ``１`` → ``1``) and case for matching."""
    return unicodedata.normalize("NFKC", text).lower()


def sentences(text: str) -> list[str]:
    """Split at sentence ends (。；！？) and line breaks; used for ranking, never for display."""
    parts: list[str] = []
    for line in text.splitlines():
        parts.extend(p.strip() for p in _SENTENCE_END.split(line))
    return [p for p in parts if p]


def _title_of(body: str) -> str:
    """The heading sentence of an item or section: text up to its first full stop."""
    head = body.split("。", 1)[0]
    return head.strip()


@dataclass(frozen=True)
class Clause:
    clause_id: str
    """Short ASCII id, stable while the text is: ``zhuhai.c3.s2.i1`` (chapter 3, section 2, item 1)."""
    city: str
    document: str
    """``《珠海市首席数据官制度试点实施方案》``"""
    doc_number: str
    """``珠府办函〔2021〕63号``"""
    chapter: str
    """Chapter heading as printed (``四、主要任务``, ``主要任务``); ``印发通知`` / ``前言`` outside chapters."""
    section_no: str
    """Chinese numeral of the section (``二``) or empty."""
    section_title: str
    item_no: int | None
    title: str
    """Heading of the clause itself: the item's first sentence, or the section/chapter title."""
    text: str
    """Verbatim text, as published (line breaks between paragraphs)."""

    @property
    def source(self) -> str:
        return f"{self.document} {self.doc_number}"

    @property
    def position(self) -> str:
        """``四、主要任务（二）4``: chapter, full-width section numeral, item number."""
        out = self.chapter
        if self.section_no:
            out += f"（{self.section_no}）"
        if self.item_no is not None:
            out += str(self.item_no)
        return out

    @property
    def label(self) -> str:
        return f"{self.document} {self.position}"


@dataclass
class _Open:
    """A clause being collected while the lines are read."""

    chapter_index: int
    chapter: str
    section_index: int = 0
    section_no: str = ""
    section_title: str = ""
    item_no: int | None = None
    title: str = ""
    lines: list[str] | None = None


def split_policy(text: str, city: str) -> list[Clause]:
    """All clauses of one plan, in reading order."""
    raw_lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in raw_lines if line]
    title_match = _DOC_TITLE.search(unicodedata.normalize("NFKC", text))
    if not title_match:
        raise ValueError(f"{city}: no plan title 《…实施方案》 found")
    plan_name = title_match.group(1)
    document = f"《{plan_name}》"
    number_match = _DOC_NUMBER.search(text)
    doc_number = number_match.group(0) if number_match else ""

    try:
        title_at = next(i for i, line in enumerate(lines) if normalize(line) == normalize(plan_name))
    except StopIteration as exc:
        raise ValueError(f"{city}: the plan's own title line {plan_name!r} is missing") from exc

    clauses: list[Clause] = []

    def emit(c: _Open, clause_id: str) -> None:
        if c.lines:
            clauses.append(
                Clause(
                    clause_id=clause_id,
                    city=city,
                    document=document,
                    doc_number=doc_number,
                    chapter=c.chapter,
                    section_no=c.section_no,
                    section_title=c.section_title,
                    item_no=c.item_no,
                    title=c.title,
                    text="\n".join(c.lines),
                )
            )

    # The cover notice keeps its document number line: it is part of the notice as published,
    # and the only place a question about the plan's 文号 can be answered from.
    notice = lines[:title_at]
    emit(_Open(0, NOTICE, title=NOTICE, lines=notice), f"{city}.notice")

    current = _Open(0, PREAMBLE, title=PREAMBLE, lines=[])
    current_id = f"{city}.preamble"
    chapter_index = 0
    section_has_items = False

    def flush() -> None:
        emit(current, current_id)

    for line in lines[title_at + 1 :]:
        norm = unicodedata.normalize("NFKC", line)
        numbered = _CHAPTER_NUMBERED.match(norm)
        bare = len(norm) <= BARE_CHAPTER_MAX_CHARS and not _SENTENCE_PUNCT.search(norm)
        section = _SECTION.match(norm)
        item = _ITEM.match(norm)
        if (numbered or bare) and not section and not item:
            flush()
            chapter_index += 1
            title = numbered.group(2).strip() if numbered else norm
            current = _Open(chapter_index, line, title=title, lines=[])
            current_id = f"{city}.c{chapter_index}"
            section_has_items = False
        elif section:
            flush()
            index = NUMERALS.index(section.group(1)) + 1 if len(section.group(1)) == 1 else 10
            title = _title_of(section.group(2))
            current = _Open(
                current.chapter_index,
                current.chapter,
                section_index=index,
                section_no=section.group(1),
                section_title=title,
                title=title,
                lines=[line],
            )
            current_id = f"{city}.c{current.chapter_index}.s{index}"
            section_has_items = False
        elif item:
            if not section_has_items:
                # The section heading was only a title for its items: not a clause of its own.
                current.lines = []
            flush()
            section_has_items = True
            number = int(item.group(1))
            current = _Open(
                current.chapter_index,
                current.chapter,
                section_index=current.section_index,
                section_no=current.section_no,
                section_title=current.section_title,
                item_no=number,
                title=_title_of(item.group(2)),
                lines=[line],
            )
            current_id = f"{city}.c{current.chapter_index}.s{current.section_index}.i{number}"
        else:
            assert current.lines is not None
            current.lines.append(line)
    flush()
    return clauses
