"""A whole 2026 in Zhuhai through the real outbox: sync + dispatch three times a day on a SQLite file.

香洲区's CDO and the bureau's coordinator are the only members. Along the year the CDO goes away
for five days in May, the coordinator schedules the autumn exchange meeting in June and adds a
deadline right after the National Day week in September, and the CDO answers the buttons: 参加
and 签到 for the meeting, 稍后提醒 → 明天 on the first November reminder, 已完成 on the second.
The test asserts the exact list of messages that went out.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from bot.core.clock import SHANGHAI, FixedClock
from bot.core.notifier import RecordingNotifier
from bot.services import schedule, settings
from bot.services.reminders import press_reminder_button
from storage.models import ReminderOutbox, ReportSubmission
from tests.integration._outbox_helpers import seed_zhuhai, tick, zhuhai_only

TICKS = (time(9), time(13), time(17))


def at(y: int, m: int, d: int, h: int = 9) -> datetime:
    return datetime(y, m, d, h, tzinfo=SHANGHAI)


def test_a_zhuhai_year_sends_exactly_the_planned_reminders_once(sqlite_uow_factory) -> None:
    uow_factory = sqlite_uow_factory
    people = seed_zhuhai(uow_factory)
    city = zhuhai_only()["zhuhai"]
    clock = FixedClock(at(2026, 1, 1, 0))
    notifier = RecordingNotifier()
    custom_rule = None
    pressed: list[tuple[date, str]] = []

    def press(row: ReminderOutbox, action: str, member_id: int) -> None:
        result = press_reminder_button(uow_factory, clock, member_id=member_id, data=f"rem:{action}:{row.id}")
        assert result.toast is not None and result.toast.key != "reminder.action.stale", (action, result)
        pressed.append((clock.now().date(), action))

    day = date(2026, 1, 1)
    while day <= date(2026, 12, 31):
        clock.set(datetime.combine(day, time(8), tzinfo=SHANGHAI))
        if day == date(2026, 5, 1):
            settings.set_away(uow_factory, clock, people.cdo, date(2026, 5, 20), date(2026, 5, 24))
        if day == date(2026, 6, 1):
            schedule.schedule_meeting(
                uow_factory,
                clock,
                people.coordinator,
                city=city,
                text="9月15日下午3点 首席数据官沟通交流会 @市民中心",
            )
        if day == date(2026, 9, 1):
            added = schedule.add_deadline(
                uow_factory,
                clock,
                people.coordinator,
                city=city,
                due=date(2026, 10, 8),
                title="数据安全专项报告",
            )
            custom_rule = f"custom.{added.ident}"
        for moment in TICKS:
            clock.set(datetime.combine(day, moment, tzinfo=SHANGHAI))
            _, stats = tick(uow_factory, clock, notifier)
            with uow_factory() as uow:
                rows = [uow.outbox.get(i) for i in stats.sent_ids]
            for row in rows:
                if row.member_id != people.cdo.member_id:
                    continue
                stage = row.payload["stage"]
                if row.rule_key == "exchange_meeting" and stage == "7d":
                    press(row, "rsvp:yes", people.cdo.member_id)
                elif row.rule_key == "exchange_meeting" and stage == "signin":
                    press(row, "signin", people.cdo.member_id)
                elif row.period_key == "2026-11-30" and stage == "14d" and "snooze_of" not in row.payload:
                    press(row, "snooze", people.cdo.member_id)
                    press(row, "snooze:tomorrow", people.cdo.member_id)
                elif row.period_key == "2026-11-30" and stage == "7d":
                    press(row, "done", people.cdo.member_id)
        day += timedelta(days=1)

    with uow_factory() as uow:
        sent = uow.session.scalars(
            select(ReminderOutbox).where(ReminderOutbox.status == "sent").order_by(ReminderOutbox.sent_at)
        ).all()
        statuses = {r.status for r in uow.session.scalars(select(ReminderOutbox))}
        submissions = uow.session.scalars(select(ReportSubmission)).all()
        attendance = uow.meetings.attendance_of(1)
    who = {people.cdo.member_id: "cdo", people.coordinator.member_id: "coordinator"}
    got = [
        (
            r.due_at.astimezone(SHANGHAI).strftime("%m-%d %H:%M"),
            who[r.member_id],
            r.rule_key,
            r.period_key,
            r.payload["stage"] + ("+snooze" if "snooze_of" in r.payload else ""),
        )
        for r in sent
    ]
    c = custom_rule
    assert got == [
        ("01-04 09:00", "coordinator", "exchange_meeting", "2026-H1", "no-meeting"),
        ("05-15 09:00", "cdo", "summary_report", "2026-05-31", "14d"),
        # 7d on 05-22 (a Friday): the CDO is away 05-20..05-24, so nothing.
        ("05-28 09:00", "cdo", "summary_report", "2026-05-31", "3d"),
        # 05-31 is a Sunday: the 1d and 0d reminders both move to Friday 05-29; only 0d stays.
        ("05-29 09:00", "cdo", "summary_report", "2026-05-31", "0d"),
        ("05-29 09:00", "coordinator", "summary_report", "2026-05-31", "missing"),
        ("06-30 09:00", "cdo", "training_quota", "2026", "by-06-30"),
        # No H2 prompt on 07-01: the meeting of 09-15 was scheduled on 06-01.
        ("09-08 09:00", "cdo", "exchange_meeting", "meeting-1", "7d"),
        ("09-14 09:00", "cdo", "exchange_meeting", "meeting-1", "1d"),
        ("09-15 13:00", "cdo", "exchange_meeting", "meeting-1", "2h"),
        ("09-15 17:00", "cdo", "exchange_meeting", "meeting-1", "signin"),
        ("09-24 09:00", "cdo", c, "2026-10-08", "14d"),
        # 7d (10-01), 3d (10-05) and 1d (10-07) fall in the National Day week: all move to 09-30, 1d stays.
        ("09-30 09:00", "cdo", c, "2026-10-08", "1d"),
        ("09-30 09:00", "cdo", "training_quota", "2026", "by-10-01"),
        ("10-08 09:00", "cdo", c, "2026-10-08", "0d"),
        ("10-08 09:00", "coordinator", c, "2026-10-08", "missing"),
        ("11-16 09:00", "cdo", "summary_report", "2026-11-30", "14d"),
        ("11-17 09:00", "cdo", "summary_report", "2026-11-30", "14d+snooze"),
        ("11-23 09:00", "cdo", "summary_report", "2026-11-30", "7d"),
        # 已完成 on 11-23: no 3d/1d (11-27) and no 0d (11-30) for the CDO.
        ("11-30 09:00", "coordinator", "summary_report", "2026-11-30", "missing"),
        ("12-01 09:00", "cdo", "annual_evaluation", "2026-12", "open"),
        ("12-01 09:00", "cdo", "training_quota", "2026", "by-12-01"),
        ("12-01 09:00", "coordinator", "annual_evaluation", "2026-12", "open"),
    ]
    assert len(notifier.sent) == len(got)
    assert "sending" not in statuses and "failed" not in statuses
    # The coordinator's November list no longer names 香洲区 (handed in on 11-23); May's did.
    by_period = {
        (r.period_key, r.payload["stage"]): r.payload["params"]
        for r in sent
        if r.member_id == people.coordinator.member_id
    }
    assert "香洲区" in by_period[("2026-05-31", "missing")]["missing_units"]
    assert "香洲区" not in by_period[("2026-11-30", "missing")]["missing_units"]
    assert by_period[("2026-11-30", "missing")]["missing_count"] == 14
    assert [(s.rule_key, s.period_key) for s in submissions] == [("summary_report", "2026-11-30")]
    assert [(a.rsvp, a.attended) for a in attendance] == [("yes", True)]
    assert pressed[0] == (date(2026, 9, 8), "rsvp:yes")
