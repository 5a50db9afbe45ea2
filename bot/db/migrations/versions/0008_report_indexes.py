"""indexes for the metrics report: periods, requesters, answer outcomes by conversation

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

The lead re-chains this after 0007 at merge; it only adds indexes, so its place in the chain
does not matter.
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_conversations_created_at", "conversations", ["created_at"]),
    ("ix_conversations_user_created_at", "conversations", ["user", "created_at"]),
    ("ix_article_outcomes_conversation_key", "article_outcomes", ["conversation_key"]),
    ("ix_tickets_created_at", "tickets", ["created_at"]),
    ("ix_tickets_requester_created_at", "tickets", ["requester", "created_at"]),
    ("ix_tickets_article_id", "tickets", ["article_id"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
