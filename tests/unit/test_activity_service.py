"""Activity records: cards, confirmation, editing, history, delete/undo, evidence, reports (real SQLite file)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from bot.core.address import Account, Address
from bot.core.clock import SHANGHAI, FixedClock
from bot.core.i18n import translator
from bot.core.intake import ActivityDraft, ParseResult
from bot.services import access, activity
from bot.services.activity import DraftCard, EvidenceFile, IntakeFailure
from bot.services.errors import NotAuthorized, NotFound, ValidationFailed
from storage.models import Activity, Unit

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)  # a Tuesday
LINE = "上周三组织了数据治理培训，30人参加"

CHAT = Address.telegram(111)
"""The private chat of user 111, where the cards of these tests are shown."""


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def uow(sqlite_uow_factory):
    with sqlite_uow_factory() as u:
        for city, name in (("zhuhai", "香洲区"), ("zhuhai", "市公安局"), ("shenzhen", "福田区")):
            u.units.add(Unit(city=city, name=name, kind="district"))
        u.commit()
    return sqlite_uow_factory


def member(uow, clock, user_id, role="cdo", unit="香洲区", city="zhuhai", name=None):
    info = access.create_invite(uow, clock, city=city, unit_name=unit, role=role)
    return access.join_with_code(
        uow,
        clock,
        code=info.code,
        account=Account.telegram(user_id),
        display_name=name or f"user{user_id}",
        chat=Address.telegram(user_id),
    ).actor


@pytest.fixture
def cdo(uow, clock):
    return member(uow, clock, 111, name="李主任")


def rendered(reply) -> str:
    text = translator().render(reply)
    assert text != reply.key, f"no translation for {reply.key}"
    for row in reply.choices:
        for choice in row:
            assert translator().label(choice) != choice.label, f"no translation for {choice.label}"
    return text


def propose(uow, clock, actor, text=LINE, **kw) -> DraftCard:
    card = activity.propose_activity(
        uow, clock, actor, text=text, chat=Address.telegram(actor.account.external_id), **kw
    )
    assert isinstance(card, DraftCard), card
    return card


def count_activities(uow) -> int:
    with uow() as u:
        return u.session.scalar(
            select(func.count()).select_from(Activity).where(Activity.deleted_at.is_(None))
        )


def saved(uow, clock, actor, text=LINE) -> int:
    card = propose(uow, clock, actor, text)
    return activity.confirm_draft(uow, clock, actor, card.draft_id).activity_id


def test_a_line_becomes_a_card_with_confirm_edit_cancel_buttons_and_nothing_is_saved_yet(uow, clock, cdo):
    card = propose(uow, clock, cdo)
    assert card.fields["kind"] == "training" and card.fields["attendees"] == 30
    assert card.fields["date"] == date(2026, 11, 18)
    assert [c.data for c in card.reply.choices[0]] == [
        f"act:confirm:{card.draft_id}",
        f"act:edit:{card.draft_id}",
        f"act:cancel:{card.draft_id}",
    ]
    text = rendered(card.reply)
    assert "2026年11月18日（周三）" in text and "数据治理培训" in text and "30" in text
    assert count_activities(uow) == 0


def test_a_card_without_a_date_says_it_assumed_today(uow, clock, cdo):
    card = propose(uow, clock, cdo, "组织了数据安全培训")
    assert card.fields["date_assumed"] is True
    assert translator().gettext("activity.card.date_assumed") in rendered(card.reply)


def test_a_card_with_a_period_for_its_day_names_the_period_and_an_edit_clears_it(uow, clock, cdo):
    card = propose(uow, clock, cdo, "上周末组织了数据安全培训")
    note = translator().format("activity.card.date_vague", {"period": "上周末"})
    assert card.fields["date_assumed"] is True and note in rendered(card.reply)
    card = activity.edit_draft_field(
        uow, clock, cdo, draft_id=card.draft_id, field="date", value_text="11月21日"
    )
    assert card.fields["date"] == date(2026, 11, 21) and "上周末" not in rendered(card.reply)


def test_confirm_writes_exactly_one_record_and_a_second_press_says_already_saved(uow, clock, cdo):
    card = propose(uow, clock, cdo)
    first = activity.confirm_draft(uow, clock, cdo, card.draft_id)
    second = activity.confirm_draft(uow, clock, cdo, card.draft_id)
    assert (first.status, second.status) == ("saved", "already_saved")
    assert first.activity_id == second.activity_id
    assert count_activities(uow) == 1
    assert "数据治理培训" in rendered(second.reply)
    with uow() as u:
        record = u.activities.get(first.activity_id)
        assert (record.unit_id, record.entered_by, record.on_behalf_of) == (cdo.unit_id, cdo.member_id, None)
        assert record.original_text == LINE
        [row] = u.audit.of_entity("activity", record.id)
        assert (row.action, row.actor_member_id, row.after["title"]) == (
            "create",
            cdo.member_id,
            "数据治理培训",
        )


def test_cancel_writes_nothing_and_the_card_cannot_be_confirmed_afterwards(uow, clock, cdo):
    card = propose(uow, clock, cdo)
    cancelled = activity.cancel_draft(uow, clock, cdo, card.draft_id)
    after = activity.confirm_draft(uow, clock, cdo, card.draft_id)
    assert (cancelled.status, after.status) == ("cancelled", "cancelled")
    assert count_activities(uow) == 0
    rendered(after.reply)


def test_an_expired_card_is_not_saved(uow, clock, cdo):
    card = propose(uow, clock, cdo)
    clock.advance(activity.DRAFT_TTL + timedelta(seconds=1))
    outcome = activity.confirm_draft(uow, clock, cdo, card.draft_id)
    assert outcome.status == "expired"
    assert count_activities(uow) == 0
    rendered(outcome.reply)


def test_only_the_author_may_confirm_a_card(uow, clock, cdo):
    card = propose(uow, clock, cdo)
    colleague = member(uow, clock, 222, role="staff")
    with pytest.raises(NotAuthorized):
        activity.confirm_draft(uow, clock, colleague, card.draft_id)
    assert count_activities(uow) == 0


def test_a_card_still_works_after_a_restart(uow, clock, cdo, sqlite_url):
    from storage.uow import uow_factory

    card = propose(uow, clock, cdo)
    uow.dispose()
    fresh = uow_factory(sqlite_url)
    try:
        assert activity.press(
            fresh, clock, cdo, data=f"act:confirm:{card.draft_id}", chat=CHAT
        ).reply.key == ("activity.saved")
    finally:
        fresh.dispose()


def test_text_that_is_not_an_activity_gives_an_intake_failure(uow, clock, cdo):
    result = activity.propose_activity(uow, clock, cdo, text="你好", chat=CHAT)
    assert isinstance(result, IntakeFailure) and result.code == "not_activity"
    impossible = activity.propose_activity(uow, clock, cdo, text="2月30日组织了培训", chat=CHAT)
    assert isinstance(impossible, IntakeFailure) and impossible.code == "impossible_date"
    assert "2月30日" in rendered(impossible.reply)


def test_a_stub_parser_can_stand_in_for_the_intake(uow, clock, cdo):
    def stub(text, now):
        return ParseResult(
            text,
            ActivityDraft(
                "exchange_meeting", date(2026, 11, 20), time(15, 0), 12, "交流会", "市民中心", False
            ),
        )

    card = propose(uow, clock, cdo, "anything", parser=stub)
    assert (card.fields["kind"], card.fields["time"], card.fields["location"]) == (
        "exchange_meeting",
        time(15, 0),
        "市民中心",
    )


def test_a_guided_dialog_forces_the_kind(uow, clock, cdo):
    card = propose(uow, clock, cdo, "11月20日 数据安全 30人 市民中心", kind="training")
    assert (card.fields["kind"], card.fields["date"], card.fields["attendees"]) == (
        "training",
        date(2026, 11, 20),
        30,
    )


def test_coordinators_without_a_unit_cannot_log_records(uow, clock):
    coordinator = member(uow, clock, 333, role="coordinator", unit=None)
    with pytest.raises(NotAuthorized) as info:
        activity.propose_activity(uow, clock, coordinator, text=LINE, chat=Address.telegram(333))
    rendered(info.value.reply())


def test_editing_fields_updates_the_card(uow, clock, cdo):
    card = propose(uow, clock, cdo)
    edit = activity.edit_draft_field
    card = edit(uow, clock, cdo, draft_id=card.draft_id, field="date", value_text="11月20日下午3点")
    assert (card.fields["date"], card.fields["time"]) == (date(2026, 11, 20), time(15, 0))
    card = edit(uow, clock, cdo, draft_id=card.draft_id, field="attendees", value_text="三十五人")
    card = edit(uow, clock, cdo, draft_id=card.draft_id, field="location", value_text="市民中心")
    card = edit(uow, clock, cdo, draft_id=card.draft_id, field="time", value_text="9:30")
    card = edit(uow, clock, cdo, draft_id=card.draft_id, field="title", value_text="数据安全培训")
    assert (card.fields["attendees"], card.fields["location"], card.fields["time"], card.fields["title"]) == (
        35,
        "市民中心",
        time(9, 30),
        "数据安全培训",
    )
    assert "2026年11月20日（周五）" in rendered(card.reply)
    saved_id = activity.confirm_draft(uow, clock, cdo, card.draft_id).activity_id
    with uow() as u:
        record = u.activities.get(saved_id)
        assert (record.attendees, record.time, record.title) == (35, time(9, 30), "数据安全培训")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("attendees", "很多"),
        ("attendees", "0"),
        ("date", "随便"),
        ("time", "晚些时候"),
        ("title", ""),
        ("title", "长" * 201),
        ("nickname", "x"),
    ],
)
def test_invalid_edits_are_refused_with_a_message(uow, clock, cdo, field, value):
    card = propose(uow, clock, cdo)
    with pytest.raises(ValidationFailed) as info:
        activity.edit_draft_field(uow, clock, cdo, draft_id=card.draft_id, field=field, value_text=value)
    rendered(info.value.reply())


def test_the_edit_buttons_ask_for_a_value_and_the_next_text_applies_it(uow, clock, cdo):
    card = propose(uow, clock, cdo)
    menu = activity.press(uow, clock, cdo, data=f"act:edit:{card.draft_id}", chat=CHAT)
    rendered(menu.reply)
    asked = activity.press(uow, clock, cdo, data=f"act:field:{card.draft_id}:attendees", chat=CHAT)
    assert asked.awaits_value is True
    rendered(asked.reply)
    reply = activity.finish_edit(uow, clock, cdo, chat=CHAT, text="45")
    assert reply.params["attendees"] == "45"
    assert activity.pending_edit(uow, clock, cdo, chat=CHAT) is None
    kinds = activity.press(uow, clock, cdo, data=f"act:field:{card.draft_id}:kind", chat=CHAT)
    rendered(kinds.reply)
    changed = activity.press(
        uow, clock, cdo, data=f"act:set:{card.draft_id}:kind:exchange_meeting", chat=CHAT
    )
    assert changed.reply.key == "activity.card.exchange_meeting"


def test_staff_log_on_behalf_of_the_units_cdo(uow, clock, cdo):
    staff = member(uow, clock, 222, role="staff", name="张专员")
    card = propose(uow, clock, staff)
    assert "李主任" in rendered(card.reply)
    record_id = activity.confirm_draft(uow, clock, staff, card.draft_id).activity_id
    with uow() as u:
        record = u.activities.get(record_id)
        assert (record.entered_by, record.on_behalf_of, record.unit_id) == (
            staff.member_id,
            cdo.member_id,
            cdo.unit_id,
        )


def test_history_shows_the_units_records_newest_first_and_hides_other_units(uow, clock, cdo):
    other = member(uow, clock, 444, unit="市公安局")
    older = saved(uow, clock, cdo, "11月2日组织了数据安全培训")
    newer = saved(uow, clock, cdo, "11月20日参加了数据要素交流会")
    saved(uow, clock, other, "11月21日组织了公安数据培训")
    history = activity.list_history(uow, clock, cdo)
    assert [i.activity_id for i in history.items] == [newer, older]
    assert all(i.deletable for i in history.items)
    assert "数据要素交流会" in rendered(history.reply)
    assert "公安数据培训" not in rendered(history.reply)


def test_a_coordinator_sees_the_whole_city_but_no_delete_buttons(uow, clock, cdo):
    saved(uow, clock, cdo)
    saved(uow, clock, member(uow, clock, 444, unit="市公安局"), "11月21日组织了公安数据培训")
    saved(uow, clock, member(uow, clock, 555, unit="福田区", city="shenzhen"), "11月21日组织了福田培训")
    coordinator = member(uow, clock, 333, role="coordinator", unit=None)
    history = activity.list_history(uow, clock, coordinator)
    assert {i.unit_name for i in history.items} == {"香洲区", "市公安局"}
    assert history.reply.choices == ()
    assert "市公安局" in rendered(history.reply)


def test_another_unit_cannot_delete_a_record(uow, clock, cdo):
    record_id = saved(uow, clock, cdo)
    other = member(uow, clock, 444, unit="市公安局")
    with pytest.raises(NotFound):
        activity.delete_activity(uow, clock, other, record_id)
    assert count_activities(uow) == 1


def test_delete_is_soft_audited_and_can_be_restored(uow, clock, cdo):
    record_id = saved(uow, clock, cdo)
    reply = activity.delete_activity(uow, clock, cdo, record_id)
    assert count_activities(uow) == 0
    assert reply.choices[0][0].data == f"act:restore:{record_id}"
    rendered(reply)
    activity.press(uow, clock, cdo, data=f"act:restore:{record_id}", chat=CHAT)
    assert count_activities(uow) == 1
    with uow() as u:
        assert [r.action for r in u.audit.of_entity("activity", record_id)] == ["create", "delete", "restore"]
        assert u.activities.get(record_id).deleted_by is None


def test_undo_removes_the_actors_last_record_only(uow, clock, cdo):
    first = saved(uow, clock, cdo, "11月2日组织了数据安全培训")
    clock.advance(timedelta(minutes=5))
    staff = member(uow, clock, 222, role="staff")
    saved(uow, clock, staff, "11月3日组织了数据培训")
    clock.advance(timedelta(minutes=5))
    last = saved(uow, clock, cdo, "11月20日参加了数据要素交流会")
    reply = activity.undo_last(uow, clock, cdo)
    assert reply.params["id"] == last
    assert "数据要素交流会" in rendered(reply)
    activity.undo_last(uow, clock, cdo)
    nothing = activity.undo_last(uow, clock, cdo)
    assert nothing.key == "activity.undo.nothing"
    with uow() as u:
        assert u.activities.get(first) is None
        assert count_activities(uow) == 1  # the staff member's record stays


def pdf(name="签到表.pdf", size=200_000, unique="U1") -> EvidenceFile:
    return EvidenceFile(
        telegram_file_id=f"F-{unique}",
        file_unique_id=unique,
        file_name=name,
        mime_type="application/pdf",
        file_size=size,
    )


def test_evidence_goes_to_the_most_recent_record_and_a_duplicate_is_not_stored_twice(uow, clock, cdo):
    saved(uow, clock, cdo, "11月2日组织了数据安全培训")
    latest = saved(uow, clock, cdo, "11月20日参加了数据要素交流会")
    first = activity.attach_evidence(uow, clock, cdo, pdf())
    again = activity.attach_evidence(uow, clock, cdo, pdf())
    assert first.activity_id == latest and again.duplicate and again.evidence_id == first.evidence_id
    assert "数据要素交流会" in rendered(first.reply)
    with uow() as u:
        assert u.activities.evidence_counts([latest]) == {latest: 1}
        assert [r.action for r in u.audit.of_entity("evidence", first.evidence_id)] == ["create"]


def test_evidence_replying_to_a_saved_card_goes_to_that_record(uow, clock, cdo):
    older_card = propose(uow, clock, cdo, "11月2日组织了数据安全培训")
    older = activity.confirm_draft(uow, clock, cdo, older_card.draft_id).activity_id
    saved(uow, clock, cdo, "11月20日参加了数据要素交流会")
    with uow() as u:
        u.conversations.get_draft(older_card.draft_id).message_address = CHAT.at(5000).text
        u.commit()
    attached = activity.attach_evidence(uow, clock, cdo, pdf(), reply_to=CHAT.at(5000))
    assert attached.activity_id == older


def test_evidence_limits_size_type_and_age(uow, clock, cdo):
    saved(uow, clock, cdo)
    with pytest.raises(ValidationFailed) as too_big:
        activity.attach_evidence(uow, clock, cdo, pdf(size=20 * 1024 * 1024 + 1))
    with pytest.raises(ValidationFailed) as bad_type:
        activity.attach_evidence(
            uow, clock, cdo, EvidenceFile("F", "U", "run.exe", "application/x-msdownload", 10)
        )
    rendered(too_big.value.reply())
    rendered(bad_type.value.reply())
    photo = activity.attach_evidence(uow, clock, cdo, EvidenceFile("F2", "U2", None, "image/jpeg", 90_000))
    sheet = activity.attach_evidence(uow, clock, cdo, EvidenceFile("F3", "U3", "名单.xlsx", None, 9_000))
    assert not photo.duplicate and not sheet.duplicate
    clock.advance(timedelta(days=8))
    with pytest.raises(ValidationFailed) as stale:
        activity.attach_evidence(uow, clock, cdo, pdf(unique="U9"))
    assert stale.value.key == "activity.evidence.no_recent"
    rendered(stale.value.reply())


def test_evidence_cannot_be_attached_to_another_units_record(uow, clock, cdo):
    record_id = saved(uow, clock, cdo)
    other = member(uow, clock, 444, unit="市公安局")
    with pytest.raises(NotFound):
        activity.attach_evidence(uow, clock, other, pdf(), activity_id=record_id)


def test_a_report_submission_records_a_report_activity_once(uow, clock, cdo):
    first = activity.record_report_submission(
        uow,
        clock,
        cdo,
        period_key="2026-11-30",
        rule_key="zhuhai.summary_report.h2",
        title="2026年下半年工作总结",
    )
    again = activity.record_report_submission(
        uow,
        clock,
        cdo,
        period_key="2026-11-30",
        rule_key="zhuhai.summary_report.h2",
        title="2026年下半年工作总结",
    )
    assert again.duplicate and again.submission_id == first.submission_id
    other_rule = activity.record_report_submission(uow, clock, cdo, period_key="2026-11-30", title="专项报告")
    assert not other_rule.duplicate
    rendered(first.reply)
    rendered(again.reply)
    with uow() as u:
        record = u.activities.get(first.activity_id)
        assert (record.kind, record.date) == ("report", date(2026, 11, 24))
        [submission] = u.reports.for_period("2026-11-30", [cdo.unit_id], rule_key="zhuhai.summary_report.h2")
        assert submission.activity_id == record.id
        assert len(u.audit.of_entity("report_submission", submission.id)) == 1


def test_a_new_cdo_inherits_the_units_history(uow, clock, cdo):
    record_id = saved(uow, clock, cdo)
    successor = member(uow, clock, 666, name="王主任")
    history = activity.list_history(uow, clock, successor)
    assert [i.activity_id for i in history.items] == [record_id]
    activity.delete_activity(uow, clock, successor, record_id)  # the unit's record is theirs now


def test_stale_or_foreign_buttons_say_so(uow, clock, cdo):
    assert activity.press(uow, clock, cdo, data="xyz", chat=CHAT).reply.key == "activity.button.stale"
    assert activity.press(uow, clock, cdo, data="act:fly:1", chat=CHAT).reply.key == "activity.button.stale"
    with pytest.raises(NotFound):
        activity.press(uow, clock, cdo, data="act:confirm:999", chat=CHAT)
