"""City obligations as data: units, deadlines, quotas and cadences from ``locale/zh_CN/cities/*.toml``.

Layer: pure core (stdlib only). Coordinators add a deadline or a whole city by editing a TOML file,
so the loader is strict: an unknown key, a misspelt kind or an impossible date such as ``02-30``
stops the load with a message naming the file, the rule and the key, rather than silently
producing a plan with a missing reminder. The schema is documented for coordinators in
``locale/zh_CN/cities/README.md``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from bot.core import paths

UNIT_KINDS = frozenset({"district", "department", "government", "bureau"})
RULE_KINDS = frozenset(
    {"summary_report", "annual_evaluation", "training_quota", "exchange_meeting_cadence", "custom"}
)
AUDIENCES = frozenset({"cdo", "coordinator", "all"})
DEFAULT_OFFSETS: tuple[int, ...] = (14, 7, 3, 1, 0)
DEFAULTS_FILE = "_defaults.toml"

_CITY_KEYS = {"code", "name", "aliases", "bureau", "document", "units", "rules", "default_meeting_cadence"}
_DOCUMENT_KEYS = {"title", "number", "date", "policy_file"}
_UNIT_KEYS = {"name", "kind", "pilot", "aliases"}
_RULE_COMMON = {"key", "kind", "title", "who", "clause", "quote", "historical"}
_RULE_KEYS = {
    "summary_report": _RULE_COMMON | {"yearly", "month", "once", "offsets", "remind_at_open"},
    "annual_evaluation": _RULE_COMMON | {"yearly", "month", "once", "offsets", "remind_at_open"},
    "custom": _RULE_COMMON | {"yearly", "month", "once", "offsets", "remind_at_open"},
    "training_quota": _RULE_COMMON | {"per_year", "checkpoints", "since"},
    "exchange_meeting_cadence": _RULE_COMMON | {"every_months"},
}
_CHECKPOINT_KEYS = {"on", "at_least"}


class CityFileError(ValueError):
    """A city file that cannot be used; the message says where and what to fix."""


@dataclass(frozen=True)
class MonthDay:
    """A yearly date; 02-29 falls on 02-28 in common years."""

    month: int
    day: int

    def in_year(self, year: int) -> date:
        try:
            return date(year, self.month, self.day)
        except ValueError:  # 02-29 in a common year
            return date(year, self.month, self.day - 1)

    def __str__(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class Checkpoint:
    """A pace check of a quota: by ``on`` (yearly ``MonthDay`` or a one-off date) at least ``at_least``."""

    on: MonthDay | date
    at_least: int


@dataclass(frozen=True)
class UnitSpec:
    name: str
    kind: str
    pilot: bool = True
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    title: str
    number: str
    date: date
    policy_file: str | None = None


@dataclass(frozen=True)
class Rule:
    key: str
    kind: str
    title: str
    who: str
    clause: str
    quote: str = ""
    historical: bool = False
    yearly: tuple[MonthDay, ...] = ()
    month: int | None = None
    """A month-long window (e.g. December's evaluation): due on its last day."""
    once: tuple[date, ...] = ()
    offsets: tuple[int, ...] = DEFAULT_OFFSETS
    """Days before the due date on which reminders go out."""
    remind_at_open: bool = False
    """For a month window: also remind on the first working day of the month."""
    per_year: int | None = None
    checkpoints: tuple[Checkpoint, ...] = ()
    since: date | None = None
    every_months: int | None = None
    is_default: bool = False
    """Taken from ``_defaults.toml`` because the city file has no rule of this kind."""


@dataclass(frozen=True)
class City:
    code: str
    name: str
    aliases: tuple[str, ...]
    bureau: str
    document: Document
    units: tuple[UnitSpec, ...]
    rules: tuple[Rule, ...]
    meeting_cadence_months: int
    source: Path | None = None

    @property
    def pilot_units(self) -> tuple[UnitSpec, ...]:
        return tuple(u for u in self.units if u.pilot)

    def rule(self, key: str) -> Rule | None:
        return next((r for r in self.rules if r.key == key), None)

    def find_unit(self, text: str) -> UnitSpec | None:
        """The unit named by ``text``: its name, an alias, or either with the city's name in front."""
        wanted = text.strip().replace(" ", "").replace("\u3000", "")
        if not wanted:
            return None
        candidates = [wanted]
        for prefix in sorted({self.name, *self.aliases}, key=len, reverse=True):
            if wanted.startswith(prefix) and len(wanted) > len(prefix):
                rest = wanted[len(prefix) :]
                candidates += [rest, rest if rest.startswith("市") else f"市{rest}"]
                break
        for candidate in candidates:
            for unit in self.units:
                if candidate == unit.name or candidate in unit.aliases:
                    return unit
        return None


# --------------------------------------------------------------------------------------------- loading


def load_cities(directory: Path | None = None) -> dict[str, City]:
    """All cities of ``directory`` (default: the shipped ``cities`` folder), keyed by code.

    Cached per folder and per the files' modification times, so a coordinator's edit is picked
    up on the next call without a restart.
    """
    folder = Path(directory) if directory else paths.cities_dir()
    if not folder.is_dir():
        raise CityFileError(f"{folder}: no such folder of city files")
    signature = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.glob("*.toml")))
    return dict(_load_cities(folder, signature))


