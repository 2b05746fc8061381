"""Who may use the bot: invites, joining with a code, recognising a member, seeding units.

Layer: services (may import ``bot.core`` and ``storage``). Bots are public (PITFALLS 10), so
a member is recognised by an account the platform vouches for (``bot.core.address.Account``:
Telegram's numeric user id, never the username; WeCom's userid). ``ADMIN_IDS`` lists Telegram user
ids (numbers) or other platforms' accounts (``wecom:zhangsan``).

Admin rights come from one place, ``has_admin_rights``: the user is listed in ``ADMIN_IDS`` now,
or their membership was made with an admin invite (minted in chat or on the command line; revoked
by deactivating that member). A membership ``identify`` once created for an ``ADMIN_IDS`` user ends
the first time that user writes after being removed from the list.

Records belong to a *unit*, not to a person: when a new CDO joins a unit that already has one,
the old membership ends (``left_at``) and the new CDO sees the unit's whole history.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.core.address import Account, Address
from bot.core.clock import SHANGHAI, Clock
from bot.core.replies import Reply
from bot.services.errors import InvalidInvite, NotAuthorized, UnknownCity, UnknownUnit, ValidationFailed
from storage.models import ROLES, Invite, Member, MemberAccount, Unit, utcnow
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

INVITE_TTL_DAYS = 14
MAX_FAILED_JOINS = 5
LINK_LIFETIME = timedelta(minutes=15)
"""How long a ``/link`` code works: typed on the other platform at once, so short."""
FAILED_JOIN_WINDOW = timedelta(hours=1)
"""Five wrong codes an hour per user: enough for typos, useless for guessing 71-bit codes."""
ROLES_NEEDING_UNIT = frozenset({"cdo", "staff"})
CODE_ALPHABET = string.ascii_letters + string.digits
"""Letters and digits only: a code never starts with ``-`` (``chat --code -x…`` would read it as an
option) and survives any chat's link detection. 12 of 62 symbols ≈ 71 bits, as ``token_urlsafe(9)``."""
CODE_LENGTH = 12
ROLE_WORDS = {
    "首席数据官": "cdo",
    "cdo": "cdo",
    "数据专员": "staff",
    "专员": "staff",
    "staff": "staff",
    "协调员": "coordinator",
    "统筹协调人员": "coordinator",
    "coordinator": "coordinator",
    "管理员": "admin",
    "admin": "admin",
}
"""The role names people type after ``/invite`` (the plans' Chinese terms, GLOSSARY.md) → role code."""


def role_code(word: str) -> str:
    """``首席数据官`` → ``cdo``; an unknown word is returned as typed, for ``bad_role`` to quote."""
    return ROLE_WORDS.get(word.strip().lower(), word.strip())


@dataclass(frozen=True)
class Actor:
    """The member behind an update, as services need it: ids, role and where they belong."""

    member_id: int
    account: Account | None
    """The account the update came from (None for the command line's stand-in)."""
    role: str
    city: str | None
    unit_id: int | None
    unit_name: str | None
    display_name: str
    is_admin: bool = False
    """In ``ADMIN_IDS`` (whatever the role of the membership)."""
    stateless_chat: str | None = None
    """A chat (address text) in which ``identify`` found no dialog state of this account (no guided
    dialog, no field edit): lines there need not look for one during this update."""

    def may_have_state(self, chat: Address) -> bool:
        """False when ``identify`` saw that no dialog or field edit waits in ``chat``."""
        return self.stateless_chat != chat.chat_address.text

    @property
    def is_coordinator(self) -> bool:
        return self.role == "coordinator"

    @property
    def records_for_unit(self) -> bool:
        """CDOs and staff log activities for their unit; coordinators and admins have none."""
        return self.role in ROLES_NEEDING_UNIT and self.unit_id is not None


@dataclass(frozen=True)
class InviteInfo:
    invite_id: int
    code: str
    city: str | None
    unit_name: str | None
    role: str
    expires_at: datetime
    reply: Reply

    def deep_link(self, bot_username: str) -> str:
        return f"https://t.me/{bot_username.lstrip('@')}?start={self.code}"


