"""Storage on a real SQLite file and on PostgreSQL: the same tests run against both (``db_url``)."""

from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, StatementError

from bot.core.address import Account, Address
from bot.services.access import new_member
from storage.models import (
    Activity,
    Deadline,
    Evidence,
    Invite,
    Meeting,
    Member,
    PendingDraft,
    ReminderOutbox,
    ReportSubmission,
    Unit,
)
from storage.types import NaiveDatetimeError
from storage.uow import uow_factory as make_factory

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=SHANGHAI)


def _unit_and_cdo(uow, name: str = "香洲区", user_id: int = 1001) -> tuple[Unit, Member]:
    unit = uow.units.add(Unit(city="zhuhai", name=name, kind="district", is_pilot=True))
    cdo = uow.members.add(
        new_member(
            Account.telegram(user_id),
            display_name="李主任",
            city="zhuhai",
            unit_id=unit.id,
            role="cdo",
            joined_at=NOW,
        )
    )
    return unit, cdo


def _activity(unit: Unit, member: Member, **kw) -> Activity:
    fields = dict(
        unit_id=unit.id,
        kind="training",
        date=date(2026, 11, 20),
        title="数据安全培训",
        entered_by=member.id,
        original_text="上周五开展数据安全培训，30人参加",
        created_at=NOW,
        updated_at=NOW,
    )
    fields.update(kw)
    return Activity(**fields)


def _outbox(uow, key: str, due_at: datetime = NOW, **kw) -> bool:
    fields = dict(
        dedupe_key=key,
        rule_key="zhuhai.summary_report.h1",
        period_key="2026-11-30",
        kind="deadline",
        due_at=due_at,
        payload={"title": "工作总结报告"},
    )
    fields.update(kw)
    return uow.outbox.add_if_absent(**fields)


def test_aware_datetimes_come_back_as_the_same_instant_and_aware(uow_factory):
    with uow_factory() as uow:
        _, member = _unit_and_cdo(uow)
        member.unreachable_since = NOW
        uow.commit()
        member_id = member.id
    with uow_factory() as uow:
        loaded = uow.members.get(member_id)
        assert loaded.unreachable_since.tzinfo is not None
        assert loaded.unreachable_since == NOW
        assert loaded.joined_at.utcoffset() == timedelta(0)
        assert loaded.unreachable_since.astimezone(SHANGHAI).hour == 9


def test_a_naive_datetime_is_refused_on_write(uow_factory):
    with uow_factory() as uow:
        _, member = _unit_and_cdo(uow)
        member.unreachable_since = datetime(2026, 11, 23, 9, 30)
        with pytest.raises(StatementError) as info:
            uow.flush()
        assert isinstance(info.value.orig, NaiveDatetimeError)


def test_uncommitted_work_is_rolled_back_when_the_unit_of_work_ends(uow_factory):
    with uow_factory() as uow:
        _unit_and_cdo(uow)
    with uow_factory() as uow:
        assert uow.units.all() == []


def test_units_upsert_matches_on_city_and_name(uow_factory):
    with uow_factory() as uow:
        first, created = uow.units.upsert(city="zhuhai", name="市公安局", kind="department", is_pilot=True)
        again, created_again = uow.units.upsert(city="zhuhai", name="市公安局", kind="bureau", is_pilot=False)
        uow.units.upsert(city="shenzhen", name="市公安局", kind="department", is_pilot=True)
        uow.commit()
    assert (created, created_again) == (True, False)
    assert first.id == again.id
    with uow_factory() as uow:
        assert [(u.kind, u.is_pilot) for u in uow.units.in_city("zhuhai")] == [("bureau", False)]
        with pytest.raises(IntegrityError):
            uow.units.add(Unit(city="zhuhai", name="市公安局", kind="department"))


def test_one_telegram_user_has_one_active_membership_but_history_stays(uow_factory):
    with uow_factory() as uow:
        unit, cdo = _unit_and_cdo(uow)
        uow.members.deactivate(cdo, NOW)
        successor = uow.members.add(
            new_member(
                Account.telegram(1001),
                display_name="李主任",
                city="zhuhai",
                unit_id=unit.id,
                role="staff",
                joined_at=NOW,
            )
        )
        uow.commit()
        assert uow.members.active_by_account("telegram", "1001").id == successor.id
        with pytest.raises(IntegrityError):
            uow.members.add(new_member(Account.telegram(1001), display_name="x", role="staff", joined_at=NOW))


