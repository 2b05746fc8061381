"""Migration 0004 on SQLite and PostgreSQL: codes handed out before it keep working (stored as their
hash from then on), and a member whose delivery address was a group chat gets their private chat back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from bot.core.address import Account, Address
from bot.core.clock import FixedClock
from bot.services import access
from storage import migrate
from storage.db import make_engine
from storage.uow import uow_factory as make_factory

NOW = datetime(2026, 12, 2, 1, tzinfo=UTC)


def test_clear_codes_become_hashes_that_still_redeem_and_group_chat_ids_are_repaired(db_url):
    migrate.downgrade(db_url, "0003")
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO units (id, city, name, kind, is_pilot, created_at) VALUES (1, 'zhuhai', '香洲区', 'district', true, :at)"
            ),
            {"at": NOW},
        )
        conn.execute(
            text(
                "INSERT INTO invites (code, city, unit_id, role, created_at, expires_at) VALUES ('OldCode123', 'zhuhai', 1, 'cdo', :at, :exp)"
            ),
            {"at": NOW, "exp": NOW + timedelta(days=14)},
        )
        conn.execute(
            text(
                "INSERT INTO members (telegram_user_id, display_name, city, unit_id, role, active, joined_at, mute_nudges, chat_id) VALUES (77, '群里加入的', 'zhuhai', 1, 'staff', true, :at, false, -100999)"
            ),
            {"at": NOW},
        )
    engine.dispose()
    migrate.upgrade(db_url)
    factory = make_factory(db_url)
    try:
        with factory() as uow:
            assert uow.members.active_by_account("telegram", "77").chat_address == "telegram:77"
            assert uow.invites.by_code_hash(access.hash_code("OldCode123")) is not None
        joined = access.join_with_code(
            factory,
            FixedClock(NOW),
            code="OldCode123",
            account=Account.telegram(88),
            display_name="李",
            chat=Address.telegram(88),
        )
        assert joined.actor.unit_name == "香洲区"
    finally:
        factory.dispose()
