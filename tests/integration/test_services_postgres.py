"""Service guarantees that depend on the database under concurrency, checked on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest

from bot.core.address import Account, Address
from bot.core.clock import SHANGHAI, FixedClock
from bot.services import access, activity
from bot.services.errors import InvalidInvite
from storage.models import Unit

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def factory(postgres_url):
    from storage.uow import uow_factory

    f = uow_factory(postgres_url)
    with f() as uow:
        uow.units.add(Unit(city="zhuhai", name="香洲区", kind="district"))
        uow.commit()
    yield f
    f.dispose()


def _race(n: int, work) -> list[object]:
    barrier = threading.Barrier(n)
    out: list[object] = []

    def run() -> None:
        barrier.wait(10)
        try:
            out.append(work())
        except Exception as exc:
            out.append(exc)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return out


def test_racing_confirm_presses_save_one_record(factory):
    clock = FixedClock(NOW)
    code = access.create_invite(factory, clock, city="zhuhai", unit_name="香洲区", role="cdo").code
    cdo = access.join_with_code(
        factory, clock, code=code, account=Account.telegram(1), display_name="李", chat=Address.telegram(1)
    ).actor
    card = activity.propose_activity(
        factory, clock, cdo, text="昨天组织了数据安全培训", chat=Address.telegram(1)
    )
    outcomes = _race(4, lambda: activity.confirm_draft(factory, clock, cdo, card.draft_id))
    assert sorted(o.status for o in outcomes) == ["already_saved", "already_saved", "already_saved", "saved"]
    assert len({o.activity_id for o in outcomes}) == 1
    with factory() as uow:
        assert len(uow.activities.history([cdo.unit_id])) == 1


def test_racing_joins_with_one_code_admit_one_member(factory):
    clock = FixedClock(NOW)
    code = access.create_invite(factory, clock, city="zhuhai", unit_name="香洲区", role="staff").code
    users = iter(range(100, 104))
    lock = threading.Lock()

    def join():
        with lock:
            user = next(users)
        return access.join_with_code(
            factory,
            clock,
            code=code,
            account=Account.telegram(user),
            display_name="x",
            chat=Address.telegram(user),
        )

    outcomes = _race(4, join)
    assert sum(isinstance(o, access.Joined) for o in outcomes) == 1
    assert sum(isinstance(o, InvalidInvite) for o in outcomes) == 3
