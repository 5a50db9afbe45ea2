"""Engine and sessions for one database URL, and schema upgrades through Alembic."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# PostgreSQL never makes Relais wait forever: a connection attempt, a statement, a lock wait and
# a transaction left idle all give up (the caller retries or reports), so one stuck replica or
# a slow query cannot hold conversations and tickets hostage.
CONNECT_TIMEOUT_S = 10
STATEMENT_TIMEOUT_MS = 60_000
LOCK_TIMEOUT_MS = 10_000
IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000
POSTGRES_LIMITS: dict[str, Any] = {
    "connect_timeout": CONNECT_TIMEOUT_S,
    "options": (
        f"-c statement_timeout={STATEMENT_TIMEOUT_MS} -c lock_timeout={LOCK_TIMEOUT_MS} "
        f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_TIMEOUT_MS}"
    ),
}


class DatabaseError(RuntimeError):
    """The database cannot be used; the message is safe to print (no password)."""


def safe_url(url: str) -> str:
    """The URL with any password masked, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable database URL>"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class Database:
    """One database: an engine, a session factory and its Alembic schema."""

    def __init__(self, url: str) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise DatabaseError("RELAIS_DATABASE_URL is not a valid SQLAlchemy URL") from None
        self.url = url
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        if self.is_sqlite and parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        kwargs: dict[str, Any] = {"future": True}
        if parsed.get_backend_name() == "postgresql":
            kwargs.update(pool_pre_ping=True, connect_args=POSTGRES_LIMITS)
        elif not self.is_sqlite:
            kwargs.update(pool_pre_ping=True)
        try:
            self.engine: Engine = create_engine(url, **kwargs)
        except Exception as exc:  # missing driver etc.; never echo the URL with its password
            raise DatabaseError(f"cannot open {safe_url(url)}: {type(exc).__name__}") from None
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        from bot.webhooks.emit import install  # every change writes its webhook event

        install(self._sessions)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed on success, rolled back on error."""
        with self._sessions() as session, session.begin():
            yield session

    def alembic_config(self) -> Config:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["engine"] = self.engine
        return config

    def current_revision(self) -> str | None:
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def head_revision(self) -> str | None:
        return ScriptDirectory.from_config(self.alembic_config()).get_current_head()

    def upgrade(self) -> None:
        """Bring the schema to the newest migration (no-op when already there)."""
        try:
            if self.current_revision() == self.head_revision():
                return
            command.upgrade(self.alembic_config(), "head")
        except DatabaseError:
            raise
        except Exception as exc:
            raise DatabaseError(
                f"cannot migrate {safe_url(self.url)}: {type(exc).__name__}: "
                f"{str(exc).splitlines()[0] if str(exc) else ''}"
            ) from None

    def dispose(self) -> None:
        self.engine.dispose()
