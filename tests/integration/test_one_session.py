"""One session per incoming update (``SqlUnitOfWorkFactory.one_session``): the units of work of an
update share a connection, yet each keeps its meaning — a commit commits, a block that wrote and
left without one is rolled back, a nested block is on its own. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import event, select

from bot.core.address import Account, Address
from bot.core.clock import SHANGHAI, FixedClock
from bot.services.conversation import Event, Kind
from bot.services.dispatcher import Dispatcher
from storage.models import Unit
from tests.integration._outbox_helpers import seed_zhuhai

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)


def _checkouts(factory) -> list[int]:
    seen: list[int] = []
    event.listen(factory.engine, "checkout", lambda *_: seen.append(1))
    return seen


def test_the_blocks_of_one_scope_share_one_connection_and_one_identity_map(uow_factory) -> None:
    seed_zhuhai(uow_factory)
    checkouts = _checkouts(uow_factory)
    with uow_factory.one_session():
        with uow_factory() as uow:
            unit = uow.units.by_name("zhuhai", "香洲区")
        with uow_factory() as uow:
            assert uow.units.get(unit.id) is unit  # read once, found again without a query
    assert len(checkouts) == 1
    with uow_factory() as uow:
        uow.units.all()
    with uow_factory() as uow:
        uow.units.all()
    assert len(checkouts) == 3  # outside the scope each block checks one out


def test_a_block_that_wrote_and_did_not_commit_is_rolled_back_not_committed_by_the_next(uow_factory) -> None:
    seed_zhuhai(uow_factory)
    with uow_factory.one_session():
        with uow_factory() as uow:
            uow.units.by_name("zhuhai", "香洲区").name = "改掉的名字"  # left without commit()
        with uow_factory() as uow:
            uow.units.upsert(city="zhuhai", name="新单位", kind="department", is_pilot=False)
            uow.commit()
        with pytest.raises(RuntimeError), uow_factory() as uow:
            uow.units.upsert(city="zhuhai", name="失败的单位", kind="department", is_pilot=False)
            raise RuntimeError
    with uow_factory() as uow:
        names = set(uow.session.scalars(select(Unit.name).where(Unit.city == "zhuhai")))
    assert "香洲区" in names and "新单位" in names
    assert not {"改掉的名字", "失败的单位"} & names


def test_a_nested_block_gets_a_session_of_its_own(uow_factory) -> None:
    seed_zhuhai(uow_factory)
    with uow_factory.one_session(), uow_factory() as outer:
        with uow_factory() as inner:
            assert inner.session is not outer.session
        with uow_factory() as inner:
            inner.units.upsert(city="zhuhai", name="内层单位", kind="department", is_pilot=False)
            # left without commit(): rolled back with its own session, the outer one untouched
        assert outer.units.by_name("zhuhai", "香洲区") is not None
    with uow_factory() as uow:
        assert uow.units.by_name("zhuhai", "内层单位") is None


def test_a_duty_question_costs_one_statement_the_ledger_and_the_member_together(uow_factory) -> None:
    people = seed_zhuhai(uow_factory)
    dispatcher = Dispatcher(uow_factory, FixedClock(NOW))
    dispatcher.warm_up()
    statements: list[str] = []
    event.listen(uow_factory.engine, "before_cursor_execute", lambda _c, _k, s, *_: statements.append(s))
    question = Event(
        Kind.TEXT,
        account=Account.telegram(1001),
        chat=Address.telegram(1001),
        private=True,
        text="首席数据官要做哪些工作",
        event_id="77",
    )
    outcome = dispatcher.handle(question)
    assert outcome.replies and outcome.replies[0].key != "bot.access.refused", people
    [only] = statements  # no dialog or field edit waits: neither is looked up
    assert "processed_events" in only and "member_accounts" in only and "conversation_states" in only
