"""Questions that ask for the parts of a chapter or section: 主要任务分哪几块, 工作要求有哪几条.

Layer: core (pure; standard library only).

No single clause answers 方案的主要任务分成哪几部分: the answer is the chapter's outline — its
sections, each with the headings of its items — and 评价机制包括哪些内容 is a section's items.
The CDO duty list (职责范围) is one such section, with its own intent and wording in ``engine``;
this module serves every other heading of the plans the same way, from the clause hierarchy
itself (``clauses``), so a heading added to a plan is an outline without a word list.

A heading is matched by its name as printed without its numbering (``四、主要任务`` → 主要任务),
and a section also by its core, the name without the leading verb and the subject
(建立首席数据官评价机制 → 评价机制), since CDOs name a section by its noun. Headings with the
same role in the two plans (Shenzhen's 工作要求, Zhuhai's 保障措施: both close the plan with
加强组织实施 and 加强交流培训) are declared equivalent in ``intents.txt`` (``same_heading``), so
either name finds the asker's own plan's chapter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.knowledge.clauses import META_CHAPTERS, Clause, normalize

DUTY_SECTION_MARK = "职责范围"
"""The duty list has its own intent (``Knowledge._duty_list``)."""
_CHAPTER_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")
_SECTION_VERB = re.compile(r"^(?:建立|健全|开展|明确|加强|完善|推进|实施|规范|确立)")
SUBJECT = "首席数据官"
CORE_MIN_CHARS = 4
"""A section's core must say something of its own (评价机制, 组织架构), not one generic noun."""
LIST_CUE = re.compile(
    r"哪几|哪些|几大|几[项块部个条点类方]|分别|包括|包含|有什么|有啥|都有|都是|是什么|是啥|"
    r"列(?:一下|出|举|个)?|一共|过一遍|梳理|内容|分为|分成|概括|讲讲|说说|介绍"
)
"""A question that names a heading asks for its parts when it asks what is in it; a heading
named for another question (主要任务里对人才有什么要求) still has to pass the residue check in
``engine``, which keeps questions with a topic of their own out of the outline."""


@dataclass(frozen=True)
class Part:
    """One line of an outline: a section (with its items' headings) or an item clause."""

    text: str
    clause_id: str
    """The clause the part opens with (the section's first item, or the clause itself)."""
    title: str
    position: str
    """Where the part sits: ``四、主要任务（一）`` for a section, the clause's own for an item."""


@dataclass(frozen=True)
class Heading:
    city: str
    name: str
    """As printed without numbering: 主要任务, 建立首席数据官评价机制."""
    keys: tuple[str, ...]
    """Spellings matched in a question (normalised): the name, and a section's core."""
    parts: tuple[Part, ...]


class Outlines:
    """Every chapter with sections and every section with items (bar the duty list), per city."""

    def __init__(self, clauses: list[Clause], same_heading: frozenset[str] = frozenset()) -> None:
        self._headings = _headings(clauses)
        self._same = same_heading

    @property
    def headings(self) -> tuple[Heading, ...]:
        return self._headings

    def find(self, question: str, city: str | None) -> tuple[Heading, str] | None:
        """The heading of ``city``'s plan that the question names, with the spelling it used.

        The longest spelling wins (建立首席数据官评价机制 before 评价机制). A name of an equivalent
        heading (``same_heading``) that the city's plan does not use finds the one it does."""
        q = normalize(question)
        found: list[tuple[int, Heading, str]] = []
        for h in self._headings:
            if city and h.city != city:
                continue
            for key in h.keys:
                if key in q:
                    found.append((len(key), h, key))
            if h.name in self._same:
                for alias in self._same - {h.name}:
                    if alias in q and not any(alias in x.keys for x in self._headings if x.city == h.city):
                        found.append((len(alias), h, alias))
        if not found:
            return None
        _n, heading, key = max(found, key=lambda t: t[0])
        return heading, key


def asks_for_list(question: str, key: str) -> bool:
    """Does the question ask what is in the heading — or is it the heading alone (试点范围)?"""
    rest = normalize(question).replace(key, " ")
    return bool(LIST_CUE.search(rest)) or not re.sub(r"[\W_]", "", rest)


def residue(question: str, key: str) -> str:
    """The question without the heading and the list cue: what else it asks about."""
    rest = normalize(question).replace(key, " ")
    return LIST_CUE.sub(" ", rest)


def _headings(clauses: list[Clause]) -> tuple[Heading, ...]:
    chapters: dict[tuple[str, str], list[Clause]] = {}
    for c in clauses:
        if c.chapter in META_CHAPTERS:
            continue
        chapters.setdefault((c.city, c.chapter), []).append(c)
    out: list[Heading] = []
    for (city, chapter), members in chapters.items():
        sections: dict[str, list[Clause]] = {}
        for c in members:
            if c.section_no:
                sections.setdefault(c.section_no, []).append(c)
        if len(sections) >= 2:
            parts = tuple(_section_part(items) for items in sections.values())
            name = _CHAPTER_NUMBER.sub("", chapter).strip()
            out.append(Heading(city, name, (normalize(name),), parts))
        for items in sections.values():
            title = items[0].section_title
            if len(items) < 2 or DUTY_SECTION_MARK in title:
                continue
            parts = tuple(Part(c.text, c.clause_id, c.title, c.position) for c in items)
            keys = [normalize(title)]
            core = _SECTION_VERB.sub("", title).replace(SUBJECT, "")
            if len(core) >= CORE_MIN_CHARS and core != title:
                # 评价机制 and 首席数据官评价机制 both name 建立首席数据官评价机制
                keys += [normalize(core), normalize(SUBJECT + core)]
            out.append(Heading(city, title, tuple(keys), parts))
    return tuple(out)


def _section_part(items: list[Clause]) -> Part:
    first = items[0]
    if first.item_no is None:  # a section that is a clause of its own: quote it whole
        return Part(first.text, first.clause_id, first.title, first.position)
    heads = "；".join(f"{c.item_no}.{c.title}" for c in items)
    text = f"（{first.section_no}）{first.section_title}：{heads}。"
    return Part(text, first.clause_id, first.section_title, f"{first.chapter}（{first.section_no}）")
