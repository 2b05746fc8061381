"""Delivery failures and downtime: flood control, blocked users, late rows after an outage."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.core.address import Address
from bot.core.clock import SHANGHAI, FixedClock
from bot.core.notifier import RecordingNotifier, RetryLater, Unreachable
from bot.services.reminders import MAX_ATTEMPTS, backoff, dispatch_due, sync_outbox
from storage.models import ReminderOutbox
from tests.integration._outbox_helpers import seed_zhuhai, tick, zhuhai_only

NINE = datetime(2026, 5, 15, 9, tzinfo=SHANGHAI)
"""The 14-day reminder of the 31 May report goes out on Friday 15 May at 09:00."""


class ScriptedNotifier(RecordingNotifier):
    """Raises the scripted errors for a chat, in order, then delivers."""

    def __init__(self, failures: dict[int, list[Exception]]) -> None:
        super().__init__()
        self.failures = failures
        self.calls: list[int] = []

    async def send(self, chat, reply):
        self.calls.append(int(chat.chat))
        queue = self.failures.get(int(chat.chat), [])
        if queue:
            raise queue.pop(0)
        return await super().send(chat, reply)


def dispatch(uow_factory, clock, notifier, **kw):
    return asyncio.run(dispatch_due(uow_factory, clock, notifier, worker_id="t", offload=False, **kw))


def rows(uow_factory) -> list[ReminderOutbox]:
    with uow_factory() as uow:
        return list(uow.session.scalars(select(ReminderOutbox).order_by(ReminderOutbox.id)))


def test_backoff_doubles_from_thirty_seconds_caps_at_an_hour_and_honours_retry_after() -> None:
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff(20) == timedelta(hours=1)
    assert backoff(1, retry_after=90) == timedelta(seconds=90)
    assert backoff(3, retry_after=5) == timedelta(seconds=120)


def test_flood_control_retry_after_is_waited_out_and_the_reminder_goes_once(sqlite_uow_factory) -> None:
    people = seed_zhuhai(sqlite_uow_factory)
    clock = FixedClock(NINE)
    notifier = ScriptedNotifier({1001: [RetryLater("429 Too Many Requests", retry_after=90)]})
    synced, first = tick(sqlite_uow_factory, clock, notifier)
    assert synced.added >= 1 and (first.sent, first.retried) == (0, 1)

    clock.advance(timedelta(seconds=89))
    _, early = tick(sqlite_uow_factory, clock, notifier)
    assert early.sent == 0 and notifier.calls == [1001]  # not before retry_after

    clock.advance(timedelta(seconds=1))
    _, later = tick(sqlite_uow_factory, clock, notifier)
    _, again = tick(sqlite_uow_factory, clock, notifier)
    assert later.sent == 1 and again.sent == 0
    assert [int(chat.chat) for chat, _ in notifier.sent] == [1001]
    (row,) = [r for r in rows(sqlite_uow_factory) if r.member_id == people.cdo.member_id]
    assert (row.status, row.attempts, row.payload["stage"]) == ("sent", 2, "14d")


def test_a_reminder_that_keeps_hitting_flood_control_fails_after_the_last_attempt(sqlite_uow_factory) -> None:
    seed_zhuhai(sqlite_uow_factory)
    clock = FixedClock(NINE)
    notifier = ScriptedNotifier({1001: [RetryLater("timed out") for _ in range(MAX_ATTEMPTS + 3)]})
    sync_outbox(sqlite_uow_factory, clock, zhuhai_only())
    for _ in range(MAX_ATTEMPTS + 3):
        dispatch(sqlite_uow_factory, clock, notifier)
        clock.advance(timedelta(hours=1))
    assert notifier.calls == [1001] * MAX_ATTEMPTS
    (row,) = rows(sqlite_uow_factory)
    assert row.status == "failed" and row.next_attempt_at is None and row.attempts == MAX_ATTEMPTS
    assert "gave up" in row.last_error


def test_a_blocked_cdo_is_marked_unreachable_their_coordinator_told_once_and_nothing_more_tried(
    sqlite_uow_factory,
) -> None:
    people = seed_zhuhai(sqlite_uow_factory)
    # The 29 May reminder day: the CDO's 0d reminder and the coordinator's list of missing units.
    clock = FixedClock(datetime(2026, 5, 28, 9, tzinfo=SHANGHAI))
    notifier = ScriptedNotifier({1001: [Unreachable("Forbidden: bot was blocked by the user")]})
    _, stats = tick(sqlite_uow_factory, clock, notifier)
    assert stats.unreachable == 1

    for hours in (1, 24, 25, 48):
        clock.set(datetime(2026, 5, 28, 9, tzinfo=SHANGHAI) + timedelta(hours=hours))
        tick(sqlite_uow_factory, clock, notifier)

    assert notifier.calls.count(1001) == 1  # never tried again
    notices = [r for _, r in notifier.sent if r.key == "reminder.delivery.unreachable"]
    assert len(notices) == 1 and notices[0].params["unit"] == "香洲区"
    assert [int(chat.chat) for chat, r in notifier.sent if r.key == "reminder.delivery.unreachable"] == [2001]
    with sqlite_uow_factory() as uow:
        member = uow.members.get(people.cdo.member_id)
        assert member.unreachable_since == datetime(2026, 5, 28, 9, tzinfo=SHANGHAI)
        audit = uow.audit.of_entity("member", people.cdo.member_id)
    assert [a.action for a in audit] == ["unreachable"]
    cdo_rows = [r for r in rows(sqlite_uow_factory) if r.member_id == people.cdo.member_id]
    # The 3d of 28 May was refused; the 0d of 29 May, already in the outbox, was cancelled unsent.
    assert [(r.payload["stage"], r.status) for r in cdo_rows] == [("3d", "dropped"), ("0d", "cancelled")]


def test_after_downtime_an_hour_late_reminder_goes_once_and_a_three_day_late_one_is_dropped(
    sqlite_uow_factory, caplog
) -> None:
    people = seed_zhuhai(sqlite_uow_factory)
    # Planned on Wednesday 13 May: the 14d reminder of Friday 15 May 09:00 is already in the outbox.
    clock = FixedClock(datetime(2026, 5, 13, 12, tzinfo=SHANGHAI))
    sync_outbox(sqlite_uow_factory, clock, zhuhai_only())
    assert [r.payload["stage"] for r in rows(sqlite_uow_factory)] == ["14d"]

    # Down until Monday 18 May 09:30: three days late, past the 12 h grace.
    clock.set(datetime(2026, 5, 18, 9, 30, tzinfo=SHANGHAI))
    notifier = RecordingNotifier()
    with caplog.at_level(logging.WARNING, logger="bot.services.reminders"):
        stats = dispatch(sqlite_uow_factory, clock, notifier)
    assert stats.dropped == 1 and notifier.sent == []
    assert any("late by" in m for m in caplog.messages)
    (dropped,) = rows(sqlite_uow_factory)
    assert dropped.status == "dropped" and "grace" in dropped.last_error

    # The 3d reminder of Thursday 28 May 09:00, with the bot back at 10:00: an hour late, sent once.
    clock.set(datetime(2026, 5, 28, 10, tzinfo=SHANGHAI))
    tick(sqlite_uow_factory, clock, notifier)
    tick(sqlite_uow_factory, clock, notifier)
    clock.advance(timedelta(minutes=5))
    tick(sqlite_uow_factory, clock, notifier)
    assert [(int(chat.chat), r.key) for chat, r in notifier.sent] == [(1001, "reminder.deadline")]
    late = [r for r in rows(sqlite_uow_factory) if r.status == "sent"]
    assert [(r.payload["stage"], r.member_id) for r in late] == [("3d", people.cdo.member_id)]
    assert late[0].sent_at - late[0].due_at == timedelta(hours=1)


def test_sync_twice_and_in_a_second_process_adds_nothing_new(sqlite_uow_factory) -> None:
    seed_zhuhai(sqlite_uow_factory)
    clock = FixedClock(datetime(2026, 5, 28, 8, tzinfo=SHANGHAI))
    first = sync_outbox(sqlite_uow_factory, clock, zhuhai_only())
    second = sync_outbox(sqlite_uow_factory, clock, zhuhai_only())
    assert first.added == 3 and second.added == 0 and second.cancelled == 0
    assert len(rows(sqlite_uow_factory)) == 3


def test_delivered_messages_carry_the_outbox_id_in_their_buttons(sqlite_uow_factory) -> None:
    seed_zhuhai(sqlite_uow_factory)
    notifier = RecordingNotifier()
    tick(sqlite_uow_factory, FixedClock(NINE), notifier)
    ((chat, reply),) = notifier.sent
    (row,) = rows(sqlite_uow_factory)
    assert chat == Address.telegram(1001)
    assert [[c.data for c in r] for r in reply.choices] == [[f"rem:done:{row.id}", f"rem:snooze:{row.id}"]]
    assert all(len(c.data.encode()) <= 64 for r in reply.choices for c in r)
