"""conversation flow: the questions of the current turn, what the requester did not know, and
the statement field being corrected

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("pending", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("unknown", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("editing", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("editing")
        batch.drop_column("unknown")
        batch.drop_column("pending")