@dataclass(frozen=True)
class Joined:
    actor: Actor
    replaced_display_name: str | None
    """The previous CDO of the unit, whose membership ended (handover)."""
    reply: Reply


AdminIds = Iterable[int | str | Account]
"""``ADMIN_IDS`` as configured: Telegram user ids (numbers) or accounts (``wecom:zhangsan``)."""


def admin_accounts(admin_ids: AdminIds) -> frozenset[Account]:
    """The accounts of ``ADMIN_IDS``: a bare number is a Telegram user id."""
    out = set()
    for item in admin_ids:
        if isinstance(item, Account):
            out.add(item)
        elif isinstance(item, int) or str(item).lstrip("-").isdigit():
            out.add(Account.telegram(item))
        else:
            out.add(Account.parse(str(item)))
    return frozenset(out)


def accounts_of(member: Member) -> list[Account]:
    return [Account(a.platform, a.external_id) for a in member.accounts]


def new_member(account: Account, **fields: Any) -> Member:
    """A ``Member`` row holding ``account`` (the one login it starts with)."""
    login = MemberAccount(platform=account.platform, external_id=account.external_id)
    if fields.get("joined_at") is not None:
        login.created_at = fields["joined_at"]
    return Member(accounts=[login], **fields)


def _made_by_admin_invite(uow: UnitOfWork, member_id: int) -> bool:
    invite = uow.invites.redeemed_by(member_id)
    return invite is not None and invite.role == "admin"


def has_admin_rights(uow: UnitOfWork, member: Member, admin_ids: AdminIds = ()) -> bool:
    """The one decision "is this member an admin?" (see the module docstring; ``identify_event``
    reads the same from its one statement)."""
    admins = admin_accounts(admin_ids)
    if admins and any(account in admins for account in accounts_of(member)):
        return True
    if member.role != "admin" or not member.active:
        return False
    return _made_by_admin_invite(uow, member.id)


def actor_of(
    uow: UnitOfWork,
    member: Member,
    admin_ids: AdminIds = (),
    *,
    account: Account | None = None,
) -> Actor:
    """The services' view of ``member``, speaking through ``account`` (default: their first one)."""
    unit = uow.units.get(member.unit_id) if member.unit_id is not None else None
    if account is None:
        held = accounts_of(member)
        account = held[0] if held else None
    return Actor(
        member_id=member.id,
        account=account,
        role=member.role,
        city=member.city,
        unit_id=member.unit_id,
        unit_name=unit.name if unit else None,
        display_name=member.display_name,
        is_admin=has_admin_rights(uow, member, admin_ids),
    )


def identify(
    uow_factory: UnitOfWorkFactory,
    account: Account,
    admin_ids: AdminIds = (),
    *,
    clock: Clock | None = None,
    display_name: str | None = None,
    chat: Address | None = None,
) -> Actor | None:
    """The active member holding this account, or None for a stranger.

    A user listed in ``ADMIN_IDS`` is created as an admin member on first contact, so admins
    never need an invite. An admin membership that has lost its source of rights (removed from
    ``ADMIN_IDS``, not made with an admin invite) ends here: that user is a stranger again.
    Given the update's ``chat``, the actor also knows whether a dialog state waits there
    (``Actor.may_have_state``), which spares a line its two lookups.
    """
    _, actor = identify_event(
        uow_factory, account, admin_ids, clock=clock, display_name=display_name, chat=chat
    )
    return actor