@cache
def _load_cities(
    directory: Path, signature: tuple[tuple[str, int, int], ...]
) -> tuple[tuple[str, City], ...]:
    defaults_path = directory / DEFAULTS_FILE
    if not defaults_path.is_file():
        defaults_path = paths.cities_dir() / DEFAULTS_FILE
    defaults = _load_defaults(defaults_path) if defaults_path.is_file() else ()
    cities: dict[str, City] = {}
    for path in sorted(directory.glob("*.toml")):
        if path.name.startswith("_"):
            continue
        city = load_city_file(path, defaults)
        if city.code in cities:
            raise CityFileError(
                f"{path.name}: city code {city.code!r} is already used by {cities[city.code].source}"
            )
        cities[city.code] = city
    return tuple(cities.items())


def resolve_city(text: str, cities: Mapping[str, City] | None = None) -> City | None:
    """The city named by ``text`` (code, name or alias, case-insensitive): zhuhai / 珠海 / 珠海市."""
    wanted = text.strip().casefold()
    for city in (cities if cities is not None else load_cities()).values():
        if wanted in {city.code.casefold(), city.name.casefold(), *(a.casefold() for a in city.aliases)}:
            return city
    return None


def load_city_file(path: Path, defaults: Iterable[Rule] = ()) -> City:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise CityFileError(f"{path.name}: not valid TOML: {exc}") from exc
    return parse_city(data, path.name, defaults, source=path)


def _load_defaults(path: Path) -> tuple[Rule, ...]:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    _check_keys(data, {"rules"}, path.name)
    rules = tuple(_parse_rule(r, f"{path.name}: rules[{i}]") for i, r in enumerate(data.get("rules", [])))
    return tuple(_replace_default(r) for r in rules)


def _replace_default(rule: Rule) -> Rule:
    from dataclasses import replace

    return replace(rule, is_default=True)


def parse_city(
    data: Mapping[str, Any], where: str, defaults: Iterable[Rule] = (), source: Path | None = None
) -> City:
    _check_keys(data, _CITY_KEYS, where)
    for required in ("code", "name", "bureau", "document", "units", "rules"):
        if required not in data:
            raise CityFileError(f"{where}: missing key {required!r}")
    code = _str(data["code"], f"{where}: code")
    if not code.isascii() or not code.replace("_", "").isalnum() or code != code.lower():
        raise CityFileError(f"{where}: code {code!r} must be lower-case latin letters, digits or _")
    name = _str(data["name"], f"{where}: name")
    aliases = _strs(data.get("aliases", []), f"{where}: aliases")

    doc = data["document"]
    if not isinstance(doc, Mapping):
        raise CityFileError(f"{where}: [document] must be a table")
    _check_keys(doc, _DOCUMENT_KEYS, f"{where}: [document]")
    for required in ("title", "number", "date"):
        if required not in doc:
            raise CityFileError(f"{where}: [document] is missing {required!r}")
    document = Document(
        title=_str(doc["title"], f"{where}: document.title"),
        number=_str(doc["number"], f"{where}: document.number"),
        date=_date(doc["date"], f"{where}: document.date"),
        policy_file=_str(doc["policy_file"], f"{where}: document.policy_file")
        if "policy_file" in doc
        else None,
    )

    units = tuple(
        _parse_unit(u, f"{where}: units[{i}]") for i, u in enumerate(_list(data["units"], f"{where}: units"))
    )
    seen: dict[str, str] = {}
    for unit in units:
        for label in (unit.name, *unit.aliases):
            if seen.get(label, unit.name) != unit.name:
                raise CityFileError(f"{where}: {label!r} names both {seen[label]!r} and {unit.name!r}")
            seen[label] = unit.name
    bureau = _str(data["bureau"], f"{where}: bureau")
    if not any(u.name == bureau and u.kind == "bureau" for u in units):
        raise CityFileError(
            f'{where}: bureau {bureau!r} must also be listed in [[units]] with kind = "bureau"'
        )

    rules = [
        _parse_rule(r, f"{where}: rules[{i}]") for i, r in enumerate(_list(data["rules"], f"{where}: rules"))
    ]
    keys = [r.key for r in rules]
    for key in keys:
        if keys.count(key) > 1:
            raise CityFileError(f"{where}: rule key {key!r} is used twice")
    present = {r.kind for r in rules}
    if data.get("default_meeting_cadence", True) is False:
        # The plan names its meetings itself (深圳: 2 by April 2022): no invented quarterly cadence.
        present.add("exchange_meeting_cadence")
    rules += [d for d in defaults if d.kind not in present and d.key not in keys]
    cadences = [r for r in rules if r.kind == "exchange_meeting_cadence"]
    if len(cadences) > 1:
        raise CityFileError(f"{where}: only one exchange_meeting_cadence rule is allowed")
    return City(
        code=code,
        name=name,
        aliases=aliases,
        bureau=bureau,
        document=document,
        units=units,
        rules=tuple(rules),
        meeting_cadence_months=cadences[0].every_months if cadences else 3,  # type: ignore[arg-type]
        source=source,
    )


