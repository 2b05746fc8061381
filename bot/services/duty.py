"""Duty questions: answers from the plans, the list of a CDO's duties, suggestions.

Layer: service. Needs only the knowledge core (no storage): the Telegram handlers, the terminal
chat and ``cdo-bot ask`` all call these functions and render the ``Reply`` they get.

Callback data of the choices (≤ 64 bytes, as Telegram requires):

- ``duty:suggest:<clause_id>`` — a suggested clause; answer it with ``show_clause``.
- ``duty:clause:<clause_id>`` — another candidate after a confident answer; same.
- ``duty:city:<code>`` — the user picks a city before a duty list; answer with ``list_duties``.
"""

from __future__ import annotations

from bot.core.knowledge import CITIES, AskResult, Knowledge, city_code
from bot.core.replies import Choice, Reply

SUGGEST_PREFIX = "duty:suggest:"
CLAUSE_PREFIX = "duty:clause:"
CITY_PREFIX = "duty:city:"
ROLE_HEADERS = {
    "cdo": "duty.list.cdo",
    "staff": "duty.list.staff",
    "coordinator": "duty.list.general",
    "admin": "duty.list.general",
}


def answer_duty_question(
    knowledge: Knowledge, question: str, city: str | None, unit: str | None = None, role: str | None = None
) -> Reply:
    """One question in, one reply out: a clause, the duty list, suggestions, or "not in the plans"."""
    result = knowledge.ask(question, city=city, unit=unit, role=role)
    if result.intent == "duties":
        if result.city is None:
            return choose_city()
        if result.city != city_code(city) or result.unit != unit:
            # The question is about another city's or unit's CDO (深圳的首席数据官要干什么, 福田区…):
            # the plan's list, with that unit's focus, but not "您作为…" — it is not the asker's duty.
            return list_duties(knowledge, result.city, result.unit, role, own=False)
        return list_duties(knowledge, result.city, result.unit, role)
    if result.intent == "clause":
        return _clause_reply(knowledge, result)
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
    lines = [f"{d.number}. {d.title}：{d.gist}" for d in items]
    focus = knowledge.focus(code, unit)
    if focus:
        lines.append(f"▶ {focus}")
    params = {"document": document, "count": len(items), "unit": unit or ""}
    rows = tuple(
        (Choice(f"{d.number}. {d.title}", CLAUSE_PREFIX + d.clause_id, literal=True),) for d in items
    )
    return Reply(key, params, choices=rows, literal="\n".join(lines))


def show_clause(knowledge: Knowledge, clause_id: str) -> Reply:
    """The full text of one clause (a suggestion or duty item the user picked)."""
    try:
        clause = knowledge.clause(clause_id)
    except KeyError:
        return Reply("duty.unknown_clause")
    return Reply("duty.answer", _place(knowledge, clause_id), literal=clause.text)


def choose_city() -> Reply:
    rows = (tuple(Choice(f"duty.city.{code}", CITY_PREFIX + code) for code in CITIES),)
    return Reply("duty.choose_city", choices=rows)


def _clause_reply(knowledge: Knowledge, result: AskResult) -> Reply:
    best, *others = result.answers
    rows = tuple(
        (Choice(_choice_label(a.section, a.title), CLAUSE_PREFIX + a.clause_id, literal=True),)
        for a in others
    )
    return Reply("duty.answer", _place(knowledge, best.clause_id), choices=rows, literal=best.text)


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
