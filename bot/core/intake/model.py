"""The records the intake hands out: frozen, so a draft cannot drift after it was shown to the user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any, Literal

Kind = Literal["training", "exchange_meeting", "report"]
KINDS: tuple[Kind, ...] = ("training", "exchange_meeting", "report")


@dataclass(frozen=True, slots=True)
class IntakeError:
    """Something the user wrote that we refuse to guess about (e.g. ``2月30日``).

    ``code`` is stable (``impossible_date``, ``impossible_time``) so adapters can pick a message
    from the catalog; ``detail`` is the offending text as written, to quote back to the user.
    """

    code: str
    detail: str

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class When:
    """A resolved day and optional clock time; ``date_assumed`` is true when no day was written."""

    date: date
    time: time | None
    date_assumed: bool
    vague: str | None = None
    """上周末, 上个月中旬, 前几天: a period written where a day should be (the day is then assumed)."""


@dataclass(frozen=True, slots=True)
class ActivityDraft:
    kind: Kind
    date: date
    time: time | None
    attendees: int | None
    title: str
    location: str | None
    date_assumed: bool
    date_vague: str | None = None


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What one chat line turned into.

    ``draft`` is set for an activity log with a usable date; ``error`` when it looked like an
    activity but a date or time in it is impossible. ``kind`` repeats the recognised kind even when
    the draft could not be built, so the adapter can say "培训记录的日期有误" rather than ignore it.
    ``planned`` is true for an activity the line says is still to come (明天下午要组织一场培训): the
    draft is kept (the adapter may offer a reminder), but nothing has happened to log yet, so the
    command-line contract prints ``"kind": null`` with ``"planned_kind"`` beside it.
    """

    text: str
    draft: ActivityDraft | None
    error: IntakeError | None = None
    kind: Kind | None = None
    planned: bool = False

    def to_json(self) -> dict[str, Any]:
        d = self.draft
        kind = d.kind if d else self.kind
        out: dict[str, Any] = {
            "text": self.text,
            "kind": None if self.planned else kind,
            # A period written for the day (上周末) pins none: null, not the assumed today.
            "date": d.date.isoformat() if d and not d.date_vague else None,
            "time": d.time.strftime("%H:%M") if d and d.time else None,
            "attendees": d.attendees if d else None,
            "title": d.title if d else None,
            "location": d.location if d else None,
            "date_assumed": d.date_assumed if d else None,
            "error": self.error.to_json() if self.error else None,
        }
        if self.planned:
            out["planned_kind"] = kind
        return out
