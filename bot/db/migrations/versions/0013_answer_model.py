"""answer model: the learned "this answer is right" model stored with each calibration

Revision ID: 0013_answer_model
Revises: 0010_tuning
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_answer_model"
down_revision = "0010_tuning"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Null: a calibration with plain thresholds only (older rows, tiny knowledge bases).
    with op.batch_alter_table("search_calibrations") as batch:
        batch.add_column(sa.Column("answer_model", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("search_calibrations") as batch:
        batch.drop_column("answer_model")
