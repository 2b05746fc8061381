"""platform-neutral identity: member accounts, chat and message addresses as text

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

Telegram integers become the text of ``bot.core.address``:

- ``members.telegram_user_id`` → a ``member_accounts`` row (``telegram``, ``"42"``), active with
  its membership; ``members.chat_id`` → ``members.chat_address`` (``telegram:42``);
- ``reminder_outbox.chat_id`` / ``telegram_message_id`` → ``chat_address`` / ``message_address``
  (``telegram:42#77``; a row sent to its member's chat takes that chat);
- ``conversation_states.chat_id`` / ``user_id`` / ``message_id`` → ``chat_address`` / ``account``
  / ``message_address``; ``pending_drafts.chat_id`` / ``message_id`` → ``chat_address`` /
  ``message_address``.

Rows are converted in Python, one statement per row, so the same code runs on SQLite and
PostgreSQL. Down again works while every account and address is Telegram's (it refuses, and
says which row, once a WeCom account exists: there is no integer to give it back).
On SQLite, batch mode rebuilds ``members``, which other tables reference: ``storage.migrate``
turns foreign keys off for the migration and checks them before the commit.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TELEGRAM = "telegram"
ADDRESS = sa.String(length=255)


def _chat(chat_id: int | None) -> str | None:
    return None if chat_id is None else f"{TELEGRAM}:{int(chat_id)}"


def _message(chat_id: int | None, message_id: int | None) -> str | None:
    if chat_id is None or message_id is None:
        return None
    return f"{TELEGRAM}:{int(chat_id)}#{int(message_id)}"


def _update(table: str, row_id: int, **values: object) -> None:
    assignments = ", ".join(f"{name} = :{name}" for name in values)
    op.get_bind().execute(
        sa.text(f"UPDATE {table} SET {assignments} WHERE id = :id"), {"id": row_id, **values}
    )


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "member_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_member_accounts_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_accounts")),
    )
    with op.batch_alter_table("member_accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_accounts_member_id"), ["member_id"], unique=False)
        batch_op.create_index(
            "uq_member_accounts_active_platform_external_id",
            ["platform", "external_id"],
            unique=True,
            sqlite_where=sa.text("active"),
            postgresql_where=sa.text("active"),
        )

    # members: the Telegram user id becomes an account, the chat id an address.
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chat_address", ADDRESS, nullable=True))
    members = bind.execute(
        sa.text("SELECT id, telegram_user_id, chat_id, active, joined_at FROM members ORDER BY id")
    ).all()
    for member_id, user_id, chat_id, active, joined_at in members:
        bind.execute(
            sa.text(
                "INSERT INTO member_accounts (member_id, platform, external_id, active, created_at) "
                "VALUES (:member_id, :platform, :external_id, :active, :created_at)"
            ),
            {
                "member_id": member_id,
                "platform": TELEGRAM,
                "external_id": str(int(user_id)),
                "active": bool(active),
                "created_at": joined_at,
            },
        )
        if chat_id is not None:
            _update("members", member_id, chat_address=_chat(chat_id))
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_members_active_telegram_user_id",
            sqlite_where=sa.text("active"),
            postgresql_where=sa.text("active"),
        )
        batch_op.drop_column("telegram_user_id")
        batch_op.drop_column("chat_id")

    # reminder_outbox: where it goes and what was sent.
    member_chats = {member_id: chat_id for member_id, _, chat_id, _, _ in members}
    with op.batch_alter_table("reminder_outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chat_address", ADDRESS, nullable=True))
        batch_op.add_column(sa.Column("message_address", ADDRESS, nullable=True))
    rows = bind.execute(
        sa.text("SELECT id, member_id, chat_id, telegram_message_id FROM reminder_outbox")
    ).all()
    for row_id, member_id, chat_id, message_id in rows:
        sent_to = chat_id if chat_id is not None else member_chats.get(member_id)
        if chat_id is not None or message_id is not None:
            _update(
                "reminder_outbox",
                row_id,
                chat_address=_chat(chat_id),
                message_address=_message(sent_to, message_id),
            )
    with op.batch_alter_table("reminder_outbox", schema=None) as batch_op:
        batch_op.drop_column("chat_id")
        batch_op.drop_column("telegram_message_id")

    # conversation_states: chat, speaker and message.
    with op.batch_alter_table("conversation_states", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chat_address", ADDRESS, nullable=True))
        batch_op.add_column(sa.Column("account", ADDRESS, nullable=True))
        batch_op.add_column(sa.Column("message_address", ADDRESS, nullable=True))
    rows = bind.execute(sa.text("SELECT id, chat_id, user_id, message_id FROM conversation_states")).all()
    for row_id, chat_id, user_id, message_id in rows:
        _update(
            "conversation_states",
            row_id,
            chat_address=_chat(chat_id),
            account=f"{TELEGRAM}:{int(user_id)}",
            message_address=_message(chat_id, message_id),
        )
    with op.batch_alter_table("conversation_states", schema=None) as batch_op:
        batch_op.drop_constraint("uq_conversation_states_chat_id_user_id_name", type_="unique")
        batch_op.alter_column("chat_address", existing_type=ADDRESS, nullable=False)
        batch_op.alter_column("account", existing_type=ADDRESS, nullable=False)
        batch_op.drop_column("chat_id")
        batch_op.drop_column("user_id")
        batch_op.drop_column("message_id")
        batch_op.create_unique_constraint(
            batch_op.f("uq_conversation_states_chat_address_account_name"),
            ["chat_address", "account", "name"],
        )

    # pending_drafts: the chat of the card and the card's message.
    with op.batch_alter_table("pending_drafts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chat_address", ADDRESS, nullable=True))
        batch_op.add_column(sa.Column("message_address", ADDRESS, nullable=True))
    rows = bind.execute(sa.text("SELECT id, chat_id, message_id FROM pending_drafts")).all()
    for row_id, chat_id, message_id in rows:
        _update(
            "pending_drafts",
            row_id,
            chat_address=_chat(chat_id),
            message_address=_message(chat_id, message_id),
        )
    with op.batch_alter_table("pending_drafts", schema=None) as batch_op:
        batch_op.alter_column("chat_address", existing_type=ADDRESS, nullable=False)
        batch_op.drop_column("chat_id")
        batch_op.drop_column("message_id")


class NotTelegram(RuntimeError):
    """A row holds a non-Telegram account or address: revision 0004 has no column for it."""


def _telegram_chat(table: str, row_id: int, text: str | None) -> int | None:
    if text is None:
        return None
    platform, _, rest = text.partition(":")
    chat = rest.partition("#")[0]
    if platform != TELEGRAM or not chat.lstrip("-").isdigit():
        raise NotTelegram(f"cannot downgrade: {table} row {row_id} holds {text!r}, not a Telegram chat")
    return int(chat)


def _telegram_message(table: str, row_id: int, text: str | None) -> int | None:
    if text is None:
        return None
    _telegram_chat(table, row_id, text)
    message = text.partition("#")[2]
    if not message.isdigit():
        raise NotTelegram(f"cannot downgrade: {table} row {row_id} holds {text!r}, not a Telegram message")
    return int(message)


def _member_accounts(bind: sa.Connection) -> dict[int, list[tuple[str, str]]]:
    accounts: dict[int, list[tuple[str, str]]] = {}
    for member_id, platform, external_id in bind.execute(
        sa.text("SELECT member_id, platform, external_id FROM member_accounts ORDER BY id")
    ).all():
        accounts.setdefault(member_id, []).append((platform, external_id))
    return accounts


def _telegram_user(member_id: int, held: list[tuple[str, str]]) -> int:
    if len(held) != 1 or held[0][0] != TELEGRAM or not held[0][1].isdigit():
        raise NotTelegram(f"cannot downgrade: member {member_id} holds accounts {held}, not one Telegram id")
    return int(held[0][1])


def _check_downgradable(bind: sa.Connection) -> None:
    """Refuse before changing anything: SQLite runs a leading ALTER TABLE outside the transaction."""
    accounts = _member_accounts(bind)
    for member_id, chat in bind.execute(sa.text("SELECT id, chat_address FROM members")).all():
        _telegram_user(member_id, accounts.get(member_id, []))
        _telegram_chat("members", member_id, chat)
    for table, columns in (
        ("pending_drafts", ("chat_address", "message_address")),
        ("conversation_states", ("chat_address", "account", "message_address")),
        ("reminder_outbox", ("chat_address", "message_address")),
    ):
        for row_id, *values in bind.execute(sa.text(f"SELECT id, {', '.join(columns)} FROM {table}")).all():
            for column, value in zip(columns, values, strict=True):
                check = _telegram_message if column == "message_address" else _telegram_chat
                check(table, row_id, value)


def downgrade() -> None:
    bind = op.get_bind()
    _check_downgradable(bind)

    with op.batch_alter_table("pending_drafts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chat_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("message_id", sa.BigInteger(), nullable=True))
    for row_id, chat, message in bind.execute(
        sa.text("SELECT id, chat_address, message_address FROM pending_drafts")
    ).all():
        _update(
            "pending_drafts",
            row_id,
            chat_id=_telegram_chat("pending_drafts", row_id, chat),
            message_id=_telegram_message("pending_drafts", row_id, message),
        )
    with op.batch_alter_table("pending_drafts", schema=None) as batch_op:
        batch_op.alter_column("chat_id", existing_type=sa.BigInteger(), nullable=False)
        batch_op.drop_column("chat_address")
        batch_op.drop_column("message_address")

    with op.batch_alter_table("conversation_states", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chat_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("user_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("message_id", sa.BigInteger(), nullable=True))
    for row_id, chat, account, message in bind.execute(
        sa.text("SELECT id, chat_address, account, message_address FROM conversation_states")
    ).all():
        _update(
            "conversation_states",
            row_id,
            chat_id=_telegram_chat("conversation_states", row_id, chat),
            user_id=_telegram_chat("conversation_states", row_id, account),
            message_id=_telegram_message("conversation_states", row_id, message),
        )
    with op.batch_alter_table("conversation_states", schema=None) as batch_op:
        batch_op.drop_constraint("uq_conversation_states_chat_address_account_name", type_="unique")
        batch_op.alter_column("chat_id", existing_type=sa.BigInteger(), nullable=False)
        batch_op.alter_column("user_id", existing_type=sa.BigInteger(), nullable=False)
        batch_op.drop_column("chat_address")
        batch_op.drop_column("account")
        batch_op.drop_column("message_address")
        batch_op.create_unique_constraint(
            batch_op.f("uq_conversation_states_chat_id_user_id_name"), ["chat_id", "user_id", "name"]
        )

    with op.batch_alter_table("reminder_outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chat_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("telegram_message_id", sa.BigInteger(), nullable=True))
    for row_id, chat, message in bind.execute(
        sa.text("SELECT id, chat_address, message_address FROM reminder_outbox")
    ).all():
        if chat is not None or message is not None:
            _update(
                "reminder_outbox",
                row_id,
                chat_id=_telegram_chat("reminder_outbox", row_id, chat),
                telegram_message_id=_telegram_message("reminder_outbox", row_id, message),
            )
    with op.batch_alter_table("reminder_outbox", schema=None) as batch_op:
        batch_op.drop_column("chat_address")
        batch_op.drop_column("message_address")

    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("telegram_user_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("chat_id", sa.BigInteger(), nullable=True))
    accounts = _member_accounts(bind)
    for member_id, chat in bind.execute(sa.text("SELECT id, chat_address FROM members")).all():
        _update(
            "members",
            member_id,
            telegram_user_id=_telegram_user(member_id, accounts.get(member_id, [])),
            chat_id=_telegram_chat("members", member_id, chat),
        )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.alter_column("telegram_user_id", existing_type=sa.BigInteger(), nullable=False)
        batch_op.drop_column("chat_address")
        batch_op.create_index(
            "uq_members_active_telegram_user_id",
            ["telegram_user_id"],
            unique=True,
            sqlite_where=sa.text("active"),
            postgresql_where=sa.text("active"),
        )

    with op.batch_alter_table("member_accounts", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_member_accounts_active_platform_external_id",
            sqlite_where=sa.text("active"),
            postgresql_where=sa.text("active"),
        )
        batch_op.drop_index(batch_op.f("ix_member_accounts_member_id"))
    op.drop_table("member_accounts")
