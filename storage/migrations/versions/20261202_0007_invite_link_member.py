"""link codes: an invite may name the member whose second account redeems it (/link)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("invites") as batch:
        batch.add_column(sa.Column("link_member_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_invites_link_member_id_members"), "members", ["link_member_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("invites") as batch:
        batch.drop_constraint(op.f("fk_invites_link_member_id_members"), type_="foreignkey")
        batch.drop_column("link_member_id")
