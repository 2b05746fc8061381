"""invite codes stored as SHA-256 hashes; members' delivery address is never a group chat

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

Codes already handed out keep working: each is replaced by its hash. Going down cannot give the
codes back, so open invites then hold their hash as the code (unusable; mint new ones).
Telegram group chats have negative ids and a private chat's id is the user's: a member whose
``chat_id`` is a group (joined with ``/start CODE`` in a group) gets their private chat back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("invites") as batch:
        batch.add_column(sa.Column("code_hash", sa.String(length=64), nullable=True))
    bind = op.get_bind()
    invites = sa.table(
        "invites",
        sa.column("id", sa.Integer),
        sa.column("code", sa.String),
        sa.column("code_hash", sa.String),
    )
    for invite_id, code in bind.execute(sa.select(invites.c.id, invites.c.code)).all():
        digest = hashlib.sha256(code.encode()).hexdigest()
        bind.execute(invites.update().where(invites.c.id == invite_id).values(code_hash=digest))
    with op.batch_alter_table("invites") as batch:
        batch.drop_constraint("uq_invites_code", type_="unique")
        batch.drop_column("code")
        batch.alter_column("code_hash", existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint(batch.f("uq_invites_code_hash"), ["code_hash"])
    bind.execute(sa.text("UPDATE members SET chat_id = telegram_user_id WHERE chat_id < 0"))


def downgrade() -> None:
    with op.batch_alter_table("invites") as batch:
        batch.add_column(sa.Column("code", sa.String(length=64), nullable=True))
    op.execute("UPDATE invites SET code = code_hash")
    with op.batch_alter_table("invites") as batch:
        batch.drop_constraint("uq_invites_code_hash", type_="unique")
        batch.drop_column("code_hash")
        batch.alter_column("code", existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint(batch.f("uq_invites_code"), ["code"])