def identify_event(
    uow_factory: UnitOfWorkFactory,
    account: Account,
    admin_ids: AdminIds = (),
    *,
    clock: Clock | None = None,
    display_name: str | None = None,
    chat: Address | None = None,
    event: tuple[str, str, datetime] | None = None,
) -> tuple[bool, Actor | None]:
    """``identify``, and whether ``event`` (platform, event id, ledger rows since) already took
    effect: every update asks both, so they are one statement (``MemberRepository.identify``).
    An event already handled returns ``(True, None)`` before anything is written."""
    admins = admin_accounts(admin_ids)
    with uow_factory() as uow:
        chat_text = chat.chat_address.text if chat is not None else None
        found = uow.members.identify(
            account.platform,
            account.external_id,
            listed=[(a.platform, a.external_id) for a in admins],
            state_of=(chat_text, account.text) if chat_text is not None else None,
            event=event,
        )
        if found.seen:
            return True, None
        if found.member_id is not None:
            is_admin = found.holds_listed_account or (
                found.role == "admin" and _made_by_admin_invite(uow, found.member_id)
            )
            if found.role == "admin" and not is_admin:
                member = uow.members.get(found.member_id)
                assert member is not None
                _end_membership(uow, member, clock.now() if clock else utcnow(), reason="admin_ids")
                uow.commit()
                return False, None
            return False, Actor(
                member_id=found.member_id,
                account=account,
                role=found.role,
                city=found.city,
                unit_id=found.unit_id,
                unit_name=found.unit_name,
                display_name=found.display_name,
                is_admin=is_admin,
                stateless_chat=chat_text if chat_text is not None and not found.has_state else None,
            )
        if account not in admins:
            return False, None
        now = clock.now() if clock else None
        member = uow.members.add(
            new_member(
                account,
                display_name=display_name or f"admin {account.external_id}",
                role="admin",
                **({"joined_at": now} if now else {}),
            )
        )
        uow.audit.record(
            at=member.joined_at,
            action="join",
            entity="member",
            entity_id=member.id,
            actor_member_id=member.id,
            actor_label="ADMIN_IDS",
            after={"role": "admin"},
        )
        uow.commit()
        return False, actor_of(uow, member, admins, account=account)


def ensure_units(uow_factory: UnitOfWorkFactory, cities: Mapping[str, Any] | Iterable[Any]) -> int:
    """Upsert a ``Unit`` row for every unit of the city files (``bot.core.cities.load_cities()``).

    Takes the loaded cities rather than loading them, so tests and other data sources can pass
    their own; returns how many units were new. Idempotent.
    """
    values = cities.values() if isinstance(cities, Mapping) else cities
    created = 0
    with uow_factory() as uow:
        for city in values:
            for spec in city.units:
                _, new = uow.units.upsert(
                    city=city.code,
                    name=spec.name,
                    kind=spec.kind,
                    is_pilot=bool(getattr(spec, "pilot", True)),
                )
                created += int(new)
        uow.commit()
    return created


def _load_cities() -> Mapping[str, Any]:
    """The city files, or nothing when they cannot be read (units then come from the table alone)."""
    try:
        from bot.core.cities import load_cities

        return load_cities()
    except Exception:  # a broken city file must not stop invites for units already in the table
        return {}


def _resolve_city(uow: UnitOfWork, city: str) -> str:
    wanted = city.strip()
    known = {u.city for u in uow.units.all()}
    if wanted in known:
        return wanted
    for code, data in _load_cities().items():
        names = {code, getattr(data, "name", code), *getattr(data, "aliases", ())}
        if wanted in names and code in known:
            return code
    raise UnknownCity("service.unknown_city", city=wanted)


def _resolve_unit(uow: UnitOfWork, city: str, unit_name: str) -> Unit:
    wanted = unit_name.strip()
    unit = uow.units.by_name(city, wanted)
    if unit is not None:
        return unit
    city_data = _load_cities().get(city)
    for spec in getattr(city_data, "units", ()):
        if wanted in getattr(spec, "aliases", ()):
            found = uow.units.by_name(city, spec.name)
            if found is not None:
                return found
    pilots = getattr(city_data, "pilot_units", ())
    examples = "、".join(  # one department and one district of this city, as the city file lists them
        next((u.name for u in pilots if u.kind == kind), "") for kind in ("department", "district")
    ).strip("、")
    raise UnknownUnit("service.unknown_unit", unit=wanted, city=_city_name(city), examples=examples)


def _city_name(code: str | None) -> str:
    """``zhuhai`` → ``珠海市``: users read the city's name, never its code."""
    found = _load_cities().get(code or "")
    return getattr(found, "name", code or "")