def test_invite_code_hashes_are_unique_and_claimed_only_once(uow_factory):
    with uow_factory() as uow:
        unit, cdo = _unit_and_cdo(uow)
        invite = uow.invites.add(
            Invite(
                code_hash="abc123",
                city="zhuhai",
                unit_id=unit.id,
                role="staff",
                created_at=NOW,
                expires_at=NOW + timedelta(days=14),
            )
        )
        assert uow.invites.claim(invite, cdo.id, NOW) is True
        assert uow.invites.claim(invite, cdo.id, NOW) is False
        assert invite.used_by == cdo.id and invite.used_at == NOW
        uow.commit()
    with uow_factory() as uow, pytest.raises(IntegrityError):
        uow.invites.add(Invite(code_hash="abc123", city="zhuhai", role="staff", expires_at=NOW))


def test_activities_soft_delete_hides_them_from_history_and_restore_brings_them_back(uow_factory):
    with uow_factory() as uow:
        unit, cdo = _unit_and_cdo(uow)
        other_unit, other_cdo = _unit_and_cdo(uow, name="市公安局", user_id=2002)
        older = uow.activities.add(
            _activity(unit, cdo, date=date(2026, 11, 2), time=time(15, 0), attendees=30)
        )
        newer = uow.activities.add(_activity(unit, cdo, kind="exchange_meeting", date=date(2026, 11, 20)))
        uow.activities.add(_activity(other_unit, other_cdo))
        uow.commit()
        ids = (unit.id, older.id, newer.id)
    unit_id, older_id, newer_id = ids
    with uow_factory() as uow:
        assert [a.id for a in uow.activities.history([unit_id])] == [newer_id, older_id]
        loaded = uow.activities.get(older_id)
        assert (loaded.time, loaded.attendees) == (time(15, 0), 30)
        uow.activities.soft_delete(uow.activities.get(newer_id), None, NOW)
        uow.commit()
    with uow_factory() as uow:
        assert [a.id for a in uow.activities.history([unit_id])] == [older_id]
        assert uow.activities.get(newer_id) is None
        deleted = uow.activities.get(newer_id, include_deleted=True)
        assert deleted.deleted_at == NOW
        uow.activities.restore(deleted, NOW)
        assert len(uow.activities.history([unit_id])) == 2
        assert uow.activities.count_by_unit("zhuhai", "training", date(2026, 11, 1), date(2026, 11, 30)) == {
            unit_id: 1,
            unit_id + 1: 1,
        }


def test_evidence_belongs_to_an_activity_and_soft_deleted_files_are_not_counted(uow_factory):
    with uow_factory() as uow:
        unit, cdo = _unit_and_cdo(uow)
        activity = uow.activities.add(_activity(unit, cdo))
        for n in range(2):
            uow.activities.add_evidence(
                Evidence(
                    activity_id=activity.id,
                    telegram_file_id=f"F{n}",
                    file_unique_id=f"U{n}",
                    file_name="签到表.pdf",
                    mime_type="application/pdf",
                    file_size=3_000_000_000,
                    uploaded_by=cdo.id,
                    created_at=NOW,
                )
            )
        uow.activities.evidence_of(activity.id)[0].deleted_at = NOW
        uow.commit()
        assert uow.activities.evidence_counts([activity.id]) == {activity.id: 1}
        assert uow.activities.evidence_of(activity.id)[0].file_size == 3_000_000_000


def test_foreign_keys_are_enforced(uow_factory):
    with uow_factory() as uow, pytest.raises(IntegrityError):
        uow.activities.add(
            Activity(unit_id=999, kind="training", date=date(2026, 1, 1), title="x", entered_by=999)
        )


def test_check_constraints_refuse_unknown_kinds(uow_factory):
    with uow_factory() as uow:
        unit, cdo = _unit_and_cdo(uow)
        with pytest.raises(IntegrityError):
            uow.activities.add(_activity(unit, cdo, kind="party"))


def test_meetings_and_attendance_are_one_row_per_member(uow_factory):
    with uow_factory() as uow:
        _unit, cdo = _unit_and_cdo(uow)
        meeting = uow.meetings.add(
            Meeting(
                city="zhuhai",
                title="沟通交流会",
                starts_at=NOW + timedelta(days=2),
                location="市政务服务数据管理局",
            )
        )
        row = uow.meetings.attendance_for(meeting.id, cdo.id)
        row.rsvp, row.rsvp_at = "yes", NOW
        assert uow.meetings.attendance_for(meeting.id, cdo.id).id == row.id
        uow.commit()
        assert [m.id for m in uow.meetings.upcoming("zhuhai", NOW)] == [meeting.id]
        assert uow.meetings.upcoming("shenzhen", NOW) == []
        meeting.cancelled_at = NOW
        assert uow.meetings.upcoming("zhuhai", NOW) == []


