"""Alembic environment: runs against the engine handed over in config.attributes."""

from __future__ import annotations

from alembic import context

import bot.conversation_tables
import bot.inbox
import bot.known.tables
import bot.slack.tables
import bot.webhooks.tables  # noqa: F401
import handoff.tables  # noqa: F401
import knowledge.tables  # noqa: F401
from bot.db.base import Base

target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = context.config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