def hash_code(code: str) -> str:
    """What the database keeps of an invite code: SHA-256, hex.

    A plain fast hash suffices: codes are ~71 random bits (not guessable passwords), so a stolen
    table gives nothing to brute-force, and lookups stay one indexed equality.
    """
    return hashlib.sha256(code.encode()).hexdigest()


def _new_code(uow: UnitOfWork) -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if uow.invites.by_code_hash(hash_code(code)) is None:
            return code


def create_invite(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    *,
    city: str | None,
    unit_name: str | None,
    role: str,
    created_by: Account | None = None,
    admin_ids: AdminIds = (),
    ttl_days: int = INVITE_TTL_DAYS,
) -> InviteInfo:
    """A one-time code for ``t.me/<bot>?start=CODE``.

    ``created_by=None`` is the command line (trusted: whoever runs it owns the server).
    Otherwise admins may invite anyone anywhere; a coordinator may invite CDOs, staff and
    coordinators of their own city (``city`` defaults to theirs). CDOs and staff need a unit.
    """
    role = role_code(role)
    if role not in ROLES:
        raise ValidationFailed("access.invite.bad_role", role=role)
    if ttl_days < 1:
        raise ValidationFailed("access.invite.bad_ttl", days=ttl_days)
    now = clock.now()
    with uow_factory() as uow:
        creator: Actor | None = None
        if created_by is not None:
            creator = _creator(uow, created_by, admin_ids)
            city = city or creator.city
        if role in ROLES_NEEDING_UNIT and not unit_name:
            raise ValidationFailed("access.invite.unit_required", role=role)
        if role != "admin" and not city:
            raise ValidationFailed("access.invite.city_required")
        city_code = _resolve_city(uow, city) if city else None
        unit = _resolve_unit(uow, city_code, unit_name) if unit_name and city_code else None
        if creator is not None and not creator.is_admin and role == "admin":
            raise NotAuthorized("access.invite.admin_only")
        if creator is not None and not creator.is_admin and creator.city != city_code:
            raise NotAuthorized("access.invite.own_city_only", city=_city_name(creator.city))
        code = _new_code(uow)
        invite = uow.invites.add(
            Invite(
                code_hash=hash_code(code),
                city=city_code,
                unit_id=unit.id if unit else None,
                role=role,
                created_by=creator.member_id if creator else None,
                created_at=now,
                expires_at=now + timedelta(days=ttl_days),
            )
        )
        uow.audit.record(
            at=now,
            action="invite",
            entity="invite",
            entity_id=invite.id,
            actor_member_id=creator.member_id if creator else None,
            actor_label=creator.display_name if creator else "cli",
            after={
                "city": city_code,
                "unit": unit.name if unit else None,
                "role": role,
                "expires_at": invite.expires_at.isoformat(),
            },
        )
        uow.commit()
        return InviteInfo(
            invite_id=invite.id,
            code=code,
            city=city_code,
            unit_name=unit.name if unit else None,
            role=role,
            expires_at=invite.expires_at,
            reply=Reply(
                f"access.invite.created.{role}",
                {
                    "code": code,
                    "unit": unit.name if unit else "",
                    "days": ttl_days,
                },
            ),
        )


def _creator(uow: UnitOfWork, account: Account, admin_ids: AdminIds) -> Actor:
    admins = admin_accounts(admin_ids)
    member = uow.members.active_by_account(account.platform, account.external_id)
    if member is None:
        if account in admins:  # an admin who has not talked to the bot yet
            member = uow.members.add(
                new_member(account, display_name=f"admin {account.external_id}", role="admin")
            )
        else:
            raise NotAuthorized("access.invite.not_allowed")
    actor = actor_of(uow, member, admins, account=account)
    if not (actor.is_admin or actor.is_coordinator):
        raise NotAuthorized("access.invite.not_allowed")
    return actor


