"""Reminders through Telegram, offline: the dispatch job sends via ``TelegramNotifier`` to the Bot API
emulator, real ``Update`` objects press the buttons, and the real services write to a SQLite file.

The application here is assembled from the access guard and this feature's ``register`` functions,
so the tests hold whatever ``bot.handlers.application`` wires around them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.core.address import Account, Address
from bot.core.clock import SHANGHAI
from bot.core.i18n import translator
from bot.core.notifier import InDoubt, RetryLater, Unreachable
from bot.core.replies import Reply
from bot.handlers.context import BotContext
from bot.handlers.telegram_notifier import TelegramNotifier
from bot.jobs.reminders import (
    DISPATCH_JOB,
    SYNC_JOB,
    dispatch_reminders,
    schedule_reminder_jobs,
    sync_reminders,
)
from bot.services.access import new_member
from storage.models import ReminderOutbox, ReportSubmission
from tests.adapters._offline import OfflineRequest
from tests.adapters._zhuhai import CDO, COORDINATOR, offline_application, zhuhai_app
from tests.e2e.emulator import BotApiEmulator, button_data

NINE = datetime(2026, 5, 15, 9, tzinfo=SHANGHAI)
# PTB itself reads RetryAfter.retry_after while handling a 429 and warns about its coming type change.
pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
def emulator() -> BotApiEmulator:
    return BotApiEmulator()


@pytest.fixture
def app_context(sqlite_url: str):
    app = zhuhai_app(sqlite_url, NINE)
    yield app
    app.close()


@pytest.fixture
async def application(emulator: BotApiEmulator, app_context) -> AsyncIterator[Any]:
    app = offline_application(app_context, OfflineRequest(emulator))
    async with app:
        yield app


async def run_jobs(application: Any) -> None:
    """One tick of each job, as at start-up."""
    await sync_reminders(BotContext(application))
    await dispatch_reminders(BotContext(application))


async def deliver(application: Any, emulator: BotApiEmulator) -> None:
    while emulator._updates:
        await application.process_update(Update.de_json(emulator._updates.pop(0), application.bot))


async def say(application: Any, emulator: BotApiEmulator, user: dict[str, Any], text: str) -> list[str]:
    before = len(emulator.bot_messages(user["id"]))
    emulator.send_text(user, text)
    await deliver(application, emulator)
    return [m.get("text", "") for m in emulator.bot_messages(user["id"])[before:]]


def outbox(app_context) -> list[ReminderOutbox]:
    with app_context.uow() as uow:
        return list(uow.session.scalars(select(ReminderOutbox).order_by(ReminderOutbox.id)))


async def test_the_dispatch_job_sends_a_reminder_with_buttons_and_done_records_the_submission(
    application: Any, emulator: BotApiEmulator, app_context
) -> None:
    await run_jobs(application)
    [message] = emulator.bot_messages(CDO["id"])
    assert "首席数据官工作总结报告将于5月31日截止" in message["text"]
    assert "依据：《珠海市首席数据官制度试点实施方案》" in message["text"]
    data = button_data(message, "已完成")
    assert data.startswith("rem:done:") and len(data.encode()) <= 64

    query = emulator.press(CDO, message, data)
    await deliver(application, emulator)
    assert "已记录" in emulator.callback_answers[query]["text"]
    assert "reply_markup" not in emulator.messages[(CDO["id"], message["message_id"])]
    with app_context.uow() as uow:
        [submission] = uow.session.scalars(select(ReportSubmission)).all()
    assert (submission.rule_key, submission.period_key) == ("summary_report", "2026-05-31")


async def test_someone_else_pressing_a_reminder_button_is_told_it_is_not_theirs(
    application: Any, emulator: BotApiEmulator, app_context
) -> None:
    await run_jobs(application)
    [message] = emulator.bot_messages(CDO["id"])
    query = emulator.press(COORDINATOR, message, button_data(message, "已完成"))
    await deliver(application, emulator)
    assert emulator.callback_answers[query]["text"] == "这条提醒不是发给您的。"
    assert emulator.callback_answers[query]["show_alert"] is True
    assert [r.status for r in outbox(app_context)] == ["sent"]


async def test_snooze_offers_two_choices_and_tomorrow_queues_the_next_working_day(
    application: Any, emulator: BotApiEmulator, app_context
) -> None:
    await run_jobs(application)
    [message] = emulator.bot_messages(CDO["id"])
    emulator.press(CDO, message, button_data(message, "稍后提醒"))
    await deliver(application, emulator)
    message = emulator.messages[(CDO["id"], message["message_id"])]
    query = emulator.press(CDO, message, button_data(message, "明天"))
    await deliver(application, emulator)
    assert (
        emulator.callback_answers[query]["text"] == "⏰ 好的，将于5月18日 09:00 再次提醒。"
    )  # Friday → Monday
    assert [(r.status, r.due_at) for r in outbox(app_context)][-1] == (
        "pending",
        datetime(2026, 5, 18, 9, tzinfo=SHANGHAI),
    )


async def test_a_user_who_blocked_the_bot_is_marked_and_the_coordinator_told_once(
    application: Any, emulator: BotApiEmulator, app_context
) -> None:
    emulator.blocked_by.add(CDO["id"])
    await run_jobs(application)
    await run_jobs(application)
    notices = [m["text"] for m in emulator.bot_messages(COORDINATOR["id"])]
    assert len(notices) == 1 and "香洲区首席数据官（香洲区）已屏蔽机器人" in notices[0]
    with app_context.uow() as uow:
        assert uow.members.active_by_account("telegram", str(CDO["id"])).unreachable_since is not None


async def test_flood_control_becomes_a_retry_after_the_servers_wait(
    application: Any, emulator: BotApiEmulator, app_context
) -> None:
    emulator.flood_wait = 42
    await run_jobs(application)
    [row] = outbox(app_context)
    assert row.status == "failed" and row.next_attempt_at == NINE + timedelta(seconds=42)
    assert emulator.bot_messages(CDO["id"]) == []


class StubBot:
    def __init__(self, error: Exception) -> None:
        self.error = error

    async def send_message(self, *args: Any, **kwargs: Any) -> Any:
        raise self.error


@pytest.mark.parametrize(
    ("error", "outcome"),
    [
        (RetryAfter(timedelta(seconds=7)), RetryLater),
        (TimedOut(), InDoubt),  # no answer came: Telegram may have accepted it (issue 11)
        (NetworkError("Bad Gateway"), RetryLater),
        (Forbidden("Forbidden: user is deactivated"), Unreachable),
        (BadRequest("Chat not found"), Unreachable),
    ],
)
async def test_telegram_errors_become_the_notifier_outcomes(error: Exception, outcome: type) -> None:
    notifier = TelegramNotifier(StubBot(error), translator())  # type: ignore[arg-type]
    with pytest.raises(outcome) as caught:
        await notifier.send(Address.telegram(1), Reply("reminder.action.stale"))
    if isinstance(error, RetryAfter):
        assert caught.value.retry_after == 7


async def test_any_other_bad_request_is_a_bug_and_propagates() -> None:
    notifier = TelegramNotifier(StubBot(BadRequest("Can't parse entities")), translator())  # type: ignore[arg-type]
    with pytest.raises(BadRequest):
        await notifier.send(Address.telegram(1), Reply("reminder.action.stale"))


async def test_reminder_jobs_have_stable_names_and_registering_twice_keeps_one_of_each(
    application: Any,
) -> None:
    schedule_reminder_jobs(application)
    schedule_reminder_jobs(application)
    jobs = [j for j in application.job_queue.jobs() if j.name in (SYNC_JOB, DISPATCH_JOB) and not j.removed]
    assert sorted(j.name for j in jobs) == [DISPATCH_JOB, SYNC_JOB]
    # A second dispatch tick may start while a long drain runs: it sees the drain and returns.
    instances = {SYNC_JOB: 1, DISPATCH_JOB: 2}
    for job in jobs:
        assert (job.job.coalesce, job.job.max_instances, job.job.misfire_grace_time) == (
            True,
            instances[job.name],
            300,
        )


async def test_one_dispatch_tick_drains_everything_due_and_a_tick_meanwhile_sends_nothing(
    application: Any, emulator: BotApiEmulator, app_context
) -> None:
    """A busy morning goes out in one drain, not 200 per 30-second tick with idle gaps between."""
    with app_context.uow() as uow:
        for i in range(250):
            member = uow.members.add(
                new_member(
                    Account.telegram(900_000 + i),
                    display_name=f"cdo {i}",
                    city=None,  # not planned for: only the rows below are due
                    role="cdo",
                    chat_address=Address.telegram(900_000 + i).text,
                )
            )
            uow.outbox.add_if_absent(
                dedupe_key=f"test.drain|p|0d|{member.id}",
                rule_key="drain",
                period_key="p",
                kind="deadline",
                due_at=NINE - timedelta(minutes=1),
                member_id=member.id,
                chat_address=member.chat_address,
                payload={"message": "reminder.action.stale", "params": {}, "buttons": []},
            )
        uow.commit()
    await asyncio.gather(
        dispatch_reminders(BotContext(application)), dispatch_reminders(BotContext(application))
    )
    sent = [c.params["chat_id"] for c in emulator.method_calls("sendMessage")]
    assert sorted(c for c in sent if c >= 900_000) == list(range(900_000, 900_250))  # all, each once
    assert not [r for r in outbox(app_context) if r.rule_key == "drain" and r.status != "sent"]


async def test_a_coordinator_adds_a_deadline_in_chat_and_a_cdo_may_not(
    application: Any, emulator: BotApiEmulator, app_context
) -> None:
    [added] = await say(application, emulator, COORDINATOR, "/deadline add 2026-12-15 数据安全专项报告")
    assert added.startswith("✅ 已新增截止日期 1：数据安全专项报告，12月15日截止")
    [refused] = await say(application, emulator, CDO, "/deadline add 2026-12-20 另一个报告")
    assert "只有本市的统筹协调人员或管理员" in refused
    [listing] = await say(application, emulator, CDO, "/deadline")  # a CDO sees no ids, no commands
    assert "12月15日　数据安全专项报告＊" in listing and "summary_report@" not in listing
    assert "/deadline move" not in listing
    [listing] = await say(application, emulator, COORDINATOR, "/deadline")
    assert "1　12月15日　数据安全专项报告＊" in listing and "summary_report@2026-05-31　5月31日" in listing
    with app_context.uow() as uow:
        assert [a.action for a in uow.audit.of_entity("deadline", 1)] == ["create"]


async def test_a_meeting_scheduled_in_chat_can_be_listed_exported_and_cancelled(
    application: Any, emulator: BotApiEmulator
) -> None:
    [added] = await say(
        application, emulator, COORDINATOR, "/schedule 6月10日下午3点 首席数据官沟通交流会 @市民中心"
    )
    assert "6月10日 15:00" in added and "市民中心" in added
    [listing] = await say(application, emulator, CDO, "/schedule")
    assert "1　6月10日 15:00　首席数据官沟通交流会　@市民中心" in listing
    emulator.send_text(CDO, "/schedule ics 1")
    await deliver(application, emulator)
    [call] = emulator.method_calls("sendDocument")
    assert call.params["chat_id"] in (CDO["id"], str(CDO["id"]))
    [cancelled] = await say(application, emulator, COORDINATOR, "/schedule cancel 1")
    assert "已取消会议 1" in cancelled


async def test_settings_card_buttons_change_the_hour_and_away_is_set_by_text(
    application: Any, emulator: BotApiEmulator, app_context
) -> None:
    [card] = await say(application, emulator, CDO, "/settings")
    assert "提醒时间：每天 9:00" in card
    message = emulator.bot_messages(CDO["id"])[-1]
    emulator.press(CDO, message, button_data(message, "8点"))
    await deliver(application, emulator)
    assert "提醒时间：每天 8:00" in emulator.messages[(CDO["id"], message["message_id"])]["text"]
    [away] = await say(application, emulator, CDO, "/settings away 5月20日 5月24日")
    assert "出差/休假：2026-05-20 至 2026-05-24" in away
    with app_context.uow() as uow:
        member = uow.members.active_by_account("telegram", str(CDO["id"]))
    assert (member.reminder_hour, member.away_from, member.away_until) == (
        8,
        date(2026, 5, 20),
        date(2026, 5, 24),
    )