def _parse_unit(raw: Any, where: str) -> UnitSpec:
    if not isinstance(raw, Mapping):
        raise CityFileError(f"{where}: must be a table")
    _check_keys(raw, _UNIT_KEYS, where)
    if "name" not in raw or "kind" not in raw:
        raise CityFileError(f"{where}: needs name and kind")
    kind = _choice(raw["kind"], UNIT_KINDS, f"{where}: kind")
    pilot = raw.get("pilot", True)
    if not isinstance(pilot, bool):
        raise CityFileError(f"{where}: pilot must be true or false")
    return UnitSpec(
        name=_str(raw["name"], f"{where}: name"),
        kind=kind,
        pilot=pilot,
        aliases=_strs(raw.get("aliases", []), f"{where}: aliases"),
    )


def _parse_rule(raw: Any, where: str) -> Rule:
    if not isinstance(raw, Mapping):
        raise CityFileError(f"{where}: must be a table")
    if "key" in raw:
        where = f"{where} (key {raw['key']!r})"
    for required in ("key", "kind", "title", "who", "clause"):
        if required not in raw:
            raise CityFileError(f"{where}: missing key {required!r}")
    kind = _choice(raw["kind"], RULE_KINDS, f"{where}: kind")
    _check_keys(raw, _RULE_KEYS[kind], where)
    historical = raw.get("historical", False)
    if not isinstance(historical, bool):
        raise CityFileError(f"{where}: historical must be true or false")
    common: dict[str, Any] = {
        "key": _str(raw["key"], f"{where}: key"),
        "kind": kind,
        "title": _str(raw["title"], f"{where}: title"),
        "who": _choice(raw["who"], AUDIENCES, f"{where}: who"),
        "clause": _str(raw["clause"], f"{where}: clause"),
        "quote": _str(raw.get("quote", ""), f"{where}: quote", allow_empty=True),
        "historical": historical,
    }
    if "|" in common["key"]:
        raise CityFileError(f"{where}: key must not contain '|'")

    if kind == "training_quota":
        checkpoints = tuple(
            _parse_checkpoint(c, f"{where}: checkpoints[{i}]")
            for i, c in enumerate(_list(raw.get("checkpoints"), f"{where}: checkpoints"))
        )
        if not checkpoints:
            raise CityFileError(f"{where}: a training_quota needs at least one checkpoint")
        one_off = [isinstance(c.on, date) for c in checkpoints]
        if any(one_off) and not all(one_off):
            raise CityFileError(
                f"{where}: checkpoints must be all MM-DD (yearly) or all full dates (one-off)"
            )
        since = _date(raw["since"], f"{where}: since") if "since" in raw else None
        if all(one_off) and since is None:
            raise CityFileError(f"{where}: one-off checkpoints need since = YYYY-MM-DD (start of the count)")
        per_year = _positive_int(raw["per_year"], f"{where}: per_year") if "per_year" in raw else None
        return Rule(
            **common,
            per_year=per_year or max(c.at_least for c in checkpoints),
            checkpoints=checkpoints,
            since=since,
            offsets=(),
        )

    if kind == "exchange_meeting_cadence":
        if "every_months" not in raw:
            raise CityFileError(f"{where}: missing key 'every_months'")
        months = _positive_int(raw["every_months"], f"{where}: every_months")
        if 12 % months:
            raise CityFileError(f"{where}: every_months must divide 12 (1, 2, 3, 4, 6 or 12), not {months}")
        return Rule(**common, every_months=months, offsets=())

    given = [k for k in ("yearly", "month", "once") if k in raw]
    if len(given) != 1:
        raise CityFileError(
            f'{where}: give exactly one of yearly = ["MM-DD"], month = 1..12, once = [YYYY-MM-DD]'
        )
    yearly = tuple(
        _month_day(v, f"{where}: yearly") for v in _list(raw.get("yearly", []), f"{where}: yearly")
    )
    once = tuple(_date(v, f"{where}: once") for v in _list(raw.get("once", []), f"{where}: once"))
    month = None
    if "month" in raw:
        month = raw["month"]
        if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
            raise CityFileError(f"{where}: month must be a number 1..12, not {month!r}")
    if given[0] in ("yearly", "once") and not (yearly or once):
        raise CityFileError(f"{where}: {given[0]} must list at least one date")
    offsets = tuple(
        _non_negative_int(v, f"{where}: offsets")
        for v in _list(raw.get("offsets", list(DEFAULT_OFFSETS)), f"{where}: offsets")
    )
    remind_at_open = raw.get("remind_at_open", False)
    if not isinstance(remind_at_open, bool):
        raise CityFileError(f"{where}: remind_at_open must be true or false")
    if remind_at_open and month is None:
        raise CityFileError(f"{where}: remind_at_open only applies to a month window (month = N)")
    if not offsets and not remind_at_open:
        raise CityFileError(f"{where}: no reminders: give offsets or remind_at_open = true")
    return Rule(
        **common,
        yearly=yearly,
        month=month,
        once=once,
        offsets=tuple(sorted(set(offsets), reverse=True)),
        remind_at_open=remind_at_open,
    )