def join_with_code(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    *,
    code: str,
    account: Account,
    display_name: str,
    chat: Address | None,
    private_chat: bool = True,
    private_link: str | None = None,
) -> Joined:
    """Redeem a one-time invite. A user who was already a member moves to the invite's unit and role.

    Only in a private chat: the chat a member joins from becomes their delivery address, and a
    group's other members may belong to other units. In a group nothing is redeemed; the reply
    points to ``private_link`` (the adapter's deep link into a private chat with the bot).

    At most ``MAX_FAILED_JOINS`` wrong, used or expired codes per user within
    ``FAILED_JOIN_WINDOW``; each failure is audited and logged without the code.
    """
    now = clock.now()
    code = code.strip()
    if not private_chat:
        raise InvalidInvite("access.join.private_only", link=private_link or "")
    with uow_factory() as uow:
        failures = uow.audit.count_since(
            "join_attempt", account.text, "join_failed", now - FAILED_JOIN_WINDOW
        )
        if failures >= MAX_FAILED_JOINS:
            log.warning(
                "join attempt by user %s refused: %d failures within the window", account.text, failures
            )
            raise InvalidInvite(
                "access.invite.too_many", minutes=int(FAILED_JOIN_WINDOW.total_seconds() // 60)
            )
        invite = uow.invites.by_code_hash(hash_code(code)) if code else None
        problem = (
            "access.invite.unknown"
            if invite is None
            else "access.invite.used"
            if invite.used_at is not None
            else "access.invite.expired"
            if invite.expires_at <= now
            else None
        )
        if problem is not None:
            uow.audit.record(
                at=now,
                action="join_failed",
                entity="join_attempt",
                entity_id=account.text,
                actor_label=account.text,
                after={"reason": problem.rsplit(".", 1)[-1]},
            )
            uow.commit()
            log.warning("failed join attempt by user %s (%s)", account.text, problem.rsplit(".", 1)[-1])
            raise InvalidInvite(problem)
        assert invite is not None
        if invite.link_member_id is not None:
            return _link_account(uow, now, invite, account, chat)
        unit = uow.units.get(invite.unit_id) if invite.unit_id is not None else None

        previous_self = uow.members.active_by_account(account.platform, account.external_id)
        if previous_self is not None:
            _end_membership(uow, previous_self, now, reason="rejoin")
        replaced: Member | None = None
        if invite.role == "cdo" and unit is not None:
            replaced = uow.members.active_cdo(unit.id)
            if replaced is not None:
                _end_membership(uow, replaced, now, reason="handover")

        member = uow.members.add(
            new_member(
                account,
                display_name=display_name.strip()[:200] or account.external_id,
                city=invite.city,
                unit_id=invite.unit_id,
                role=invite.role,
                joined_at=now,
                chat_address=chat.chat_address.text if chat is not None else None,
            )
        )
        if not uow.invites.claim(invite, member.id, now):  # someone redeemed it a moment ago
            raise InvalidInvite("access.invite.used")
        if replaced is not None and unit is not None:
            _tell_about_handover(uow, now, unit, replaced, member)
        uow.audit.record(
            at=now,
            action="join",
            entity="member",
            entity_id=member.id,
            actor_member_id=member.id,
            actor_label=member.display_name,
            after={
                "invite_id": invite.id,
                "city": invite.city,
                "unit": unit.name if unit else None,
                "role": invite.role,
                "replaced_member_id": replaced.id if replaced else None,
            },
        )
        uow.commit()
        actor = actor_of(uow, member, account=account)
        key = f"access.joined.{invite.role}" + (".handover" if replaced is not None else "")
        return Joined(
            actor=actor,
            replaced_display_name=replaced.display_name if replaced else None,
            reply=Reply(
                key,
                {
                    "name": actor.display_name,
                    "unit": actor.unit_name or "",
                    "previous": replaced.display_name if replaced else "",
                },
            ),
        )


def create_link_code(uow_factory: UnitOfWorkFactory, clock: Clock, actor: Actor) -> Reply:
    """A one-time code that makes an account on another platform one more login of ``actor``.

    The same person on Telegram and on WeCom (粤政易) is one member with one unit and role: a
    second invite would make them a second member and, for a CDO, hand their own unit over to
    themselves. Redeemed with ``/link CODE`` (or ``/start CODE``) on the other platform.
    """
    now = clock.now()
    with uow_factory() as uow:
        member = uow.members.get(actor.member_id)
        if member is None or not member.active:
            raise NotAuthorized("access.link.inactive")
        code = _new_code(uow)
        invite = uow.invites.add(
            Invite(
                code_hash=hash_code(code),
                city=member.city,
                unit_id=member.unit_id,
                role=member.role,
                created_by=member.id,
                created_at=now,
                expires_at=now + LINK_LIFETIME,
                link_member_id=member.id,
            )
        )
        uow.audit.record(
            at=now,
            action="link_code",
            entity="invite",
            entity_id=invite.id,
            actor_member_id=member.id,
            actor_label=member.display_name,
            after={"member_id": member.id},
        )
        uow.commit()
    return Reply("access.link.code", {"code": code, "minutes": int(LINK_LIFETIME.total_seconds() // 60)})


def _link_account(
    uow: UnitOfWork, now: datetime, invite: Invite, account: Account, chat: Address | None
) -> Joined:
    """Redeem a link code: ``account`` becomes one more login of the code's member (and their chat
    the delivery address, since they are moving to this platform); nothing else of theirs changes."""
    member = uow.members.get(invite.link_member_id) if invite.link_member_id is not None else None
    if member is None or not member.active:
        raise InvalidInvite("access.link.inactive")
    holder = uow.members.active_by_account(account.platform, account.external_id)
    if holder is not None:
        raise InvalidInvite("access.link.same" if holder.id == member.id else "access.link.other_member")
    if not uow.invites.claim(invite, member.id, now):  # redeemed a moment ago
        raise InvalidInvite("access.invite.used")
    uow.members.add_account(member, account.platform, account.external_id, now)
    if chat is not None:
        member.chat_address = chat.chat_address.text
    uow.audit.record(
        at=now,
        action="link",
        entity="member",
        entity_id=member.id,
        actor_member_id=member.id,
        actor_label=member.display_name,
        after={"invite_id": invite.id, "account": account.text},
    )
    uow.commit()
    actor = actor_of(uow, member, account=account)
    return Joined(
        actor=actor,
        replaced_display_name=None,
        reply=Reply("access.link.done", {"name": actor.display_name, "unit": actor.unit_name or ""}),
    )


def _tell_about_handover(uow: UnitOfWork, now: datetime, unit: Unit, previous: Member, new: Member) -> None:
    """Queue the notices of a handover: the previous CDO, and every coordinator of the city.

    Through the reminder outbox (exactly once, survives a restart). The previous CDO's notice is
    marked ``former_member``: their membership has just ended, and the dispatcher still delivers it.
    """
    from bot.services.reminders import NOTICE_RULE

    city = unit.city
    day = now.astimezone(SHANGHAI).date().isoformat()
    params = {"unit": unit.name, "previous": previous.display_name, "new": new.display_name}
    recipients: list[tuple[Member, str, bool]] = []
    if previous.chat_address is not None:
        recipients.append((previous, "access.handover.told_previous", True))
    for coordinator in uow.members.active_in_city(city, roles=("coordinator",)):
        if coordinator.chat_address is not None and coordinator.id != new.id:
            recipients.append((coordinator, "access.handover.told_coordinator", False))
    for recipient, message, former in recipients:
        uow.outbox.add_if_absent(
            dedupe_key=f"{city}.{NOTICE_RULE}|handover|{new.id}|{recipient.id}",
            rule_key=NOTICE_RULE,
            period_key=day,
            kind="coordinator_prompt",
            due_at=now,
            member_id=recipient.id,
            chat_address=recipient.chat_address,
            payload={
                "city": city,
                "message": message,
                "params": params,
                "buttons": [],
                "notice": True,
                "stage": "notice",
                "former_member": former,
            },
        )


def _end_membership(uow: UnitOfWork, member: Member, now: datetime, *, reason: str) -> None:
    uow.members.deactivate(member, now)
    uow.outbox.cancel_pending(member_id=member.id)
    uow.audit.record(
        at=now,
        action="leave",
        entity="member",
        entity_id=member.id,
        actor_label=reason,
        before={"role": member.role, "unit_id": member.unit_id},
        after={"active": False, "reason": reason},
    )
