"""City rules → concrete dated obligations (``Occurrence``) within a date range.

Layer: pure core (stdlib and ``bot.core.cities``). The city files describe recurrences; the
reminder plan needs dates. Coordinators can also add, move or remove single deadlines at run time
(stored later in the database): those arrive here as extra ``Occurrence`` objects and as a set of
removed ``(rule_key, period_key)`` pairs, so that file rules and overrides meet in one list.

Period keys are stable strings because they end up in the reminder outbox's unique key:
a dated deadline uses its due date (``2026-11-30``), a month window its month (``2026-12``),
a yearly quota its year (``2027``), a meeting cadence its period (``2027-H1``, ``2027-Q3``).
An extra occurrence with the same ``(rule_key, period_key)`` as a file one replaces it, which is
how a coordinator moves a deadline without changing its identity.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from bot.core.cities import DEFAULT_OFFSETS, City, MonthDay, Rule

DEADLINE_KINDS = frozenset({"summary_report", "annual_evaluation", "custom"})
"""Kinds whose occurrences are obligations with a due date (never muted, never capped)."""
SUBMISSION_KINDS = frozenset({"summary_report", "custom"})
"""Kinds where units hand something in, so a coordinator wants the list of those who have not."""

_PERIOD_LETTER = {6: "H", 4: "T", 3: "Q", 2: "B"}


@dataclass(frozen=True)
class Occurrence:
    rule_key: str
    kind: str
    title: str
    due: date
    """The deadline; for a meeting cadence, the first day of the period; for a quota, the checkpoint."""
    period_key: str
    clause: str
    city: str
    quote: str = ""
    who: str = "cdo"
    offsets: tuple[int, ...] = DEFAULT_OFFSETS
    opens: date | None = None
    """First day of a month window (``remind_at_open``) or of a meeting cadence period."""
    closes: date | None = None
    """Day after the end of a meeting cadence period."""
    checkpoint: str | None = None
    """For a quota: the checkpoint's label (``06-30``), part of the reminder's stage."""
    at_least: int | None = None
    per_year: int | None = None
    count_from: date | None = None
    """For a quota: trainings held on or after this day (and by ``due``) count."""
    historical: bool = False
    override: bool = False


def custom_deadline(
    city: City,
    rule_key: str,
    title: str,
    due: date,
    clause: str,
    *,
    who: str = "cdo",
    offsets: Iterable[int] = DEFAULT_OFFSETS,
    period_key: str | None = None,
) -> Occurrence:
    """A deadline a coordinator adds at run time (the database stores its fields)."""
    return Occurrence(
        rule_key=rule_key,
        kind="custom",
        title=title,
        due=due,
        period_key=period_key or due.isoformat(),
        clause=clause,
        city=city.code,
        who=who,
        offsets=tuple(sorted(set(offsets), reverse=True)),
        override=True,
    )


def moved_deadline(occurrence: Occurrence, due: date) -> Occurrence:
    """The same obligation (same rule and period, hence the same reminder keys) on another day."""
    return replace(occurrence, due=due, override=True)


def expand_rule(city: City, rule: Rule, start: date, end: date) -> list[Occurrence]:
    """Occurrences of one rule whose due date lies in ``[start, end]``."""
    base = {
        "rule_key": rule.key,
        "kind": rule.kind,
        "title": rule.title,
        "clause": rule.clause,
        "quote": rule.quote,
        "city": city.code,
        "who": rule.who,
        "historical": rule.historical,
    }
    found: list[Occurrence] = []
    years = range(start.year, end.year + 1)
    if rule.kind == "training_quota":
        for checkpoint in rule.checkpoints:
            if isinstance(checkpoint.on, MonthDay):
                for year in years:
                    due = checkpoint.on.in_year(year)
                    found.append(
                        Occurrence(
                            **base,
                            due=due,
                            period_key=str(year),
                            offsets=(0,),
                            checkpoint=str(checkpoint.on),
                            at_least=checkpoint.at_least,
                            per_year=rule.per_year,
                            count_from=date(year, 1, 1),
                        )
                    )
            else:
                found.append(
                    Occurrence(
                        **base,
                        due=checkpoint.on,
                        period_key=checkpoint.on.isoformat(),
                        offsets=(0,),
                        checkpoint=checkpoint.on.isoformat(),
                        at_least=checkpoint.at_least,
                        per_year=rule.per_year,
                        count_from=rule.since,
                    )
                )
    elif rule.kind == "exchange_meeting_cadence":
        months = rule.every_months or 3
        for year in years:
            for index in range(12 // months):
                opens = date(year, 1 + index * months, 1)
                closes = (
                    date(year + 1, 1, 1)
                    if index == 12 // months - 1
                    else date(year, 1 + (index + 1) * months, 1)
                )
                found.append(
                    Occurrence(
                        **base,
                        due=opens,
                        period_key=_cadence_period_key(year, index, months),
                        offsets=(0,),
                        opens=opens,
                        closes=closes,
                    )
                )
    elif rule.month is not None:
        for year in years:
            last = calendar.monthrange(year, rule.month)[1]
            found.append(
                Occurrence(
                    **base,
                    due=date(year, rule.month, last),
                    period_key=f"{year}-{rule.month:02d}",
                    offsets=rule.offsets,
                    opens=date(year, rule.month, 1) if rule.remind_at_open else None,
                )
            )
    else:
        dues = [md.in_year(y) for y in years for md in rule.yearly] + list(rule.once)
        found += [Occurrence(**base, due=d, period_key=d.isoformat(), offsets=rule.offsets) for d in dues]
    return [o for o in found if start <= o.due <= end]


def expand_occurrences(
    city: City,
    start: date,
    end: date,
    *,
    extra: Iterable[Occurrence] = (),
    removed: Iterable[tuple[str, str]] = (),
    include_historical: bool = True,
) -> list[Occurrence]:
    """Every occurrence due in ``[start, end]``: the city's rules merged with run-time overrides."""
    gone = set(removed)
    by_id: dict[tuple[str, str, str | None], Occurrence] = {}
    for rule in city.rules:
        if rule.historical and not include_historical:
            continue
        for occurrence in expand_rule(city, rule, start, end):
            by_id[(occurrence.rule_key, occurrence.period_key, occurrence.checkpoint)] = occurrence
    for occurrence in extra:
        if occurrence.city != city.code:
            continue
        # A moved deadline keeps its identity; drop the file version even if it lies outside the range.
        by_id.pop((occurrence.rule_key, occurrence.period_key, occurrence.checkpoint), None)
        if start <= occurrence.due <= end:
            by_id[(occurrence.rule_key, occurrence.period_key, occurrence.checkpoint)] = occurrence
    kept = [o for key, o in by_id.items() if (key[0], key[1]) not in gone]
    return sorted(kept, key=lambda o: (o.due, o.rule_key, o.checkpoint or ""))


def _cadence_period_key(year: int, index: int, months: int) -> str:
    if months == 12:
        return str(year)
    if months == 1:
        return f"{year}-{index + 1:02d}"
    return f"{year}-{_PERIOD_LETTER[months]}{index + 1}"
