"""Relais served for real (in this process, on a real port) against a fake Slack on loopback."""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from bot.app import Relais
from bot.config import Settings, load_settings
from bot.paths import CONFIG_DIR
from bot.slack.service import SlackService, bound_address
from knowledge.embedder import Embedder
from knowledge.transfer import import_path
from tests.conftest import PostgresTemplate
from tests.fake_slack import (
    APP_TOKEN,
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    FakeSocketMode,
    block_action,
    post_signed,
)

pytestmark = pytest.mark.slow

TRIAGE = "CTRIAGE"
AGENTS = {"UAGENT1": "Agent One", "UAGENT2": "Agent Two"}

# An incident no sample article covers: four employee messages from question to statement.
BADGE = [
    "The badge reader at the north entrance rejects my card since this morning",
    "only me, every time",
    "it worked until yesterday, colleagues get in fine",
    "I cannot get into the office, need to work on site today",
]


@dataclass
class Served:
    """A running `relais serve` and the fake Slack it talks to."""

    slack: FakeSlack
    service: SlackService
    url: str  # http://127.0.0.1:PORT (HTTP mode only)

    @property
    def events_url(self) -> str:
        return f"{self.url}/slack/events"

    def send(self, body: dict[str, Any], **kwargs: Any) -> int:
        status, _ = post_signed(self.events_url, body, **kwargs)
        return status

    def press(self, post: Any, value: str, user: str = "U1") -> int:
        status, _ = post_signed(self.events_url, block_action(post, value, user=user), form=True)
        return status

    def settle(self, timeout: float = 20.0) -> None:
        """Wait until every recorded event was handled and every queued reply was sent."""
        assert self.service.worker.drain(timeout)
        assert self.service.outbox.drain(timeout)


@dataclass
class Seeded:
    """A database holding the imported sample knowledge base, and its index files."""

    database: str  # the SQLite file, or the PostgreSQL database to use as a template
    index: Path


def seed(settings: Settings, kept: dict[str, Seeded], postgres: PostgresTemplate | None) -> None:
    """The sample knowledge base in this test's database, and its index on disk.

    The first test on each backend imports and indexes it (~2 s); later ones get a copy of
    that database and of its index files, as a replica would find them after `kb import`.
    """
    url = make_url(settings.effective_database_url())
    backend = url.get_backend_name()
    if backend in kept:
        if backend == "sqlite":
            _sqlite_copy(kept[backend].database, str(url.database))
        else:
            assert postgres is not None and url.database
            postgres.drop(url.database)
            postgres.create(url.database, template=kept[backend].database)
        shutil.copytree(kept[backend].index, settings.index_dir, dirs_exist_ok=True)
        return
    relais = Relais(settings)
    try:
        with relais.db.session() as session:
            import_path(session, CONFIG_DIR / "articles", max_bytes=200_000, by="seed")
        relais.search.load()
    finally:
        relais.close()
    folder = Path(tempfile.mkdtemp(prefix=f"relais-seeded-{backend}-"))
    shutil.copytree(settings.index_dir, folder / "index")
    if backend == "sqlite":
        _sqlite_copy(str(url.database), str(folder / "seeded.db"))
        kept[backend] = Seeded(str(folder / "seeded.db"), folder / "index")
    else:
        assert postgres is not None and url.database
        name = f"relais_seeded_{uuid.uuid4().hex[:10]}"
        postgres.create(name, template=url.database)
        kept[backend] = Seeded(name, folder / "index")


