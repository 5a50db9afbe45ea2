"""PostgreSQL never waits forever: a lock held elsewhere fails the waiter within lock_timeout."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from bot.conversation_tables import ConversationRow
from bot.db import Database
from bot.db.engine import LOCK_TIMEOUT_MS, STATEMENT_TIMEOUT_MS


def test_a_row_lock_held_by_a_stuck_process_fails_the_waiter_instead_of_hanging(
    db: Database,
) -> None:
    if db.is_sqlite:
        pytest.skip("SQLite has busy_timeout (10 s) and no row locks")
    with db.engine.connect() as connection:
        shown = connection.execute(
            text("SELECT setting FROM pg_settings WHERE name = 'statement_timeout'")
        ).scalar()
        assert shown == str(STATEMENT_TIMEOUT_MS)
    with db.session() as session:
        session.add(ConversationRow(key="k", user="U1", channel="D1"))
    stuck = db.engine.connect()
    holder = stuck.begin()
    stuck.execute(text("SELECT id FROM conversations WHERE key = 'k' FOR UPDATE"))
    try:
        started = time.monotonic()
        with pytest.raises(OperationalError, match="lock timeout"), db.session() as session:
            session.execute(text("SELECT id FROM conversations WHERE key = 'k' FOR UPDATE"))
        waited = time.monotonic() - started
        assert LOCK_TIMEOUT_MS / 1000 * 0.9 <= waited < LOCK_TIMEOUT_MS / 1000 + 5
    finally:
        holder.rollback()
        stuck.close()
