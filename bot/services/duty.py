"""Duty questions: answers from the plans, the list of a CDO's duties, suggestions.

Layer: service. Needs only the knowledge core (no storage): the Telegram handlers, the terminal
chat and ``cdo-bot ask`` all call these functions and render the ``Reply`` they get.

Callback data of the choices (≤ 64 bytes, as Telegram requires):

- ``duty:suggest:<clause_id>`` — a suggested clause; answer it with ``show_clause``.
- ``duty:clause:<clause_id>`` — another candidate after a confident answer; same.
- ``duty:city:<code>`` — the user picks a city before a duty list; answer with ``list_duties``.
"""

from __future__ import annotations

import re
from datetime import date

from bot.core.knowledge import CITIES, AskResult, Knowledge, city_code
from bot.core.replies import Choice, Reply

CALLBACK_PREFIX = "duty"
"""The first part of every button this module makes (the dispatcher routes by it)."""
SUGGEST_PREFIX = "duty:suggest:"
CLAUSE_PREFIX = "duty:clause:"
CITY_PREFIX = "duty:city:"
CDO_WORD = "首席数据官"
OUTLINE_LINE_MAX = 80
"""An outline part longer than this is shown by its heading only (the button opens it whole)."""
_SUBJECT = re.compile(r"([^，,。；;：:]*)负责")
_DATED_TARGET = re.compile(r"(20\d{2})年(?:(\d{1,2})月)?(?:底|末)?前")
"""``2022年4月前``, ``2022年4月底前``, ``2022年底前``: a plan's dated target, to be marked once it has passed."""
ROLE_HEADERS = {
    "cdo": "duty.list.cdo",
    "staff": "duty.list.staff",
    "coordinator": "duty.list.general",
    "admin": "duty.list.general",
}


def answer_duty_question(
    knowledge: Knowledge,
    question: str,
    city: str | None,
    unit: str | None = None,
    role: str | None = None,
    *,
    today: date | None = None,
) -> Reply:
    """One question in, one reply out: a clause, the duty list, suggestions, or "not in the plans".

    ``today`` marks the plan's dated targets that have passed (深圳 "2022年4月前").
    """
    result = knowledge.ask(question, city=city, unit=unit, role=role)
    if result.intent == "duties":
        if result.city is None:
            return choose_city()
        if result.city != city_code(city) or result.unit != unit:
            # The question is about another city's or unit's CDO (深圳的首席数据官要干什么, 福田区…):
            # the plan's list, with that unit's focus, but not "您作为…" — it is not the asker's duty.
            return list_duties(knowledge, result.city, result.unit, role, own=False)
        return list_duties(knowledge, result.city, result.unit, role)
    if result.intent == "outline":
        return _outline_reply(knowledge, result)
    if result.intent == "clause":
        return _clause_reply(knowledge, result, today)
    if result.intent == "weak":
        rows = tuple(
            (Choice(_choice_label(s.section, s.title), SUGGEST_PREFIX + s.clause_id, literal=True),)
            for s in result.suggestions
        )
        return Reply("duty.suggest", choices=rows)
    return Reply("duty.not_in_plans")


def list_duties(
    knowledge: Knowledge, city: str, unit: str | None = None, role: str | None = None, *, own: bool = True
) -> Reply:
    """``/duty``: the city's CDO duty items, each title with a one-line gist, plus a district's focus.

    ``own=False``: the list is about someone else's CDO, so the header is the plan's, not "您作为…"."""
    code = city_code(city)
    assert code is not None
    items = knowledge.duties(code, unit)
    if not items:
        return Reply("duty.not_in_plans")
    document = knowledge.clause(items[0].clause_id).document
    key = ROLE_HEADERS.get(role or "cdo", "duty.list.general") if own else "duty.list.general"
    if key == "duty.list.cdo" and unit:
        key = "duty.list.cdo_unit"
    # A duty item whose sentence gives the work to someone else (珠海 4: 数字广东珠海分公司负责组建…)
    # is not the CDO's: it gets a line of its own after the list.
    others = {d.number: who for d in items if (who := other_party(d.text, d.title))}
    lines = [f"{d.number}. {d.title}：{d.gist}" for d in items if d.number not in others]
    focus = knowledge.focus(code, unit)
    if focus:
        lines.append(f"▶ {focus}")
    from bot.core.i18n import translator

    for d in items:
        if d.number in others:
            lines.append(
                translator().format(
                    "duty.list.other_party",
                    {"who": others[d.number], "number": d.number, "title": d.title, "gist": d.gist},
                )
            )
    params = {"document": document, "count": len(items) - len(others), "unit": unit or ""}
    rows = tuple(
        (Choice(f"{d.number}. {d.title}", CLAUSE_PREFIX + d.clause_id, literal=True),) for d in items
    )
    return Reply(key, params, choices=rows, literal="\n".join(lines))


