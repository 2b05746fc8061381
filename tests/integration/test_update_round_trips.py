"""Round trips on every update: who is writing, and the card just sent, each cost one statement."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import event

from bot.core.address import Account, Address
from bot.core.clock import SHANGHAI, FixedClock
from bot.services import access, activity
from tests.integration._outbox_helpers import seed_zhuhai

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)


def statements_of(factory, work) -> tuple[object, list[str]]:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(factory.engine, "before_cursor_execute", record)
    try:
        return work(), seen
    finally:
        event.remove(factory.engine, "before_cursor_execute", record)


def test_identifying_a_member_reads_the_unit_with_the_member_not_after_it(sqlite_uow_factory) -> None:
    people = seed_zhuhai(sqlite_uow_factory)
    actor, seen = statements_of(
        sqlite_uow_factory, lambda: access.identify(sqlite_uow_factory, Account.telegram(1001))
    )
    assert (actor.member_id, actor.unit_name) == (people.cdo.member_id, "香洲区")
    assert "JOIN units" in seen[0] and not any("FROM units" in s for s in seen), seen  # no second read


def test_the_card_message_is_recorded_in_one_update_and_only_for_the_cards_chat(sqlite_uow_factory) -> None:
    people = seed_zhuhai(sqlite_uow_factory)
    clock = FixedClock(NOW)
    card = activity.propose_activity(
        sqlite_uow_factory, clock, people.cdo, text="昨天组织了数据安全培训", chat=Address.telegram(1001)
    )
    assert not activity.record_card_message(
        sqlite_uow_factory, card.draft_id, message=Address.telegram(999, 5)
    )
    recorded, seen = statements_of(
        sqlite_uow_factory,
        lambda: activity.record_card_message(
            sqlite_uow_factory, card.draft_id, message=Address.telegram(1001, 7)
        ),
    )
    assert recorded
    assert [s.split()[0] for s in seen] == ["UPDATE"]
    with sqlite_uow_factory() as uow:
        assert uow.conversations.get_draft(card.draft_id).message_address == Address.telegram(1001, 7).text


def test_a_cdos_history_takes_the_unit_name_from_the_member_not_from_the_units_table(
    sqlite_uow_factory,
) -> None:
    people = seed_zhuhai(sqlite_uow_factory)
    clock = FixedClock(NOW)
    card = activity.propose_activity(
        sqlite_uow_factory, clock, people.cdo, text="昨天组织了数据安全培训", chat=Address.telegram(1001)
    )
    activity.confirm_draft(sqlite_uow_factory, clock, people.cdo, card.draft_id)
    history, seen = statements_of(
        sqlite_uow_factory, lambda: activity.list_history(sqlite_uow_factory, clock, people.cdo)
    )
    assert [item.unit_name for item in history.items] == [people.cdo.unit_name]
    assert not any("FROM units" in s for s in seen), seen
