"""Shared fixtures: a fresh database per test on SQLite and PostgreSQL, and the offline model."""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import numpy as np
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot.config import Settings, load_settings
from bot.db import Database
from bot.paths import CONFIG_DIR
from knowledge import embedder as embedder_module
from knowledge.embedder import Embedder, Vectors, shared_embedder
from knowledge.search import KnowledgeSearch
from knowledge.transfer import import_path

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_ARTICLES = FIXTURES / "articles"
POSTGRES_URL = os.environ.get(
    "RELAIS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _postgres_unavailable() -> str | None:
    """Why PostgreSQL tests cannot run here, or None when they can."""
    try:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
    except OperationalError as exc:
        where = make_url(POSTGRES_URL).render_as_string(hide_password=True)
        first = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        return f"PostgreSQL not reachable at {where} ({first}); set RELAIS_TEST_POSTGRES_URL"
    except ModuleNotFoundError as exc:
        return f"PostgreSQL driver missing: {exc}"
    return None


class PostgresTemplate:
    """A migrated template database; each test gets a fast copy of it."""

    def __init__(self) -> None:
        self.admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        self.template = f"relais_tpl_{uuid.uuid4().hex[:10]}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{self.template}"'))
        db = Database(self.url_for(self.template))
        db.upgrade()
        db.dispose()
        self.created: list[str] = [self.template]

    def url_for(self, name: str) -> str:
        return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)

    def empty(self) -> str:
        """A new database with no schema at all (dropped at the end of the session)."""
        name = f"relais_e_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        return self.url_for(name)

    def fresh(self) -> str:
        name = f"relais_t_{uuid.uuid4().hex[:12]}"
        self.create(name)
        return self.url_for(name)

    def create(self, name: str, *, template: str | None = None) -> None:
        """A copy of `template` (the migrated template by default), dropped at the end."""
        with self.admin.connect() as connection:
            connection.execute(
                text(f'CREATE DATABASE "{name}" TEMPLATE "{template or self.template}"')
            )
        if name not in self.created:
            self.created.append(name)

    def drop(self, name_or_url: str) -> None:
        name = make_url(name_or_url).database if "://" in name_or_url else name_or_url
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        for name in self.created:
            self.drop(name)
        self.admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database migrated once per session and copied for each test: Alembic from
    empty takes ~0.4 s a test otherwise. test_migrations.py migrates from empty on both."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    db.dispose()
    assert not path.with_name("template.db-wal").exists()  # all of it is in the one file
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[PostgresTemplate | None]:
    if _postgres_unavailable() is not None:
        yield None
        return
    template = PostgresTemplate()
    yield template
    template.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, postgres_template: PostgresTemplate | None
) -> Iterator[str]:
    """A fresh, migrated database on each backend (a copy of a template migrated once)."""
    if request.param == "sqlite":
        path = tmp_path / "relais.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    if postgres_template is None:
        pytest.skip(_postgres_unavailable() or "PostgreSQL unavailable")
    url = postgres_template.fresh()
    yield url
    postgres_template.drop(url)


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    database.upgrade()
    yield database
    database.dispose()


@pytest.fixture
def settings(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings pointing at this test's home and database, also exported for CLI runs."""
    home = tmp_path / "home"
    monkeypatch.setenv("RELAIS_HOME", str(home))
    monkeypatch.setenv("RELAIS_DATABASE_URL", database_url)
    return load_settings()


class RememberingEmbedder(Embedder):
    """A loaded model that remembers each text's vector for the rest of the session.

    Most slow tests embed the same sample knowledge base (269 passages, 5-10 s on 2 cores) in
    a fresh database; with this, the session embeds it once. Texts not seen before go through
    the real `Embedder.encode`, and progress is reported in the same chunks. A text's vector
    does not depend on the batch it is encoded in (beyond float rounding), so only the time
    changes; test_embedder_and_logs.py tests `Embedder` itself, unwrapped.
    """

    def __init__(self, loaded: Embedder) -> None:  # no super().__init__: the model is loaded
        self.name, self.batch_size, self.dim = loaded.name, loaded.batch_size, loaded.dim
        self._model = loaded._model
        self._vectors: dict[str, Vectors] = {}
        self._vectors_lock = threading.Lock()

    def encode(
        self, texts: Sequence[str], *, progress: Callable[[int], None] | None = None
    ) -> Vectors:
        with self._vectors_lock:
            new = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if new:
            fresh = super().encode(new)
            with self._vectors_lock:
                self._vectors.update(zip(new, fresh, strict=True))
        with self._vectors_lock:
            out = np.array([self._vectors[t] for t in texts], dtype=np.float32)
        out = out.reshape(len(texts), self.dim)
        if progress is not None:
            chunk = self.batch_size * 16
            for start in range(0, len(texts), chunk):
                progress(len(texts[start : start + chunk]))
        return out


class _RememberingShared(dict[str, Embedder]):
    """`shared_embedder`'s registry: every model loaded in this session remembers vectors."""

    def __setitem__(self, key: str, value: Embedder) -> None:
        if not isinstance(value, RememberingEmbedder):
            value = RememberingEmbedder(value)
        super().__setitem__(key, value)


embedder_module._shared = _RememberingShared(embedder_module._shared)


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return shared_embedder("all-MiniLM-L6-v2")


@pytest.fixture
def sample_search(db: Database, embedder: Embedder, tmp_path: Path) -> KnowledgeSearch:
    """The bundled sample knowledge base, imported and searched with the shipped settings."""
    with db.session() as session:
        import_path(session, CONFIG_DIR / "articles", max_bytes=200_000, by="t")
    return KnowledgeSearch(db, load_settings().search, tmp_path / "index", embedder=embedder)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Drop the PostgreSQL run of tests marked sqlite_only: the real-model conversations check
    what the model answers, and the same flows run on both databases in the fast suite."""
    items[:] = [
        item
        for item in items
        if not (
            item.get_closest_marker("sqlite_only")
            and getattr(getattr(item, "callspec", None), "params", {}).get("database_url")
            == "postgresql"
        )
    ]
