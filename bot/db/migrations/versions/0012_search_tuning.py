"""search tuning: fine-tuned models stored by hash, the model in service, per-KB calibrations

Revision ID: 0010_tuning
Revises: 0010_itsm
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_tuning"
down_revision = "0010_itsm"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_models",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("sha256", sa.String(length=64), nullable=False, unique=True),
        sa.Column("base_model", sa.String(length=500), nullable=False),
        sa.Column("archive", sa.LargeBinary(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("pairs", sa.Integer(), nullable=False),
        sa.Column("steps", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("watermark", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    state = op.create_table(
        "search_state",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("active_model_sha", sa.String(length=64), nullable=True),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("lease_by", sa.String(length=128), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
    )
    op.bulk_insert(state, [{"id": 1, "active_model_sha": None, "generation": 0}])
    op.create_table(
        "search_calibrations",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("model_key", sa.String(length=600), nullable=False),
        sa.Column("thresholds", sa.JSON(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("watermark", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_search_calibrations_model_key", "search_calibrations", ["model_key"])


def downgrade() -> None:
    op.drop_index("ix_search_calibrations_model_key", table_name="search_calibrations")
    op.drop_table("search_calibrations")
    op.drop_table("search_state")
    op.drop_table("search_models")
