"""A Telegram and a WeCom process share one outbox: each claims only its own platform's rows."""

from __future__ import annotations

import asyncio
from datetime import datetime

from sqlalchemy import select

from bot.core.address import Account, Address
from bot.core.clock import SHANGHAI, FixedClock
from bot.core.notifier import RecordingNotifier
from bot.services.access import new_member
from bot.services.reminders import dispatch_due, sync_outbox
from storage.models import ReminderOutbox
from tests.integration._outbox_helpers import UNIT, seed_zhuhai, zhuhai_only

NINE = datetime(2026, 5, 15, 9, tzinfo=SHANGHAI)
"""The 14-day reminder of the 31 May report goes out on Friday 15 May at 09:00."""


def add_wecom_cdo(uow_factory, userid: str) -> None:
    with uow_factory() as uow:
        unit = uow.units.by_name("zhuhai", UNIT)
        uow.members.add(
            new_member(
                Account("wecom", userid),
                display_name="企业微信首席数据官",
                city="zhuhai",
                unit_id=unit.id,
                role="cdo",
                chat_address=Address("wecom", userid).text,
            )
        )
        uow.commit()


def dispatch(uow_factory, clock, platforms):
    notifier = RecordingNotifier()
    stats = asyncio.run(
        dispatch_due(
            uow_factory, clock, notifier, worker_id=f"w-{platforms}", offload=False, platforms=platforms
        )
    )
    return notifier, stats


def test_each_platforms_process_sends_only_its_own_rows_and_none_twice(uow_factory) -> None:
    seed_zhuhai(uow_factory)
    add_wecom_cdo(uow_factory, "zhangsan")
    clock = FixedClock(NINE)
    sync_outbox(uow_factory, clock, zhuhai_only())

    wecom, _ = dispatch(uow_factory, clock, ("wecom",))
    assert wecom.sent and {chat.platform for chat, _ in wecom.sent} == {"wecom"}
    with uow_factory() as uow:
        waiting = uow.session.scalars(select(ReminderOutbox).where(ReminderOutbox.status == "pending")).all()
        assert waiting and all(
            row.chat_address is None or row.chat_address.startswith("telegram:") for row in waiting
        )

    telegram, _ = dispatch(uow_factory, clock, ("telegram",))
    assert telegram.sent and {chat.platform for chat, _ in telegram.sent} == {"telegram"}
    again_wecom, _ = dispatch(uow_factory, clock, ("wecom",))
    again_telegram, _ = dispatch(uow_factory, clock, ("telegram",))
    assert again_wecom.sent == [] and again_telegram.sent == []
    with uow_factory() as uow:
        statuses = set(
            uow.session.scalars(select(ReminderOutbox.status).where(ReminderOutbox.due_at <= NINE))
        )
    assert statuses <= {"sent", "cancelled"}  # nothing dropped as "no transport for this platform"
