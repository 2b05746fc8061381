"""Revision 0005 carries a database full of Telegram integers over to accounts and addresses, and back.

The rows are what revisions 0001-0004 held in production: members with their Telegram user ids (one
of them a former membership of the same person, one without a chat, one id beyond 32 bits), a
group chat's negative id, dialog states, cards with and without their message, reminders sent to
the row's chat or to the member's. Every row is checked after the upgrade; after the downgrade
every table is exactly what it was, column by column. A card shown before the upgrade is
confirmed after it, and the downgrade refuses (and says why) once a WeCom account exists.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from bot.core.address import Account, Address
from bot.core.clock import FixedClock
from bot.services import access, activity
from storage import migrate
from storage.db import make_engine
from storage.uow import uow_factory as make_uow_factory

BEFORE, REVISION = "0004", "0005"
"""The revision before this one, where the Telegram integers still are, and this one."""
GROUP = -1001234567890
BIG = 5_000_000_001
JOINED = datetime(2026, 11, 20, 1, 0)
EXPIRES = datetime(2026, 12, 20, 1, 0)
NOW = FixedClock(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
CARD_PAYLOAD = {
    "kind": "training",
    "date": "2026-11-18",
    "time": None,
    "attendees": 30,
    "title": "数据治理培训",
    "location": None,
    "date_assumed": False,
    "original_text": "上周三组织了数据治理培训，30人参加",
    "unit_id": 1,
}
TABLES = ("members", "conversation_states", "pending_drafts", "reminder_outbox", "activities", "units")


def _member(member_id: int, user_id: int, chat_id: int | None, role: str, active: bool) -> dict[str, Any]:
    return {
        "id": member_id,
        "telegram_user_id": user_id,
        "display_name": f"member {member_id}",
        "city": "zhuhai",
        "unit_id": 1 if role in ("cdo", "staff") else None,
        "role": role,
        "active": active,
        "joined_at": JOINED + timedelta(hours=member_id),
        "left_at": None if active else JOINED + timedelta(days=1),
        "mute_nudges": False,
        "chat_id": chat_id,
    }


def _outbox(row_id: int, member_id: int, chat_id: int | None, message_id: int | None) -> dict[str, Any]:
    return {
        "id": row_id,
        "dedupe_key": f"zhuhai.rule|2026-11-30|14d|{row_id}",
        "member_id": member_id,
        "chat_id": chat_id,
        "rule_key": "zhuhai.rule",
        "period_key": "2026-11-30",
        "kind": "deadline",
        "due_at": JOINED,
        "payload": {"message": "reminder.deadline", "params": {}, "buttons": []},
        "status": "sent" if message_id is not None else "pending",
        "attempts": 1 if message_id is not None else 0,
        "telegram_message_id": message_id,
        "created_at": JOINED,
    }


ROWS: dict[str, list[dict[str, Any]]] = {
    "units": [{"id": 1, "city": "zhuhai", "name": "市公安局", "kind": "department", "created_at": JOINED}],
    "members": [
        _member(1, 1001, 1001, "cdo", True),
        _member(2, 1001, 1001, "staff", False),  # the same person's former membership
        _member(3, 2001, None, "coordinator", True),  # never wrote to the bot privately
        _member(4, BIG, BIG, "admin", True),
    ],
    "activities": [
        {
            "id": 1,
            "unit_id": 1,
            "kind": "training",
            "date": date(2026, 11, 18),
            "title": "数据安全培训",
            "original_text": "",
            "entered_by": 1,
            "created_at": JOINED,
            "updated_at": JOINED,
        }
    ],
    "conversation_states": [
        {
            "id": 1,
            "chat_id": GROUP,
            "user_id": 1001,
            "name": "activity",
            "state": "describe:training",
            "data": {},
            "message_id": 55,
            "updated_at": JOINED,
            "expires_at": EXPIRES,
        },
        {
            "id": 2,
            "chat_id": 1001,
            "user_id": 1001,
            "name": "activity.edit",
            "state": "await_value",
            "data": {"draft_id": 1, "field": "attendees"},
            "message_id": None,
            "updated_at": JOINED,
            "expires_at": None,
        },
    ],
    "pending_drafts": [
        {
            "id": 1,
            "kind": "activity",
            "member_id": 1,
            "chat_id": 1001,
            "message_id": 77,
            "payload": CARD_PAYLOAD,
            "status": "pending",
            "created_at": JOINED,
            "expires_at": EXPIRES,
        },
        {
            "id": 2,
            "kind": "activity",
            "member_id": 1,
            "chat_id": GROUP,
            "message_id": None,
            "payload": CARD_PAYLOAD,
            "status": "cancelled",
            "created_at": JOINED,
            "expires_at": EXPIRES,
        },
    ],
    "reminder_outbox": [
        _outbox(1, 1, 1001, 88),  # sent to the row's chat
        _outbox(2, 3, None, None),  # pending, goes to the member's chat when due
        _outbox(3, 1, None, 99),  # sent to the member's chat
        _outbox(4, 4, BIG, None),
    ],
}


def _snapshot(url: str) -> dict[str, list[dict[str, Any]]]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {
                table: [
                    dict(row._mapping)
                    for row in connection.execute(sa.text(f"SELECT * FROM {table} ORDER BY id"))
                ]
                for table in TABLES
            }
    finally:
        engine.dispose()


def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(sa.text(sql))]
    finally:
        engine.dispose()


@pytest.fixture
def telegram_db(db_url: str) -> str:
    """A database at revision ``BEFORE`` holding the rows above, inserted through the reflected tables."""
    migrate.downgrade(db_url, "base")
    migrate.upgrade(db_url, BEFORE)
    engine = make_engine(db_url)
    try:
        metadata = sa.MetaData()
        metadata.reflect(engine)
        with engine.begin() as connection:
            for table in ("units", "members", "activities", "conversation_states", "pending_drafts"):
                connection.execute(metadata.tables[table].insert(), ROWS[table])
            connection.execute(metadata.tables["reminder_outbox"].insert(), ROWS["reminder_outbox"])
            if connection.dialect.name == "postgresql":  # explicit ids: move the sequences past them
                for table in TABLES:
                    connection.execute(
                        sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 100)")
                    )
    finally:
        engine.dispose()
    return db_url


def test_every_telegram_row_becomes_accounts_and_addresses_and_comes_back_unchanged(telegram_db: str) -> None:
    before = _snapshot(telegram_db)
    migrate.upgrade(telegram_db, REVISION)

    assert _rows(
        telegram_db, "SELECT member_id, platform, external_id, active FROM member_accounts ORDER BY member_id"
    ) == [
        (1, "telegram", "1001", True),
        (2, "telegram", "1001", False),
        (3, "telegram", "2001", True),
        (4, "telegram", str(BIG), True),
    ]
    assert _rows(telegram_db, "SELECT id, chat_address FROM members ORDER BY id") == [
        (1, "telegram:1001"),
        (2, "telegram:1001"),
        (3, None),
        (4, f"telegram:{BIG}"),
    ]
    assert _rows(
        telegram_db,
        "SELECT id, chat_address, account, name, state, message_address FROM conversation_states ORDER BY id",
    ) == [
        (1, f"telegram:{GROUP}", "telegram:1001", "activity", "describe:training", f"telegram:{GROUP}#55"),
        (2, "telegram:1001", "telegram:1001", "activity.edit", "await_value", None),
    ]
    assert _rows(telegram_db, "SELECT id, chat_address, message_address FROM pending_drafts ORDER BY id") == [
        (1, "telegram:1001", "telegram:1001#77"),
        (2, f"telegram:{GROUP}", None),
    ]
    assert _rows(
        telegram_db, "SELECT id, chat_address, message_address FROM reminder_outbox ORDER BY id"
    ) == [
        (1, "telegram:1001", "telegram:1001#88"),
        (2, None, None),
        (3, None, "telegram:1001#99"),
        (4, f"telegram:{BIG}", None),
    ]
    after = _snapshot(telegram_db)
    renamed = {"telegram_user_id", "chat_id", "user_id", "message_id", "telegram_message_id"}
    for table in TABLES:  # every other column of every row is untouched
        assert [{k: v for k, v in row.items() if k not in renamed} for row in before[table]] == [
            {k: v for k, v in row.items() if k in before[table][0] and k not in renamed}
            for row in after[table]
        ], table

    migrate.downgrade(telegram_db, BEFORE)
    assert _snapshot(telegram_db) == before


def test_a_card_shown_before_the_upgrade_still_works_after_it(telegram_db: str) -> None:
    migrate.upgrade(telegram_db, "head")
    factory = make_uow_factory(telegram_db)
    try:
        cdo = access.identify(factory, Account.telegram(1001))
        assert cdo is not None and cdo.member_id == 1  # the active membership, not the former one
        assert access.identify(factory, Account.telegram(BIG), admin_ids={BIG}).is_admin
        with factory() as uow:  # a reply to the old card still names its draft
            assert uow.conversations.draft_by_message(Address.telegram(1001, 77).text).id == 1
        pressed = activity.press(factory, NOW, cdo, data="act:confirm:1", chat=Address.telegram(1001))
        assert pressed.reply.key.startswith("activity.saved"), pressed.reply
        with factory() as uow:
            assert [a.title for a in uow.activities.history([1])] == ["数据治理培训", "数据安全培训"]
    finally:
        factory.dispose()


def test_the_downgrade_refuses_and_names_the_member_once_a_wecom_account_exists(telegram_db: str) -> None:
    migrate.upgrade(telegram_db, REVISION)
    factory = make_uow_factory(telegram_db)
    try:
        with factory() as uow:
            uow.members.add_account(uow.members.get(3), "wecom", "zhangsan", NOW.now())
            uow.commit()
    finally:
        factory.dispose()
    with pytest.raises(RuntimeError, match="member 3 holds accounts"):
        migrate.downgrade(telegram_db, BEFORE)
    assert migrate.current(telegram_db) == REVISION  # nothing half done: the downgrade is one transaction