def _sqlite_copy(source: str, target: str) -> None:
    """Copy a SQLite database, its write-ahead log included, through SQLite's backup API."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


@pytest.fixture(scope="session")
def seeded_once() -> Iterator[dict[str, Seeded]]:
    """Per backend, the sample knowledge base as the first e2e test imported and indexed it."""
    kept: dict[str, Seeded] = {}
    yield kept
    for seeded in kept.values():
        shutil.rmtree(seeded.index.parent, ignore_errors=True)


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    slack = FakeSlack()
    slack.start()
    yield slack
    slack.stop()


@pytest.fixture
def slack_settings(
    settings: Settings,
    fake_slack: FakeSlack,
    monkeypatch: pytest.MonkeyPatch,
    embedder: Embedder,
    seeded_once: dict[str, Seeded],
    postgres_template: PostgresTemplate | None,
) -> Settings:
    """Settings for a served Relais: tokens, the fake's URL, quick recovery timings."""
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    monkeypatch.setenv("SLACK_API_URL", fake_slack.api_url)
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    monkeypatch.setenv("RELAIS_SLACK__HELP_CHANNELS", '["CHELP"]')
    monkeypatch.setenv("RELAIS_SLACK__REDELIVER_AFTER_S", "1")
    monkeypatch.setenv("RELAIS_SLACK__SWEEP_EVERY_S", "0.5")
    monkeypatch.setenv("RELAIS_SLACK__LEASE_S", "3")
    monkeypatch.setenv("RELAIS_SLACK__INBOX_LEASE_S", "3")
    monkeypatch.setenv("RELAIS_SLACK__DRAIN_GRACE_S", "5")
    monkeypatch.setenv("RELAIS_SLACK__CHANNEL_RATE_PER_S", "50")
    monkeypatch.setenv("RELAIS_SLACK__CHANNEL_BURST", "10")
    monkeypatch.setenv("RELAIS_HANDOFF__TRIAGE_CHANNEL", TRIAGE)
    monkeypatch.setenv("RELAIS_HANDOFF__AGENTS", json.dumps(sorted(AGENTS)))
    fake_slack.users.update(AGENTS)
    configured = load_settings()
    seed(configured, seeded_once, postgres_template)
    return configured


def wait_healthy(url: str, timeout: float = 60.0) -> None:
    deadline = threading.Event()
    for _ in range(int(timeout / 0.1)):
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        deadline.wait(0.1)
    raise AssertionError(f"{url}/healthz never answered 200")


def _run_until_closed(server: Any) -> None:
    """Serve until the test closes the server from its own thread; `relais serve` runs the
    loop in the thread that closes it, so only here can select() see the socket go away."""
    try:
        server.run()
    except OSError:
        listening = getattr(server, "socket", None)
        if listening is not None and listening.fileno() != -1:
            raise  # not our own close


@pytest.fixture
def serve_http(slack_settings: Settings, fake_slack: FakeSlack) -> Iterator[Callable[[], Served]]:
    """Start `relais serve` over HTTP in this process; stopped after the test."""
    started: list[tuple[Relais, SlackService]] = []

    def start() -> Served:
        relais = Relais(load_settings())
        service = SlackService(relais, socket_mode=False)
        server = service.http_server("127.0.0.1", 0)
        service.start()
        threading.Thread(target=_run_until_closed, args=(server,), daemon=True).start()
        host, port = bound_address(server)
        url = f"http://{host}:{port}"
        started.append((relais, service))
        wait_healthy(url)
        return Served(fake_slack, service, url)

    yield start
    for relais, service in started:
        service.close()
        relais.close()


@pytest.fixture
def served(serve_http: Callable[[], Served]) -> Served:
    return serve_http()


@pytest.fixture
def socket_served(
    slack_settings: Settings, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Served, FakeSocketMode]]:
    """`relais serve` in Socket Mode against the fake WebSocket endpoint."""
    socket_mode = FakeSocketMode()
    fake_slack.socket_url = socket_mode.start()
    monkeypatch.setenv("SLACK_APP_TOKEN", APP_TOKEN)
    monkeypatch.delenv("SLACK_SIGNING_SECRET")
    relais = Relais(load_settings())
    service = SlackService(relais)
    assert service.socket_mode
    service.start()
    service.ready.wait(60)
    socket_mode.wait_connections(1)
    yield Served(fake_slack, service, ""), socket_mode
    service.close()
    relais.close()
    socket_mode.stop()