def _parse_checkpoint(raw: Any, where: str) -> Checkpoint:
    if not isinstance(raw, Mapping):
        raise CityFileError(f'{where}: must be a table like {{ on = "06-30", at_least = 1 }}')
    _check_keys(raw, _CHECKPOINT_KEYS, where)
    if "on" not in raw or "at_least" not in raw:
        raise CityFileError(f"{where}: needs on and at_least")
    on_raw = raw["on"]
    on: MonthDay | date = (
        _date(on_raw, f"{where}: on") if isinstance(on_raw, date) else _month_day(on_raw, f"{where}: on")
    )
    return Checkpoint(on=on, at_least=_positive_int(raw["at_least"], f"{where}: at_least"))


# --------------------------------------------------------------------------------------------- helpers


def _check_keys(raw: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise CityFileError(f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")


def _str(value: Any, where: str, allow_empty: bool = False) -> str:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise CityFileError(f"{where}: must be a non-empty text, not {value!r}")
    return value.strip()


def _strs(value: Any, where: str) -> tuple[str, ...]:
    return tuple(_str(v, where) for v in _list(value, where))


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise CityFileError(f"{where}: must be a list [...], not {value!r}")
    return value


def _choice(value: Any, allowed: frozenset[str], where: str) -> str:
    if value not in allowed:
        raise CityFileError(f"{where}: {value!r} is not one of {', '.join(sorted(allowed))}")
    return value


def _positive_int(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise CityFileError(f"{where}: must be a whole number ≥ 1, not {value!r}")
    return value


def _non_negative_int(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise CityFileError(f"{where}: must be a whole number ≥ 0, not {value!r}")
    return value


def _month_day(value: Any, where: str) -> MonthDay:
    if not isinstance(value, str) or len(value) != 5 or value[2] != "-":
        raise CityFileError(f'{where}: {value!r} is not a date of the form "MM-DD"')
    try:
        month, day = int(value[:2]), int(value[3:])
        date(2024, month, day)  # a leap year, so 02-29 is accepted
    except ValueError:
        raise CityFileError(f"{where}: {value!r} is not a real date (month-day)") from None
    return MonthDay(month, day)


def _date(value: Any, where: str) -> date:
    from datetime import datetime

    if isinstance(value, datetime):
        raise CityFileError(f"{where}: give a date without time (YYYY-MM-DD), not {value!r}")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CityFileError(f"{where}: {value!r} is not a real date (YYYY-MM-DD)") from None
    raise CityFileError(f"{where}: {value!r} is not a date (YYYY-MM-DD)")
