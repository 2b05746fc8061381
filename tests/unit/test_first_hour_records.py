"""Issue 15, "wrong data with one tap": plans are not records, duplicates are asked about (real SQLite file).

The planned-activity tests pass whether or not the intake flags ``ParseResult.planned``: a draft dated
after today is a plan either way.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot.core.address import Account, Address
from bot.core.cities import load_cities
from bot.core.clock import SHANGHAI, FixedClock
from bot.core.i18n import translator
from bot.services import access, activity, progress, reminders
from bot.services.activity import DraftCard
from bot.services.errors import NotAuthorized
from storage.models import Activity, ReminderOutbox, Unit

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI)  # a Tuesday
PLANNED_TRAINING = "明天下午要组织一场数据安全培训"
PLANNED_MEETING = "下周一上午十点要去开全市CDO工作交流会"
HELD = "昨天组织了数据安全培训，30人参加"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def uow(sqlite_uow_factory):
    with sqlite_uow_factory() as u:
        u.units.add(Unit(city="zhuhai", name="香洲区", kind="district"))
        u.commit()
    return sqlite_uow_factory


@pytest.fixture
def cdo(uow, clock):
    info = access.create_invite(uow, clock, city="zhuhai", unit_name="香洲区", role="cdo")
    return access.join_with_code(
        uow,
        clock,
        code=info.code,
        account=Account.telegram(111),
        display_name="李主任",
        chat=Address.telegram(111),
    ).actor


def rendered(reply) -> str:
    t = translator()
    text = t.render(reply)
    assert text != reply.key, f"no translation for {reply.key}"
    for row in reply.choices:
        for choice in row:
            assert t.label(choice) != choice.label, f"no translation for {choice.label}"
    return text


def records(uow) -> int:
    with uow() as u:
        return u.session.scalar(
            select(func.count()).select_from(Activity).where(Activity.deleted_at.is_(None))
        )


def propose(uow, clock, actor, text) -> DraftCard:
    card = activity.propose_activity(
        uow, clock, actor, text=text, chat=Address.telegram(actor.account.external_id)
    )
    assert isinstance(card, DraftCard), card
    return card


def datas(reply) -> list[str]:
    return [c.data for row in reply.choices for c in row]


@pytest.mark.parametrize("text", [PLANNED_TRAINING, PLANNED_MEETING])
def test_a_future_activity_gets_a_plan_card_without_a_confirm_button(uow, clock, cdo, text):
    card = propose(uow, clock, cdo, text)
    assert card.reply.key == "activity.plan.card"
    assert not any(d.startswith("act:confirm:") for d in datas(card.reply))
    assert f"act:follow:{card.draft_id}" in datas(card.reply)
    assert "计划" in rendered(card.reply)


def test_pressing_confirm_on_a_plan_saves_nothing_and_shows_the_plan_again(uow, clock, cdo):
    card = propose(uow, clock, cdo, PLANNED_TRAINING)
    outcome = activity.press(uow, clock, cdo, data=f"act:confirm:{card.draft_id}", chat=Address.telegram(111))
    assert outcome.reply.key == "activity.plan.card"
    assert records(uow) == 0


def test_a_draft_whose_date_is_edited_into_the_future_is_not_saved(uow, clock, cdo):
    card = propose(uow, clock, cdo, HELD)
    activity.edit_draft_field(uow, clock, cdo, draft_id=card.draft_id, field="date", value_text="12月20日")
    outcome = activity.confirm_draft(uow, clock, cdo, card.draft_id)
    assert outcome.status == "planned" and records(uow) == 0


def test_a_plan_never_counts_toward_the_training_quota(uow, clock, cdo):
    card = propose(uow, clock, cdo, PLANNED_TRAINING)
    activity.confirm_draft(uow, clock, cdo, card.draft_id)
    shown = progress.unit_progress(uow, clock, load_cities(), cdo)
    assert shown.training_count == 0 and shown.last_activity is None


def test_follow_up_reminds_the_day_after_and_its_button_brings_back_the_card_to_confirm(uow, clock, cdo):
    card = propose(uow, clock, cdo, PLANNED_TRAINING)
    answer = activity.press(uow, clock, cdo, data=f"act:follow:{card.draft_id}", chat=Address.telegram(111))
    assert "12月2日" in rendered(answer.reply)
    activity.press(
        uow, clock, cdo, data=f"act:follow:{card.draft_id}", chat=Address.telegram(111)
    )  # twice: one row
    with uow() as u:
        [row] = u.session.scalars(select(ReminderOutbox)).all()
    assert row.due_at.astimezone(SHANGHAI) == datetime(2026, 12, 3, 9, 0, tzinfo=SHANGHAI)
    assert row.member_id == cdo.member_id and row.chat_address == "telegram:111"
    message = reminders.reply_of(row)
    assert "数据安全培训" in rendered(message)
    held = next(d for d in datas(message) if d.startswith("act:held:"))

    # The re-plan does not cancel it (it is a notice, not part of the obligations' plan).
    clock.advance(timedelta(days=2))
    reminders.sync_outbox(uow, clock, load_cities())
    with uow() as u:
        assert u.session.get(ReminderOutbox, row.id).status == "pending"

    shown = activity.press(uow, clock, cdo, data=held, chat=Address.telegram(111))
    assert shown.reply.key == "activity.card.training"
    saved = activity.press(uow, clock, cdo, data=f"act:confirm:{card.draft_id}", chat=Address.telegram(111))
    assert saved.reply.key == "activity.saved" and records(uow) == 1
    with uow() as u:
        [record] = u.session.scalars(select(Activity)).all()
        assert record.date == date(2026, 12, 2)


def test_a_planned_meeting_on_a_scheduled_day_says_it_is_on_the_schedule(uow, clock, cdo):
    from bot.services import schedule

    city = load_cities()["zhuhai"]
    schedule.schedule_meeting(uow, clock, None, city=city, text="12月7日上午10点 第二次首席数据官沟通交流会")
    card = propose(uow, clock, cdo, PLANNED_MEETING)
    text = rendered(card.reply)
    assert "第二次首席数据官沟通交流会" in text and "签到" in text


def test_the_same_record_twice_asks_before_saving_and_counts_once_unless_told(uow, clock, cdo):
    first = propose(uow, clock, cdo, HELD)
    assert activity.confirm_draft(uow, clock, cdo, first.draft_id).status == "saved"
    second = propose(uow, clock, cdo, HELD)
    asked = activity.press(uow, clock, cdo, data=f"act:confirm:{second.draft_id}", chat=Address.telegram(111))
    assert asked.reply.key == "activity.duplicate.ask"
    assert "数据安全培训" in rendered(asked.reply) and records(uow) == 1
    assert f"act:dupok:{second.draft_id}" in datas(asked.reply)
    cancelled = activity.press(
        uow, clock, cdo, data=f"act:cancel:{second.draft_id}", chat=Address.telegram(111)
    )
    assert cancelled.reply.key == "activity.draft.cancelled" and records(uow) == 1

    third = propose(uow, clock, cdo, HELD)
    activity.press(uow, clock, cdo, data=f"act:confirm:{third.draft_id}", chat=Address.telegram(111))
    anyway = activity.press(uow, clock, cdo, data=f"act:dupok:{third.draft_id}", chat=Address.telegram(111))
    assert anyway.reply.key == "activity.saved" and records(uow) == 2


def test_a_record_of_another_day_or_title_is_not_a_duplicate(uow, clock, cdo):
    activity.confirm_draft(uow, clock, cdo, propose(uow, clock, cdo, HELD).draft_id)
    other = propose(uow, clock, cdo, "昨天组织了个人信息保护培训，20人参加")
    assert activity.confirm_draft(uow, clock, cdo, other.draft_id).status == "saved"


def test_a_cdos_planned_meeting_is_proposed_to_the_coordinators_who_put_it_on_the_schedule(uow, clock, cdo):
    info = access.create_invite(uow, clock, city="zhuhai", unit_name=None, role="coordinator")
    coordinator = access.join_with_code(
        uow,
        clock,
        code=info.code,
        account=Account.telegram(999),
        display_name="政数局",
        chat=Address.telegram(999),
    ).actor
    card = propose(uow, clock, cdo, PLANNED_MEETING)
    assert f"act:propose:{card.draft_id}" in datas(card.reply)
    sent = activity.press(uow, clock, cdo, data=f"act:propose:{card.draft_id}", chat=Address.telegram(111))
    assert "统筹协调人员" in rendered(sent.reply)
    with uow() as u:
        [row] = [r for r in u.session.scalars(select(ReminderOutbox)) if r.member_id == coordinator.member_id]
    notice = reminders.reply_of(row)
    assert "香洲区" in rendered(notice) and "全市CDO工作交流会" in rendered(notice)
    button = next(d for d in datas(notice) if d.startswith("act:csched:"))
    with pytest.raises(NotAuthorized):  # only a coordinator of the city (or an admin) may schedule it
        activity.press(uow, clock, cdo, data=button, chat=Address.telegram(111))
    scheduled = activity.press(uow, clock, coordinator, data=button, chat=Address.telegram(999))
    assert scheduled.reply.key == "schedule.meeting.added"
    assert scheduled.reply.params["time"] == "10:00" and (scheduled.reply.params["day"]) == 7
    again = activity.press(uow, clock, coordinator, data=button, chat=Address.telegram(999))
    assert again.reply.key == "activity.plan.already_scheduled"
    shown = activity.show_draft(uow, clock, cdo, card.draft_id)
    assert "会议日程中已有" in rendered(shown.reply)
