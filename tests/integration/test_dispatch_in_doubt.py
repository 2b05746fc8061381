"""Reminders in doubt (issue 11): a send that may have reached the recipient is never repeated.

A read time-out (Telegram may have accepted the message) and a worker that stopped while sending
leave the row *in doubt* instead of retrying it blindly; nobody is told about the same rule and
period twice on one day; a connect time-out (the request never left) is still retried."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import select
from telegram.error import TimedOut

from bot.core.address import Address
from bot.core.clock import SHANGHAI, FixedClock
from bot.core.i18n import translator
from bot.core.notifier import InDoubt, RecordingNotifier, RetryLater
from bot.core.replies import Reply
from bot.handlers.telegram_notifier import TelegramNotifier
from bot.services.reminders import dispatch_due
from storage.models import ReminderOutbox
from tests.integration._outbox_helpers import seed_zhuhai, tick

NINE = datetime(2026, 5, 15, 9, tzinfo=SHANGHAI)


class ScriptedNotifier(RecordingNotifier):
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


def cdo_rows(factory, member_id) -> list[ReminderOutbox]:
    with factory() as uow:
        return list(uow.session.scalars(select(ReminderOutbox).where(ReminderOutbox.member_id == member_id)))


def test_a_send_that_timed_out_waiting_for_the_answer_is_not_sent_again(sqlite_uow_factory) -> None:
    people = seed_zhuhai(sqlite_uow_factory)
    clock = FixedClock(NINE)
    notifier = ScriptedNotifier({1001: [InDoubt("TimedOut: read timeout")]})
    _, first = tick(sqlite_uow_factory, clock, notifier)
    assert first.in_doubt == 1 and first.sent >= 0
    for minutes in (1, 10, 60, 600):
        clock.advance(timedelta(minutes=minutes))
        tick(sqlite_uow_factory, clock, notifier)
    assert notifier.calls.count(1001) == 1
    [row] = [r for r in cdo_rows(sqlite_uow_factory, people.cdo.member_id) if r.payload.get("stage") == "14d"]
    assert row.status == "failed" and row.last_error.startswith("in doubt") and row.next_attempt_at is None


def test_a_worker_that_stopped_while_sending_leaves_the_row_in_doubt_not_resent(sqlite_uow_factory) -> None:
    people = seed_zhuhai(sqlite_uow_factory)
    clock = FixedClock(NINE)
    tick(sqlite_uow_factory, clock, RecordingNotifier(), batch=0)  # plan only
    with sqlite_uow_factory() as uow:  # a worker claimed the row and died (kill -9) before marking it
        claimed = uow.outbox.claim_due(clock.now(), 1, "dead-worker")
        uow.commit()
    assert claimed and claimed[0].member_id == people.cdo.member_id
    clock.advance(timedelta(minutes=10))
    notifier = RecordingNotifier()
    stats = asyncio.run(dispatch_due(sqlite_uow_factory, clock, notifier, worker_id="w2", offload=False))
    assert stats.released == 1
    assert 1001 not in [int(chat.chat) for chat, _ in notifier.sent]
    with sqlite_uow_factory() as uow:
        row = uow.outbox.get(claimed[0].id)
    assert row.status == "failed" and row.last_error.startswith("in doubt")


def test_nobody_is_told_about_the_same_rule_and_period_twice_on_one_day(sqlite_uow_factory) -> None:
    people = seed_zhuhai(sqlite_uow_factory)
    clock = FixedClock(NINE)
    notifier = RecordingNotifier()
    tick(sqlite_uow_factory, clock, notifier)
    told = [r for r in cdo_rows(sqlite_uow_factory, people.cdo.member_id) if r.status == "sent"]
    assert told
    first = told[0]
    with (
        sqlite_uow_factory() as uow
    ):  # a second row of the same rule and period (a re-plan, a moved deadline)
        uow.outbox.add_if_absent(
            dedupe_key=first.dedupe_key + "|again",
            rule_key=first.rule_key,
            period_key=first.period_key,
            kind=first.kind,
            due_at=clock.now(),
            member_id=first.member_id,
            chat_address=first.chat_address,
            payload=dict(first.payload),
        )
        uow.commit()
    before = len(notifier.sent)
    clock.advance(timedelta(hours=2))
    later = asyncio.run(dispatch_due(sqlite_uow_factory, clock, notifier, worker_id="w", offload=False))
    assert len(notifier.sent) == before and later.dropped == 1


@pytest.mark.parametrize(
    ("cause", "outcome"),
    [
        (httpx.ReadTimeout("read"), InDoubt),
        (httpx.WriteTimeout("write"), InDoubt),
        (httpx.ConnectTimeout("connect"), RetryLater),
        (httpx.PoolTimeout("pool"), RetryLater),
    ],
)
async def test_the_telegram_notifier_tells_a_lost_answer_from_a_request_that_never_left(
    cause, outcome
) -> None:
    class TimingOutBot:
        async def send_message(self, *args, **kwargs):
            raise TimedOut() from cause

    with pytest.raises(outcome):
        await TelegramNotifier(TimingOutBot(), translator()).send(Address.telegram(1001), Reply("bot.hint"))