def test_deadlines_and_report_submissions(uow_factory):
    with uow_factory() as uow:
        unit, cdo = _unit_and_cdo(uow)
        deadline = uow.deadlines.add(
            Deadline(
                city="zhuhai",
                rule_key="zhuhai.summary_report.h1",
                period_key="2026-H2",
                title="半年工作总结",
                kind="summary_report",
                due_date=date(2026, 11, 30),
                clause="第三条",
                created_by=cdo.id,
            )
        )
        uow.reports.add(
            ReportSubmission(
                unit_id=unit.id,
                deadline_id=deadline.id,
                rule_key=deadline.rule_key,
                period_key="2026-11-30",
                submitted_on=date(2026, 11, 23),
                recorded_by=cdo.id,
            )
        )
        uow.commit()
        assert [d.id for d in uow.deadlines.by_rule("zhuhai", "zhuhai.summary_report.h1", "2026-H2")] == [
            deadline.id
        ]
        assert len(uow.reports.for_period("2026-11-30", [unit.id])) == 1
        uow.deadlines.soft_delete(deadline, NOW)
        assert uow.deadlines.live("zhuhai") == []


def test_outbox_add_if_absent_twice_keeps_one_row(uow_factory):
    with uow_factory() as uow:
        assert _outbox(uow, "zhuhai.summary_report.h1|2026-11-30|m1") is True
        assert _outbox(uow, "zhuhai.summary_report.h1|2026-11-30|m1") is False
        uow.commit()
    with uow_factory() as uow:
        assert _outbox(uow, "zhuhai.summary_report.h1|2026-11-30|m1") is False
        uow.commit()
        count = uow.session.scalar(select(func.count()).select_from(ReminderOutbox))
        assert count == 1
        assert uow.outbox.by_key("zhuhai.summary_report.h1|2026-11-30|m1").payload == {
            "title": "工作总结报告"
        }


def test_outbox_claims_only_due_rows_and_retries_failures_when_their_time_comes(uow_factory):
    with uow_factory() as uow:
        _outbox(uow, "due", NOW - timedelta(minutes=1))
        _outbox(uow, "later", NOW + timedelta(hours=1))
        uow.commit()
    with uow_factory() as uow:
        claimed = uow.outbox.claim_due(NOW, 10, "w1")
        assert [r.dedupe_key for r in claimed] == ["due"]
        assert (claimed[0].status, claimed[0].locked_by, claimed[0].attempts) == ("sending", "w1", 1)
        uow.outbox.mark_failed(claimed[0], "RetryAfter 30", retry_at=NOW + timedelta(minutes=5))
        uow.commit()
    with uow_factory() as uow:
        assert uow.outbox.claim_due(NOW, 10, "w1") == []
        retried = uow.outbox.claim_due(NOW + timedelta(minutes=5), 10, "w1")
        assert [r.dedupe_key for r in retried] == ["due"]
        uow.outbox.mark_sent(retried[0], NOW + timedelta(minutes=5), message_address="telegram:1001#77")
        uow.commit()
    with uow_factory() as uow:
        row = uow.outbox.by_key("due")
        assert (row.status, row.attempts, row.message_address) == ("sent", 2, "telegram:1001#77")
        assert row.sent_at == NOW + timedelta(minutes=5)
        later = uow.outbox.claim_due(NOW + timedelta(hours=2), 10, "w1")
        uow.outbox.mark_dropped(later[0], "blocked by user")
        uow.commit()
        assert uow.outbox.claim_due(NOW + timedelta(days=9), 10, "w1") == []


def test_outbox_releases_rows_a_crashed_sender_left_behind(uow_factory):
    with uow_factory() as uow:
        _outbox(uow, "k", NOW)
        uow.outbox.claim_due(NOW, 10, "crashed")
        uow.commit()
        assert uow.outbox.release_stale(NOW + timedelta(minutes=10)) == 1
        assert [r.dedupe_key for r in uow.outbox.claim_due(NOW, 10, "w2")] == ["k"]


def test_conversation_state_and_pending_drafts_survive_a_new_unit_of_work(uow_factory):
    with uow_factory() as uow:
        _, cdo = _unit_and_cdo(uow)
        uow.conversations.set_state(
            "telegram:10",
            "telegram:1001",
            "guided.train",
            state="ask_date",
            data={"title": "培训"},
            now=NOW,
            expires_at=NOW + timedelta(hours=1),
        )
        draft = uow.conversations.add_draft(
            PendingDraft(
                member_id=cdo.id,
                chat_address=Address.telegram(10).text,
                payload={"kind": "training"},
                created_at=NOW,
                expires_at=NOW + timedelta(days=1),
            )
        )
        uow.commit()
        draft_id = draft.id
    with uow_factory() as uow:
        state = uow.conversations.get_state("telegram:10", "telegram:1001", "guided.train", now=NOW)
        assert (state.state, state.data) == ("ask_date", {"title": "培训"})
        assert (
            uow.conversations.get_state(
                "telegram:10", "telegram:1001", "guided.train", now=NOW + timedelta(hours=2)
            )
            is None
        )
        assert uow.conversations.get_draft(draft_id).payload == {"kind": "training"}
        assert uow.conversations.expire_drafts(NOW + timedelta(days=2)) == 1
        assert uow.conversations.clear_state("telegram:10", "telegram:1001", "guided.train") is True
        uow.commit()


