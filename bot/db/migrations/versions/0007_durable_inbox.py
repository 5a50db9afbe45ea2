"""durable inbox: every inbound event recorded before its ack (replaces slack_events); per-channel
pacing shared by replicas

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("event_id", sa.String(length=255), nullable=True),
        sa.Column("handler", sa.String(length=64), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owner", sa.String(length=128), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox")),
        sa.UniqueConstraint("event_id", name=op.f("uq_inbox_event_id")),
        sa.UniqueConstraint("key", name=op.f("uq_inbox_key")),
    )
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.create_index("ix_inbox_pending", ["done_at", "lease_until"], unique=False)

    op.create_table(
        "channel_pace",
        sa.Column("channel", sa.String(length=128), nullable=False),
        sa.Column("tat", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("channel", name=op.f("pk_channel_pace")),
    )

    # The inbox deduplicates on event_id now; the old list of handled event ids goes.
    with op.batch_alter_table("slack_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slack_events_received_at"))
    op.drop_table("slack_events")


def downgrade() -> None:
    op.create_table(
        "slack_events",
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_slack_events")),
    )
    with op.batch_alter_table("slack_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_slack_events_received_at"), ["received_at"], unique=False
        )
    op.drop_table("channel_pace")
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.drop_index("ix_inbox_pending")
    op.drop_table("inbox")
