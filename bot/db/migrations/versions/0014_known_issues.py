"""known issues: trend contacts and clusters, known issues and their subscribers

Revision ID: 0014_known_issues
Revises: 0013_answer_model
Create Date: 2026-12-02
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0014_known_issues"
down_revision = "0013_answer_model"
branch_labels = None
depends_on = None


def _at(name: str, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "trend_clusters",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("alerted_size", sa.Integer(), nullable=False),
        sa.Column("alert_channel", sa.String(length=128), nullable=True),
        sa.Column("alert_ts", sa.String(length=32), nullable=True),
        _at("first_at"),
        _at("last_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trend_clusters")),
    )
    op.create_index("ix_trend_clusters_team_last_at", "trend_clusters", ["team", "last_at"])
    op.create_table(
        "trend_contacts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("team", sa.String(length=128), nullable=False),
        sa.Column("site", sa.String(length=200), nullable=False),
        _at("at"),
        sa.Column("vector", sa.JSON(), nullable=True),
        sa.Column("cluster_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_trend_contacts_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["trend_clusters.id"],
            name=op.f("fk_trend_contacts_cluster_id_trend_clusters"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trend_contacts")),
        sa.UniqueConstraint("conversation_id", name=op.f("uq_trend_contacts_conversation_id")),
    )
    op.create_index("ix_trend_contacts_at", "trend_contacts", ["at"])
    op.create_index(op.f("ix_trend_contacts_cluster_id"), "trend_contacts", ["cluster_id"])
    op.create_table(
        "known_issues",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("texts", sa.JSON(), nullable=False),
        sa.Column("owner", sa.String(length=128), nullable=False),
        sa.Column("team", sa.String(length=128), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=True),
        sa.Column("ticket_ref", sa.String(length=32), nullable=True),
        sa.Column("phrasings", sa.JSON(), nullable=False),
        sa.Column("vectors", sa.JSON(), nullable=False),
        _at("next_update_at", nullable=True),
        _at("reminded_at", nullable=True),
        sa.Column("updates", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status_channel", sa.String(length=128), nullable=True),
        sa.Column("status_ts", sa.String(length=32), nullable=True),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("resolution", sa.Text(), nullable=False),
        sa.Column("article_id", sa.String(length=128), nullable=True),
        _at("starts_at", nullable=True),
        _at("ends_at", nullable=True),
        _at("created_at"),
        _at("resolved_at", nullable=True),
        sa.Column("resolved_by", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["trend_clusters.id"],
            name=op.f("fk_known_issues_cluster_id_trend_clusters"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_known_issues")),
        sa.UniqueConstraint("cluster_id", name=op.f("uq_known_issues_cluster_id")),
    )
    op.create_index("ix_known_issues_status", "known_issues", ["status"])
    op.create_table(
        "known_issue_subscriptions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("known_issue_id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("how", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("wants_fix_notice", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("confirmed_fixed", sa.Boolean(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        _at("created_at"),
        sa.ForeignKeyConstraint(
            ["known_issue_id"],
            ["known_issues.id"],
            name=op.f("fk_known_issue_subscriptions_known_issue_id_known_issues"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_known_issue_subscriptions_conversation_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_known_issue_subscriptions")),
        sa.UniqueConstraint(
            "known_issue_id",
            "conversation_id",
            name=op.f("uq_known_issue_subscriptions_known_issue_id"),
        ),
    )
    op.create_index(
        op.f("ix_known_issue_subscriptions_known_issue_id"),
        "known_issue_subscriptions",
        ["known_issue_id"],
    )
    op.create_index(
        op.f("ix_known_issue_subscriptions_conversation_id"),
        "known_issue_subscriptions",
        ["conversation_id"],
    )


def downgrade() -> None:
    op.drop_table("known_issue_subscriptions")
    op.drop_table("known_issues")
    op.drop_table("trend_contacts")
    op.drop_table("trend_clusters")