def test_audit_log_records_before_and_after(uow_factory):
    with uow_factory() as uow:
        uow.audit.record(
            at=NOW,
            action="update",
            entity="activity",
            entity_id=7,
            actor_label="李主任",
            before={"attendees": 30},
            after={"attendees": 35},
        )
        uow.commit()
        [row] = uow.audit.of_entity("activity", 7)
        assert (row.before, row.after, row.at) == ({"attendees": 30}, {"attendees": 35}, NOW)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url):
    factory = make_factory(sqlite_url)
    try:
        with factory() as uow:
            assert uow.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert uow.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert uow.session.execute(text("PRAGMA busy_timeout")).scalar() == 5000
    finally:
        factory.dispose()


def test_postgres_urls_are_rewritten_to_psycopg():
    from storage.db import normalize_url

    assert normalize_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"


def test_sqlite_parent_folder_is_created(tmp_path):
    from storage.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'nested' / 'dir' / 'bot.sqlite3'}")
    with engine.connect():
        pass
    engine.dispose()
    assert (tmp_path / "nested" / "dir" / "bot.sqlite3").exists()


@pytest.mark.postgres
def test_two_postgres_sessions_claim_disjoint_rows_with_skip_locked(postgres_url):
    factory = make_factory(postgres_url)
    try:
        with factory() as uow:
            for n in range(6):
                _outbox(uow, f"k{n}", NOW - timedelta(minutes=n))
            uow.commit()
        first_claimed = threading.Event()
        release = threading.Event()
        claims: dict[str, list[str]] = {}

        def worker_a() -> None:
            with factory() as uow:
                claims["a"] = [r.dedupe_key for r in uow.outbox.claim_due(NOW, 3, "a")]
                first_claimed.set()
                release.wait(10)  # hold the row locks while b claims
                uow.commit()

        thread = threading.Thread(target=worker_a)
        thread.start()
        assert first_claimed.wait(10)
        with factory() as uow:
            claims["b"] = [r.dedupe_key for r in uow.outbox.claim_due(NOW, 10, "b")]
            uow.commit()
        release.set()
        thread.join(10)
        assert len(claims["a"]) == 3 and len(claims["b"]) == 3
        assert set(claims["a"]).isdisjoint(claims["b"])
        with factory() as uow:
            rows = uow.outbox.listing()
            assert {r.locked_by for r in rows} == {"a", "b"}
            assert all(r.status == "sending" and r.attempts == 1 for r in rows)
    finally:
        factory.dispose()


def test_every_unit_of_the_city_files_fits_the_units_table(uow_factory):
    cities = pytest.importorskip("bot.core.cities").load_cities()
    with uow_factory() as uow:
        for city in cities.values():
            for spec in city.units:
                uow.units.upsert(city=city.code, name=spec.name, kind=spec.kind, is_pilot=spec.pilot)
        uow.commit()
        assert len(uow.units.all()) == sum(len(c.units) for c in cities.values())


def test_objects_read_in_a_unit_of_work_stay_readable_after_it_ends(uow_factory):
    with uow_factory() as uow:
        uow.units.add(Unit(city="zhuhai", name="香洲区", kind="district"))
        uow.commit()
    with uow_factory() as uow:
        [unit] = uow.units.all()
    assert unit.name == "香洲区"


@pytest.mark.postgres
def test_postgres_session_time_zone_does_not_change_the_instant(postgres_url):
    from storage.db import make_engine
    from storage.uow import SqlUnitOfWorkFactory

    factory = SqlUnitOfWorkFactory(
        make_engine(postgres_url, connect_args={"options": "-c timezone=America/New_York"})
    )
    try:
        with factory() as uow:
            _outbox(uow, "tz", NOW)
            uow.commit()
        with factory() as uow:
            due_at = uow.outbox.by_key("tz").due_at
            assert due_at == NOW and due_at.utcoffset() == timedelta(0)
            assert uow.session.execute(text("SHOW timezone")).scalar() == "America/New_York"
    finally:
        factory.dispose()


@pytest.mark.postgres
def test_concurrent_add_if_absent_on_postgres_inserts_one_row(postgres_url):
    factory = make_factory(postgres_url)
    results: list[bool] = []
    barrier = threading.Barrier(4)

    def plan() -> None:
        with factory() as uow:
            barrier.wait(10)
            results.append(_outbox(uow, "same-key"))
            uow.commit()

    try:
        threads = [threading.Thread(target=plan) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(20)
        assert sorted(results) == [False, False, False, True]
        with factory() as uow:
            assert len(uow.outbox.listing()) == 1
    finally:
        factory.dispose()
