"""Per-person reminder settings: the hour reminders arrive, 出差/休假 away days, muting nudges.

Layer: services (imports ``bot.core`` and ``storage``). The reminder plan reads these columns at
every sync, so a change takes effect on the next tick without touching scheduled jobs: pending
reminders move to the new hour, reminders on away days are cancelled (and the person is not
counted as missing on the coordinator's list), and muted nudges stop — deadlines and meetings
never stop (see ``bot.core.reminder_plan``). Every change is audited.

Buttons: ``set:hour:<h>``, ``set:mute:on|off``, ``set:away:clear`` (the away range itself comes as
text, ``/settings away 12月1日 12月5日``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.core.clock import SHANGHAI, Clock
from bot.core.ids import parse_number
from bot.core.reminder_plan import DEFAULT_HOUR
from bot.core.replies import Choice, Reply
from bot.services.access import Actor
from bot.services.errors import NotFound, ValidationFailed
from storage.models import Member
from storage.uow import UnitOfWork, UnitOfWorkFactory

CALLBACK_PREFIX = "set"
HOUR_CHOICES = (8, 9, 10, 14, 17)
YEAR_END_WRAP_DAYS = 62
"""An end date before the start is read as next year only for a short trip over the new year."""
MAX_AWAY_DAYS = 366


@dataclass(frozen=True)
class PersonalSettings:
    reminder_hour: int
    hour_is_default: bool
    away_from: date | None
    away_until: date | None
    mute_nudges: bool


def _member(uow: UnitOfWork, actor: Actor) -> Member:
    member = uow.members.get(actor.member_id)
    if member is None or not member.active:
        raise NotFound()
    return member


def _snapshot(member: Member) -> dict[str, object]:
    return {
        "reminder_hour": member.reminder_hour,
        "away_from": member.away_from.isoformat() if member.away_from else None,
        "away_until": member.away_until.isoformat() if member.away_until else None,
        "mute_nudges": member.mute_nudges,
    }


def _change(uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, apply: object) -> PersonalSettings:
    now = clock.now()
    with uow_factory() as uow:
        member = _member(uow, actor)
        before = _snapshot(member)
        apply(member)  # type: ignore[operator]
        uow.audit.record(
            at=now,
            action="update",
            entity="member_settings",
            entity_id=member.id,
            actor_member_id=actor.member_id,
            actor_label=actor.display_name,
            before=before,
            after=_snapshot(member),
        )
        uow.commit()
        return _settings_of(member)


def _settings_of(member: Member) -> PersonalSettings:
    return PersonalSettings(
        reminder_hour=member.reminder_hour if member.reminder_hour is not None else DEFAULT_HOUR,
        hour_is_default=member.reminder_hour is None,
        away_from=member.away_from,
        away_until=member.away_until,
        mute_nudges=member.mute_nudges,
    )


def get_settings(uow_factory: UnitOfWorkFactory, actor: Actor) -> PersonalSettings:
    with uow_factory() as uow:
        return _settings_of(_member(uow, actor))


def set_reminder_hour(
    uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, hour: int
) -> PersonalSettings:
    if not 0 <= hour <= 23:
        raise ValidationFailed("settings.bad_hour")

    def apply(member: Member) -> None:
        member.reminder_hour = hour

    return _change(uow_factory, clock, actor, apply)


def set_away(
    uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, first: date | None, last: date | None
) -> PersonalSettings:
    """出差/休假 from ``first`` to ``last`` (both included); ``None, None`` clears it."""
    if (first is None) != (last is None):
        raise ValidationFailed("settings.bad_away")
    if first is not None and last is not None:
        if last < first or (last - first).days > MAX_AWAY_DAYS:
            raise ValidationFailed("settings.bad_away")
        if last < clock.now().astimezone(SHANGHAI).date():
            raise ValidationFailed("settings.away_in_past")

    def apply(member: Member) -> None:
        member.away_from, member.away_until = first, last

    return _change(uow_factory, clock, actor, apply)


def set_mute(uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, mute: bool) -> PersonalSettings:
    def apply(member: Member) -> None:
        member.mute_nudges = mute

    return _change(uow_factory, clock, actor, apply)


def parse_away(text: str, now: datetime) -> tuple[date, date]:
    """``12月1日 12月5日``, ``12月1日-12月5日``, ``2026-12-01 至 2026-12-05`` → (first, last)."""
    from bot.services.schedule import parse_day

    cleaned = text
    for separator in ("至", "到", "~", "～", "—", "–"):
        cleaned = cleaned.replace(separator, " ")
    parts = cleaned.split()
    if len(parts) == 1 and parts[0].count("-") == 1 and "月" in parts[0]:
        parts = parts[0].split("-")
    if len(parts) != 2:
        raise ValidationFailed("settings.bad_away")
    first, last = parse_day(parts[0], now), parse_day(parts[1], now)
    if last < first:
        wrapped = _next_year(last)
        # 12月28日 至 1月3日 crosses the new year; 12月20日 12月10日 is written the wrong way round.
        if wrapped is None or wrapped.year != first.year + 1 or (wrapped - first).days > YEAR_END_WRAP_DAYS:
            raise ValidationFailed("settings.away_reversed", first=first.isoformat(), last=last.isoformat())
        last = wrapped
    return first, last


def _next_year(day: date) -> date | None:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 2月29日
        return None


def settings_reply(settings: PersonalSettings) -> Reply:
    """The settings card with its buttons (the adapter renders it; data is ``set:<what>:<value>``).

    One msgid per combination (away or not, muted or not) keeps the sentences whole for translators.
    """
    away = settings.away_from is not None and settings.away_until is not None
    key = "settings.card" + (".away" if away else "") + (".muted" if settings.mute_nudges else "")
    params: dict[str, object] = {"hour": settings.reminder_hour}
    if away:
        params |= {"first": settings.away_from.isoformat(), "last": settings.away_until.isoformat()}  # type: ignore[union-attr]
    hours = tuple(
        Choice("settings.button.hour", f"{CALLBACK_PREFIX}:hour:{h}", {"hour": h}) for h in HOUR_CHOICES
    )
    mute = (
        Choice("settings.button.unmute", f"{CALLBACK_PREFIX}:mute:off")
        if settings.mute_nudges
        else Choice("settings.button.mute", f"{CALLBACK_PREFIX}:mute:on")
    )
    rows: tuple[tuple[Choice, ...], ...] = (hours, (mute,))
    if away:
        rows += ((Choice("settings.button.clear_away", f"{CALLBACK_PREFIX}:away:clear"),),)
    return Reply(key, params, rows)


def press_settings_button(uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, data: str) -> Reply:
    parts = data.split(":")
    if len(parts) != 3 or parts[0] != CALLBACK_PREFIX:
        raise ValidationFailed("settings.stale")
    _, what, value = parts
    if what == "hour" and (hour := parse_number(value, 99)) is not None:
        return settings_reply(set_reminder_hour(uow_factory, clock, actor, hour))
    if what == "mute" and value in ("on", "off"):
        return settings_reply(set_mute(uow_factory, clock, actor, value == "on"))
    if what == "away" and value == "clear":
        return settings_reply(set_away(uow_factory, clock, actor, None, None))
    raise ValidationFailed("settings.stale")
