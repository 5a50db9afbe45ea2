"""The database: one SQLAlchemy engine (SQLite by default, PostgreSQL in production)."""

from bot.db.base import Base
from bot.db.engine import Database

__all__ = ["Base", "Database"]
