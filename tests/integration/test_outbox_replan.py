"""The outbox follows the database: re-planning cancels, revives and refreshes pending rows; buttons act."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from bot.core.clock import SHANGHAI, FixedClock
from bot.core.i18n import translator
from bot.core.notifier import RecordingNotifier
from bot.services import schedule, settings
from bot.services.activity import record_report_submission
from bot.services.reminders import press_reminder_button, sync_outbox
from storage.models import ReminderOutbox
from tests.integration._outbox_helpers import add_member, seed_zhuhai, tick, zhuhai_only


def outbox(uow_factory) -> dict[str, tuple[str, str]]:
    """dedupe key → (status, stage)."""
    with uow_factory() as uow:
        return {
            r.dedupe_key: (r.status, r.payload.get("stage", ""))
            for r in uow.session.scalars(select(ReminderOutbox))
        }


def cdo_statuses(uow_factory, member_id: int) -> dict[str, str]:
    return {k.split("|")[2]: s for k, (s, _) in outbox(uow_factory).items() if k.endswith(f"|{member_id}")}


def test_a_submission_recorded_elsewhere_cancels_the_pending_reminders_of_that_period(uow_factory) -> None:
    people = seed_zhuhai(uow_factory)
    clock = FixedClock(datetime(2026, 5, 28, 8, tzinfo=SHANGHAI))
    sync_outbox(uow_factory, clock, zhuhai_only())
    assert cdo_statuses(uow_factory, people.cdo.member_id) == {"3d": "pending", "0d": "pending"}

    record_report_submission(
        uow_factory,
        clock,
        people.cdo,
        period_key="2026-05-31",
        title="上半年工作总结报告",
        rule_key="summary_report",
    )
    stats = sync_outbox(uow_factory, clock, zhuhai_only())
    assert stats.cancelled == 2
    assert cdo_statuses(uow_factory, people.cdo.member_id) == {"3d": "cancelled", "0d": "cancelled"}
    # The coordinator's list of 29 May is still due, and no longer names 香洲区.
    with uow_factory() as uow:
        (missing,) = [
            r for r in uow.session.scalars(select(ReminderOutbox)) if r.payload["stage"] == "missing"
        ]
    assert missing.status == "pending" and "香洲区" not in missing.payload["params"]["missing_units"]


def test_going_away_cancels_reminders_and_coming_back_early_revives_them(uow_factory) -> None:
    people = seed_zhuhai(uow_factory)
    clock = FixedClock(datetime(2026, 5, 28, 8, tzinfo=SHANGHAI))
    sync_outbox(uow_factory, clock, zhuhai_only())
    settings.set_away(uow_factory, clock, people.cdo, date(2026, 5, 28), date(2026, 6, 2))
    sync_outbox(uow_factory, clock, zhuhai_only())
    assert cdo_statuses(uow_factory, people.cdo.member_id) == {"3d": "cancelled", "0d": "cancelled"}
    settings.set_away(uow_factory, clock, people.cdo, None, None)
    stats = sync_outbox(uow_factory, clock, zhuhai_only())
    assert stats.revived == 2
    assert cdo_statuses(uow_factory, people.cdo.member_id) == {"3d": "pending", "0d": "pending"}


def test_a_new_reminder_hour_moves_pending_reminders(uow_factory) -> None:
    people = seed_zhuhai(uow_factory)
    clock = FixedClock(datetime(2026, 5, 28, 7, tzinfo=SHANGHAI))
    sync_outbox(uow_factory, clock, zhuhai_only())
    settings.set_reminder_hour(uow_factory, clock, people.cdo, 15)
    sync_outbox(uow_factory, clock, zhuhai_only())
    with uow_factory() as uow:
        hours = {
            r.payload["stage"]: r.due_at.astimezone(SHANGHAI).hour
            for r in uow.session.scalars(
                select(ReminderOutbox).where(ReminderOutbox.member_id == people.cdo.member_id)
            )
        }
    assert hours == {"3d": 15, "0d": 15}


def test_cancelling_a_meeting_cancels_its_pending_reminders_at_once(uow_factory) -> None:
    people = seed_zhuhai(uow_factory)
    city = zhuhai_only()["zhuhai"]
    clock = FixedClock(datetime(2026, 9, 13, 20, tzinfo=SHANGHAI))  # horizon: 15 Sep 20:00
    changed = schedule.schedule_meeting(
        uow_factory,
        clock,
        people.coordinator,
        city=city,
        text="9月15日下午3点 首席数据官沟通交流会 @市民中心",
    )
    sync_outbox(uow_factory, clock, zhuhai_only())
    stages = sorted(s for k, (st, s) in outbox(uow_factory).items() if "meeting-" in k)
    assert stages == ["1d", "2h", "signin"]
    schedule.cancel_meeting(uow_factory, clock, people.coordinator, city=city, meeting_id=int(changed.ident))
    assert {st for k, (st, _) in outbox(uow_factory).items() if "meeting-" in k} == {"cancelled"}
    sync_outbox(uow_factory, clock, zhuhai_only())
    assert {st for k, (st, _) in outbox(uow_factory).items() if "meeting-" in k} == {"cancelled"}


def test_only_the_recipient_may_press_and_an_unknown_id_says_so(uow_factory) -> None:
    people = seed_zhuhai(uow_factory)
    clock = FixedClock(datetime(2026, 5, 15, 9, tzinfo=SHANGHAI))
    tick(uow_factory, clock, RecordingNotifier())
    (row_id,) = [int(k) for k in _ids(uow_factory)]
    other = press_reminder_button(
        uow_factory, clock, member_id=people.coordinator.member_id, data=f"rem:done:{row_id}"
    )
    assert other.toast.key == "reminder.action.not_yours"
    unknown = press_reminder_button(
        uow_factory, clock, member_id=people.cdo.member_id, data="rem:done:999999"
    )
    assert unknown.toast.key == "reminder.action.stale"
    garbage = press_reminder_button(uow_factory, clock, member_id=people.cdo.member_id, data="rem:done:x")
    assert garbage.toast.key == "reminder.action.stale"


def _ids(uow_factory) -> list[int]:
    with uow_factory() as uow:
        return [r.id for r in uow.session.scalars(select(ReminderOutbox))]


def test_snooze_two_hours_sends_the_same_reminder_again_once(uow_factory) -> None:
    people = seed_zhuhai(uow_factory)
    clock = FixedClock(datetime(2026, 5, 15, 9, tzinfo=SHANGHAI))
    notifier = RecordingNotifier()
    tick(uow_factory, clock, notifier)
    (row_id,) = _ids(uow_factory)
    menu = press_reminder_button(
        uow_factory, clock, member_id=people.cdo.member_id, data=f"rem:snooze:{row_id}"
    )
    assert [[c.data for c in r] for r in menu.keyboard] == [
        [f"rem:snooze:2h:{row_id}", f"rem:snooze:tomorrow:{row_id}"]
    ]
    clock.advance(timedelta(minutes=3))
    for _ in range(2):  # a double press snoozes once
        done = press_reminder_button(
            uow_factory, clock, member_id=people.cdo.member_id, data=f"rem:snooze:2h:{row_id}"
        )
    assert done.toast.key == "reminder.action.snoozed" and done.toast.params["time"] == "11:03"
    clock.advance(timedelta(hours=1, minutes=59))
    tick(uow_factory, clock, notifier)
    assert len(notifier.sent) == 1
    clock.advance(timedelta(minutes=1))
    tick(uow_factory, clock, notifier)
    tick(uow_factory, clock, notifier)
    assert [r.key for _, r in notifier.sent] == ["reminder.deadline", "reminder.deadline"]
    assert outbox(uow_factory)["zhuhai.summary_report|2026-05-31|14d|1|snooze|1"] == ("sent", "14d")


def test_done_on_a_quota_nudge_dismisses_that_year_for_that_person(uow_factory) -> None:
    people = seed_zhuhai(uow_factory)
    other = add_member(uow_factory, user_id=1002, name="金湾区首席数据官", role="cdo", unit="金湾区")
    clock = FixedClock(datetime(2026, 6, 30, 9, tzinfo=SHANGHAI))
    notifier = RecordingNotifier()
    tick(uow_factory, clock, notifier)
    with uow_factory() as uow:
        (quota,) = [
            r
            for r in uow.session.scalars(select(ReminderOutbox))
            if r.member_id == people.cdo.member_id and r.rule_key == "training_quota"
        ]
    result = press_reminder_button(
        uow_factory, clock, member_id=people.cdo.member_id, data=f"rem:done:{quota.id}"
    )
    assert result.toast.key == "reminder.action.dismissed"
    clock.set(datetime(2026, 9, 30, 9, tzinfo=SHANGHAI))
    tick(uow_factory, clock, notifier)
    quota_rows = {(k.split("|")[2], k.split("|")[3]) for k in outbox(uow_factory) if "training_quota" in k}
    assert quota_rows == {
        ("by-06-30", str(people.cdo.member_id)),
        ("by-06-30", str(other.member_id)),
        ("by-10-01", str(other.member_id)),
    }


def test_a_snoozed_reminder_is_cancelled_when_the_unit_hands_in_meanwhile(uow_factory) -> None:
    people = seed_zhuhai(uow_factory)
    clock = FixedClock(datetime(2026, 5, 15, 9, tzinfo=SHANGHAI))
    notifier = RecordingNotifier()
    tick(uow_factory, clock, notifier)
    (row_id,) = _ids(uow_factory)
    press_reminder_button(
        uow_factory, clock, member_id=people.cdo.member_id, data=f"rem:snooze:tomorrow:{row_id}"
    )
    record_report_submission(
        uow_factory,
        clock,
        people.cdo,
        period_key="2026-05-31",
        title="上半年工作总结报告",
        rule_key="summary_report",
    )
    clock.set(datetime(2026, 5, 18, 9, tzinfo=SHANGHAI))
    tick(uow_factory, clock, notifier)
    assert len(notifier.sent) == 1
    assert outbox(uow_factory)["zhuhai.summary_report|2026-05-31|14d|1|snooze|1"] == ("cancelled", "14d")


def test_those_already_reminded_of_a_cancelled_meeting_are_told_once(uow_factory) -> None:
    people = seed_zhuhai(uow_factory)
    city = zhuhai_only()["zhuhai"]
    clock = FixedClock(datetime(2026, 9, 1, 10, tzinfo=SHANGHAI))
    changed = schedule.schedule_meeting(
        uow_factory,
        clock,
        people.coordinator,
        city=city,
        text="9月15日下午3点 首席数据官沟通交流会 @市民中心",
    )
    notifier = RecordingNotifier()
    clock.set(datetime(2026, 9, 8, 9, tzinfo=SHANGHAI))
    tick(uow_factory, clock, notifier)
    assert [(int(chat.chat), r.key) for chat, r in notifier.sent] == [(1001, "reminder.meeting")]
    clock.set(datetime(2026, 9, 10, 11, tzinfo=SHANGHAI))
    schedule.cancel_meeting(uow_factory, clock, people.coordinator, city=city, meeting_id=int(changed.ident))
    for _ in range(3):
        tick(uow_factory, clock, notifier)
        clock.advance(timedelta(days=1))
    assert [(int(chat.chat), r.key) for chat, r in notifier.sent] == [
        (1001, "reminder.meeting"),
        (1001, "schedule.meeting.cancelled_notice"),
    ]
    assert "9月15日 15:00" in translator().render(notifier.sent[-1][1])


def test_a_re_plan_racing_a_dispatcher_never_turns_a_sent_reminder_back(postgres_url, monkeypatch) -> None:
    """The re-plan reads pending rows; a dispatcher sends and commits them; the re-plan then writes."""
    from bot.services import reminders
    from storage.uow import uow_factory as make_factory

    factory = make_factory(postgres_url)
    try:
        people = seed_zhuhai(factory)
        clock = FixedClock(datetime(2026, 5, 28, 8, tzinfo=SHANGHAI))
        sync_outbox(factory, clock, zhuhai_only())
        record_report_submission(
            factory,
            clock,
            people.cdo,
            period_key="2026-05-31",
            title="上半年工作总结报告",
            rule_key="summary_report",
        )
        read_pending = reminders._open_rows

        def read_then_dispatcher_sends(uow, city, low, high):
            rows = read_pending(uow, city, low, high)
            # Another process's transaction, committed in between. Only the rows this re-plan has not
            # written yet: the ones it did write are locked by its own open transaction.
            with factory() as other:
                for row in rows:
                    if row.member_id == people.cdo.member_id:
                        other.outbox.mark_sent(other.outbox.get(row.id), clock.now(), 1)
                other.commit()
            return rows

        monkeypatch.setattr(reminders, "_open_rows", read_then_dispatcher_sends)
        stats = sync_outbox(factory, clock, zhuhai_only())
        assert stats.cancelled == 0
        assert cdo_statuses(factory, people.cdo.member_id) == {"3d": "sent", "0d": "sent"}
        monkeypatch.undo()
        assert sync_outbox(factory, clock, zhuhai_only()).revived == 0
    finally:
        factory.dispose()
