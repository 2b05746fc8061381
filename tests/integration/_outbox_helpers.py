"""Helpers of the outbox/dispatch tests: a Zhuhai unit with its CDO and a coordinator, and one tick."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from bot.core.address import Account, Address
from bot.core.cities import load_cities
from bot.core.clock import FixedClock
from bot.services.access import Actor, actor_of, ensure_units, new_member
from bot.services.reminders import DispatchStats, SyncStats, dispatch_due, sync_outbox

UNIT = "香洲区"


@dataclass(frozen=True)
class People:
    cdo: Actor
    coordinator: Actor


def zhuhai_only():
    return {"zhuhai": load_cities()["zhuhai"]}


def add_member(
    uow_factory,
    *,
    user_id: int,
    name: str,
    role: str,
    unit: str | None,
    city: str = "zhuhai",
    joined: datetime | None = None,
) -> Actor:
    with uow_factory() as uow:
        unit_row = uow.units.by_name(city, unit) if unit else None
        member = uow.members.add(
            new_member(
                Account.telegram(user_id),
                display_name=name,
                city=city,
                unit_id=unit_row.id if unit_row else None,
                role=role,
                chat_address=Address.telegram(user_id).text,
                **({"joined_at": joined} if joined else {}),
            )
        )
        uow.commit()
        return actor_of(uow, member)


def seed_zhuhai(uow_factory) -> People:
    ensure_units(uow_factory, load_cities())
    cdo = add_member(uow_factory, user_id=1001, name="香洲区首席数据官", role="cdo", unit=UNIT)
    coordinator = add_member(
        uow_factory, user_id=2001, name="政数局统筹", role="coordinator", unit="市政务服务数据管理局"
    )
    return People(cdo, coordinator)


def tick(
    uow_factory, clock: FixedClock, notifier, cities=None, **dispatch
) -> tuple[SyncStats, DispatchStats]:
    synced = sync_outbox(uow_factory, clock, cities or zhuhai_only())
    sent = asyncio.run(
        dispatch_due(uow_factory, clock, notifier, worker_id="test", offload=False, **dispatch)
    )
    return synced, sent


def seed_due_reminders(uow_factory, addresses: list[Address], *, rule: str = "bench") -> list[int]:
    """One member per address (no city, so the planner adds nothing), each with one reminder due now.

    For fan-out tests and benchmarks: the rows are what a morning's deadline leaves in the outbox.
    """
    from datetime import UTC, timedelta

    due = datetime.now(UTC) - timedelta(minutes=1)
    with uow_factory() as uow:
        members = [
            new_member(
                Account(address.platform, address.chat),
                display_name=f"cdo {i}",
                city=None,
                role="cdo",
                chat_address=address.text,
            )
            for i, address in enumerate(addresses)
        ]
        uow.session.add_all(members)
        uow.session.flush()
        for member in members:
            uow.outbox.add_if_absent(
                dedupe_key=f"{rule}|p|0d|{member.id}",
                rule_key=rule,
                period_key="p",
                kind="deadline",
                due_at=due,
                member_id=member.id,
                chat_address=member.chat_address,
                payload={"message": "reminder.action.stale", "params": {}, "buttons": []},
            )
        uow.commit()
        return [m.id for m in members]