def other_party(text: str, title: str = "") -> str | None:
    """Who a duty item's main sentence gives the work to, when that is not the CDO; else None.

    ``数字广东珠海分公司负责组建…`` → ``数字广东珠海分公司``; ``首席数据官负责推动…`` and a sentence that
    starts with 负责 (the CDO is the subject) → None.
    """
    body = text.split("。", 1)[1] if title and "。" in text else text
    first = body.split("。", 1)[0]
    match = _SUBJECT.search(first)
    if match is None:
        return None
    subject = match.group(1).strip().removeprefix("由")
    if not subject or CDO_WORD in subject:
        return None
    return subject


def passed_targets(text: str, today: date | None) -> list[str]:
    """The dated targets in ``text`` whose month (or year) has ended by ``today``, as written."""
    if today is None:
        return []
    found = []
    for match in _DATED_TARGET.finditer(text):
        year, month = int(match.group(1)), int(match.group(2) or 12)
        if (year, month) < (today.year, today.month) and match.group(0) not in found:
            found.append(match.group(0))
    return found


def _with_passed_note(text: str, today: date | None) -> str:
    passed = passed_targets(text, today)
    if not passed:
        return text
    from bot.core.i18n import translator

    note = translator().format("duty.target_passed", {"targets": "、".join(f"“{p}”" for p in passed)})
    return f"{text}\n{note}"


def show_clause(knowledge: Knowledge, clause_id: str, *, today: date | None = None) -> Reply:
    """The full text of one clause (a suggestion or duty item the user picked)."""
    try:
        clause = knowledge.clause(clause_id)
    except KeyError:
        return Reply("duty.unknown_clause")
    return Reply("duty.answer", _place(knowledge, clause_id), literal=_with_passed_note(clause.text, today))


def choose_city() -> Reply:
    rows = (tuple(Choice(f"duty.city.{code}", CITY_PREFIX + code) for code in CITIES),)
    return Reply("duty.choose_city", choices=rows)


def _outline_reply(knowledge: Knowledge, result: AskResult) -> Reply:
    """主要任务分哪几块: one line per part — a section with its items' headings, or a clause's
    heading — and a button to open each in full (a part quoted whole would bury the outline)."""
    lines = [a.text if len(a.text) <= OUTLINE_LINE_MAX else _heading_line(a.text) for a in result.answers]
    # A button opens one clause: a section's summary line stands for several, so it gets none
    # (asking for that section by name gives its items).
    rows = tuple(
        (Choice(_choice_label(a.section, a.title), CLAUSE_PREFIX + a.clause_id, literal=True),)
        for a in result.answers
        if knowledge.clause(a.clause_id).text == a.text
    )
    first = knowledge.clause(result.answers[0].clause_id)
    params = {"document": first.document, "heading": result.heading or "", "count": len(result.answers)}
    return Reply("duty.outline", params, choices=rows, literal="\n".join(lines))


def _heading_line(text: str) -> str:
    """A clause's first sentence, its heading (（一）加强组织实施。), for an outline line."""
    head = text.split("。", 1)[0]
    return head + "。" if len(head) <= OUTLINE_LINE_MAX else head[: OUTLINE_LINE_MAX - 1] + "…"


def _clause_reply(knowledge: Knowledge, result: AskResult, today: date | None = None) -> Reply:
    best, *others = result.answers
    rows = tuple(
        (Choice(_choice_label(a.section, a.title), CLAUSE_PREFIX + a.clause_id, literal=True),)
        for a in others
    )
    return Reply(
        "duty.answer",
        _place(knowledge, best.clause_id),
        choices=rows,
        literal=_with_passed_note(best.text, today),
    )


def _place(knowledge: Knowledge, clause_id: str) -> dict[str, str]:
    c = knowledge.clause(clause_id)
    return {
        "document": c.document,
        "position": c.position,
        "doc_number": c.doc_number,
        "section": c.label,
        "source": c.source,
    }


def _choice_label(section: str, title: str) -> str:
    """``主要任务（三）2 定期工作报送``: the place without the long document title, then the heading."""
    place = section.split(" ", 1)[-1]
    return f"{place} {title}" if title and title not in place else place
