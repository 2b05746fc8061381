"""Helpers of the progress and export tests: seeded Zhuhai units, people and records on a real database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from bot.core.cities import load_cities
from bot.core.clock import SHANGHAI, FixedClock
from bot.services.access import Actor, ensure_units
from storage.models import Activity, Evidence, Meeting, MeetingAttendance, ReportSubmission
from tests.integration._outbox_helpers import add_member

UNIT = "香洲区"
OTHER_UNIT = "金湾区"


@dataclass(frozen=True)
class Zhuhai:
    cdo: Actor
    staff: Actor
    other_cdo: Actor
    coordinator: Actor


def seed(uow_factory) -> Zhuhai:
    """Units of both cities; a CDO and staff in 香洲区, a CDO in 金湾区, a coordinator in the bureau."""
    ensure_units(uow_factory, load_cities())
    return Zhuhai(
        cdo=add_member(uow_factory, user_id=1001, name="香洲区首席数据官", role="cdo", unit=UNIT),
        staff=add_member(uow_factory, user_id=1002, name="香洲区联络员", role="staff", unit=UNIT),
        other_cdo=add_member(uow_factory, user_id=1101, name="金湾区首席数据官", role="cdo", unit=OTHER_UNIT),
        coordinator=add_member(
            uow_factory, user_id=2001, name="政数局统筹", role="coordinator", unit="市政务服务数据管理局"
        ),
    )


def clock_at(year: int, month: int, day: int, hour: int = 10) -> FixedClock:
    return FixedClock(datetime(year, month, day, hour, tzinfo=SHANGHAI))


def add_activity(
    uow_factory,
    actor: Actor,
    kind: str,
    day: date,
    title: str = "数据安全培训",
    *,
    deleted: bool = False,
    evidence: int = 0,
    attendees: int | None = None,
) -> int:
    with uow_factory() as uow:
        activity = uow.activities.add(
            Activity(
                unit_id=actor.unit_id,
                kind=kind,
                date=day,
                title=title,
                attendees=attendees,
                entered_by=actor.member_id,
            )
        )
        for i in range(evidence):
            uow.activities.add_evidence(
                Evidence(
                    activity_id=activity.id,
                    telegram_file_id=f"f{activity.id}-{i}",
                    file_unique_id=f"u{activity.id}-{i}",
                    uploaded_by=actor.member_id,
                )
            )
        if deleted:
            uow.activities.soft_delete(activity, actor.member_id, datetime(2026, 1, 2, tzinfo=SHANGHAI))
        uow.commit()
        return activity.id


def add_submission(uow_factory, actor: Actor, period_key: str, on: date, *, deleted: bool = False) -> None:
    """A report handed in for ``summary_report@period_key``, as the report dialog records it."""
    activity_id = add_activity(uow_factory, actor, "report", on, "工作总结报告", deleted=deleted)
    with uow_factory() as uow:
        uow.reports.add(
            ReportSubmission(
                unit_id=actor.unit_id,
                rule_key="summary_report",
                period_key=period_key,
                submitted_on=on,
                activity_id=activity_id,
                recorded_by=actor.member_id,
            )
        )
        uow.commit()


def add_meeting(uow_factory, day: date, attended_by: list[Actor], *, cancelled: bool = False) -> int:
    with uow_factory() as uow:
        starts = datetime.combine(day, time(15), tzinfo=SHANGHAI)
        meeting = uow.meetings.add(
            Meeting(
                city="zhuhai",
                title="首席数据官沟通交流会",
                starts_at=starts,
                location="市民中心",
                cancelled_at=starts if cancelled else None,
            )
        )
        for actor in attended_by:
            uow.meetings.add(
                MeetingAttendance(
                    meeting_id=meeting.id,
                    member_id=actor.member_id,
                    rsvp="yes",
                    attended=True,
                    signed_in_at=starts,
                )
            )
        uow.commit()
        return meeting.id
