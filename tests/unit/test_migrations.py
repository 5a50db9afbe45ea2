"""Alembic from an empty database to head, on both backends.

Other tests get a copy of a database migrated once per session (see tests/conftest.py), so
this is where the migrations themselves run from nothing on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

import bot.conversation_tables
import bot.inbox
import bot.known.tables
import bot.slack.tables
import bot.webhooks.tables  # noqa: F401
import handoff.tables  # noqa: F401
import knowledge.tables  # noqa: F401  # every table on Base.metadata, as migrations/env.py
from bot.db import Database
from bot.db.base import Base
from tests.conftest import PostgresTemplate


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_an_empty_database_migrates_to_head_with_every_table_and_column(
    backend: str, tmp_path: Path, postgres_template: PostgresTemplate | None
) -> None:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'empty.db'}"
    else:
        if postgres_template is None:
            pytest.skip("PostgreSQL unavailable")
        url = postgres_template.empty()
    db = Database(url)
    try:
        assert db.current_revision() is None
        db.upgrade()
        assert db.current_revision() == db.head_revision() is not None
        found = inspect(db.engine)
        assert set(found.get_table_names()) == set(Base.metadata.tables) | {"alembic_version"}
        for name, table in Base.metadata.tables.items():
            assert {c["name"] for c in found.get_columns(name)} == set(table.columns.keys()), name
        db.upgrade()  # again: nothing to do
        assert db.current_revision() == db.head_revision()
    finally:
        db.dispose()
