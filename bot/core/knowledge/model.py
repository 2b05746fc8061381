"""What the knowledge core hands out: answers, duty items, the result of a question.

Layer: core (pure; standard library only).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CITIES: dict[str, str] = {"zhuhai": "珠海", "shenzhen": "深圳"}
"""City code → the name the plans use."""

_CITY_ALIASES = {
    "zhuhai": "zhuhai",
    "zh": "zhuhai",
    "珠海": "zhuhai",
    "珠海市": "zhuhai",
    "shenzhen": "shenzhen",
    "sz": "shenzhen",
    "深圳": "shenzhen",
    "深圳市": "shenzhen",
}


def city_code(name: str | None) -> str | None:
    """``珠海`` / ``zhuhai`` / ``Zhuhai`` → ``zhuhai``; None or empty → None; anything else → ValueError."""
    if name is None or not name.strip():
        return None
    code = _CITY_ALIASES.get(name.strip().lower())
    if code is None:
        raise ValueError(f"unknown city {name!r}; use one of: zhuhai, shenzhen, 珠海, 深圳")
    return code


def city_in_words(words: list[str]) -> str | None:
    """The city a question names itself (``珠海的首席数据官…``), if exactly one."""
    found = {_CITY_ALIASES[w] for w in words if w in _CITY_ALIASES and not w.isascii()}
    return found.pop() if len(found) == 1 else None


@dataclass(frozen=True)
class Answer:
    text: str
    """The clause, verbatim as published."""
    source: str
    """``《珠海市首席数据官制度试点实施方案》 珠府办函〔2021〕63号``"""
    section: str
    """Place in the plan: ``《珠海市首席数据官制度试点实施方案》 主要任务（二）1``."""
    score: float
    clause_id: str
    title: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "source": self.source,
            "section": self.section,
            "score": round(self.score, 4),
            "clause_id": self.clause_id,
        }


@dataclass(frozen=True)
class DutyItem:
    city: str
    number: int
    title: str
    gist: str
    """One line: the item's first sentence after its title, shortened."""
    clause_id: str
    section: str
    text: str


@dataclass(frozen=True)
class AskResult:
    question: str
    city: str | None
    confident: bool
    intent: str
    """``duties`` (the list of CDO duties), ``outline`` (the parts of a chapter or section named
    in the question: 主要任务分哪几块), ``clause`` (a found clause), ``weak`` (only suggestions),
    ``out_of_scope`` (nothing in the plans)."""
    answers: tuple[Answer, ...] = ()
    suggestions: tuple[Answer, ...] = ()
    unit: str | None = None
    focus: str | None = None
    """For a pilot district asking for its duties: its own focus sentence from the plan."""
    heading: str | None = None
    """For an outline: the chapter or section as printed without numbering (主要任务)."""
    coverage: float = 0.0
    """Share of the question's topic weight found in the best clause (the scope gate's measure)."""

    def to_json(self) -> dict[str, Any]:
        """The command-line contract. A weak match lists its candidates as ``answers`` with
        ``confident: false`` (the "您是不是想问…" of the chat); only a question the plans do
        not cover has no answers at all."""
        shown = self.answers or (self.suggestions if self.intent == "weak" else ())
        out: dict[str, Any] = {
            "question": self.question,
            "city": self.city,
            "confident": self.confident,
            "intent": self.intent,
            "answers": [a.to_json() for a in shown],
        }
        if self.suggestions:
            out["suggestions"] = [a.to_json() for a in self.suggestions]
        if self.heading:
            out["heading"] = self.heading
        if self.focus:
            out["unit"] = self.unit
            out["focus"] = self.focus
        return out
