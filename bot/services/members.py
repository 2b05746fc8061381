"""Managing memberships: list a unit's members, deactivate one, hand a unit over to a new CDO.

Layer: services. The command line passes no actor (whoever runs it owns the server); in chat an
admin may manage every city, a coordinator their own city's CDOs, staff and coordinators (never
an admin). Deactivating ends the membership (``left_at``) and cancels its pending reminders;
the records stay with the unit. An admin listed in ``ADMIN_IDS`` gets a membership back on their
next message, so they are refused here: remove them from ``ADMIN_IDS`` instead.

A handover is a one-time CDO code for the unit (``access.create_invite``): when it is redeemed,
the previous CDO's membership ends and they and the city's coordinators are told
(``access.join_with_code`` queues the notices in the reminder outbox, so they survive a restart).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.address import Account
from bot.core.clock import Clock
from bot.core.replies import Reply
from bot.services.access import (
    Actor,
    AdminIds,
    InviteInfo,
    _end_membership,
    _resolve_city,
    _resolve_unit,
    accounts_of,
    actor_of,
    admin_accounts,
    create_invite,
)
from bot.services.errors import NotAuthorized, NotFound, ServiceError, ValidationFailed
from storage.uow import UnitOfWork, UnitOfWorkFactory

MANAGEABLE_BY_COORDINATOR = frozenset({"cdo", "staff", "coordinator"})


@dataclass(frozen=True)
class MemberRow:
    member_id: int
    display_name: str
    role: str
    city: str | None
    unit_name: str | None


def _manager(uow: UnitOfWork, by: Account | None, admin_ids: AdminIds) -> Actor | None:
    """The acting member (None: the command line); refuses everyone but admins and coordinators."""
    if by is None:
        return None
    member = uow.members.active_by_account(by.platform, by.external_id)
    if member is None:
        raise NotAuthorized("members.not_allowed")
    actor = actor_of(uow, member, admin_ids, account=by)
    if not (actor.is_admin or actor.is_coordinator):
        raise NotAuthorized("members.not_allowed")
    return actor


def _check_city(actor: Actor | None, city: str | None) -> None:
    if actor is not None and not actor.is_admin and actor.city != city:
        raise NotAuthorized("members.not_allowed")


def list_members(
    uow_factory: UnitOfWorkFactory,
    *,
    city: str | None = None,
    unit_name: str | None = None,
    by: Account | None = None,
    admin_ids: AdminIds = (),
) -> tuple[list[MemberRow], Reply]:
    """Active members of a unit (or of a whole city when no unit is named)."""
    with uow_factory() as uow:
        actor = _manager(uow, by, admin_ids)
        wanted = city or (actor.city if actor else None)
        if not wanted:
            raise ValidationFailed("members.need_city")
        code = _resolve_city(uow, wanted)
        _check_city(actor, code)
        units = {u.id: u.name for u in uow.units.in_city(code)}
        if unit_name:
            unit = _resolve_unit(uow, code, unit_name)
            members = uow.members.active_in_unit(unit.id)
        else:
            members = uow.members.active_in_city(code)
        rows = [
            MemberRow(m.id, m.display_name, m.role, m.city, units.get(m.unit_id) if m.unit_id else None)
            for m in members
        ]
    if not rows:
        return rows, Reply("members.none", {"where": unit_name or code})
    lines = "\n".join(f"#{r.member_id} {r.display_name}（{r.unit_name or '—'}，{r.role}）" for r in rows)
    return rows, Reply("members.list", {"where": unit_name or code, "count": len(rows), "lines": lines})


def deactivate_member(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    *,
    member_id: int,
    by: Account | None = None,
    admin_ids: AdminIds = (),
) -> Reply:
    """End a membership (a CDO who left the unit, an admin minted in chat whose rights must go)."""
    now = clock.now()
    admins = frozenset(admin_ids)
    with uow_factory() as uow:
        actor = _manager(uow, by, admins)
        member = uow.members.get(member_id)
        if member is None or not member.active:
            raise NotFound("members.unknown", id=member_id)
        if any(account in admin_accounts(admins) for account in accounts_of(member)):
            raise ValidationFailed("members.listed_admin", id=member_id)
        coordinator_may = member.role in MANAGEABLE_BY_COORDINATOR and member.city == getattr(
            actor, "city", None
        )
        if actor is not None and not actor.is_admin and not coordinator_may:
            raise NotAuthorized("members.not_allowed")
        _end_membership(uow, member, now, reason="deactivated")
        uow.audit.record(
            at=now,
            action="deactivate",
            entity="member",
            entity_id=member.id,
            actor_member_id=actor.member_id if actor else None,
            actor_label=actor.display_name if actor else "cli",
            before={"role": member.role, "unit_id": member.unit_id, "city": member.city},
            after={"active": False},
        )
        uow.commit()
        return Reply("members.deactivated", {"id": member.id, "name": member.display_name})


def hand_over(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    *,
    city: str | None,
    unit_name: str,
    by: Account | None = None,
    admin_ids: AdminIds = (),
) -> InviteInfo:
    """A CDO code for the unit; the reply names the CDO whose membership ends when it is redeemed."""
    info = create_invite(
        uow_factory,
        clock,
        city=city,
        unit_name=unit_name,
        role="cdo",
        created_by=by,
        admin_ids=admin_ids,
    )
    with uow_factory() as uow:
        unit = uow.units.by_name(info.city or "", info.unit_name or "")
        current = uow.members.active_cdo(unit.id) if unit is not None else None
    reply = Reply(
        "members.handover",
        {
            "code": info.code,
            "unit": info.unit_name or "",
            "current": current.display_name if current else "—",
            "days": (info.expires_at - clock.now()).days,
        },
    )
    return InviteInfo(
        invite_id=info.invite_id,
        code=info.code,
        city=info.city,
        unit_name=info.unit_name,
        role=info.role,
        expires_at=info.expires_at,
        reply=reply,
    )


# --------------------------------------------------------------------------- chat commands


def _city_and_unit(words: str) -> tuple[str | None, str | None]:
    """``[城市] [单位]``: a first word naming a city is the city, the rest the unit."""
    from bot.core.cities import resolve_city

    first, _, rest = words.strip().partition(" ")
    if first and (found := resolve_city(first)) is not None:
        return found.code, rest.strip() or None
    return None, words.strip() or None


def members_command(uow_factory: UnitOfWorkFactory, actor: Actor, words: str, admin_ids: AdminIds) -> Reply:
    """``/members [城市] [单位]``."""
    city, unit = _city_and_unit(words)
    try:
        return list_members(uow_factory, city=city, unit_name=unit, by=actor.account, admin_ids=admin_ids)[1]
    except ServiceError as error:
        return error.reply()


def deactivate_command(
    uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, words: str, admin_ids: AdminIds
) -> Reply:
    """``/deactivate 编号`` (``#12`` or ``12``)."""
    ident = words.strip().lstrip("#")
    if not ident.isascii() or not ident.isdigit() or len(ident) > 9:
        return Reply("members.usage")
    try:
        return deactivate_member(
            uow_factory, clock, member_id=int(ident), by=actor.account, admin_ids=admin_ids
        )
    except ServiceError as error:
        return error.reply()


def handover_command(
    uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor, words: str, admin_ids: AdminIds
) -> Reply:
    """``/handover [城市] 单位``."""
    city, unit = _city_and_unit(words)
    if not unit:
        return Reply("members.usage")
    try:
        return hand_over(
            uow_factory, clock, city=city, unit_name=unit, by=actor.account, admin_ids=admin_ids
        ).reply
    except ServiceError as error:
        return error.reply()
